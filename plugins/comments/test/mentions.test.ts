import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { mentionedUsernames } from '../types.js';

// @mentions: the mentioned user hears of it on their own channel and finds it in their
// notifications, if they may read what mentions them; nobody else is told anything.
let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
let groupB: number;
let objId: string;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Comment'] }));
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 20, dec: -5, group_ids: [groupA, groupB] } });
});

const notificationsOf = async (user: TestUser) => (await server.request('GET', '/api/internal/notifications', { token: user.token })).body.data;

test('mentions are the @words of a text, less the punctuation around them', () => {
  expect(mentionedUsernames('(@alice), ask @bob-2 and @j.doe. About @alice again; mail a@b.org, not @ or @@x')).toEqual(['alice', 'bob-2', 'j.doe']);
  expect(mentionedUsernames('**@carol** `@dave`')).toEqual(['carol', 'dave']);
});

test('a mentioned user who may read the comment is notified live and in their list, and marks it read', async () => {
  const carol = await server.createUser({ acls: ['Comment'], username: uniqueId('carol'), groupIds: [groupA] });
  const carolPage = await server.subscribe(`user:${carol.id}`, { token: carol.token });
  const text = `@${carol.username} please check the spectrum`;
  await server.request('POST', `/api/sources/${objId}/comments`, { token: alice.token, body: { text, group_ids: [groupA] } });
  const live = await carolPage.next((m) => m.type === 'notifications.added');
  expect(live.data).toMatchObject({
    user_id: carol.id,
    notification_type: 'mention',
    text: `${alice.username} mentioned you in a comment on ${objId}`,
    url: `/source/${objId}`,
    viewed: false,
  });
  const [listed] = await notificationsOf(carol);
  expect(listed).toEqual(live.data);
  expect((await server.request('PATCH', `/api/internal/notifications/${listed.id}`, { token: carol.token, body: { viewed: true } })).status).toBe(200);
  expect((await server.request('GET', '/api/internal/notifications', { token: carol.token, query: { viewed: 'false' } })).body.data).toEqual([]);
  // Nobody else reads or clears carol's notifications.
  expect((await server.request('GET', `/api/internal/notifications/${listed.id}`, { token: alice.token })).status).toBe(400);
  expect((await server.request('DELETE', `/api/internal/notifications/${listed.id}`, { token: alice.token })).status).toBe(400);
  expect((await server.request('DELETE', `/api/internal/notifications/${listed.id}`, { token: carol.token })).status).toBe(200);
  expect(await notificationsOf(carol)).toEqual([]);
});

test('a mentioned user who may not read the comment is not told it exists; nor is the author, or a name nobody has', async () => {
  const bobPage = await server.subscribe(`user:${bob.id}`, { token: bob.token });
  const alicePage = await server.subscribe(`user:${alice.id}`, { token: alice.token });
  await server.request('POST', `/api/sources/${objId}/comments`, {
    token: alice.token,
    body: { text: `@${bob.username} @${alice.username} @${uniqueId('nobody')} for A only`, group_ids: [groupA] },
  });
  await expect(bobPage.next((m) => m.type === 'notifications.added', { timeoutMs: 500 })).rejects.toThrow();
  await expect(alicePage.next((m) => m.type === 'notifications.added', { timeoutMs: 100 })).rejects.toThrow();
  expect(await notificationsOf(bob)).toEqual([]);
  expect(await notificationsOf(alice)).toEqual([]);
});

test('marking all read needs a browser session or a token that may comment, and touches only your own', async () => {
  const dana = await server.createUser({ acls: ['Comment'], username: uniqueId('dana'), groupIds: [groupA] });
  const erin = await server.createUser({ acls: ['Comment'], username: uniqueId('erin'), groupIds: [groupA] });
  await server.request('POST', `/api/sources/${objId}/comments`, {
    token: alice.token,
    body: { text: `@${dana.username} @${erin.username}`, group_ids: [groupA] },
  });
  const viewerToken = await server.createUser({ roles: ['View only'] });
  expect((await server.request('PATCH', '/api/internal/notifications', { token: viewerToken.token, body: { viewed: true } })).status).toBe(401);
  expect((await server.request('PATCH', '/api/internal/notifications', { token: dana.token, body: { viewed: 'yes' } })).status).toBe(400);
  expect((await server.request('PATCH', '/api/internal/notifications', { token: dana.token, body: { viewed: true } })).status).toBe(200);
  expect((await notificationsOf(dana)).map((n: { viewed: boolean }) => n.viewed)).toEqual([true]);
  expect((await notificationsOf(erin)).map((n: { viewed: boolean }) => n.viewed)).toEqual([false]);
});

test('an edit that adds a mention tells that user; those mentioned before are not told again', async () => {
  const [erin, finn] = [
    await server.createUser({ acls: ['Comment'], username: uniqueId('erin'), groupIds: [groupA] }),
    await server.createUser({ acls: ['Comment'], username: uniqueId('finn'), groupIds: [groupA] }),
  ];
  const path = `/api/sources/${objId}/comments`;
  const id = (await server.request('POST', path, { token: alice.token, body: { text: `@${erin.username} first look`, group_ids: [groupA] } })).body.data
    .comment_id;
  expect(await notificationsOf(erin)).toHaveLength(1);
  const finnInbox = await server.subscribe(`user:${finn.id}`, { token: finn.token });
  const edit = { text: `@${erin.username} first look; @${finn.username} can you take a spectrum?` };
  expect((await server.request('PUT', `${path}/${id}`, { token: alice.token, body: edit })).status).toBe(200);
  expect((await finnInbox.next((m) => m.type === 'notifications.added')).data.text).toBe(`${alice.username} mentioned you in a comment on ${objId}`);
  expect(await notificationsOf(erin)).toHaveLength(1);
  // An edit of the groups alone mentions nobody anew.
  await server.request('PUT', `${path}/${id}`, { token: alice.token, body: { group_ids: [groupA, groupB] } });
  expect(await notificationsOf(finn)).toHaveLength(1);
});
