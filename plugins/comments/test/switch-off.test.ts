import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';

// Comments switched off on a site that had them: the same database served by a process without the
// plugin. Sources, users and groups work as before (their deletes take the comments with them),
// comment routes are gone, and a process with comments on still reads what is left.
let withComments: TestServer;
let without: TestServer;

beforeAll(async () => {
  withComments = await startTestServer({ plugins: ['sources', 'photometry', new URL('..', import.meta.url)] });
  without = await startTestServer({ plugins: ['sources', 'photometry'], replicaOf: withComments });
});

test('without the plugin, sources, users and groups that have comments and chat work as before', async () => {
  const { alice, groupA } = await withComments.twoGroupsWithUsers({ acls: ['Comment'] });
  const [kept, deleted] = [uniqueId('ZTF'), uniqueId('ZTF')];
  for (const id of [kept, deleted]) await withComments.request('POST', '/api/sources', { body: { id, ra: 12.5, dec: -3.2, group_ids: [groupA] } });
  const comment = async (id: string, token = alice.token) =>
    (await withComments.request('POST', `/api/sources/${id}/comments`, { token, body: { text: `on ${id}`, group_ids: [groupA] } })).body.data.comment_id;
  const keptComment = await comment(kept);
  await comment(deleted);
  expect((await withComments.request('POST', `/api/chat/rooms/${groupA}/messages`, { token: alice.token, body: { text: 'hi' } })).status).toBe(200);

  // The process without comments has no comment or chat routes, and no comment keys in its answers.
  expect((await without.request('GET', `/api/sources/${kept}/comments`, { token: alice.token })).status).toBe(404);
  expect((await without.request('GET', '/api/chat/rooms', { token: alice.token })).status).toBe(404);
  expect((await without.request('GET', '/api/plugins', { token: null })).body.data.plugins.map((p: { name: string }) => p.name)).not.toContain('comments');
  const source = await without.request('GET', `/api/sources/${kept}`, { token: alice.token });
  expect(source.status).toBe(200);
  expect(source.body.data).not.toHaveProperty('comments');
  expect((await without.request('GET', '/api/sources', { token: alice.token })).status).toBe(200);

  // Its deletes take comments with them: a source, a commenting user, a group with a room.
  expect((await without.request('DELETE', `/api/sources/${deleted}`)).status).toBe(200);
  const dana = await withComments.createUser({ acls: ['Comment'], groupIds: [groupA] });
  await comment(kept, dana.token);
  expect((await without.request('DELETE', `/api/user/${dana.id}`)).status).toBe(200);
  const room = await withComments.createGroup(uniqueId('room'), [alice.id]);
  await withComments.request('POST', `/api/chat/rooms/${room}/messages`, { token: alice.token, body: { text: 'soon gone' } });
  expect((await without.request('DELETE', `/api/groups/${room}`)).status).toBe(200);

  // With comments on again, what is left is whole.
  const left = (await withComments.request('GET', `/api/sources/${kept}/comments`, { token: alice.token })).body.data;
  expect(left.map((c: { id: number }) => c.id)).toEqual([keptComment]);
  expect((await withComments.request('GET', `/api/sources/${deleted}/comments/${keptComment + 1}`, { token: alice.token })).status).toBe(403);
  expect((await withComments.request('GET', `/api/chat/rooms/${groupA}/messages`, { token: alice.token })).body.data.messages).toHaveLength(1);
});
