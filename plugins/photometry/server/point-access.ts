/** Who may read and who may change one point: the one place routes on a single point ask. */
import { beyondCallerGroups, forbidden, groupSummaries, hasAcl, type Knex, type Principal } from '@skyportal/sdk';
import { pointNotFound } from './compat.js';
import type { VisiblePoint } from '../types.js';
import { scopeToVisiblePoints, visiblePoints, type StoredPoint } from './serialize.js';

/** A point the caller may see, or SkyPortal's 400 (the same for a point that does not exist). */
export async function visiblePoint(db: Knex, user: Principal, id: number): Promise<StoredPoint> {
  const point = await visiblePoints(db, user).where('p.id', id).first();
  if (!point) throw pointNotFound(id);
  return point;
}

/** Every group a point is linked to (for an audience or a rule, never for answers). */
const groupIdsOfPoint = (db: Knex, id: number): Promise<number[]> => db('photometry_groups').where({ photometry_id: id }).pluck('group_id');

/** The point as other plugins need it (`photometryService.visiblePoint`), if the caller may see it; undefined otherwise. */
export async function pointIfVisible(db: Knex, user: Principal, id: number): Promise<VisiblePoint | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const row = await scopeToVisiblePoints(db('photometry as p'), user).where('p.id', id).first('p.id', 'p.obj_id', 'p.owner_id');
  return row && { id: Number(row.id), obj_id: row.obj_id, owner_id: row.owner_id, groupIds: await groupIdsOfPoint(db, id) };
}

/**
 * The owner changes their point; a holder of Manage sources changes another's only where every
 * group it is linked to is theirs, single-user groups aside (they hold the uploaders' own view):
 * seeing a point through one group grants no say over what other groups see.
 */
export async function mayChange(db: Knex, user: Principal, point: StoredPoint): Promise<void> {
  if (point.owner_id === user.id) return;
  if (!hasAcl(user, 'Manage sources')) throw forbidden('Only the owner of a point, or a holder of Manage sources, may change it');
  const linked = await groupIdsOfPoint(db, point.id);
  const personal = [...(await groupSummaries(db, linked)).values()].filter((group) => group.single_user_group).map((group) => group.id);
  const links = db('photometry_groups as pg').where('pg.photometry_id', point.id).whereNotIn('pg.group_id', personal);
  if (await beyondCallerGroups(links, user, 'pg.group_id').first('pg.group_id')) {
    throw forbidden('This point is also in groups you are not in: only its owner (or a system admin) may change it');
  }
}
