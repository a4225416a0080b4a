/**
 * Light-curve read growth: one source's 10,000 points read by a (non-admin) user through
 * `GET /api/sources/{id}/photometry`, while the table holds more and more points of other sources
 * (default 1M / 10M / 50M, in one run); each answer form (SkyPortal's object per point, the
 * panel's old `fields=` ask, `layout=columns`) with its size raw and on the wire (brotli, as the
 * server sends it), the median time, the server's memory, and EXPLAIN (ANALYZE, BUFFERS) of the
 * statements one columnar read sends (captured from the app's own pg clients).
 *
 *   node --import tsx bench/lightcurve-read.ts     (LC_SIZES=1000000,10000000,50000000 LC_RUNS=9)
 *
 * In-process server on an embedded PostgreSQL in a fresh folder (removed at the end). The other
 * points are written with INSERT ... SELECT generate_series, 1,000 per source, each in the sitewide
 * group as a survey's would be, sorted by source (as a bulk load writes them), with fsync off and no
 * row triggers on the loading connection (to load 50M in minutes; the read is what is measured);
 * then VACUUM ANALYZE, as autovacuum would after such a load.
 */
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { lightCurve } from './lib/lightcurve.js';
import { formatMemory, processMemory } from './lib/memory.js';
import { median, startBenchServer } from './lib/server.ts';

const SIZES = (process.env.LC_SIZES ?? '1000000,10000000,50000000').split(',').map(Number);
const RUNS = Number(process.env.LC_RUNS ?? 9);
const POINTS = 10_000;
const PER_SOURCE = 1_000;
/** Points written per statement while filling the table (a progress line each). */
const CHUNK = 5_000_000;
const TARGET = 'ZTF21lcread';

