/** Reads and writes of objs and sources, always scoped to what the caller may see. */
import { conflict, groupSummaries, resolveWritableGroups, scopeToGroups, userSummaries, type Knex, type Principal } from '@skyportal/sdk';
import type { Instrument, SaveSourceInput, Source, SourceGroup } from '../types.js';
import { normaliseRa } from './cone.js';

/** `sources` rows of `objAlias` the caller may see (their groups; everything for system admins). */
export function visibleSavings(db: Knex, user: Principal, objColumn: string): Knex.QueryBuilder {
  const sub = db('sources as s').whereRaw('s.obj_id = ??', [objColumn]);
  return scopeToGroups(sub, user, { groupColumn: 's.group_id' });
}

export async function visibleObjIds(db: Knex, user: Principal, objIds: readonly string[]): Promise<Set<string>> {
  if (!objIds.length) return new Set();
  const query = db('sources as s')
    .distinct('s.obj_id')
    .whereIn('s.obj_id', [...objIds]);
  const rows: { obj_id: string }[] = await scopeToGroups(query, user, { groupColumn: 's.group_id' });
  return new Set(rows.map((row) => row.obj_id));
}

/** The groups (visible to the caller) each of `objIds` is saved to. */
export async function groupsOf(db: Knex, user: Principal, objIds: readonly string[]): Promise<Map<string, SourceGroup[]>> {
  const byObj = new Map<string, SourceGroup[]>();
  if (!objIds.length) return byObj;
  const query = db('sources as s')
    .whereIn('s.obj_id', [...objIds])
    .select('s.obj_id', 's.group_id', 's.saved_at', 's.saved_by_id')
    .orderBy(['s.obj_id', 's.group_id']);
  const rows: { obj_id: string; group_id: number; saved_at: string; saved_by_id: number | null }[] = await scopeToGroups(query, user, {
    groupColumn: 's.group_id',
  });
  const [groups, savers] = await Promise.all([
    groupSummaries(
      db,
      rows.map((row) => row.group_id),
    ),
    userSummaries(
      db,
      rows.flatMap((row) => (row.saved_by_id === null ? [] : [row.saved_by_id])),
    ),
  ]);
  for (const row of rows) {
    const group = groups.get(row.group_id);
    if (!group) continue;
    const saver = row.saved_by_id === null ? undefined : savers.get(row.saved_by_id);
    const list = byObj.get(row.obj_id) ?? [];
    list.push({
      id: group.id,
      name: group.name,
      nickname: group.nickname,
      saved_by: saver ? { id: saver.id, username: saver.username } : null,
      saved_at: row.saved_at,
    });
    byObj.set(row.obj_id, list);
  }
  return byObj;
}

export async function readSource(db: Knex, user: Principal, objId: string): Promise<Source | undefined> {
  const obj = await db('objs as o')
    .where('o.id', objId)
    .whereExists(visibleSavings(db, user, 'o.id').select(db.raw('1')))
    .first('o.id', 'o.ra', 'o.dec', 'o.redshift', 'o.created_at');
  if (!obj) return undefined;
  const groups = (await groupsOf(db, user, [objId])).get(objId) ?? [];
  const savedAt = groups.reduce<string | null>((min, g) => (min === null || g.saved_at < min ? g.saved_at : min), null);
  return { ...obj, saved_at: savedAt, groups };
}

/** Groups a source goes to when the caller names none: theirs with can_save, except single-user groups. */
export async function defaultSaveGroups(db: Knex, user: Principal): Promise<number[]> {
  const ids: number[] = await db('group_users as gu')
    .join('groups as g', 'g.id', 'gu.group_id')
    .where({ 'gu.user_id': user.id, 'gu.can_save': true, 'g.single_user_group': false })
    .orderBy('g.id')
    .pluck('g.id');
  return ids.length ? ids : [user.singleUserGroupId];
}

/**
 * Saving an obj that exists: only someone who can see it already may save it (that is how they
 * share it with their other groups), and it keeps its position and redshift (PATCH changes them,
 * with rights over every group it is in). Knowing an id must not show what others stored under
 * it: anyone else gets 409, with nothing of the obj. (SkyPortal lets anyone save an existing obj,
 * since its objs are readable by all; ours are seen only through the groups they are saved to.)
 * An obj no group holds any more reaches no one: the saver's values replace its old ones.
 */
async function claimExisting(trx: Knex.Transaction, user: Principal, objId: string, values: Record<string, unknown>): Promise<void> {
  // Concurrent saves of one obj take turns on its row.
  await trx('objs').where({ id: objId }).forUpdate().first('id');
  const held = await trx('sources').where({ obj_id: objId }).first('id');
  if (!held) {
    await trx('objs')
      .where({ id: objId })
      .update({ ...values, modified: trx.fn.now() });
    return;
  }
  if (!(await visibleObjIds(trx, user, [objId])).has(objId)) {
    throw conflict(`id: ${objId} is taken by a source saved to groups you are not in (a member of one of them can save it to yours)`);
  }
}

/**
 * Creates the obj if it is new and saves it to the groups; saving again to other groups adds them.
 * Returns the groups it was newly saved to. An existing obj keeps its position (PATCH changes it).
 */
export async function saveSource(db: Knex, user: Principal, input: SaveSourceInput): Promise<{ id: string; groupIds: number[] }> {
  const requested = input.group_ids?.length ? input.group_ids : await defaultSaveGroups(db, user);
  const groupIds = await resolveWritableGroups(db, user, requested);
  const values = { ra: normaliseRa(input.ra), dec: input.dec, redshift: input.redshift ?? null };
  return db.transaction(async (trx) => {
    const created = await trx('objs')
      .insert({ id: input.id, ...values })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (!created.length) await claimExisting(trx, user, input.id, values);
    const added: { group_id: number }[] = await trx('sources')
      .insert(groupIds.map((group_id) => ({ obj_id: input.id, group_id, saved_by_id: user.id })))
      .onConflict(['obj_id', 'group_id'])
      .ignore()
      .returning('group_id');
    return { id: input.id, groupIds: added.map((row) => row.group_id) };
  });
}

export function toInstrument(row: Record<string, unknown>): Instrument {
  return {
    id: row.id as number,
    name: row.name as string,
    type: row.type as string,
    band: (row.band as string | null) ?? null,
    filters: (row.filters as string[]) ?? [],
    telescope_id: row.telescope_id as number,
  };
}

export async function instrumentsById(db: Knex, ids: readonly number[]): Promise<Map<number, Instrument>> {
  const rows = ids.length ? await db('instruments').whereIn('id', [...new Set(ids)]) : [];
  return new Map(rows.map((row: Record<string, unknown>) => [row.id as number, toInstrument(row)]));
}
