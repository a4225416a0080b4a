/**
 * Who has a room open: each chat page sends a heartbeat every PRESENCE_HEARTBEAT_SECONDS; a user is
 * present while their last one is younger than PRESENCE_WINDOW_SECONDS. Kept in the database, so
 * every app process agrees; a join or a leave is announced on the room's channel.
 */
import { scopeToGroups, userSummaries, type Knex, type LiveHub, type Principal } from '@skyportal/sdk';
import { PRESENCE_WINDOW_SECONDS, type ChatLiveMessage, type ChatPresence } from '../../types.js';
import { roomChannel } from './messages.js';

const window = `${PRESENCE_WINDOW_SECONDS} seconds`;

/** Who is in the room, as `reader` (a member: the one who asks, or whose heartbeat is announced) may know. */
export async function presentIn(db: Knex, reader: Principal, groupId: number): Promise<ChatPresence[]> {
  const rows: { user_id: number; seen_at: string }[] = await scopeToGroups(db('chat_presence').where({ group_id: groupId }), reader, {
    groupColumn: 'group_id',
  })
    .whereRaw('seen_at > now() - ?::interval', [window])
    .orderBy('seen_at', 'desc')
    .select('user_id', 'seen_at');
  const users = await userSummaries(
    db,
    rows.map((row) => row.user_id),
  );
  return rows.flatMap((row) => {
    const user = users.get(row.user_id);
    return user ? [{ user, seen_at: row.seen_at }] : [];
  });
}

async function announce(db: Knex, live: LiveHub, member: Principal, groupId: number): Promise<ChatPresence[]> {
  const present = await presentIn(db, member, groupId);
  const message: ChatLiveMessage = { type: 'chat.presence', data: { group_id: groupId, present } };
  await live.publish(roomChannel(groupId), message, { groupIds: [groupId] });
  return present;
}

/** A heartbeat: the user is here. Announced when they were not here a moment ago (a join). */
export async function heartbeat(db: Knex, live: LiveHub, groupId: number, user: Principal): Promise<ChatPresence[]> {
  const userId = user.id;
  // One statement: `before` sees the row as it was, so two heartbeats racing announce one join.
  const { rows } = await db.raw(
    `WITH before AS (SELECT seen_at FROM chat_presence WHERE group_id = ? AND user_id = ?)
     INSERT INTO chat_presence (group_id, user_id) VALUES (?, ?)
     ON CONFLICT (group_id, user_id) DO UPDATE SET seen_at = now()
     RETURNING NOT EXISTS (SELECT 1 FROM before WHERE seen_at > now() - ?::interval) AS joined`,
    [groupId, userId, groupId, userId, window],
  );
  const joined = Boolean(rows[0]?.joined);
  // Rows of those long gone would otherwise stay for ever.
  await db('chat_presence').where({ group_id: groupId }).whereRaw("seen_at < now() - interval '1 day'").delete();
  return joined ? announce(db, live, user, groupId) : presentIn(db, user, groupId);
}

/** The user closed the room: gone now, not after the window. */
export async function leave(db: Knex, live: LiveHub, groupId: number, user: Principal): Promise<void> {
  if (await db('chat_presence').where({ group_id: groupId, user_id: user.id }).delete()) await announce(db, live, user, groupId);
}
