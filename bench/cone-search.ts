/**
 * Cone search on the zones index: N random objs (default 10,000,000) saved to the sitewide group;
 * median latency of 5" cones through `GET /api/sources?ra&dec&radius` against the raw SQL of the
 * same index in the same run, and the rate of a 1,000-position cross-match.
 *
 *   node --import tsx bench/cone-search.ts          (CONE_N=10000000 CONE_QUERIES=300)
 */
import pg from 'pg';
import { coneSearchSql, crossMatchSql } from '@skyportal/plugin-sources/server';
import { startBenchServer, median } from './lib/server.ts';

const N = Number(process.env.CONE_N ?? 10_000_000);
const QUERIES = Number(process.env.CONE_QUERIES ?? 300);
const RADIUS = 5 / 3600;
const XMATCH = 1000;

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

function randomPosition() {
  return { ra: Math.random() * 360, dec: (Math.asin(2 * Math.random() - 1) * 180) / Math.PI };
}

async function main() {
  const server = await startBenchServer(['sources'], {
    shared_buffers: '2GB',
    maintenance_work_mem: '1GB',
    max_wal_size: '16GB',
    checkpoint_timeout: '30min',
    wal_level: 'minimal',
    max_wal_senders: 0,
  });
  const clients = await Promise.all(
    [0, 1].map(async () => {
      const client = new pg.Client({ connectionString: server.databaseUrl });
      await client.connect();
      await client.query("SET maintenance_work_mem = '1GB'");
      return client;
    }),
  );
  const [db, db2] = clients as [pg.Client, pg.Client];
  try {
    const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id as number;
    const user = (await server.request('POST', '/api/user', { username: 'cone-bench', roles: ['Full user'] })).body.data;
    const token = (await server.request('POST', '/api/internal/tokens', { name: 'bench', acls: [], user_id: user.id })).body.data.token_id as string;

    console.log(`loading ${N.toLocaleString('en')} objs, each saved to the sitewide group`);
    // Load without the secondary indexes and constraints, then build them once.
    const constraints = (
      await db.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'sources'::regclass AND contype IN ('f', 'u')`)
    ).rows as { conname: string; def: string }[];
    const indexes = (
      await db.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('objs', 'sources')
           AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))`,
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const c of constraints) await db.query(`ALTER TABLE sources DROP CONSTRAINT "${c.conname}"`);
    for (const i of indexes) await db.query(`DROP INDEX "${i.indexname}"`);

    const half = Math.floor(N / 2);
    const ranges: [number, number][] = [
      [1, half],
      [half + 1, N],
    ];
    await timed('objs (2 connections, INSERT ... SELECT generate_series)', () =>
      Promise.all(
        ranges.map(([from, to], k) =>
          clients[k]!.query(
            `INSERT INTO objs (id, ra, dec)
             SELECT 'B' || lpad(i::text, 9, '0'), random() * 360, degrees(asin(2 * random() - 1))
             FROM generate_series($1::int, $2::int) AS i`,
            [from, to],
          ),
        ),
      ),
    );
    await timed('sources', () =>
      Promise.all(
        ranges.map(([from, to], k) =>
          clients[k]!.query(
            `INSERT INTO sources (obj_id, group_id, saved_by_id)
             SELECT 'B' || lpad(i::text, 9, '0'), $3, $4 FROM generate_series($1::int, $2::int) AS i`,
            [from, to, sitewide, user.id],
          ),
        ),
      ),
    );
    await timed('indexes and constraints', async () => {
      const zone = indexes.find((i) => i.indexname === 'objs_zone_ra');
      const rest = indexes.filter((i) => i !== zone);
      await Promise.all([
        zone ? db.query(zone.indexdef) : Promise.resolve(),
        (async () => {
          for (const i of rest) await db2.query(i.indexdef);
          for (const c of constraints) await db2.query(`ALTER TABLE sources ADD CONSTRAINT "${c.conname}" ${c.def}`);
        })(),
      ]);
    });
    await timed('VACUUM ANALYZE', () => Promise.all([db.query('VACUUM (ANALYZE) objs'), db2.query('VACUUM (ANALYZE) sources')]));

    const sample = randomPosition();
    const explain = coneSearchSql({ ...sample, radius: RADIUS });
    const plan = (await db.query(`EXPLAIN ${explain.text}`, explain.values)).rows.map((r) => r['QUERY PLAN']);
    console.log(`\nplan of one raw cone:\n  ${plan.join('\n  ')}`);

    // Warm up both paths, then alternate them.
    for (let i = 0; i < 30; i++) {
      const p = randomPosition();
      await server.request('GET', `/api/sources?ra=${p.ra}&dec=${p.dec}&radius=${RADIUS}`, undefined, token);
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
      const res = await server.request('GET', `/api/sources?ra=${p.ra}&dec=${p.dec}&radius=${RADIUS}`, undefined, token);
      apiMs.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`API cone failed: ${res.status} ${JSON.stringify(res.body)}`);
      const sql = coneSearchSql({ ...p, radius: RADIUS });
      start = performance.now();
      const raw = await db.query({ text: sql.text, values: sql.values });
      rawMs.push(performance.now() - start);
      start = performance.now();
      await server.request('GET', '/api/groups/public', undefined, token);
      floorMs.push(performance.now() - start);
      if (raw.rows.length !== res.body.data.totalMatches) throw new Error(`API and SQL disagree at ${p.ra}, ${p.dec}`);
      found += raw.rows.length;
    }

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
    console.log('');
    console.log(`cone search, N = ${N.toLocaleString('en')} objs, ${QUERIES} random 5" cones (${found} objs found in all)`);
    console.log(
      `  GET /api/sources (full user, group-scoped): median ${api.toFixed(2)} ms, p95 ${[...apiMs].sort((a, b) => a - b)[Math.floor(QUERIES * 0.95)]!.toFixed(2)} ms (target <= 10 ms)`,
    );
    console.log(`  raw SQL, same index (pg client)           : median ${raw.toFixed(2)} ms`);
    console.log(`  ratio API / raw                           : ${(api / raw).toFixed(1)}x (target <= 2x)`);
    console.log(`  for scale, GET /api/groups/public (auth + one tiny query): median ${median(floorMs).toFixed(2)} ms`);
    console.log(
      `  cross-match of ${XMATCH} positions (5")   : ${xm.toFixed(0)} ms, ${Math.round(XMATCH / (xm / 1000)).toLocaleString('en')} positions/s, ${matched} matches (target >= 5,000/s)`,
    );
  } finally {
    for (const client of clients) await client.end();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
