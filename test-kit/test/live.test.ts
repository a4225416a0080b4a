import { startTestServer, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});

describe('subscribe(channel) and next()', () => {
  test('a message that arrived before next() is still returned; skipped ones wait for a later call', async () => {
    const user = await server.createUser();
    const live = await server.subscribe(`user:${user.id}`, { token: user.token });
    await server.app.live.publish(`user:${user.id}`, { type: 'first', data: 1 }, { userIds: [user.id] });
    await server.app.live.publish(`user:${user.id}`, { type: 'second', data: 2 }, { userIds: [user.id] });
    await new Promise((resolve) => setTimeout(resolve, 200)); // both have arrived by now
    expect(await live.next((m) => m.type === 'second')).toEqual({ channel: `user:${user.id}`, type: 'second', data: 2 });
    expect(await live.next()).toEqual({ channel: `user:${user.id}`, type: 'first', data: 1 });
  });

  test('a message that matches nothing within the timeout rejects, naming what did arrive', async () => {
    const user = await server.createUser();
    const live = await server.subscribe(`user:${user.id}`, { token: user.token });
    await server.app.live.publish(`user:${user.id}`, { type: 'other' }, { userIds: [user.id] });
    await expect(live.next((m) => m.type === 'wanted', { timeoutMs: 300 })).rejects.toThrow(
      `no matching message on user:${user.id} within 300 ms (unclaimed: other)`,
    );
  });

  test("a channel the user may not read is refused with the server's reason", async () => {
    const [alice, bob] = [await server.createUser(), await server.createUser()];
    await expect(server.subscribe(`user:${bob.id}`, { token: alice.token })).rejects.toThrow(`subscribing to user:${bob.id} was refused: channel not found`);
  });

  test('closing a subscription makes a pending next() reject', async () => {
    const live = await server.subscribe('user:1');
    const pending = live.next(() => true, { timeoutMs: 10_000 });
    await live.close();
    await expect(pending).rejects.toThrow(/no message on user:1: the socket closed/);
  });
});

describe('fixtures', () => {
  test('twoGroupsWithUsers: alice is in groupA and not groupB, bob the other way round, each with a token', async () => {
    const { alice, bob, groupA, groupB } = await server.twoGroupsWithUsers();
    const groupsOf = async (token: string) =>
      ((await server.request('GET', '/api/internal/profile', { token })).body.data.groups as { id: number }[]).map((g) => g.id);
    const aliceGroups = await groupsOf(alice.token);
    const bobGroups = await groupsOf(bob.token);
    expect(aliceGroups).toContain(groupA);
    expect(aliceGroups).not.toContain(groupB);
    expect(bobGroups).toContain(groupB);
    expect(bobGroups).not.toContain(groupA);
  });

  test('twoGroupsWithUsers twice on one server gives new groups and users', async () => {
    const first = await server.twoGroupsWithUsers();
    const second = await server.twoGroupsWithUsers({ roles: ['View only'] });
    expect(new Set([first.groupA, first.groupB, second.groupA, second.groupB]).size).toBe(4);
    expect(second.alice.id).not.toBe(first.alice.id);
    const profile = await server.request('GET', '/api/internal/profile', { token: second.alice.token });
    expect(profile.body.data.roles).toEqual(['View only']);
  });
});
