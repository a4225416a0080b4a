import { coreServices, definePlugin, type Audience, type Knex, type LiveHub, type ResumedMessage } from '@skyportal/sdk';
import { startTestServer, type Subscription, type TestServer, type TestUser } from '@skyportal/test-kit';

// A resumable channel `probe:<key>` whose messages live in memory: the hub's side of resuming
// (subscribe with `after`), independent of any plugin's store.
const stored: (ResumedMessage & { key: string })[] = [];
let resumerDelayMs = 0;
let live: LiveHub;
let db: Knex;
const probe = definePlugin({
  name: 'resume-probe',
  register({ services }) {
    live = services.get(coreServices.live);
    db = services.get(coreServices.db);
    live.authorizeChannel('probe', () => true);
    live.resumeChannel('probe', async (_user, key, after, limit) => {
      await new Promise((resolve) => setTimeout(resolve, resumerDelayMs));
      return stored.filter((message) => message.key === key && message.id > after).slice(0, limit);
    });
  },
});

let server: TestServer;
let reader: TestUser;
let nextId = 1;
beforeAll(async () => {
  server = await startTestServer({ plugins: [probe] });
  reader = await server.createUser();
});
afterEach(() => {
  resumerDelayMs = 0;
});

/** Stores a message, then publishes it: what a plugin's write does. */
async function post(key: string, audience: Audience = { userIds: [reader.id] }): Promise<number> {
  const id = nextId++;
  stored.push({ key, id, type: 'probe.said', data: { n: id }, audience });
  await live.publish(`probe:${key}`, { type: 'probe.said', id, data: { n: id } }, audience);
  return id;
}

/** Every `probe.said` id that arrives within `ms`. */
async function idsWithin(sub: Subscription, ms: number): Promise<number[]> {
  const ids: number[] = [];
  for (;;) {
    const message = await sub.next((m) => m.type === 'probe.said', { timeoutMs: ms }).catch(() => undefined);
    if (!message) return ids;
    ids.push(message.id!);
  }
}

test('a socket cut and opened again with the last id it saw gets what it missed, in order, then live messages, none twice', async () => {
  const first = await server.subscribe('probe:a', { token: reader.token });
  const seen = [await post('a'), await post('a')];
  expect(await idsWithin(first, 300)).toEqual(seen);
  await first.close();
  const missed = [await post('a'), await post('a'), await post('a')];
  const second = await server.subscribe('probe:a', { token: reader.token, after: seen[1] });
  expect(second.resumed).toEqual({ count: 3, more: false });
  const later = await post('a');
  expect(await idsWithin(second, 500)).toEqual([...missed, later]);
});

test('messages published while the missed ones load are held back and sent once, after them', async () => {
  const before = await post('b');
  resumerDelayMs = 300; // the store answers slowly: the burst below is published meanwhile
  const subscribing = server.subscribe('probe:b', { token: reader.token, after: before - 1 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const during = await Promise.all([post('b'), post('b'), post('b')]);
  const sub = await subscribing;
  // The store read happened after the burst: each burst message is both stored and held; each is sent once.
  expect(await idsWithin(sub, 500)).toEqual([before, ...during]);
});

test('a missed message is resent only to a user in its audience, as a live one would be', async () => {
  const other = await server.createUser();
  const start = await post('c');
  const forOther = await post('c', { userIds: [other.id] });
  const forBoth = await post('c', { userIds: [reader.id, other.id] });
  const sub = await server.subscribe('probe:c', { token: reader.token, after: start });
  expect(await idsWithin(sub, 300)).toEqual([forBoth]);
  expect(forOther).toBeLessThan(forBoth);
});

test('past the resume limit the client is told there is more (and reloads) rather than flooded', async () => {
  const start = nextId - 1;
  for (let i = 0; i < 501; i++) {
    const id = nextId++;
    stored.push({ key: 'd', id, type: 'probe.said', data: { n: id }, audience: { userIds: [reader.id] } });
  }
  const sub = await server.subscribe('probe:d', { token: reader.token, after: start });
  expect(sub.resumed).toEqual({ count: 500, more: true });
  const ids = await idsWithin(sub, 500);
  expect(ids).toHaveLength(500);
  expect(ids[0]).toBe(start + 1);
});

test('a subscribe whose after is not an id is answered with an error frame, and the socket stays open', async () => {
  const socket = await server.connect(reader.token);
  const replies: { type: string; message?: string }[] = [];
  socket.on('message', (raw) => replies.push(JSON.parse(String(raw))));
  socket.send(JSON.stringify({ action: 'subscribe', channel: 'probe:e', after: -1 }));
  socket.send(JSON.stringify({ action: 'subscribe', channel: 'probe:e', after: 'latest' }));
  socket.send(JSON.stringify({ action: 'subscribe', channel: 'probe:e' }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(replies.map((reply) => reply.type)).toEqual(['error', 'error', 'subscribed']);
  expect(replies[0]!.message).toMatch(/after must be/);
});

test('a message resent on resuming whose live frame comes later (from another process) is not sent twice', async () => {
  const start = await post('f');
  // Stored, and read back by the resume, before its publication reaches this process.
  const id = nextId++;
  stored.push({ key: 'f', id, type: 'probe.said', data: { n: id }, audience: { userIds: [reader.id] } });
  const sub = await server.subscribe('probe:f', { token: reader.token, after: start });
  await live.publish('probe:f', { type: 'probe.said', id, data: { n: id } }, { userIds: [reader.id] });
  const later = await post('f');
  expect(await idsWithin(sub, 400)).toEqual([id, later]);
});

test('a message published in a transaction leaves with its commit, to this process too, and never after a rollback', async () => {
  const sub = await server.subscribe('probe:g', { token: reader.token });
  const say = (trx: Knex.Transaction, n: number) =>
    live.publish('probe:g', { type: 'probe.said', id: n, data: { n } }, { userIds: [reader.id] }, { transaction: trx });
  await db.transaction(async (trx) => {
    await say(trx, 1);
    expect(await idsWithin(sub, 200)).toEqual([]); // not before the commit
  });
  expect(await idsWithin(sub, 300)).toEqual([1]);
  await expect(
    db.transaction(async (trx) => {
      await say(trx, 2);
      throw new Error('the write failed');
    }),
  ).rejects.toThrow('the write failed');
  // A burst committing one after another (a lock, as a chat room's), every other one over the bus's
  // inline size (sent by reference): they arrive in commit order all the same.
  let n = 2;
  await Promise.all(
    Array.from({ length: 12 }, () =>
      db.transaction(async (trx) => {
        await trx.raw("SELECT pg_advisory_xact_lock(hashtext('resume-probe'))");
        const id = ++n;
        const data = id % 2 ? { n: id, big: 'x'.repeat(9000) } : { n: id };
        await live.publish('probe:g', { type: 'probe.said', id, data }, { userIds: [reader.id] }, { transaction: trx });
      }),
    ),
  );
  expect(await idsWithin(sub, 500)).toEqual(Array.from({ length: 12 }, (_, i) => i + 3));
});
