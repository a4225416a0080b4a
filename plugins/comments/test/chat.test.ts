import { startTestServer, tryBadInput, uniqueId, type Subscription, type TestServer, type TestUser } from '@skyportal/test-kit';

// The chat: a room per group (and the sitewide one), paged history, presence, typing, mentions,
// and a socket that is cut and comes back receiving every message it missed, once.
let server: TestServer;
let replica: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser; // in A, with alice
let groupA: number;
let groupB: number;
let sitewide: number;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  replica = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)], replicaOf: server });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Comment'] }));
  carol = await server.createUser({ acls: ['Comment'], username: uniqueId('carol'), groupIds: [groupA] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
});

const say = async (user: TestUser, groupId: number, text: string): Promise<number> => {
  const response = await server.request('POST', `/api/chat/rooms/${groupId}/messages`, { token: user.token, body: { text } });
  expect(response.status).toBe(200);
  return response.body.data.id;
};

/** The ids of the chat messages that arrive within `ms`. */
async function messageIds(sub: Subscription, ms: number): Promise<number[]> {
  const ids: number[] = [];
  for (;;) {
    const message = await sub.next((m) => m.type === 'chat.message', { timeoutMs: ms }).catch(() => undefined);
    if (!message) return ids;
    expect(message.id).toBe(message.data.id);
    ids.push(message.id!);
  }
}

test("a user's rooms are the sitewide one first, then their groups; single-user groups have none", async () => {
  const rooms = (await server.request('GET', '/api/chat/rooms', { token: alice.token })).body.data;
  expect(rooms.map((room: { group_id: number }) => room.group_id)).toEqual([sitewide, groupA]);
  expect(rooms[0].sitewide).toBe(true);
});

test('a message reaches the room live on every process, not other groups, and is in its history', async () => {
  const carolPage = await replica.subscribe(`chat:${groupA}`, { token: carol.token });
  await expect(server.subscribe(`chat:${groupA}`, { token: bob.token })).rejects.toThrow(/refused/);
  const id = await say(alice, groupA, 'Anyone on the 60-inch tonight? <b>not bold</b>');
  const live = await carolPage.next((m) => m.type === 'chat.message');
  expect(live).toMatchObject({
    id,
    data: { id, group_id: groupA, text: 'Anyone on the 60-inch tonight? <b>not bold</b>', author: { id: alice.id }, bot: true },
  });
  const history = (await server.request('GET', `/api/chat/rooms/${groupA}/messages`, { token: carol.token })).body.data;
  expect(history.messages.at(-1)).toEqual(live.data);
  // Outside the group, the room does not exist.
  expect((await server.request('GET', `/api/chat/rooms/${groupA}/messages`, { token: bob.token })).status).toBe(404);
  expect((await server.request('POST', `/api/chat/rooms/${groupA}/messages`, { token: bob.token, body: { text: 'let me in' } })).status).toBe(404);
});

test('history pages backwards from the newest, oldest first within a page', async () => {
  const groupId = await server.createGroup(uniqueId('paging'), [alice.id]);
  const ids: number[] = [];
  for (let n = 1; n <= 5; n++) ids.push(await say(alice, groupId, `line ${n}`));
  const page = (query: Record<string, string>) => server.request('GET', `/api/chat/rooms/${groupId}/messages`, { token: alice.token, query });
  const newest = (await page({ numPerPage: '2' })).body.data;
  expect(newest.messages.map((m: { text: string }) => m.text)).toEqual(['line 4', 'line 5']);
  expect(newest.has_more).toBe(true);
  const older = (await page({ numPerPage: '3', before: String(ids[3]) })).body.data;
  expect(older).toMatchObject({ has_more: false });
  expect(older.messages.map((m: { id: number }) => m.id)).toEqual(ids.slice(0, 3));
  expect((await page({ after: String(ids[2]) })).body.data.messages.map((m: { id: number }) => m.id)).toEqual(ids.slice(3));
  const both = await page({ before: '1', after: '1' });
  expect(both.status).toBe(400);
  expect(both.body.message).toMatch(/after/);
});

test('a socket cut while messages are sent gets each of them once when it comes back with the last id it saw, then live ones', async () => {
  const groupId = await server.createGroup(uniqueId('resume'), [alice.id, carol.id]);
  const first = await server.subscribe(`chat:${groupId}`, { token: carol.token });
  const seen = await say(alice, groupId, 'before the cut');
  expect(await messageIds(first, 300)).toEqual([seen]);
  await first.close(); // the cut
  const missed = [await say(alice, groupId, 'while away 1'), await say(alice, groupId, 'while away 2')];
  // Coming back on the other process, with a burst being sent as it resubscribes.
  const during = Promise.all([say(alice, groupId, 'during 1'), say(alice, groupId, 'during 2'), say(alice, groupId, 'during 3')]);
  const back = await replica.subscribe(`chat:${groupId}`, { token: carol.token, after: seen });
  const sentDuring = await during;
  const after = await say(alice, groupId, 'after');
  const ids = await messageIds(back, 800);
  expect(ids).toEqual([...missed, ...sentDuring].sort((a, b) => a - b).concat(after));
  expect(new Set(ids).size).toBe(ids.length);
});

