/**
 * A room's messages: stored, paged back in history, and announced on `chat:<group_id>` with their
 * ids, so a socket that drops and comes back is sent what it missed (core's resumable channels).
 */
import { userSummaries, type Knex, type LiveHub, type ResumedMessage } from '@skyportal/sdk';
import type { ChatHistory, ChatLiveMessage, ChatMessage } from '../../types.js';

interface StoredMessage {
  id: number;
  group_id: number;
  author_id: number;
  text: string;
  bot: boolean;
  created_at: string;
}

const COLUMNS = ['id', 'group_id', 'author_id', 'text', 'bot', 'created_at'];

export const roomChannel = (groupId: number) => `chat:${groupId}`;

async function serialize(db: Knex, rows: StoredMessage[]): Promise<ChatMessage[]> {
  const authors = await userSummaries(
    db,
    rows.map((row) => row.author_id),
  );
  return rows.map(({ author_id, ...row }) => ({ ...row, author: authors.get(author_id) ?? null }));
}

/** A page of a room's history, oldest first: the newest `limit` before `before`, or the first `limit` after `after`. */
export async function history(db: Knex, groupId: number, page: { before?: number; after?: number; limit: number }): Promise<ChatHistory> {
  const query = db('chat_messages')
    .where({ group_id: groupId })
    .select(COLUMNS)
    .limit(page.limit + 1);
  if (page.after !== undefined) query.where('id', '>', page.after).orderBy('id', 'asc');
  else query.orderBy('id', 'desc');
  if (page.before !== undefined) query.where('id', '<', page.before);
  const rows: StoredMessage[] = await query;
  const has_more = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  if (page.after === undefined) kept.reverse();
  return { messages: await serialize(db, kept), has_more };
}

/**
 * Stores a message. Messages of one room are stored one at a time (a transaction lock on the
 * room), so their ids grow in the order they commit: a client resuming after the last id it saw
 * never skips one that committed later with a smaller id.
 */
export async function postMessage(db: Knex, live: LiveHub, message: { groupId: number; authorId: number; text: string; bot: boolean }): Promise<ChatMessage> {
  const row: StoredMessage = await db.transaction(async (trx) => {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('skyportal.chat'), ?)", [message.groupId]);
    const [inserted] = await trx('chat_messages')
      .insert({ group_id: message.groupId, author_id: message.authorId, text: message.text, bot: message.bot })
      .returning(COLUMNS);
    return inserted;
  });
  const [stored] = await serialize(db, [row]);
  const live_: ChatLiveMessage = { type: 'chat.message', id: stored!.id, data: stored! };
  await live.publish(roomChannel(message.groupId), live_, { groupIds: [message.groupId] });
  return stored!;
}

/** Core's resumer for `chat:<group_id>`: the room's messages after an id (the hub checked who may follow it). */
export function resumeRoom(db: Knex) {
  return async (_user: unknown, key: string, after: number, limit: number): Promise<ResumedMessage[]> => {
    const groupId = Number(key);
    if (!Number.isSafeInteger(groupId)) return [];
    const rows: StoredMessage[] = await db('chat_messages').where({ group_id: groupId }).where('id', '>', after).orderBy('id').limit(limit).select(COLUMNS);
    const messages = await serialize(db, rows);
    return messages.map((data) => ({ type: 'chat.message', id: data.id, data, audience: { groupIds: [groupId] } }));
  };
}
