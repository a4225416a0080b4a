// Alert streams as plugins read and write them: through these helpers, never by joining core's
// tables (a plugin's tables may reference `streams.id`; the rest is core's).
import type { Knex } from './knex-types.js';
import { checkStreamAccess, type Principal } from './access.js';
import { badRequest } from './errors.js';

/**
 * The stream ids a caller attaches data to, checked in one step: each must be one of theirs
 * (`checkStreamAccess`; system admins: any) and must exist. Both failures are a 400 naming `field`.
 */
export async function resolveStreamIds(db: Knex, user: Principal, requested: readonly number[], field = 'stream_ids'): Promise<number[]> {
  const ids = checkStreamAccess(user, requested, field);
  if (!ids.length) return ids;
  const found = new Set<number>(await db('streams').whereIn('id', ids).pluck('id'));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw badRequest(`${field}: no stream(s) ${missing.join(', ')}`);
  return ids;
}

/** The id of the stream named `name`, created (not auto-join, no altdata) if there is none: a survey's stream for its alerts. */
export async function ensureStream(db: Knex, name: string): Promise<number> {
  await db('streams').insert({ name }).onConflict('name').ignore();
  const row = await db('streams').where({ name }).first('id');
  return row.id as number;
}

/** Streams by id, `{id, name}` (missing ids are absent from the map). */
export async function streamSummaries(db: Knex, ids: Iterable<number>): Promise<Map<number, { id: number; name: string }>> {
  const unique = [...new Set(ids)];
  const rows: { id: number; name: string }[] = unique.length ? await db('streams').whereIn('id', unique).select('id', 'name') : [];
  return new Map(rows.map((row) => [row.id, row]));
}

/** The streams a group holds, in id order (a filter of the group reads one of them). */
export async function groupStreamIds(db: Knex, groupId: number): Promise<number[]> {
  return db('group_streams').where({ group_id: groupId }).orderBy('stream_id').pluck('stream_id');
}

/**
 * Gives a stream to users and groups without the routes' checks (demo data, a site's set-up):
 * `ON CONFLICT DO NOTHING`, in `db` (a transaction or not). The caller keeps the rule that a
 * group's members hold its streams (give the stream to the members too), and invalidates nothing:
 * a user's principal learns of a new stream within a minute (the cache), or at once through the
 * routes (`POST /api/streams/{id}/users`).
 */
export async function grantStream(db: Knex, streamId: number, to: { userIds?: readonly number[]; groupIds?: readonly number[] }): Promise<void> {
  const userIds = [...new Set(to.userIds ?? [])];
  const groupIds = [...new Set(to.groupIds ?? [])];
  if (userIds.length) {
    await db('stream_users')
      .insert(userIds.map((user_id) => ({ stream_id: streamId, user_id })))
      .onConflict(['stream_id', 'user_id'])
      .ignore();
  }
  if (groupIds.length) {
    await db('group_streams')
      .insert(groupIds.map((group_id) => ({ group_id, stream_id: streamId })))
      .onConflict(['group_id', 'stream_id'])
      .ignore();
  }
}