test('messages posted at once on two processes reach every page in id order (so the last id seen is a safe place to resume)', async () => {
  const groupId = await server.createGroup(uniqueId('order'), [alice.id, carol.id]);
  const pages = [await server.subscribe(`chat:${groupId}`, { token: carol.token }), await replica.subscribe(`chat:${groupId}`, { token: carol.token })];
  const sayOn = async (process: TestServer, text: string) =>
    (await process.request('POST', `/api/chat/rooms/${groupId}/messages`, { token: alice.token, body: { text } })).body.data.id as number;
  // Long texts too: one over the bus's inline size travels by reference, and must not fall behind.
  const texts = Array.from({ length: 24 }, (_, n) => (n % 3 ? `burst ${n}` : `${n} ${'é'.repeat(3900)}`));
  const sent = await Promise.all(texts.map((text, n) => sayOn(n % 2 ? replica : server, text)));
  for (const page of pages) expect(await messageIds(page, 800)).toEqual([...sent].sort((a, b) => a - b));
});

test('presence: a heartbeat makes you present to the room, leaving takes you out, and both are announced', async () => {
  const groupId = await server.createGroup(uniqueId('presence'), [alice.id, carol.id]);
  const carolPage = await server.subscribe(`chat:${groupId}`, { token: carol.token });
  const present = (await server.request('POST', `/api/chat/rooms/${groupId}/presence`, { token: alice.token })).body.data;
  expect(present.map((p: { user: { id: number } }) => p.user.id)).toEqual([alice.id]);
  const joined = await carolPage.next((m) => m.type === 'chat.presence');
  expect(joined.data.present.map((p: { user: { username: string } }) => p.user.username)).toEqual([alice.username]);
  // A second heartbeat is no news.
  await server.request('POST', `/api/chat/rooms/${groupId}/presence`, { token: alice.token });
  await expect(carolPage.next((m) => m.type === 'chat.presence', { timeoutMs: 300 })).rejects.toThrow();
  await server.request('DELETE', `/api/chat/rooms/${groupId}/presence`, { token: alice.token });
  expect((await carolPage.next((m) => m.type === 'chat.presence')).data.present).toEqual([]);
  expect((await server.request('GET', `/api/chat/rooms/${groupId}/presence`, { token: carol.token })).body.data).toEqual([]);
});

test('typing is shown to the room, at most once a second per person, and to no one outside it', async () => {
  const carolPage = await server.subscribe(`chat:${groupA}`, { token: carol.token });
  const adminPage = await server.subscribe(`chat:${groupB}`);
  await server.request('POST', `/api/chat/rooms/${groupA}/typing`, { token: alice.token });
  await server.request('POST', `/api/chat/rooms/${groupA}/typing`, { token: alice.token });
  expect((await carolPage.next((m) => m.type === 'chat.typing')).data).toEqual({ group_id: groupA, user: expect.objectContaining({ id: alice.id }) });
  await expect(carolPage.next((m) => m.type === 'chat.typing', { timeoutMs: 300 })).rejects.toThrow();
  await expect(adminPage.next((m) => m.type === 'chat.typing', { timeoutMs: 100 })).rejects.toThrow();
});

test('an @mention in a room notifies a member, never someone outside the group', async () => {
  const carolInbox = await server.subscribe(`user:${carol.id}`, { token: carol.token });
  const bobInbox = await server.subscribe(`user:${bob.id}`, { token: bob.token });
  await say(alice, groupA, `@${carol.username} @${bob.username} the field is up`);
  expect((await carolInbox.next((m) => m.type === 'notifications.added')).data).toMatchObject({ url: `/chat/${groupA}`, notification_type: 'mention' });
  await expect(bobInbox.next((m) => m.type === 'notifications.added', { timeoutMs: 300 })).rejects.toThrow();
});

test.each([
  ['no text', {}, 'text'],
  ['blank text', { text: ' \t ' }, 'text'],
  ['text too long', { text: 'y'.repeat(4001) }, 'text'],
])('bad input (%s) is a 400 naming the field, and nothing is stored', async (_case, body, field) => {
  const result = await tryBadInput(server, { method: 'POST', path: `/api/chat/rooms/${groupA}/messages`, token: alice.token, body, status: 400, field }, [
    'chat_messages',
  ]);
  expect(result).toMatchObject({ status: 400, namesField: true, changedTables: [] });
});

test('a view-only member reads the room but may not speak (401, the Comment ACL)', async () => {
  const viewer = await server.createUser({ roles: ['View only'], groupIds: [groupA] });
  expect((await server.request('GET', `/api/chat/rooms/${groupA}/messages`, { token: viewer.token })).status).toBe(200);
  expect((await server.request('POST', `/api/chat/rooms/${groupA}/messages`, { token: viewer.token, body: { text: 'hi' } })).status).toBe(401);
});
