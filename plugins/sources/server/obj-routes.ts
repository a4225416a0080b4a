/**
 * Routes about objs as such, beside the sources list and page (source-routes.ts): the groups an obj
 * is saved to, whether a source exists (by id or position), and deleting an obj. Paths, parameters
 * and answers as SkyPortal has them; what the caller may not see answers as what does not exist.
 */
import {
  badRequest,
  beyondCallerGroups,
  compat,
  forbidden,
  inputs,
  notFound,
  scopeToGroups,
  z,
  type HookOf,
  type Knex,
  type PluginRouter,
  type Principal,
} from '@skyportal/sdk';
import type { sourcesHooks } from '../types.js';
import { coneCondition } from './cone.js';
import { groupsOf, visibleSourceIds } from './store.js';
import { sourceId } from './inputs.js';

const objId = z.object({ id: sourceId });

const position = z.object({
  ra: inputs.finiteFromText(inputs.RA, 'Cone centre, degrees, within [0, 360)').optional(),
  dec: inputs.finiteFromText(inputs.DEC, 'Cone centre, degrees, within [-90, 90]').optional(),
  radius: inputs.finiteFromText({ gt: 0, max: 180 }, 'Cone radius, degrees, within (0, 180]').optional(),
});
type Position = z.output<typeof position>;

/** Ids of the sources the caller may see within the cone, if one is given whole. */
async function visibleSourcesIn(db: Knex, user: Principal, cone: Required<Position>): Promise<string[]> {
  const { sql, bindings } = coneCondition(cone, 'c');
  const query = db('sources as s')
    .join('objs as c', 'c.id', 's.obj_id')
    .whereRaw(sql, bindings as never[])
    .distinct('s.obj_id')
    .orderBy('s.obj_id');
  const rows: { obj_id: string }[] = await scopeToGroups(query, user, { groupColumn: 's.group_id' });
  return rows.map((row) => row.obj_id);
}

/** SkyPortal's answer to "does this source exist?", for the sources the caller may see. */
async function sourceExists(db: Knex, user: Principal, id: string | undefined, query: Position) {
  const cone = query.ra !== undefined && query.dec !== undefined && query.radius !== undefined ? (query as Required<Position>) : undefined;
  if (!id && !cone) throw badRequest('obj_id, ra, dec, radius: provide an obj_id, or ra, dec and radius (degrees) for a cone');
  if (id) {
    // Only sources the caller sees: one hidden from them exists for them no more than a missing one.
    if ((await visibleSourceIds(db, user, [id])).has(id)) return { source_exists: true, message: `A source with the name ${id} already exists.` };
    if (!cone) return { source_exists: false, message: `No sources exist with the name ${id}.` };
  }
  const names = await visibleSourcesIn(db, user, cone!);
  if (names.length === 1) return { source_exists: true, message: `A source at that location already exists: ${names[0]}.` };
  if (names.length > 1) return { source_exists: true, message: `Sources at that location already exist: ${names.join(',')}.` };
  return { source_exists: false, message: `No sources exist at this location${id ? ` or with the name ${id}` : ''}.` };
}

export function objRoutes(router: PluginRouter, deps: { objDeleting: HookOf<typeof sourcesHooks.objDeleting> }): void {
  router.get(
    '/api/sources/:id/groups',
    { access: 'authenticated', summary: 'The groups (of yours) a source is saved to', tags: ['sources'], params: objId },
    async ({ user, params, db }) => {
      const groups = (await groupsOf(db, user, [params.id])).get(params.id);
      if (!groups?.length) throw notFound(`Source ${params.id}`);
      return groups;
    },
  );

  const exists = {
    access: 'authenticated',
    summary: 'Whether a source you may see exists: by id, or within ra, dec, radius (degrees); an id that misses falls back to the cone',
    tags: ['sources'],
    query: position,
  } as const;
  router.get('/api/source_exists', { ...exists, tags: ['sources'] }, ({ user, query, db }) => sourceExists(db, user, undefined, query));
  router.get('/api/source_exists/:id', { ...exists, tags: ['sources'], params: objId }, ({ user, params, query, db }) =>
    sourceExists(db, user, params.id, query),
  );

  router.delete(
    '/api/objs/:id',
    {
      access: { acl: 'Manage sources' },
      summary: 'Delete an obj that nothing refers to any more (its sources go with it)',
      description:
        'Only where every group the obj is saved to is one of yours (any obj, for system admins), and once no plugin holds data ' +
        'about it (photometry, ...): each answers 400 naming what to remove first. 400 for an obj you cannot see, as SkyPortal.',
      tags: ['sources'],
      params: objId,
    },
    async ({ user, params, db }) => {
      const missing = compat.cannotFind(`object with ID ${params.id}.`);
      await db.transaction(async (trx) => {
        // Saving the obj to another group meanwhile waits for this (saveSource locks the row too).
        if (!(await trx('objs').where({ id: params.id }).forUpdate().first('id'))) throw missing;
        if (!user.isSystemAdmin) {
          if (!(await visibleSourceIds(trx, user, [params.id])).has(params.id)) throw missing;
          if (await beyondCallerGroups(trx('sources as s').where('s.obj_id', params.id), user, 's.group_id').first('s.id')) {
            throw forbidden(`Object ${params.id} is also saved to groups you are not in: only someone in all of them (or a system admin) may delete it`);
          }
        }
        await deps.objDeleting.promise({ objId: params.id, trx });
        await trx('objs').where({ id: params.id }).delete();
      });
      return {};
    },
  );
}
