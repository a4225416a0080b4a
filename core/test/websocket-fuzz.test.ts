/**
 * The WebSocket protocol under hostile input, against a real `skyportal start` process: no frame
 * of any kind from a signed-in caller may end the process. After every case the site still
 * answers /api/health and the process is still running.
 */
import net from 'node:net';
import WebSocket from 'ws';
import { startTestServer, type TestServer, type TestUser } from '@skyportal/test-kit';
import { startPortalProcess, type PortalProcess } from '@skyportal/test-kit/process';

let inTest: TestServer;
let portal: PortalProcess;
let viewer: TestUser;

beforeAll(async () => {
  inTest = await startTestServer({ plugins: ['sources'] });
  portal = await startPortalProcess({
    databaseUrl: inTest.databaseUrl,
    config: { plugins: { sources: { enabled: true }, photometry: { enabled: false }, 'alert-stream': { enabled: false } } },
  });
  // The caller of the incident: View only, with a token that carries no ACL at all.
  viewer = await inTest.createUser({ roles: ['View only'], tokenAcls: [] });
});

afterAll(async () => {
  await portal?.stop();
  await inTest?.stop();
});

/** A socket on the real process, with every frame it receives and how it closed. */
async function open(token = viewer.token) {
  const socket = new WebSocket(`${portal.url.replace('http', 'ws')}/websocket`, { headers: { authorization: `token ${token}` } });
  const frames: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  socket.on('error', () => undefined); // a refused or closed socket is an outcome here, not a test failure
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
  const waitFor = async (predicate: (frame: any) => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = frames.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no matching frame; got ${JSON.stringify(frames).slice(0, 500)}`);
  };
  await waitFor((f) => f.type === 'welcome');
  return { socket, frames, closed, waitFor };
}

async function expectAlive() {
  // The incident: the process died ~1.5 s after the frame. Give it longer than that to fall over.
  await new Promise((r) => setTimeout(r, 200));
  expect(portal.child.exitCode).toBeNull();
  const health = await fetch(`${portal.url}/api/health`);
  expect(health.status).toBe(200);
}

// Each frame that is not a JSON object with a string action (or names no channel it may have)
// gets an error frame back; the socket stays open.
const BAD_FRAMES: [string, string | Buffer][] = [
  ['null (the incident)', 'null'],
  ['a number', '42'],
  ['a string', '"subscribe"'],
  ['true', 'true'],
  ['an array', '[{"action":"subscribe","channel":"user:1"}]'],
  ['an empty object', '{}'],
  ['not JSON', 'subscribe me'],
  ['truncated JSON', '{"action":"subscribe",'],
  ['an empty frame', ''],
  ['a numeric action', '{"action":1}'],
  ['an unknown action', '{"action":"dance","channel":"user:1"}'],
  ['a prototype-ish action', '{"action":"__proto__"}'],
  ['subscribe without channel', '{"action":"subscribe"}'],
  ['a null channel', '{"action":"subscribe","channel":null}'],
  ['a numeric channel', '{"action":"subscribe","channel":7}'],
  ['an object channel', '{"action":"subscribe","channel":{"toString":"x"}}'],
  ['an array channel', '{"action":"unsubscribe","channel":["user:1"]}'],
  ['an unknown channel prefix', '{"action":"subscribe","channel":"nothing:1"}'],
  ['a channel of 10,000 characters', JSON.stringify({ action: 'subscribe', channel: `source:${'x'.repeat(10_000)}` })],
  ['a NUL in the channel', '{"action":"subscribe","channel":"source:a\\u0000b"}'],
  ['a lone surrogate in the channel', '{"action":"subscribe","channel":"source:\\ud800"}'],
  ['a group id beyond int4', '{"action":"subscribe","channel":"group:99999999999"}'],
  ['a source the caller cannot see', '{"action":"subscribe","channel":"source:nope"}'],
  ['deeply nested JSON', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['a binary frame', Buffer.from([0, 1, 2, 255])],
];

describe('every bad frame is answered with an error frame, and the process lives', () => {
  test.each(BAD_FRAMES)('%s', async (_name, frame) => {
    const { socket, frames, waitFor } = await open();
    socket.send(frame);
    const answer = await waitFor((f) => f.type === 'error');
    expect(answer.message).toEqual(expect.any(String));
    // Still usable: a good subscribe after the bad frame works.
    socket.send(JSON.stringify({ action: 'subscribe', channel: `user:${viewer.id}` }));
    await waitFor((f) => f.type === 'subscribed' && f.channel === `user:${viewer.id}`);
    expect(frames.filter((f) => f.type === 'error')).toHaveLength(1);
    socket.close();
    await expectAlive();
  });
});

describe('abuse closes the socket with a code, never the process', () => {
  test('a frame over the size limit closes with 1009', async () => {
    const { socket, closed } = await open();
    socket.send(JSON.stringify({ action: 'subscribe', channel: `user:${'9'.repeat(1024 * 1024)}` }));
    expect((await closed).code).toBe(1009);
    await expectAlive();
  });

  test('a flood of subscribes closes with 1008', async () => {
    const { socket, closed } = await open();
    for (let i = 0; i < 5000 && socket.readyState === WebSocket.OPEN; i++) {
      socket.send(JSON.stringify({ action: 'subscribe', channel: `source:flood${i}` }));
    }
    expect((await closed).code).toBe(1008);
    await expectAlive();
  });

  test('subscriptions per socket are bounded: past the limit each subscribe is an error frame', async () => {
    const user = await inTest.createUser({ roles: ['View only'], tokenAcls: [] });
    // More groups than the limit, all the user's (made in one statement: the routes that make
    // groups are not what this test is about), subscribed slowly enough not to be a flood.
    const stamp = Date.now();
    const rows = await inTest
      .knex('groups')
      .insert(Array.from({ length: 260 }, (_, i) => ({ name: `ws-limit-${stamp}-${i}` })))
      .returning('id');
    const groups: number[] = rows.map((row: { id: number }) => row.id);
    await inTest.knex('group_users').insert(groups.map((group_id) => ({ group_id, user_id: user.id })));
    const { socket, frames, waitFor } = await open(user.token);
    for (const [i, id] of groups.entries()) {
      socket.send(JSON.stringify({ action: 'subscribe', channel: `group:${id}` }));
      if (i % 50 === 49) await waitFor(() => frames.filter((f) => f.channel?.startsWith('group:')).length >= i + 1);
    }
    await waitFor(() => frames.filter((f) => f.channel?.startsWith('group:')).length === groups.length, 10_000);
    const subscribed = frames.filter((f) => f.type === 'subscribed').length;
    const refused = frames.filter((f) => f.type === 'error' && /at most \d+ channels/.test(f.message));
    expect(subscribed).toBe(256);
    expect(refused).toHaveLength(groups.length - 256);
    // Unsubscribing frees a place.
    socket.send(JSON.stringify({ action: 'unsubscribe', channel: `group:${groups[0]}` }));
    socket.send(JSON.stringify({ action: 'subscribe', channel: `group:${groups.at(-1)}` }));
    await waitFor((f) => f.type === 'subscribed' && f.channel === `group:${groups.at(-1)}`);
    socket.close();
    await expectAlive();
  });

  test('invalid UTF-8 in a text frame closes with 1007', async () => {
    const { socket, closed } = await open();
    // ws validates UTF-8 on receipt; send raw bytes marked as text.
    socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await closed).code).toBe(1007);
    await expectAlive();
  });

  test('a client that resets its connection while the upgrade is being authenticated', async () => {
    const { port } = new URL(portal.url);
    for (let i = 0; i < 20; i++) {
      const raw = net.connect(Number(port), '127.0.0.1');
      raw.on('error', () => undefined);
      await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
      raw.write(
        'GET /websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: token ${viewer.token}\r\nOrigin: not a url\r\n\r\n`,
      );
      raw.resetAndDestroy();
    }
    await expectAlive();
  });

  test('a garbage Origin on a cookie upgrade is refused (401), not a crash', async () => {
    const socket = new WebSocket(`${portal.url.replace('http', 'ws')}/websocket`, { headers: { origin: 'http://[::1', cookie: 'skyportal.sid=x' } });
    const status = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('error', () => resolve(-1));
    });
    expect(status).toBe(401);
    await expectAlive();
  });

  test('one user may hold 64 sockets on a process; the 65th upgrade is refused with 429 until one closes', async () => {
    const hoarder = await inTest.createUser({ roles: ['View only'], tokenAcls: [] });
    const sockets = await Promise.all(Array.from({ length: 64 }, () => open(hoarder.token)));
    await expect(open(hoarder.token)).rejects.toThrow('refused: 429');
    // Others are not affected, and closing one socket makes room again.
    const other = await open();
    sockets[0]!.socket.close();
    await sockets[0]!.closed;
    const again = await open(hoarder.token);
    for (const { socket } of [...sockets.slice(1), other, again]) socket.close();
    await expectAlive();
  });

  test('many sockets sending every bad frame at once', async () => {
    const sockets = await Promise.all(Array.from({ length: 20 }, () => open()));
    for (const { socket } of sockets) for (const [, frame] of BAD_FRAMES) socket.send(frame);
    for (const { waitFor, frames } of sockets) await waitFor(() => frames.filter((f) => f.type === 'error').length === BAD_FRAMES.length, 10_000);
    for (const { socket } of sockets) socket.close();
    await expectAlive();
  });
});
