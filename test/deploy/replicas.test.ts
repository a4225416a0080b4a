// Several replicas, as a cluster runs them: app processes (the real CLI) on one database behind a
// local proxy standing in for the Ingress. Sessions and tokens work on every process, live
// messages cross them, a rolling restart loses nothing, and a process killed under load loses
// only its in-flight requests, which the clients retry.
import pg from 'pg';
import WebSocket from 'ws';
import { createTestDatabase, subscribe, uniqueId, type TestDatabase } from '@skyportal/test-kit';
import { shippedPluginsOff } from '@skyportal/core';
import { startPortalProcess, type PortalProcess } from '@skyportal/test-kit/process';
import { startBalancer, type Balancer } from '../../scripts/lib/balancer.js';

/** Processes start in seconds each; on a busy 2-core machine, give each test minutes. */
const SLOW = 180_000;

const ADMIN_TOKEN = `replicas-admin-${Date.now()}-0123456789`;
const ADMIN_PASSWORD = 'replicas admin passphrase';
// Sources alone: what the replicas write (other plugins' own tests cover them).
const SITE = { plugins: { ...shippedPluginsOff(), sources: { enabled: true } } };

let database: TestDatabase;
let db: pg.Pool;
let balancer: Balancer;
const running = new Set<PortalProcess>();
let groupId: number;

function replica(): Promise<PortalProcess> {
  return startPortalProcess({
    databaseUrl: database.url,
    config: SITE,
    env: { SKYPORTAL_ADMIN_TOKEN: ADMIN_TOKEN, SKYPORTAL_ADMIN_PASSWORD: ADMIN_PASSWORD, SKYPORTAL_COOKIE_KEYS: 'replica-cookie-key-0123456789abcdef' },
  }).then((process) => {
    running.add(process);
    return process;
  });
}

async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `token ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any, headers: res.headers };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  // An idle connection ended by the server (the database dropped at the end) is no test failure.
  db.on('error', () => undefined);
  // The first process migrates; the second starts on a migrated database, as after the Job.
  const a = await replica();
  const b = await replica();
  balancer = await startBalancer([a.url, b.url]);
  groupId = (await api(a.url, 'POST', '/api/groups', { name: uniqueId('replicas') })).body.data.id;
}, SLOW);

afterAll(async () => {
  await balancer?.close();
  await Promise.all([...running].map((p) => p.stop()));
  await db?.end();
  await database?.drop();
}, SLOW);

test(
  'a session signed in through the proxy and a token made on one process work on each',
  async () => {
    const login = await fetch(`${balancer.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const [a, b] = balancer.pool;
    const token = await api(a!, 'POST', '/api/internal/tokens', { name: 'replicas', acls: ['Upload data'] });
    expect(token.status).toBe(200);
    const secret = token.body.data.token_id;
    for (const backend of [a!, b!]) {
      const bySession = await fetch(`${backend}/api/internal/profile`, { headers: { cookie } });
      expect(bySession.status).toBe(200);
      expect((await bySession.json()).data.username).toBe('admin');
      const byToken = await fetch(`${backend}/api/internal/profile`, { headers: { authorization: `token ${secret}` } });
      expect(byToken.status).toBe(200);
    }
  },
  SLOW,
);

test(
  'a source saved through one process reaches live subscribers of the other',
  async () => {
    const [a, b] = balancer.pool;
    const onB = await subscribe({ url: b!, token: ADMIN_TOKEN, channel: `group:${groupId}` });
    try {
      const objId = uniqueId('live');
      expect((await api(a!, 'POST', '/api/sources', { id: objId, ra: 10, dec: 20, group_ids: [groupId] })).status).toBe(200);
      expect(await onB.next((m) => m.type === 'sources.saved' && m.data.obj_id === objId)).toMatchObject({ data: { obj_id: objId } });
    } finally {
      await onB.close();
    }
  },
  SLOW,
);

