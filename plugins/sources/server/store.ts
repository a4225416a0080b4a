/** Reads and writes of objs and sources, always scoped to what the caller may see. */
import {
  badRequest,
  conflict,
  groupSummaries,
  resolveSavableGroups,
  savingGroups,
  scopeToGroups,
  userSummaries,
  type Knex,
  type PrincipalLookup,
  type Principal,
} from '@skyportal/sdk';
import type { DuplicateObj, Instrument, ObjInput, SaveSourceInput, SaveSourceResult, SourceGroup } from '../types.js';
import { coneCondition, normaliseRa } from './cone.js';
import { OBJ_FIELD_COLUMNS } from './inputs.js';
import { appendedHistory, firstHistory, redshiftEntry } from './redshift-history.js';
import { separationArcsec, serializeObj, type SerializedObj } from './serialize.js';

/** `sources` rows of `objAlias` the caller may see (their groups; everything for system admins). */
export function visibleSavings(db: Knex, user: Principal, objColumn: string): Knex.QueryBuilder {
  const sub = db('sources as s').whereRaw('s.obj_id = ??', [objColumn]);
  return scopeToGroups(sub, user, { groupColumn: 's.group_id' });
}

/** The subset of `objIds` saved to one of the caller's groups (what the source routes show; other plugins ask `ObjVisibility`). */
export async function visibleSourceIds(db: Knex, user: Principal, objIds: readonly string[]): Promise<Set<string>> {
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

/** The columns of `objs` an answer shows (not the cone-search index columns). */
export function objColumns(alias: string): string[] {
  return ['id', 'ra', 'dec', 'redshift', 'redshift_history', 'created_at', 'modified', ...OBJ_FIELD_COLUMNS].map((column) => `${alias}.${column}`);
}

/** A source the caller may see, with the groups (theirs) it is saved to; undefined otherwise. */
export async function readSource(
  db: Knex,
  user: Principal,
  objId: string,
): Promise<(SerializedObj & { saved_at: string | null; groups: SourceGroup[] }) | undefined> {
  const obj = await db('objs as o')
    .where('o.id', objId)
    .whereExists(visibleSavings(db, user, 'o.id').select(db.raw('1')))
    .first(objColumns('o'));
  if (!obj) return undefined;
  const groups = (await groupsOf(db, user, [objId])).get(objId) ?? [];
  const savedAt = groups.reduce<string | null>((min, g) => (min === null || g.saved_at < min ? g.saved_at : min), null);
  return { ...serializeObj(obj), saved_at: savedAt, groups };
}

/** How close another obj must be to count as a duplicate (SkyPortal's 4 arcsec). */
const DUPLICATE_RADIUS = 4 / 3600;

/**
 * Other sources the caller can see within 4 arcsec of `obj`, nearest first. A moving object is
 * nobody's duplicate (its position holds at one epoch only), as in SkyPortal.
 */
export async function duplicatesOf(
  db: Knex,
  user: Principal,
  obj: { id: string; ra: number | null; dec: number | null; is_roid?: unknown },
): Promise<DuplicateObj[]> {
  if (obj.ra === null || obj.dec === null || obj.is_roid === true) return [];
  const { ra, dec } = obj;
  const { sql, bindings } = coneCondition({ ra, dec, radius: DUPLICATE_RADIUS }, 'd');
  const rows: { obj_id: string; ra: number; dec: number }[] = await db('objs as d')
    .select('d.id as obj_id', 'd.ra', 'd.dec')
    .whereRaw(sql, bindings as Knex.RawBinding[])
    .whereNot('d.id', obj.id)
    .whereRaw('d.is_roid IS NOT TRUE')
    .whereExists(visibleSavings(db, user, 'd.id').select(db.raw('1')));
  return rows.map((row) => ({ ...row, separation: separationArcsec(ra, dec, row.ra, row.dec) })).sort((a, b) => a.separation - b.separation);
}

/** Groups a source goes to when the caller names none: theirs with can_save, except single-user groups. */
export async function defaultSaveGroups(db: Knex, user: Principal): Promise<number[]> {
  const ids = (await savingGroups(db, user)).filter((group) => !group.single_user_group).map((group) => group.id);
  return ids.length ? ids : [user.singleUserGroupId];
}

/**
 * Creates the obj if it is not there, in the caller's transaction, saved to no group (a candidate
 * is not a source until someone saves it). An obj that exists is left as it is. A redshift given
 * starts its history, as set by `setBy`.
 */
export async function ensureObj(trx: Knex, input: ObjInput, setBy: number | null): Promise<{ created: boolean }> {
  const created = await trx('objs')
    .insert({ id: input.id, ...objValues(input), redshift_history: firstHistory(redshiftEntry(input, setBy)) })
    .onConflict('id')
    .ignore()
    .returning('id');
  return { created: created.length > 0 };
}

/** Objs by id as answers show them, for a plugin that decided the caller may see them. */
export async function objsById(db: Knex, ids: readonly string[]): Promise<Map<string, SerializedObj>> {
  if (!ids.length) return new Map();
  const rows = await db('objs as o')
    .whereIn('o.id', [...ids])
    .select(objColumns('o'));
  return new Map(rows.map((row: Record<string, unknown>) => [row.id as string, serializeObj(row)]));
}

/** Every Obj field of a save: the given ones, the others at their defaults (a fresh obj keeps nothing older). */
export function objValues(input: ObjInput): Record<string, unknown> {
  const values: Record<string, unknown> = { ra: normaliseRa(input.ra), dec: input.dec, redshift: input.redshift ?? null };
  const given = input as unknown as Record<string, unknown>;
  for (const column of OBJ_FIELD_COLUMNS) values[column] = given[column] ?? OBJ_DEFAULTS[column] ?? null;
  // pg would send a JSON array as a PostgreSQL array: altdata goes as JSON text.
  if (values.altdata !== null) values.altdata = JSON.stringify(values.altdata);
  return values;
}

/** SkyPortal's column defaults. */
const OBJ_DEFAULTS: Partial<Record<(typeof OBJ_FIELD_COLUMNS)[number], unknown>> = { offset: 0, transient: false, varstar: false, is_roid: false };

/**
 * Saving an obj that exists: only someone who can see it already may save it (that is how they
 * share it with their other groups), and it keeps its position, redshift and other fields (PATCH
 * changes them, with rights over every group it is in). Knowing an id must not show what others
 * stored under it: anyone else gets 409, with nothing of the obj. (SkyPortal lets anyone save an
 * existing obj, since its objs are readable by all; ours are seen only through the groups they
 * are saved to.) An obj no group holds any more reaches no one: the saver's values replace all
 * of its old ones.
 */
async function claimExisting(trx: Knex.Transaction, user: Principal, objId: string, values: Record<string, unknown> | undefined): Promise<void> {
  // Concurrent saves of one obj take turns on its row.
  const exists = await trx('objs').where({ id: objId }).forUpdate().first('id');
  if (!exists) throw badRequest('ra, dec: Missing required parameter (a new obj needs its position)');
  const held = await trx('sources').where({ obj_id: objId }).first('id');
  if (!held) {
    // An obj no group holds (a candidate not saved yet): saved with its id alone, it keeps its fields.
    if (!values) return;
    const entry = redshiftEntry({ ...values, redshift: values.redshift as number | null }, user.id);
    await trx('objs')
      .where({ id: objId })
      .update({ ...values, ...(entry && { redshift_history: appendedHistory(trx, entry) }), modified: trx.fn.now() });
    return;
  }
  if (!(await visibleSourceIds(trx, user, [objId])).has(objId)) {
    throw conflict(`id: ${objId} is taken by a source saved to groups you are not in (a member of one of them can save it to yours)`);
  }
}

/**
 * Who saves to each group: the caller, or (system admins, `saver_per_group_id`) another member of
 * that group. A named saver who is not a member is replaced by the caller, with a warning, as
 * SkyPortal does.
 */
async function saversPerGroup(
  user: Principal,
  groupIds: readonly number[],
  requested: Record<string, number> | undefined,
  principals: PrincipalLookup | undefined,
): Promise<{ savers: Map<number, number>; warnings: string[] }> {
  const savers = new Map(groupIds.map((id) => [id, user.id]));
  const warnings: string[] = [];
  if (requested === undefined) return { savers, warnings };
  // SkyPortal's wording, which its clients check.
  if (!user.isSystemAdmin) throw badRequest('Failed to post source: You must be an admin to specify a saver_per_group_id field.');
  for (const [key, saverId] of Object.entries(requested)) {
    const groupId = Number(key);
    if (!savers.has(groupId)) continue;
    const saver = await principals?.principalFor(saverId);
    if (saver?.groupIds.includes(groupId)) savers.set(groupId, saverId);
    else warnings.push(`Could not save to group ${groupId} as user ${saverId} (user is not a member of the group). Using current user ${user.id} instead.`);
  }
  return { savers, warnings };
}

/**
 * Creates the obj if it is new and saves it to the groups; saving again to other groups adds them.
 * An existing obj keeps its position and fields (PATCH changes them).
 */
export async function saveSource(db: Knex, user: Principal, input: SaveSourceInput, principals?: PrincipalLookup): Promise<SaveSourceResult> {
  const requested = input.group_ids?.length ? input.group_ids : await defaultSaveGroups(db, user);
  const groupIds = await resolveSavableGroups(db, user, requested);
  const { savers, warnings } = await saversPerGroup(user, groupIds, input.saver_per_group_id, principals);
  const { ra, dec } = input;
  const values = ra === undefined || dec === undefined ? undefined : objValues({ ...input, ra, dec });
  return db.transaction(async (trx) => {
    const created = values
      ? await trx('objs')
          .insert({ id: input.id, ...values, redshift_history: firstHistory(redshiftEntry(input, user.id)) })
          .onConflict('id')
          .ignore()
          .returning('id')
      : [];
    if (!created.length) await claimExisting(trx, user, input.id, values);
    const added: { group_id: number }[] = await trx('sources')
      .insert(groupIds.map((group_id) => ({ obj_id: input.id, group_id, saved_by_id: savers.get(group_id) })))
      .onConflict(['obj_id', 'group_id'])
      .ignore()
      .returning('group_id');
    return { id: input.id, savedToGroups: groupIds, groupIds: added.map((row) => row.group_id), warnings };
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
