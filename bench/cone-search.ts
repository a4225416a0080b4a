/**
 * Cone search and the sources list as the tables grow: random objs saved to the sitewide group,
 * loaded in steps (default 100k, 1M, 10M objs) in one run. At each size: median latency of 5"
 * cones through `GET /api/sources?ra&dec&radius` against the raw SQL of the same index, the floor of
 * an authenticated request with one tiny query, the default page of `GET /api/sources` (every obj
 * visible) against the raw SQL of that page, a 1,000-position cross-match, the plans of the list's
 * statements (EXPLAIN ANALYZE) and the server's memory.
 *
 *   node --import tsx bench/cone-search.ts   (CONE_SIZES=100000,1000000,10000000 CONE_QUERIES=300 LIST_QUERIES=20)
 */
import pg from 'pg';
import { coneSearchSql, crossMatchSql } from '@skyportal/plugin-sources/server';
import { startBenchServer, median } from './lib/server.ts';
import { formatMemory, processMemory } from './lib/memory.ts';
import { loadObjs, randomPosition } from './lib/objs-load.ts';

const SIZES = (process.env.CONE_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
const QUERIES = Number(process.env.CONE_QUERIES ?? 300);
const LIST_QUERIES = Number(process.env.LIST_QUERIES ?? 20);
/** A slow list is sampled fewer times (the 10M default page took seconds before it was fixed). */
const LIST_BUDGET_MS = 30_000;
const RADIUS = 5 / 3600;
const XMATCH = 1000;

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main() {
  const server = await startBenchServer(['sources'], {
    shared_buffers: '2GB',
    maintenance_work_mem: '1GB',
    max_wal_size: '16GB',
    checkpoint_timeout: '30min',
    wal_level: 'minimal',
    max_wal_senders: 0,
  });
  const clients = (await Promise.all(
    [0, 1].map(async () => {
      const client = new pg.Client({ connectionString: server.databaseUrl });
      await client.connect();
      await client.query("SET maintenance_work_mem = '1GB'");
      return client;
    }),
  )) as [pg.Client, pg.Client];
  const [db] = clients;
  // The statements the server runs for a request, to EXPLAIN them on the raw client: the server
  // runs in this process, and every plugin's knex handle ends in pg.Client#query.
  let captured: { sql: string; bindings: unknown[] }[] | undefined;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    if (captured && !clients.includes(this)) {
      captured.push(typeof config === 'string' ? { sql: config, bindings: values ?? [] } : { sql: config.text, bindings: config.values ?? [] });
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const summary: string[] = [];
  try {
    const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id as number;
    const user = (await server.request('POST', '/api/user', { username: 'cone-bench', roles: ['Full user'] })).body.data;
    const token = (await server.request('POST', '/api/internal/tokens', { name: 'bench', acls: [], user_id: user.id })).body.data.token_id as string;
    const cone = (p: { ra: number; dec: number }) => server.request('GET', `/api/sources?ra=${p.ra}&dec=${p.dec}&radius=${RADIUS}`, undefined, token);

    let loaded = 0;
    for (const N of SIZES) {
      console.log(`\nloading objs ${(loaded + 1).toLocaleString('en')}..${N.toLocaleString('en')}, each saved to the sitewide group`);
      await loadObjs(clients, { from: loaded + 1, to: N }, sitewide, user.id);
      loaded = N;

      const sample = randomPosition();
      const explain = coneSearchSql({ ...sample, radius: RADIUS });
      const plan = (await db.query(`EXPLAIN ${explain.text}`, explain.values)).rows.map((r) => r['QUERY PLAN']);
      console.log(`plan of one raw cone:\n  ${plan.join('\n  ')}`);

      // Warm up both paths, then alternate them.
      for (let i = 0; i < 30; i++) {
        const p = randomPosition();
        await cone(p);
        const sql = coneSearchSql({ ...p, radius: RADIUS });
        await db.query({ text: sql.text, values: sql.values });
      }
      const apiMs: number[] = [];
      const rawMs: number[] = [];
      const floorMs: number[] = [];
      let found = 0;
      for (let i = 0; i < QUERIES; i++) {
        const p = randomPosition();
        let start = performance.now();
        const res = await cone(p);
        apiMs.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`API cone failed: ${res.status} ${JSON.stringify(res.body)}`);
        const sql = coneSearchSql({ ...p, radius: RADIUS });
        start = performance.now();
        const raw = await db.query({ text: sql.text, values: sql.values });
        rawMs.push(performance.now() - start);
        start = performance.now();
        await server.request('GET', '/api/groups/public', undefined, token);
        floorMs.push(performance.now() - start);
        if (raw.rows.length !== res.body.data.sources.length) throw new Error(`API and SQL disagree at ${p.ra}, ${p.dec}`);
        found += raw.rows.length;
      }

      // The default page (every obj is visible to the user), and the raw SQL of that page.
      const pageSql = `SELECT o.id, o.ra, o.dec, s.saved_at FROM sources s JOIN objs o ON o.id = s.obj_id
                       WHERE s.group_id = ANY($1::int[]) ORDER BY s.saved_at DESC, s.obj_id DESC LIMIT 100`;
      const listMs: number[] = [];
      const listRawMs: number[] = [];
      let totalMatches: unknown;
      const listStarted = performance.now();
      captured = [];
      for (let i = 0; i < LIST_QUERIES && (i < 3 || performance.now() - listStarted < LIST_BUDGET_MS); i++) {
        let start = performance.now();
        const res = await server.request('GET', '/api/sources', undefined, token);
        listMs.push(performance.now() - start);
        if (res.status !== 200 || res.body.data.sources.length !== 100) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        totalMatches = res.body.data.totalMatches;
        if (i === 0) {
          const statements = captured ?? [];
          captured = undefined;
          console.log(`GET /api/sources (default page): ${statements.length} statements; EXPLAIN ANALYZE of each:`);
          for (const statement of statements) {
            const text = statement.sql;
            const rows = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, statement.bindings)).rows.map((r) => r['QUERY PLAN'] as string);
            console.log(`  -- ${text.replace(/\s+/g, ' ').slice(0, 200)}\n    ${rows.join('\n    ')}`);
          }
        }
        start = performance.now();
        await db.query(pageSql, [[sitewide]]);
        listRawMs.push(performance.now() - start);
      }
      captured = undefined;

      // Cross-match: positions near real objs (within ~2"), radius 5".
      const near = (await db.query(`SELECT ra, dec FROM objs TABLESAMPLE SYSTEM (0.1) LIMIT ${XMATCH}`)).rows as { ra: number; dec: number }[];
      while (near.length < XMATCH) near.push(randomPosition());
      const positions = near.map(({ ra, dec }) => ({
        ra: (ra + (Math.random() - 0.5) / 1800 + 360) % 360,
        dec: Math.max(-90, Math.min(90, dec + (Math.random() - 0.5) / 1800)),
      }));
      const xmatchMs: number[] = [];
      let matched = 0;
      for (let run = 0; run < 4; run++) {
        const { text, values } = crossMatchSql(positions, RADIUS);
        const start = performance.now();
        const result = await db.query(text, values);
        if (run > 0) xmatchMs.push(performance.now() - start);
        matched = result.rows.length;
      }

      const api = median(apiMs);
      const raw = median(rawMs);
      const xm = median(xmatchMs);
      const lines = [
        `N = ${N.toLocaleString('en')} objs (load average ${(await import('node:os'))
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
        `  cone, ${QUERIES} random 5" cones (${found} objs found in all)`,
        `    GET /api/sources?ra&dec&radius (full user): median ${ms(api)}, p95 ${ms(p95(apiMs))}`,
        `    raw SQL, same index (pg client)          : median ${ms(raw)}`,
        `    ratio API / raw                          : ${(api / raw).toFixed(2)}x (target <= 2x)`,
        `    GET /api/groups/public (auth + one tiny query): median ${ms(median(floorMs))}`,
        `  sources list, default page (100 of ${N.toLocaleString('en')} visible, ${listMs.length} requests), totalMatches ${JSON.stringify(totalMatches)}`,
        `    GET /api/sources: median ${ms(median(listMs))}, max ${ms(Math.max(...listMs))} (target <= 100 ms at 1M)`,
        `    raw SQL of the page (pg client): median ${ms(median(listRawMs))}`,
        `  cross-match of ${XMATCH} positions (5"): ${xm.toFixed(0)} ms, ${Math.round(XMATCH / (xm / 1000)).toLocaleString('en')} positions/s, ${matched} matches`,
        `  server (this process) memory: ${formatMemory(processMemory())}`,
      ];
      console.log(lines.join('\n'));
      summary.push(...lines);
    }
    console.log(`\n=== summary ===\n${summary.join('\n')}`);
  } finally {
    for (const client of clients) await client.end();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
