// Groups and users as plugins read them: through these helpers, never by joining core's tables
// (a plugin's tables reference only `users.id` and `groups.id`; the rest of core's schema is core's).
import type { Knex } from './knex-types.js';
import { checkWritableGroups, scopeToGroups, type Principal } from './access.js';
import { badRequest } from './errors.js';

export interface GroupSummary {
  id: number;
  name: string;
  nickname: string | null;
  single_user_group: boolean;
}

export interface UserSummary {
  id: number;
  username: string;
  first_name: string | null;
  last_name: string | null;
}

/**
 * The groups a caller may write to, checked in one step: each must be one of theirs (system admins:
 * any) and must exist. One message for both failures names the field.
 */
export async function resolveWritableGroups(db: Knex, user: Principal, requested: readonly number[], field = 'group_ids'): Promise<number[]> {
  const ids = checkWritableGroups(user, requested, field);
  if (!ids.length) return ids;
  const found = new Set<number>(await db('groups').whereIn('id', ids).pluck('id'));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw badRequest(`${field}: no group(s) ${missing.join(', ')}`);
  return ids;
}

/** The caller's groups they may save sources to (member with `can_save`), in id order. */
export async function savingGroups(db: Knex, user: Principal): Promise<Pick<GroupSummary, 'id' | 'single_user_group'>[]> {
  return db('group_users as gu')
    .join('groups as g', 'g.id', 'gu.group_id')
    .where({ 'gu.user_id': user.id, 'gu.can_save': true })
    .orderBy('g.id')
    .select('g.id', 'g.single_user_group');
}

/**
 * As `resolveWritableGroups`, and each group must be one the caller may save to: a member whose
 * group admin set `canSave: false` may read the group's sources but not add to them (SkyPortal's rule).
 */
export async function resolveSavableGroups(db: Knex, user: Principal, requested: readonly number[], field = 'group_ids'): Promise<number[]> {
  const ids = await resolveWritableGroups(db, user, requested, field);
  if (user.isSystemAdmin || !ids.length) return ids;
  const savable = new Set((await savingGroups(db, user)).map((group) => group.id));
  const refused = ids.filter((id) => !savable.has(id));
  if (refused.length) throw badRequest(`${field}: no power to save to group(s) ${refused.join(', ')}`);
  return ids;
}

/** Groups by id (missing ids are absent from the map). */
export async function groupSummaries(db: Knex, ids: Iterable<number>): Promise<Map<number, GroupSummary>> {
  const unique = [...new Set(ids)];
  const rows: GroupSummary[] = unique.length ? await db('groups').whereIn('id', unique).select('id', 'name', 'nickname', 'single_user_group') : [];
  return new Map(rows.map((row) => [row.id, row]));
}

/** A table linking a plugin's records to groups (`comment_groups`: `comment_id`, `group_id`). */
export interface GroupLinkTable {
  table: string;
  /** The column holding the record's id; the group's is `group_id`. */
  recordColumn: string;
}

/**
 * The groups each record is shared with, as far as the caller may know (their own groups, through
 * `scopeToGroups`): what an answer says under `groups`. Records without such a group are absent.
 */
export async function linkedGroups(db: Knex, user: Principal, link: GroupLinkTable, recordIds: readonly number[]): Promise<Map<number, GroupSummary[]>> {
  if (!recordIds.length) return new Map();
  const links: { record_id: number; group_id: number }[] = await scopeToGroups(db(`${link.table} as l`).whereIn(`l.${link.recordColumn}`, recordIds), user, {
    groupColumn: 'l.group_id',
  }).select(`l.${link.recordColumn} as record_id`, 'l.group_id');
  const groups = await groupSummaries(
    db,
    links.map((row) => row.group_id),
  );
  const byRecord = new Map<number, GroupSummary[]>();
  for (const row of links) {
    const group = groups.get(row.group_id);
    if (group) byRecord.set(row.record_id, [...(byRecord.get(row.record_id) ?? []), group]);
  }
  return byRecord;
}

/** Users by id (missing ids are absent from the map); never their contact details or secrets. */
export async function userSummaries(db: Knex, ids: Iterable<number>): Promise<Map<number, UserSummary>> {
  const unique = [...new Set(ids)];
  const rows: UserSummary[] = unique.length ? await db('users').whereIn('id', unique).select('id', 'username', 'first_name', 'last_name') : [];
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Users by username (an @mention, a name typed in a form): missing names are absent from the map.
 * Usernames are compared as stored (exactly); never contact details or secrets.
 */
export async function usersByUsername(db: Knex, usernames: Iterable<string>): Promise<Map<string, UserSummary>> {
  const unique = [...new Set(usernames)].slice(0, 1000);
  const rows: UserSummary[] = unique.length ? await db('users').whereIn('username', unique).select('id', 'username', 'first_name', 'last_name') : [];
  return new Map(rows.map((row) => [row.username, row]));
}

/**
 * Users whose username contains one of `fragments` (any case): a search box, a filter by author.
 * At most `limit` of them, by id; never contact details or secrets.
 */
export async function usersWithUsernameContaining(db: Knex, fragments: readonly string[], limit = 1000): Promise<UserSummary[]> {
  const patterns = [...new Set(fragments)].filter(Boolean).map((fragment) => `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (!patterns.length) return [];
  return db('users').whereRaw('username ILIKE ANY (?)', [patterns]).orderBy('id').limit(limit).select('id', 'username', 'first_name', 'last_name');
}
