/**
 * The chat's routes: rooms, paged history, posting, presence and typing. Reading needs a signed-in
 * member of the room's group; writing needs `Comment` (the right to speak), as commenting does.
 */
import { inputs, userSummaries, z, type Knex, type LiveHub, type PluginRouter } from '@skyportal/sdk';
import { CHAT_MESSAGE_MAX_LENGTH } from '../../types.js';
import type { Mentions } from '../mentions.js';
import { history, postMessage } from './messages.js';
import { heartbeat, leave, presentIn } from './presence.js';
import { enterableRoom, roomsOf } from './rooms.js';
import type { TypingSignals } from './typing.js';

export interface ChatRouteDeps {
  db: Knex;
  live: LiveHub;
  mentions: Mentions;
  typing: TypingSignals;
  sitewideGroupId: number;
}

const roomParams = z.object({ group_id: inputs.dbId });
const historyQuery = z
  .object({
    before: inputs.dbId.optional().describe('Messages older than this id (the next page back)'),
    after: inputs.integerFromText(0, inputs.INT4_MAX).optional().describe('Messages newer than this id (catching up)'),
    numPerPage: inputs.integerFromText(1, 200).default(50),
  })
  .refine((query) => query.before === undefined || query.after === undefined, { message: 'give before or after, not both', path: ['after'] });
const messageBody = z.object({
  text: inputs
    .textField({ kind: 'text', max: CHAT_MESSAGE_MAX_LENGTH, min: 1 })
    .refine((text) => text.trim() !== '', 'must not be blank')
    .describe(`Markdown, shown without raw HTML; at most ${CHAT_MESSAGE_MAX_LENGTH} characters`),
});

export function chatRoutes(router: PluginRouter, deps: ChatRouteDeps): void {
  const { db, live, sitewideGroupId } = deps;
  const tags = ['chat'];
  const base = '/api/chat/rooms/:group_id';
  const room = (user: Parameters<typeof enterableRoom>[1], groupId: number) => enterableRoom(db, user, groupId, sitewideGroupId);

  router.get('/api/chat/rooms', { access: 'authenticated', tags, summary: 'Your chat rooms: the sitewide one and one per group' }, ({ user }) =>
    roomsOf(db, user, sitewideGroupId),
  );

  router.get(
    `${base}/messages`,
    { access: 'authenticated', tags, params: roomParams, query: historyQuery, summary: "A page of a room's history, oldest first" },
    async ({ user, params, query }) => {
      await room(user, params.group_id);
      return history(db, user, params.group_id, { before: query.before, after: query.after, limit: query.numPerPage });
    },
  );

  router.post(
    `${base}/messages`,
    { access: { acl: 'Comment' }, tags, params: roomParams, body: messageBody, summary: 'Say something in a room (a token is marked bot)' },
    async ({ user, params, body }) => {
      const entered = await room(user, params.group_id);
      const message = await postMessage(db, live, { groupId: params.group_id, authorId: user.id, text: body.text, bot: user.via === 'token' });
      await deps.mentions.notify({
        author: user,
        text: body.text,
        about: `the chat room ${entered.name}`,
        url: `/chat/${params.group_id}`,
        mayRead: async (reader) => reader.isSystemAdmin || reader.groupIds.includes(params.group_id),
      });
      return message;
    },
  );

  router.get(`${base}/presence`, { access: 'authenticated', tags, params: roomParams, summary: 'Who has the room open' }, async ({ user, params }) => {
    await room(user, params.group_id);
    return presentIn(db, user, params.group_id);
  });

  router.post(
    `${base}/presence`,
    { access: { acl: 'Comment' }, tags, params: roomParams, summary: 'A heartbeat of an open room: you are here' },
    async ({ user, params }) => {
      await room(user, params.group_id);
      return heartbeat(db, live, params.group_id, user);
    },
  );

  router.delete(`${base}/presence`, { access: { acl: 'Comment' }, tags, params: roomParams, summary: 'You left the room' }, async ({ user, params }) => {
    await room(user, params.group_id);
    await leave(db, live, params.group_id, user);
    return {};
  });

  router.post(
    `${base}/typing`,
    { access: { acl: 'Comment' }, tags, params: roomParams, summary: 'You are typing (shown to the room for a few seconds)' },
    async ({ user, params }) => {
      await room(user, params.group_id);
      const me = (await userSummaries(db, [user.id])).get(user.id);
      if (me) await deps.typing.typing(params.group_id, me);
      return {};
    },
  );
}
