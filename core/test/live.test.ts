import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';

// Two app processes' worth of servers on one database: a message published on one reaches
// subscribers connected to the other through Postgres LISTEN/NOTIFY.
let first: TestServer;
let second: TestServer;
beforeAll(async () => {
  first = await startTestServer({ plugins: ['sources', 'templates/plugin'] });
  second = await startTestServer({ plugins: ['sources', 'templates/plugin'], replicaOf: first });
});

describe('WebSocket hub', () => {
  test('an upgrade without credentials is refused (401)', async () => {
    await expect(first.connect('wrong-token')).rejects.toThrow(/401/);
  });

  test("a user cannot subscribe to another user's channel or a group they are not in", async () => {
    const alice = await first.createUser();
    const bob = await first.createUser();
    await expect(first.subscribe(`user:${alice.id}`, { token: alice.token })).resolves.toMatchObject({ channel: `user:${alice.id}` });
    await expect(first.subscribe(`user:${bob.id}`, { token: alice.token })).rejects.toThrow(/refused/);
    await expect(first.subscribe(`group:${bob.singleUserGroupId}`, { token: alice.token })).rejects.toThrow(/refused/);
  });

  test('a group message reaches members on both processes and no one else', async () => {
    const writer = await first.createUser();
    await first.request('POST', `/api/user/${writer.id}/roles`, { body: { roleIds: ['Super admin'] } });
    const member = await first.createUser();
    const outsider = await first.createUser();
    const groupId = await first.createGroup(uniqueId('observers'), [member.id]);

    const onBoth = [await first.subscribe(`group:${groupId}`, { token: member.token }), await second.subscribe(`group:${groupId}`, { token: member.token })];
    await expect(second.subscribe(`group:${groupId}`, { token: outsider.token })).rejects.toThrow(/refused/);

    const objId = uniqueId('live');
    await first.request('POST', '/api/sources', { body: { id: objId, ra: 1, dec: 1, group_ids: [groupId] } });
    const posted = await first.request('POST', '/api/example/notes', { body: { obj_id: objId, text: 'live', group_ids: [groupId] } });
    expect(posted.status).toBe(200);
    for (const live of onBoth) {
      const message = await live.next((m) => m.type === 'example.noteSaved');
      expect(message).toEqual({ channel: `group:${groupId}`, type: 'example.noteSaved', data: { id: posted.body.data.id, obj_id: objId } });
    }
  });

  test('a message whose audience excludes a subscriber is not delivered to them', async () => {
    const user = await first.createUser();
    const live = await second.subscribe(`user:${user.id}`, { token: user.token });
    const hub = first.app.live;
    await hub.publish(`user:${user.id}`, { type: 'secret' }, { groupIds: [999_999] });
    await hub.publish(`user:${user.id}`, { type: 'for-you' }, { userIds: [user.id] });
    expect(await live.next()).toMatchObject({ type: 'for-you' }); // the first to arrive: 'secret' never did
    await expect(live.next((m) => m.type === 'secret', { timeoutMs: 300 })).rejects.toThrow(/no matching message/);
  });

  test('an audience `within` another reaches only those in both', async () => {
    const [inBoth, inFirst, inSecond, named] = [await first.createUser(), await first.createUser(), await first.createUser(), await first.createUser()];
    const [a, b] = [await first.createGroup(uniqueId('a'), [inBoth.id, inFirst.id]), await first.createGroup(uniqueId('b'), [inBoth.id, inSecond.id])];
    const channel = `probe-within:${uniqueId('k')}`;
    const pages = await Promise.all([inBoth, inFirst, inSecond, named].map((user) => second.subscribe(`user:${user.id}`, { token: user.token })));
    for (const user of [inBoth, inFirst, inSecond, named]) {
      await first.app.live.publish(`user:${user.id}`, { type: 'both', data: channel }, { groupIds: [a], within: { groupIds: [b], userIds: [named.id] } });
    }
    // named is one of the inner audience's users but in neither group of the outer one.
    await first.app.live.publish(`user:${named.id}`, { type: 'named', data: channel }, { userIds: [named.id], within: { groupIds: [b], userIds: [named.id] } });
    expect((await pages[0]!.next((m) => m.type === 'both')).data).toBe(channel);
    for (const page of pages.slice(1, 3)) await expect(page.next((m) => m.type === 'both', { timeoutMs: 200 })).rejects.toThrow(/no matching message/);
    expect((await pages[3]!.next()).type).toBe('named');
  });

  test('revoking a token closes its sockets on every process', async () => {
    const user = await first.createUser({ password: 'correct horse battery' });
    const browser = await first.signIn(user.username, 'correct horse battery');
    const made = await browser.request('POST', '/api/internal/tokens', { body: { name: 'ws', acls: [] } });
    const socket = await second.connect(made.body.data.token_id);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await browser.request('DELETE', `/api/internal/tokens/${made.body.data.id}`);
    expect(await closed).toBe(4401);
  });

  test('messages larger than a NOTIFY payload still cross processes', async () => {
    const user = await first.createUser();
    const live = await second.subscribe(`user:${user.id}`, { token: user.token });
    const big = 'x'.repeat(20_000);
    await first.app.live.publish(`user:${user.id}`, { type: 'big', data: { big } }, { userIds: [user.id] });
    const message = await live.next((m) => m.type === 'big');
    expect(message.data.big).toHaveLength(20_000);
  });
});
