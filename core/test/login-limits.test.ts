import { startTestServer, type TestServer } from '@skyportal/test-kit';

// Password guessing over real HTTP. The server trusts X-Forwarded-For (as behind an ingress), so
// each test plays its attackers from addresses of its own.
let server: TestServer;
const password = 'correct horse battery';
beforeAll(async () => {
  server = await startTestServer({ config: { server: { trustProxy: true } } });
});
afterAll(() => server.stop());

const login = (username: string, pass: string, from: string, on: TestServer = server) =>
  on.request('POST', '/api/auth/login', { token: null, body: { username, password: pass }, headers: { 'x-forwarded-for': from } });

const statuses = (responses: { status: number }[]) => {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
};

test('40 wrong passwords in parallel for one user: 10 are checked, 30 refused before checking', async () => {
  const victim = await server.createUser({ password });
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(victim.username, `guess-${i}`, '198.51.100.1')));
  expect(statuses(answers)).toEqual({ 401: 10, 429: 30 });
  const refused = answers.find((a) => a.status === 429)!;
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  // The right password from that address waits too; the owner elsewhere signs in.
  expect((await login(victim.username, password, '198.51.100.1')).status).toBe(429);
  expect((await login(victim.username, password, '198.51.100.2')).status).toBe(200);
});

test('a username spray from one address is throttled after 100 guesses, whatever the usernames', async () => {
  const real = await server.createUser({ password });
  const sprayed = Array.from({ length: 150 }, (_, i) => (i === 120 ? real.username : `nobody-${i}`));
  const answers: { status: number }[] = [];
  for (let start = 0; start < sprayed.length; start += 10) {
    answers.push(...(await Promise.all(sprayed.slice(start, start + 10).map((name) => login(name, 'Winter2026!', '203.0.113.7')))));
  }
  expect(statuses(answers)).toEqual({ 401: 100, 429: 50 });
  // Even the right password is refused from that address now; others are not affected.
  expect((await login(real.username, password, '203.0.113.7')).status).toBe(429);
  expect((await login(real.username, password, '203.0.113.8')).status).toBe(200);
});

test('50,000 sprayed usernames do not lift the lock of a user under attack (nothing is evicted)', async () => {
  const victim = await server.createUser({ password });
  for (let i = 0; i < 10; i++) expect((await login(victim.username, `guess-${i}`, '192.0.2.50')).status).toBe(401);
  expect((await login(victim.username, password, '192.0.2.50')).status).toBe(429);
  // The attacker sprays 50,000 other usernames from another address (the old in-memory lock held
  // 50,000 entries, so this pushed the victim's out and their guesses started again).
  let next = 0;
  const seen: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < 50_000) {
        const res = await login(`spray-${next++}`, 'hunter2', '192.0.2.99');
        seen[res.status] = (seen[res.status] ?? 0) + 1;
      }
    }),
  );
  expect(seen).toEqual({ 401: 100, 429: 49_900 });
  // The victim's lock from the first address holds (that address made 11 attempts: its own limit is not what answers).
  expect((await login(victim.username, password, '192.0.2.50')).status).toBe(429);
  expect((await login(victim.username, password, '192.0.2.51')).status).toBe(200);
}, 600_000); // 50,000 HTTP requests: about a minute alone, several on a loaded machine

test('a wrong password costs about the same for a missing user as for a real one (no username oracle)', async () => {
  const real = await server.createUser({ password });
  const time = async (username: string, from: string) => {
    const started = performance.now();
    expect((await login(username, 'wrong password', from)).status).toBe(401);
    return performance.now() - started;
  };
  const existing: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < 9; i++) {
    // Interleaved, each from its own address so no limit is reached.
    existing.push(await time(real.username, `198.18.0.${i}`));
    missing.push(await time(`no-such-user-${i}`, `198.18.1.${i}`));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  // Both run one argon2 verification; before, a missing user skipped it (2.9 ms against 17.6 ms).
  expect(median(missing)).toBeGreaterThan(0.5 * median(existing));
});

test('two app instances on one database share the counts', async () => {
  const twin = await startTestServer({ replicaOf: server, config: { server: { trustProxy: true } } });
  try {
    const victim = await server.createUser({ password });
    for (let i = 0; i < 5; i++) expect((await login(victim.username, `a-${i}`, '198.51.100.77')).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await login(victim.username, `b-${i}`, '198.51.100.77', twin)).status).toBe(401);
    expect((await login(victim.username, password, '198.51.100.77')).status).toBe(429);
    expect((await login(victim.username, password, '198.51.100.77', twin)).status).toBe(429);
  } finally {
    await twin.stop();
  }
});
