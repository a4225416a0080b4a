/** `/api/filters[/{id}]`: a group's filters on a stream, with their conditions. */
import { ApiError, badRequest, forbidden, inputs, z, type PluginRouter } from '@skyportal/sdk';
import { conditionsSchema } from '../conditions.js';
import type { Filter } from '../types.js';
import { administersFilter, listFilters, readFilter } from './filter-store.js';
import { checkFilterPlacement } from './streams.js';

const tags = ['filters'];
const idParams = z.object({ filter_id: inputs.dbId });
const altdata = inputs.jsonObject(65_536).nullable().optional().describe('Free JSON about the filter (a broker’s ids, ...)');

const filterBody = z.object({
  name: inputs.name(200),
  stream_id: inputs.dbId,
  group_id: inputs.dbId,
  altdata,
  conditions: conditionsSchema.optional().describe('Conditions on alert packet fields; null or absent: every alert passes'),
  autosave: z.boolean().optional(),
});

const filterChanges = z.object({
  name: inputs.name(200).optional(),
  altdata,
  // SkyPortal accepts these only when they are unchanged.
  group_id: z.number().int().optional(),
  stream_id: z.number().int().optional(),
  conditions: conditionsSchema.optional(),
  autosave: z.boolean().optional(),
});

/** SkyPortal's answer for a filter the caller cannot see (or that does not exist); its clients look for it. */
const cannotFind = (id: number) => badRequest(`Cannot find a filter with ID: ${id}.`);

const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export function filterRoutes(router: PluginRouter): void {
  router.get('/api/filters', { access: 'authenticated', tags, summary: "Your groups' filters" }, ({ user, db }): Promise<Filter[]> => listFilters(db, user));

  router.get(
    '/api/filters/:filter_id',
    { access: 'authenticated', tags, summary: "One of your groups' filters", params: idParams },
    async ({ user, db, params }): Promise<Filter> => {
      const filter = await readFilter(db, user, params.filter_id);
      if (!filter) throw cannotFind(params.filter_id);
      return filter;
    },
  );

  router.post(
    '/api/filters',
    {
      access: { acl: 'Upload data' },
      tags,
      summary: 'Create a filter of one of your groups on one of its streams',
      body: filterBody,
      response: z.object({ id: z.number() }),
    },
    async ({ user, db, body }) => {
      await checkFilterPlacement(db, user, body.group_id, body.stream_id);
      const [row] = await db('filters')
        .insert({
          name: body.name,
          stream_id: body.stream_id,
          group_id: body.group_id,
          altdata: jsonOrNull(body.altdata),
          conditions: jsonOrNull(body.conditions),
          autosave: body.autosave ?? false,
        })
        .returning('id');
      return { id: row.id as number };
    },
  );

  router.patch(
    '/api/filters/:filter_id',
    {
      access: { acl: 'Upload data' },
      tags,
      summary: "Rename a filter, change its altdata, conditions or autosave (its group's admins)",
      params: idParams,
      body: filterChanges,
    },
    async ({ user, db, params, body }) => {
      const filter = await readFilter(db, user, params.filter_id);
      if (!filter) throw cannotFind(params.filter_id);
      if (!administersFilter(user, filter)) {
        throw new ApiError(403, 'Insufficient permissions: must be a group admin or system admin to modify a filter.');
      }
      if ((body.group_id !== undefined && body.group_id !== filter.group_id) || (body.stream_id !== undefined && body.stream_id !== filter.stream_id)) {
        throw badRequest('Cannot update group_id or stream_id.');
      }
      const changes: Record<string, unknown> = {};
      if (body.name !== undefined) changes.name = body.name;
      if (body.altdata !== undefined) changes.altdata = jsonOrNull(body.altdata);
      if (body.conditions !== undefined) changes.conditions = jsonOrNull(body.conditions);
      if (body.autosave !== undefined) changes.autosave = body.autosave;
      if (Object.keys(changes).length)
        await db('filters')
          .where({ id: filter.id })
          .update({ ...changes, modified: db.fn.now() });
      return {};
    },
  );

  router.delete(
    '/api/filters/:filter_id',
    { access: { acl: 'Upload data' }, tags, summary: 'Delete a filter and its candidates (its group’s admins)', params: idParams },
    async ({ user, db, params }) => {
      const filter = await readFilter(db, user, params.filter_id);
      if (!filter) throw cannotFind(params.filter_id);
      if (!administersFilter(user, filter)) throw forbidden('Insufficient permissions: must be a group admin or system admin to delete a filter.');
      await db('filters').where({ id: filter.id }).delete();
      return {};
    },
  );
}
