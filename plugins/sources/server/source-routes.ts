import { beyondCallerGroups, forbidden, inputs, notFound, scopeToGroups, z, type PluginRouter } from '@skyportal/sdk';
import type { RawQuery, Source, SourceList, SourceSaving } from '../types.js';
import { duplicatesOf, readSource, visibleSavings } from './store.js';
import type { SourceEvents } from './events.js';
import { saveSourceBody, sourceChanges, sourceId, sourceListQuery } from './inputs.js';
import { appendedHistory, redshiftEntry } from './redshift-history.js';
import { listSources, type SourceExtensions } from './list.js';

const objId = z.object({ id: sourceId });

export function sourceRoutes(router: PluginRouter, events: SourceEvents, extensions: SourceExtensions): void {
  router.post(
    '/api/sources',
    {
      access: { acl: 'Upload data' },
      summary: 'Save an obj (created if new) to groups',
      description:
        'Without group_ids the source goes to every group of the caller that allows saving, except single-user groups ' +
        '(their single-user group if they have no other). Saving an existing obj to more groups adds those groups. ' +
        'System admins may save to a group as another member of it (saver_per_group_id).',
      tags: ['sources'],
      bodyLimit: '1mb',
      body: saveSourceBody,
      response: z.object({ id: z.string(), saved_to_groups: z.array(z.number()), warnings: z.array(z.string()).optional() }),
    },
    async ({ user, body }) => {
      const saved = await events.save(user, body);
      return { id: saved.id, saved_to_groups: saved.savedToGroups, ...(saved.warnings.length ? { warnings: saved.warnings } : {}) };
    },
  );

  router.get(
    '/api/sources/:id',
    {
      access: 'authenticated',
      summary: 'A source saved to one of your groups (404 otherwise)',
      description: 'With `duplicates`: the other sources you can see within 4 arcsec. Other plugins add fields on request (includePhotometry, ...).',
      tags: ['sources'],
      params: objId,
    },
    async ({ user, params, db, ctx }) => {
      const source = await readSource(db, user, params.id);
      if (!source) throw notFound(`Source ${params.id}`);
      const answer = { ...source, duplicates: await duplicatesOf(db, user, source) };
      await extensions.serialize.promise({ user, view: 'single', sources: [answer], query: ctx.query as RawQuery, db });
      return answer;
    },
  );

  router.get(
    '/api/sources',
    {
      access: 'authenticated',
      summary: 'Sources saved to your groups: paged, sorted, filtered (cone search with ra, dec, radius in degrees)',
      description: 'Other plugins add filters (photometry: startDate, endDate, magnitudes) and fields on request.',
      tags: ['sources'],
      query: sourceListQuery,
    },
    ({ user, query, db, ctx }): Promise<SourceList<Source | SourceSaving>> => listSources({ db, user, query, raw: ctx.query as RawQuery, extensions }),
  );

  router.patch(
    '/api/sources/:id',
    {
      access: { acl: 'Manage sources' },
      summary: "Change a source's position, redshift or other fields (only where every group it is saved to is yours)",
      tags: ['sources'],
      params: objId,
      body: sourceChanges,
    },
    async ({ user, params, body, db }) => {
      const visible = await db('objs as o')
        .where('o.id', params.id)
        .whereExists(visibleSavings(db, user, 'o.id').select(db.raw('1')))
        .first('o.id');
      if (!visible) throw notFound(`Source ${params.id}`);
      // Saving an obj to one's own group grants no say over what other groups see of it.
      if (await beyondCallerGroups(db('sources as s').where('s.obj_id', params.id), user, 's.group_id').first('s.id')) {
        throw forbidden(`Source ${params.id} is also saved to groups you are not in: only someone in all of them (or a system admin) may change it`);
      }
      const changes: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(body)) if (value !== undefined) changes[field] = value;
      // pg would send a JSON array as a PostgreSQL array: altdata goes as JSON text.
      if (changes.altdata !== undefined && changes.altdata !== null) changes.altdata = JSON.stringify(changes.altdata);
      const entry = redshiftEntry(body, user.id);
      if (entry) changes.redshift_history = appendedHistory(db, entry);
      if (Object.keys(changes).length)
        await db('objs')
          .where({ id: params.id })
          .update({ ...changes, modified: db.fn.now() });
      return { id: params.id };
    },
  );

  router.delete(
    '/api/sources/:id',
    {
      access: { acl: 'Manage sources' },
      summary: 'Unsave a source from a group (group_id), or from all of your groups',
      tags: ['sources'],
      params: objId,
      query: z.object({ group_id: inputs.dbId.optional() }),
    },
    async ({ user, params, query, db }) => {
      const rows = scopeToGroups(db('sources as s').where('s.obj_id', params.id), user, { groupColumn: 's.group_id' });
      if (query.group_id !== undefined) rows.where('s.group_id', query.group_id);
      const removed: { group_id: number }[] = await db('sources').whereIn('id', rows.select('s.id')).delete().returning('group_id');
      if (!removed.length) throw notFound(`Source ${params.id}${query.group_id !== undefined ? ` in group ${query.group_id}` : ''}`);
      return { id: params.id, group_ids: removed.map((r) => r.group_id) };
    },
  );
}
