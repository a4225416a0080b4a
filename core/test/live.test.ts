import type WebSocket from 'ws';
import { startTestServer, type TestServer } from '@skyportal/test-kit';

/** Collects the live messages a socket receives. */
function inbox(socket: WebSocket) {
  const messages: any[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  return {
    messages,
    async waitFor(predicate: (m: any) => boolean, timeoutMs = 5000) {
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        const found = messages.find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
    },
  };
}

async function subscribe(socket: WebSocket, box: ReturnType<typeof inbox>, channel: string) {
  socket.send(JSON.stringify({ action: 'subscribe', channel }));
  return box.waitFor((m) => m.channel === channel && (m.type === 'subscribed' || m.type === 'error'));
}

// Two app processes' worth of servers on one database: a message published on one reaches
// subscribers connected to the other through Postgres LISTEN/NOTIFY.
let first: TestServer;
let second: TestServer;
beforeAll(async () => {
  first = await startTestServer({ plugins: ['templates/plugin'] });
  second = await startTestServer({ plugins: ['templates/plugin'], replicaOf: first });
});

describe('WebSocket hub', () => {
  test('an upgrade without credentials is refused (401)', async () => {
    await expect(first.connect('wrong-token')).rejects.toThrow(/401/);
  });

  test("a user cannot subscribe to another user's channel or a group they are not in", async () => {
    const alice = await first.createUser();
    const bob = await first.createUser();
    const socket = await first.connect(alice.token);
    const box = inbox(socket);
    expect((await subscribe(socket, box, `user:${alice.id}`)).type).toBe('subscribed');
    expect((await subscribe(socket, box, `user:${bob.id}`)).type).toBe('error');
    expect((await subscribe(socket, box, `group:${bob.singleUserGroupId}`)).type).toBe('error');
    socket.close();
  });

  test('a group message reaches members on both processes and no one else', async () => {
    const writer = await first.createUser();
    await first.request('POST', `/api/user/${writer.id}/roles`, { body: { roleIds: ['Super admin'] } });
    const member = await first.createUser();
    const outsider = await first.createUser();
    const groupId = await first.createGroup(`observers-${Date.now()}`, [member.id]);

    const onFirst = await first.connect(member.token);
    const onSecond = await second.connect(member.token);
    const outsiderSocket = await second.connect(outsider.token);
    const boxes = [inbox(onFirst), inbox(onSecond)];
    const outsiderBox = inbox(outsiderSocket);
    for (const [socket, box] of [
      [onFirst, boxes[0]!],
      [onSecond, boxes[1]!],
    ] as const) {
      expect((await subscribe(socket, box, `group:${groupId}`)).type).toBe('subscribed');
    }
    expect((await subscribe(outsiderSocket, outsiderBox, `group:${groupId}`)).type).toBe('error');

    const posted = await first.request('POST', '/api/example/notes', { body: { text: 'live', group_ids: [groupId] } });
    expect(posted.status).toBe(200);
    for (const box of boxes) {
      const message = await box.waitFor((m) => m.type === 'example.noteSaved');
      expect(message).toEqual({ channel: `group:${groupId}`, type: 'example.noteSaved', data: { id: posted.body.data.id } });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(outsiderBox.messages.filter((m) => m.type === 'example.noteSaved')).toEqual([]);
    for (const s of [onFirst, onSecond, outsiderSocket]) s.close();
  });

  test('a message whose audience excludes a subscriber is not delivered to them', async () => {
    const user = await first.createUser();
    const socket = await second.connect(user.token);
    const box = inbox(socket);
    await subscribe(socket, box, `user:${user.id}`);
    const hub = first.app.live;
    await hub.publish(`user:${user.id}`, { type: 'secret' }, { groupIds: [999_999] });
    await hub.publish(`user:${user.id}`, { type: 'for-you' }, { userIds: [user.id] });
    await box.waitFor((m) => m.type === 'for-you');
    expect(box.messages.some((m) => m.type === 'secret')).toBe(false);
    socket.close();
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
    const socket = await second.connect(user.token);
    const box = inbox(socket);
    await subscribe(socket, box, `user:${user.id}`);
    const big = 'x'.repeat(20_000);
    const hub = first.app.live;
    await hub.publish(`user:${user.id}`, { type: 'big', data: { big } }, { userIds: [user.id] });
    const message = await box.waitFor((m) => m.type === 'big');
    expect(message.data.big).toHaveLength(20_000);
    socket.close();
  });
});