/** Clients writing sources through the proxy until stopped; a write that failed for want of a backend is retried. */
function load(prefix: string, workers = 6) {
  const acked = new Set<string>();
  const retried = new Set<string>();
  const unexpected: string[] = [];
  let retries = 0;
  let stop = false;
  const worker = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const id = `${prefix}${w}x${n}`;
      for (let attempt = 1; ; attempt++) {
        let status: number;
        try {
          status = (await api(balancer.url, 'POST', '/api/sources', { id, ra: (n % 360) + 0.5, dec: 1, group_ids: [groupId] })).status;
        } catch {
          status = 0; // the connection to the proxy failed: never here, the proxy stays up
        }
        if (status === 200) {
          acked.add(id);
          break;
        }
        if (status !== 502 && status !== 503 && status !== 0) {
          unexpected.push(`${id}: ${status}`);
          break;
        }
        // Saving a source again is idempotent: the retry stores it once, whether or not the first try committed.
        retries++;
        retried.add(id);
        if (attempt > 20) {
          unexpected.push(`${id}: gave up`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return {
    acked,
    retried,
    unexpected,
    get retries() {
      return retries;
    },
    async finish() {
      stop = true;
      await done;
    },
  };
}

async function storedOnce(ids: Iterable<string>): Promise<{ missing: string[]; twice: string[] }> {
  const list = [...ids];
  const objs = await db.query<{ id: string; n: string }>('SELECT id, count(*) AS n FROM objs WHERE id = ANY($1) GROUP BY id', [list]);
  const saves = await db.query<{ obj_id: string; n: string }>('SELECT obj_id, count(*) AS n FROM sources WHERE obj_id = ANY($1) GROUP BY obj_id', [list]);
  const objCount = new Map(objs.rows.map((r) => [r.id, Number(r.n)]));
  const saveCount = new Map(saves.rows.map((r) => [r.obj_id, Number(r.n)]));
  return {
    missing: list.filter((id) => !objCount.has(id) || !saveCount.has(id)),
    twice: list.filter((id) => (objCount.get(id) ?? 0) > 1 || (saveCount.get(id) ?? 0) > 1),
  };
}

/** A socket straight to one process, once it welcomed us. */
function openSocketFor(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/websocket`, { headers: { authorization: `token ${token}` } });
    socket.once('message', () => resolve(socket));
    socket.once('error', reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test(
  'a rolling restart, one process at a time with a graceful drain, loses no request and no write',
  async () => {
    const redirectedBefore = balancer.redirected;
    const failedBefore = balancer.failed;
    const writes = load(uniqueId('roll'));
    await pause(1000);
    for (const old of [...balancer.pool]) {
      const process = [...running].find((p) => p.url === old)!;
      // A socket on the process about to drain is told to go (1001), so its page reconnects elsewhere.
      const socket = await openSocketFor(old, ADMIN_TOKEN);
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      // As a Deployment's rollout: the new pod is ready first, then the old one leaves the
      // Service and gets SIGTERM at the same moment.
      const fresh = await replica();
      balancer.add(fresh.url);
      await pause(500);
      balancer.remove(old);
      await process.stop();
      running.delete(process);
      expect(await closed).toBe(1001);
      await pause(1000);
    }
    await writes.finish();

    const { missing, twice } = await storedOnce(writes.acked);
    process.stdout.write(
      `rolling restart: ${writes.acked.size} writes acknowledged, ${writes.retries} retried by clients, ` +
        `${balancer.redirected - redirectedBefore} sent on by the proxy after a refused connection, ${balancer.failed - failedBefore} failed in flight ${JSON.stringify(balancer.failures)}\n`,
    );
    expect(writes.acked.size).toBeGreaterThan(50);
    expect(writes.unexpected).toEqual([]);
    expect(balancer.failed - failedBefore).toBe(0);
    expect(writes.retries).toBe(0);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);

    // The survivors still carry live messages across processes.
    const [c, d] = balancer.pool;
    const onD = await subscribe({ url: d!, token: ADMIN_TOKEN, channel: `group:${groupId}` });
    const objId = uniqueId('after');
    expect((await api(c!, 'POST', '/api/sources', { id: objId, ra: 1, dec: 1, group_ids: [groupId] })).status).toBe(200);
    await onD.next((m) => m.data?.obj_id === objId);
    await onD.close();
  },
  SLOW,
);

test(
  'a process killed with SIGKILL under load loses only its in-flight requests, which clients retry once each',
  async () => {
    const failedBefore = balancer.failed;
    const writes = load(uniqueId('kill'), 8);
    await pause(1000);
    const victimUrl = balancer.pool[1]!;
    const victim = [...running].find((p) => p.url === victimUrl)!;
    // Killed while it answers requests, so some die with it.
    for (let i = 0; i < 200 && balancer.inFlight(victimUrl) === 0; i++) await pause(5);
    const inFlightAtKill = balancer.inFlight(victimUrl);
    victim.child.kill('SIGKILL');
    await victim.stop();
    running.delete(victim);
    // Kubernetes takes it out of the Service once its probes fail; until then the proxy's connections are refused and go on.
    await pause(300);
    balancer.remove(victimUrl);
    await pause(1000);
    await writes.finish();

    const lostInFlight = balancer.failed - failedBefore;
    const { missing, twice } = await storedOnce([...writes.acked, ...writes.retried]);
    process.stdout.write(
      `SIGKILL: ${inFlightAtKill} requests in flight on the victim a moment before, ${lostInFlight} lost with it (answered 502), ` +
        `${writes.retries} retries by clients (${writes.retried.size} writes), ${writes.acked.size} writes acknowledged, all stored once\n`,
    );
    expect(writes.unexpected).toEqual([]);
    // Exactly the requests that died with the process were retried, and nothing else was lost.
    expect(writes.retries).toBe(lostInFlight);
    for (const id of writes.retried) expect(writes.acked.has(id)).toBe(true);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    // The survivor serves on alone.
    expect((await api(balancer.url, 'GET', '/api/health')).status).toBe(200);
  },
  SLOW,
);
