import { badRequest, beyondCallerGroups, forbidden, inputs, notFound, pageQuery, scopeToGroups, z, type PluginRouter } from '@skyportal/sdk';
import type { SourceList } from '../types.js';
import { coneCondition } from './cone.js';
import { groupsOf, readSource, visibleSavings } from './store.js';
import type { SourceEvents } from './events.js';
import { saveSourceBody, sourceChanges, sourceId, sourceListFilters } from './inputs.js';

const objId = z.object({ id: sourceId });
const listQuery = pageQuery.extend(sourceListFilters);

export function sourceRoutes(router: PluginRouter, events: SourceEvents): void {
  router.post(
    '/api/sources',
    {
      access: { acl: 'Upload data' },
      summary: 'Save an obj (created if new) to groups',
      description:
        'Without group_ids the source goes to every group of the caller that allows saving, except single-user groups ' +
        '(their single-user group if they have no other). Saving an existing obj to more groups adds those groups.',
      tags: ['sources'],
      bodyLimit: '1mb',
      body: saveSourceBody,
      response: z.object({ id: z.string() }),
    },
    async ({ user, body }) => {
      const saved = await events.save(user, body);
      return { id: saved.id };
    },
  );

  router.get(
    '/api/sources/:id',
    { access: 'authenticated', summary: 'A source saved to one of your groups (404 otherwise)', tags: ['sources'], params: objId },
    async ({ user, params, db }) => {
      const source = await readSource(db, user, params.id);
      if (!source) throw notFound(`Source ${params.id}`);
      return source;
    },
  );

  router.get(
    '/api/sources',
    {
      access: 'authenticated',
      summary: 'Sources saved to your groups: paged, sorted, filtered (cone search with ra, dec, radius in degrees)',
      tags: ['sources'],
      query: listQuery,
    },
    async ({ user, query, db }): Promise<SourceList> => {
      const cone = [query.ra, query.dec, query.radius];
      if (cone.some((v) => v !== undefined) && cone.some((v) => v === undefined)) {
        throw badRequest('ra, dec, radius: a cone search needs all three');
      }
      const { startDate: start, endDate: end } = query;

      // Driven from the caller's savings (one pass, grouped per obj); a cone or an id filter first
      // narrows the objs through their own index, so a cone reads a handful of rows.
      const savings = scopeToGroups(db('sources as s').select('s.obj_id').min('s.saved_at as saved_at').groupBy('s.obj_id'), user, {
        groupColumn: 's.group_id',
      });
      if (query.group_ids?.length) savings.whereIn('s.group_id', query.group_ids);
      if (start) savings.where('s.saved_at', '>=', start);
      if (end) savings.where('s.saved_at', '<=', end);
      if (query.sourceID !== undefined || query.radius !== undefined) {
        const objs = db('objs as c').select('c.id');
        if (query.sourceID) objs.whereILike('c.id', `%${query.sourceID.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        if (query.radius !== undefined) {
          const { sql, bindings } = coneCondition({ ra: query.ra!, dec: query.dec!, radius: query.radius }, 'c');
          objs.whereRaw(sql, bindings as never[]);
        }
        savings.whereIn('s.obj_id', objs);
      }

      const list = db
        .from(savings.as('v'))
        .join('objs as o', 'o.id', 'v.obj_id')
        .select('o.id', 'o.ra', 'o.dec', 'o.redshift', 'o.created_at', 'v.saved_at')
        .select(db.raw('count(*) OVER () AS total_matches'));
      const direction = query.sortOrder;
      const order = query.sortBy === 'saved_at' ? '"v"."saved_at"' : `"o"."${query.sortBy}"`;
      list.orderByRaw(`${order} ${direction} NULLS LAST, "o"."id" ${direction}`);
      list.limit(query.numPerPage).offset((query.pageNumber - 1) * query.numPerPage);

      const rows: Record<string, unknown>[] = await list;
      let totalMatches = rows.length ? Number(rows[0]!.total_matches) : 0;
      if (!rows.length && query.pageNumber > 1) {
        // Past the last page: count on its own.
        const counted = await list.clone().clearSelect().clearOrder().offset(0).limit(1).select(db.raw('count(*) OVER () AS n'));
        totalMatches = counted.length ? Number(counted[0].n) : 0;
      }
      const groups = await groupsOf(
        db,
        user,
        rows.map((row) => row.id as string),
      );
      const sources = rows.map(({ total_matches: _total, ...row }) => ({
        ...(row as { id: string; ra: number; dec: number; redshift: number | null; created_at: string; saved_at: string | null }),
        groups: groups.get(row.id as string) ?? [],
      }));
      return { sources, totalMatches, pageNumber: query.pageNumber, numPerPage: query.numPerPage };
    },
  );

  router.patch(
    '/api/sources/:id',
    {
      access: { acl: 'Manage sources' },
      summary: "Change a source's position or redshift (only where every group it is saved to is yours)",
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
      if (body.ra !== undefined) changes.ra = body.ra;
      if (body.dec !== undefined) changes.dec = body.dec;
      if (body.redshift !== undefined) changes.redshift = body.redshift;
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
