/**
 * A real `skyportal start` process with a plugin full of bugs: each bug is logged (the failed
 * request with its request id) and the process keeps serving every other user.
 */
import { shippedPluginsOff } from '@skyportal/core';
import { createTestDatabase, type TestDatabase } from '@skyportal/test-kit';
import { startPortalProcess, type PortalProcess } from '@skyportal/test-kit/process';

let database: TestDatabase;
let portal: PortalProcess;
const logLines: any[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  portal = await startPortalProcess({
    databaseUrl: database.url,
    config: {
      plugins: {
        ...shippedPluginsOff(),
        faulty: { enabled: true, path: 'core/test/fixtures/plugins/faulty' },
      },
    },
  });
  let buffered = '';
  portal.child.stdout!.on('data', (chunk) => {
    buffered += String(chunk);
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) logLines.push(JSON.parse(line));
  });
});

afterAll(async () => {
  await portal?.stop();
  await database.drop();
});

async function logged(message: RegExp, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = logLines.find((l) => message.test(`${l.msg} ${l.err?.message ?? ''}`));
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing logged matching ${message}; got ${JSON.stringify(logLines).slice(0, 1000)}`);
}

async function expectServing() {
  await new Promise((r) => setTimeout(r, 300));
  expect(portal.child.exitCode).toBeNull();
  expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);
}

test('a handler that throws: 500 with a request id, logged under that id', async () => {
  const res = await fetch(`${portal.url}/api/faulty/throw`);
  expect(res.status).toBe(500);
  const body = await res.json();
  expect(body).toMatchObject({ status: 'error', message: 'Internal server error' });
  const line = await logged(/request failed/);
  expect(line.requestId).toBe(body.data.request_id);
  expect(line.err.message).toMatch(/Cannot read properties of null/);
  await expectServing();
});

test.each([
  ['a timer that throws', '/api/faulty/timer', /faulty timer/],
  ['a promise nobody awaits', '/api/faulty/rejection', /faulty rejection/],
  ['an event listener that throws', '/api/faulty/emitter', /faulty listener/],
])('%s is logged as a bug and the process keeps serving', async (_name, route, message) => {
  expect((await fetch(`${portal.url}${route}`)).status).toBe(200);
  const line = await logged(message);
  expect(line.level).toBe(50); // error
  expect(line.err.stack).toEqual(expect.any(String));
  await expectServing();
});

test.each([
  ['a number past an int column', '/api/faulty/int-overflow', 400, /^Invalid input: /],
  ['a duplicate of a unique value', '/api/faulty/unique', 409, /^name: already taken/],
])('%s that a schema let through (%s) is answered %i, and logged as a bug to fix', async (_name, route, status, message) => {
  const res = await fetch(`${portal.url}${route}`);
  expect(res.status).toBe(status);
  expect((await res.json()).message).toMatch(message);
  const line = await logged(/input reached the database unchecked/);
  expect(line.requestId).toEqual(expect.any(String));
  logLines.length = 0;
});
