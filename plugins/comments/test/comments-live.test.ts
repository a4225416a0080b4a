import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// Live comments over real WebSockets: every open page of a source hears of a comment added, edited
// or deleted, if and only if its user may read it; the message carries ids only.
let server: TestServer;
let replica: TestServer;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
let groupB: number;
let objId: string;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  replica = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)], replicaOf: server });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Comment'] }));
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 150.1, dec: 2.2, group_ids: [groupA, groupB] } });
});

const changed = (action: string, commentId?: number) => (m: { type: string; data?: any }) =>
  m.type === 'comments.changed' && m.data.action === action && (commentId === undefined || m.data.comment_id === commentId);

test("a comment for group A reaches A's open pages of the source, on every process, and never B's", async () => {
  const alicePages = [await server.subscribe(`source:${objId}`, { token: alice.token }), await replica.subscribe(`source:${objId}`, { token: alice.token })];
  const bobPages = [await server.subscribe(`source:${objId}`, { token: bob.token }), await replica.subscribe(`source:${objId}`, { token: bob.token })];
  const posted = await server.request('POST', `/api/sources/${objId}/comments`, {
    token: alice.token,
    body: { text: 'secret plan for A', group_ids: [groupA] },
  });
  const id = posted.body.data.comment_id;
  for (const page of alicePages) {
    const message = await page.next(changed('added', id));
    expect(message).toEqual({
      channel: `source:${objId}`,
      type: 'comments.changed',
      data: { obj_id: objId, spectrum_id: null, comment_id: id, action: 'added' },
    });
  }
  await server.request('PUT', `/api/sources/${objId}/comments/${id}`, { token: alice.token, body: { text: 'revised plan for A' } });
  await server.request('DELETE', `/api/sources/${objId}/comments/${id}`, { token: alice.token });
  for (const page of alicePages) {
    await page.next(changed('edited', id));
    await page.next(changed('deleted', id));
  }
  for (const page of bobPages) await expect(page.next((m) => m.type === 'comments.changed', { timeoutMs: 500 })).rejects.toThrow(/no matching message/);
});

test('a comment opened to another group tells that group (it appears), and one taken from a group tells it too (it goes)', async () => {
  const carol = await server.createUser({ acls: ['Comment'], groupIds: [groupA, groupB] });
  const bobPage = await server.subscribe(`source:${objId}`, { token: bob.token });
  const id = (await server.request('POST', `/api/sources/${objId}/comments`, { token: carol.token, body: { text: 'for A', group_ids: [groupA] } })).body.data
    .comment_id;
  await expect(bobPage.next(changed('added', id), { timeoutMs: 300 })).rejects.toThrow();
  await server.request('PUT', `/api/sources/${objId}/comments/${id}`, { token: carol.token, body: { group_ids: [groupA, groupB] } });
  await bobPage.next(changed('edited', id));
  await server.request('PUT', `/api/sources/${objId}/comments/${id}`, { token: carol.token, body: { group_ids: [groupA] } });
  await bobPage.next(changed('edited', id)); // B refetches and no longer has it
  expect((await server.request('GET', `/api/sources/${objId}/comments/${id}`, { token: bob.token })).status).toBe(403);
});

test('nobody who cannot see the source can follow it', async () => {
  const outsider = await server.createUser({ acls: ['Comment'] });
  await expect(server.subscribe(`source:${objId}`, { token: outsider.token })).rejects.toThrow(/refused/);
});
