/**
 * A room's messages: stored, paged back in history, and announced on `chat:<group_id>` with their
 * ids, so a socket that drops and comes back is sent what it missed (core's resumable channels).
 */
import { scopeToGroups, userSummaries, type Knex, type LiveHub, type Principal, type ResumedMessage } from '@skyportal/sdk';
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

/** A room's messages as `reader` may read them: the room must be one of their groups (the one rule for reading them). */
const messagesOf = (db: Knex, reader: Principal, groupId: number) =>
  scopeToGroups(db('chat_messages').where({ group_id: groupId }), reader, { groupColumn: 'group_id' });

export const roomChannel = (groupId: number) => `chat:${groupId}`;

async function serialize(db: Knex, rows: StoredMessage[]): Promise<ChatMessage[]> {
  const authors = await userSummaries(
    db,
    rows.map((row) => row.author_id),
  );
  return rows.map(({ author_id, ...row }) => ({ ...row, author: authors.get(author_id) ?? null }));
}

/** A page of a room's history, oldest first: the newest `limit` before `before`, or the first `limit` after `after`. */
export async function history(db: Knex, reader: Principal, groupId: number, page: { before?: number; after?: number; limit: number }): Promise<ChatHistory> {
  const query = messagesOf(db, reader, groupId)
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
 * Stores a message and announces it with its commit. Messages of one room are stored one at a time
 * (a transaction lock on the room), so their ids grow in the order they commit, and the hub
 * delivers transactional messages in commit order: every page receives a room's messages in id
 * order, and a client resuming after the last id it saw skips none.
 */
export async function postMessage(db: Knex, live: LiveHub, message: { groupId: number; authorId: number; text: string; bot: boolean }): Promise<ChatMessage> {
  return db.transaction(async (trx) => {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('skyportal.chat'), ?)", [message.groupId]);
    const [row]: StoredMessage[] = await trx('chat_messages')
      .insert({ group_id: message.groupId, author_id: message.authorId, text: message.text, bot: message.bot })
      .returning(COLUMNS);
    const [stored] = await serialize(trx, [row!]);
    const frame: ChatLiveMessage = { type: 'chat.message', id: stored!.id, data: stored! };
    await live.publish(roomChannel(message.groupId), frame, { groupIds: [message.groupId] }, { transaction: trx });
    return stored!;
  });
}

/** Core's resumer for `chat:<group_id>`: the room's messages after an id (the hub checked who may follow it). */
export function resumeRoom(db: Knex) {
  return async (reader: Principal, key: string, after: number, limit: number): Promise<ResumedMessage[]> => {
    const groupId = Number(key);
    if (!Number.isSafeInteger(groupId)) return [];
    const rows: StoredMessage[] = await messagesOf(db, reader, groupId).where('id', '>', after).orderBy('id').limit(limit).select(COLUMNS);
    const messages = await serialize(db, rows);
    return messages.map((data) => ({ type: 'chat.message', id: data.id, data, audience: { groupIds: [groupId] } }));
  };
}