const ms = (value: number) => `${value.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const load = () => `load ${os.loadavg()[0]!.toFixed(1)}`;

interface Read {
  bytes: number;
  encoding: string;
  ms: number;
}

/** node:http, not fetch: the time to the last byte on the wire, without decoding it here. */
function get(url: string, token: string, encoding: string): Promise<Read> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `token ${token}`, 'accept-encoding': encoding } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
          else resolve({ bytes, encoding: String(response.headers['content-encoding'] ?? 'identity'), ms: performance.now() - started });
        });
      })
      .on('error', reject);
  });
}

async function main() {
  const server = await startBenchServer(['sources', 'photometry'], {
    shared_buffers: '1GB',
    maintenance_work_mem: '512MB',
    max_wal_size: '16GB',
    checkpoint_timeout: '30min',
    wal_level: 'minimal',
    max_wal_senders: 0,
    // A throwaway database: loading 50M rows must not take hours. Durability settings change the
    // writes, not the read measured.
    fsync: 'off',
    full_page_writes: 'off',
    synchronous_commit: 'off',
  });
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  const stop = () => void db.end().finally(() => server.stop().finally(() => process.exit(130)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const ok = async (method: string, route: string, body?: unknown) => {
      const res = await server.request(method, route, body);
      if (res.status !== 200) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return res.body.data;
    };
    const telescope = await ok('POST', '/api/telescope', { name: 'Palomar 48-inch', nickname: 'P48', diameter: 1.2 });
    const instrument = await ok('POST', '/api/instrument', { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: telescope.id });
    const sitewide = (await ok('GET', '/api/groups/public')).id as number;
    const reader = await ok('POST', '/api/user', { username: 'lightcurve-reader', roles: ['Full user'] });
    const token = (await ok('POST', '/api/internal/tokens', { name: 'bench', acls: [], user_id: reader.id })).token_id as string;
    const owner = (await db.query(`SELECT id FROM users WHERE username <> 'lightcurve-reader' ORDER BY id LIMIT 1`)).rows[0].id as number;

    await ok('POST', '/api/sources', { id: TARGET, ra: 197.45, dec: -23.38, group_ids: [sitewide] });
    const { detections: _detections, ...columns } = lightCurve(POINTS);
    await ok('POST', '/api/photometry', { obj_id: TARGET, instrument_id: instrument.id, magsys: 'ab', ...columns, group_ids: [sitewide] });
    console.log(`lightcurve-read: ${TARGET} with ${POINTS} points, read by a Full user of the sitewide group; others: ${PER_SOURCE} points a source`);
    console.log(
      `indexes on photometry: ${(await db.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'photometry' ORDER BY 1`)).rows.map((r) => r.indexname).join(', ')}`,
    );

    const base = `${server.url}/api/sources/${TARGET}/photometry`;
    const forms: [string, string][] = [
      ['object per point (SkyPortal)', 'format=mag'],
      [
        'object per point, fields= (panel before)',
        'format=both&fields=id,obj_id,mjd,filter,instrument_id,instrument_name,origin,magsys,mag,magerr,limiting_mag,flux,fluxerr,zp,ra,dec',
      ],
      ['layout=columns, format=both (panel now)', 'format=both&layout=columns'],
      ['layout=columns, format=flux', 'format=flux&layout=columns'],
    ];

    /** The statements one read sends, by wrapping the app's pg clients for the length of it. */
    async function statementsOf(url: string): Promise<{ text: string; values: unknown[] }[]> {
      const seen: { text: string; values: unknown[] }[] = [];
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const [first, second] = args as [unknown, unknown];
        if (typeof first === 'string') seen.push({ text: first, values: Array.isArray(second) ? second : [] });
        else if (first && typeof first === 'object' && 'text' in first)
          seen.push({ text: String((first as { text: string }).text), values: (first as { values?: unknown[] }).values ?? [] });
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        await get(url, token, 'identity');
      } finally {
        pg.Client.prototype.query = query;
      }
      return seen.filter((s) => /^\s*select/i.test(s.text));
    }

    async function measure(others: number) {
      console.log(`\n== ${others.toLocaleString('en')} points of other sources (${load()})`);
      const sizes = (
        await db.query(`SELECT pg_size_pretty(pg_total_relation_size('photometry')) AS p, pg_size_pretty(pg_total_relation_size('photometry_groups')) AS g`)
      ).rows[0];
      console.log(`  photometry ${sizes.p}, photometry_groups ${sizes.g} (tables with their indexes)`);
      for (const [label, query] of forms) {
        const url = `${base}?${query}`;
        const raw = await get(url, token, 'identity');
        await get(url, token, 'br');
        const runs: Read[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await get(url, token, 'br'));
        console.log(
          `  ${label.padEnd(44)} ${kb(raw.bytes).padStart(8)} raw, ${kb(runs[0]!.bytes).padStart(6)} ${runs[0]!.encoding}; median ${ms(median(runs.map((r) => r.ms)))} (${RUNS} reads, ${load()})`,
        );
      }
      console.log(`  server (this process): ${formatMemory(processMemory())}`);
      const statements = await statementsOf(`${base}?format=both&layout=columns`);
      for (const statement of statements) {
        const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values)).rows.map((r) => r['QUERY PLAN'] as string);
        console.log(`  EXPLAIN (ANALYZE, BUFFERS) ${statement.text.replace(/\s+/g, ' ').slice(0, 140)}…\n    ${plan.join('\n    ')}`);
      }
    }

    await measure(0);
    // The other sources' rows are written by this connection without row triggers (the foreign-key
    // checks of 50M rows; they are valid by construction); the indexes are kept up as they go.
    await db.query('SET session_replication_role = replica');
    let have = 0;
    for (const size of SIZES) {
      const started = performance.now();
      const fromSource = have / PER_SOURCE;
      const toSource = size / PER_SOURCE;
      await db.query(
        `INSERT INTO objs (id, ra, dec) SELECT 'B' || lpad(k::text, 8, '0'), random() * 360, degrees(asin(2 * random() - 1)) FROM generate_series($1::int, $2::int - 1) AS k`,
        [fromSource, toSource],
      );
      await db.query(
        `INSERT INTO sources (obj_id, group_id, saved_by_id) SELECT 'B' || lpad(k::text, 8, '0'), $3, $4 FROM generate_series($1::int, $2::int - 1) AS k`,
        [fromSource, toSource, sitewide, owner],
      );
      const firstId = Number((await db.query(`SELECT coalesce(max(id), 0) AS id FROM photometry`)).rows[0].id);
      for (let from = have; from < size; from += CHUNK) {
        const to = Math.min(size, from + CHUNK);
        // A source's points a few hours apart over ~1 year, in turn through the filters; 5 % non-detections.
        await db.query(
          `INSERT INTO photometry (obj_id, instrument_id, mjd, filter, flux, fluxerr, origin, owner_id, upload_id)
           SELECT 'B' || lpad((i / ${PER_SOURCE})::text, 8, '0'), $3, 58000 + (i % ${PER_SOURCE}) * 0.37 + random() * 0.01,
                  (ARRAY['ztfg', 'ztfr', 'ztfi'])[1 + i % 3], CASE WHEN random() < 0.95 THEN 20 + random() * 200 END, 2 + random() * 6, '', $4, 'bench-load'
           FROM generate_series($1::bigint, $2::bigint - 1) AS i`,
          [from, to, instrument.id, owner],
        );
        console.log(`  … ${to.toLocaleString('en')} other points (${((performance.now() - started) / 1000).toFixed(0)} s, ${load()})`);
      }
      await db.query(`INSERT INTO photometry_groups (photometry_id, group_id) SELECT id, $2 FROM photometry WHERE id > $1`, [firstId, sitewide]);
      await db.query('VACUUM (ANALYZE) photometry');
      await db.query('VACUUM (ANALYZE) photometry_groups');
      await db.query('ANALYZE objs');
      await db.query('ANALYZE sources');
      console.log(`  loaded to ${size.toLocaleString('en')} in ${((performance.now() - started) / 1000).toFixed(0)} s (points, links, VACUUM ANALYZE)`);
      have = size;
      await measure(size);
    }
  } finally {
    await db.end();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
