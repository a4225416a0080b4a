/**
 * SkyPortal's rule tying groups to streams: a group's members hold every stream of the group. So a
 * stream joins a group only when all its members hold it, a user joins a group only when they hold
 * all its streams, and a user keeps a stream while a group of theirs holds it. System admins see
 * every stream's data, so they never block either.
 */
import type { Knex } from 'knex';

/** SQL true where the user (a column name, or an id) holds System admin, directly or through a role. */
function isSystemAdmin(knex: Knex, user: string | number): Knex.Raw {
  const ref = typeof user === 'number' ? '?' : '??';
  return knex.raw(
    `(EXISTS (SELECT 1 FROM user_acls ua WHERE ua.user_id = ${ref} AND ua.acl_id = 'System admin')
      OR EXISTS (SELECT 1 FROM user_roles ur JOIN role_acls ra ON ra.role_id = ur.role_id WHERE ur.user_id = ${ref} AND ra.acl_id = 'System admin'))`,
    [user, user],
  );
}

/** Members of `groupIds` (at most 10) who lack `streamId`. */
export async function membersWithoutStream(knex: Knex, groupIds: readonly number[], streamId: number): Promise<{ id: number; username: string }[]> {
  return knex('group_users as gu')
    .join('users as u', 'u.id', 'gu.user_id')
    .whereIn('gu.group_id', [...groupIds])
    .whereNotExists((q) => q.select(knex.raw('1')).from('stream_users as su').whereRaw('su.user_id = gu.user_id').where('su.stream_id', streamId))
    .whereNot(isSystemAdmin(knex, 'gu.user_id'))
    .distinct('u.id', 'u.username')
    .orderBy('u.id')
    .limit(10);
}

/** The first stream of `groupIds` that `userId` lacks (none for system admins), or undefined. */
export async function missingGroupStream(knex: Knex, groupIds: readonly number[], userId: number): Promise<number | undefined> {
  const row = await knex('group_streams as gs')
    .whereIn('gs.group_id', [...groupIds])
    .whereNotExists((q) => q.select(knex.raw('1')).from('stream_users as su').whereRaw('su.stream_id = gs.stream_id').where('su.user_id', userId))
    .whereNot(isSystemAdmin(knex, userId))
    .orderBy('gs.stream_id')
    .first('gs.stream_id');
  return row?.stream_id;
}

/** The user's groups that hold `streamId`: while one does, the user keeps the stream. */
export async function groupsRequiringStream(knex: Knex, userId: number, streamId: number): Promise<number[]> {
  return knex('group_streams as gs')
    .join('group_users as gu', 'gu.group_id', 'gs.group_id')
    .where({ 'gu.user_id': userId, 'gs.stream_id': streamId })
    .orderBy('gs.group_id')
    .pluck('gs.group_id');
}

/** As SkyPortal: a user created in groups gets their streams (a new account holds none yet). */
export async function giveGroupStreams(trx: Knex, userId: number, groupIds: readonly number[]): Promise<void> {
  if (!groupIds.length) return;
  await trx.raw(
    `INSERT INTO stream_users (stream_id, user_id)
     SELECT DISTINCT stream_id, ?::integer FROM group_streams WHERE group_id = ANY(?::integer[])
     ON CONFLICT DO NOTHING`,
    [userId, [...groupIds]],
  );
}
