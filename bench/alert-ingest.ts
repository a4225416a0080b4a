/**
 * Alert ingest: a stream of real ZTF packets replicated as new alerts (new candid, new objectId)
 * through the one ingest path, in this process (as the Kafka consumer and the CLI call it: one
 * packet per call, and ALERTS_BATCH per `ingestMany` call) and through `POST /api/alerts` (one
 * packet per request, and ALERTS_BATCH), with 1,000 real `ws` clients (in a child process)
 * subscribed to the stream's `alerts.ingested` channel: alerts/s, the latency from the start of an
 * alert's ingest to each client's delivery, and a raw `COPY` of the same rows.
 *
 *   node --import tsx bench/alert-ingest.ts   (ALERTS_N=1000 ALERTS_CLIENTS=1000 ALERTS_RATE=250 ALERTS_SECONDS=10
 *                                              ALERTS_BATCH=50; ALERTS_POOL=n: the plugin's concurrency)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { definePlugin } from '@skyportal/sdk';
import { alertStreamService, type AlertStreamService } from '@skyportal/plugin-alert-stream/types';
import { formatMemory, processMemory } from './lib/memory.ts';
import { startBenchServer } from './lib/server.ts';
import { replicas } from './lib/ztf-replicas.ts';

const N = Number(process.env.ALERTS_N ?? 1000);
const CLIENTS = Number(process.env.ALERTS_CLIENTS ?? 1000);
const RATE = Number(process.env.ALERTS_RATE ?? 250);
const SECONDS = Number(process.env.ALERTS_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.ALERTS_CONCURRENCY ?? 4);
/** Packets per `ingestMany` call and per POST in the batched phases (the plugin's `concurrency` ingests them). */
const BATCH = Number(process.env.ALERTS_BATCH ?? 50);
/** The plugin's concurrency (its default, 4, unless ALERTS_POOL says otherwise). */
const POOL = Number(process.env.ALERTS_POOL ?? 4);
const DATA = path.resolve('plugins/alert-stream/demo');
const PACKETS = ['541385122515015008', '541443293415015009'].map((candid) => readFileSync(path.join(DATA, `${candid}.avro`)));

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

let service: AlertStreamService | undefined;
const probe = definePlugin({
  name: 'bench-alert-probe',
  dependsOn: ['alert-stream'],
  register({ services }) {
    service = services.get(alertStreamService);
  },
});

async function ingestAll(packets: Buffer[], one: (bytes: Buffer, i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < packets.length; i++) await one(packets[i]!, i);
  return performance.now() - start;
}

/** 1,000 clients in a child process; `stop()` gives every delivery's arrival time by candid. */
async function listeners(wsUrl: string, token: string, channel: string) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'alert-bench-')), 'arrivals.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/alert-listeners.ts'], {
    env: { ...process.env, LISTEN_URL: wsUrl, LISTEN_TOKEN: token, LISTEN_CHANNEL: channel, LISTEN_CLIENTS: String(CLIENTS), OUT: out },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => String(chunk).includes('READY') && resolve());
    child.once('exit', (code) => reject(new Error(`listeners exited with ${code}`)));
  });
  return {
    async stop(): Promise<Record<string, number[]>> {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await exited;
      return JSON.parse(readFileSync(out, 'utf8'));
    },
  };
}

function latencies(started: Map<string, number>, arrivals: Record<string, number[]>) {
  const all: number[] = [];
  for (const [candid, at] of started) for (const arrival of arrivals[candid] ?? []) all.push(Math.round(arrival - at));
  return {
    delivered: all.length,
    expected: started.size * CLIENTS,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    max: all.reduce((a, b) => Math.max(a, b), 0),
  };
}

async function main() {
  const thumbnails = mkdtempSync(path.join(tmpdir(), 'alert-bench-thumbs-'));
  const server = await startBenchServer(
    ['sources', 'photometry', 'thumbnails', 'annotations', 'candidates', 'alert-stream'],
    // ALERTS_SYNC_COMMIT=off: what waiting for the WAL flush at each alert's commit costs.
    process.env.ALERTS_SYNC_COMMIT ? { synchronous_commit: process.env.ALERTS_SYNC_COMMIT } : {},
    { thumbnails: { folder: thumbnails }, ...(process.env.ALERTS_POOL ? { 'alert-stream': { concurrency: Number(process.env.ALERTS_POOL) } } : {}) },
    { definitions: [probe], server: { maxSocketsPerUser: 10_000 } },
  );
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const tel = await server.request('POST', '/api/telescope', { name: 'P48', nickname: 'P48', diameter: 1.2 });
    const instrument = await server.request('POST', '/api/instrument', {
      name: 'ZTF',
      type: 'imager',
      filters: ['ztfg', 'ztfr', 'ztfi'],
      telescope_id: tel.body.data.id,
    });
    if (instrument.status !== 200) throw new Error(JSON.stringify(instrument.body));
    let next = 0n;
    let nextObj = 0;
    const make = async (count: number) => {
      const out = await replicas(PACKETS, count, 3_000_000_000_000_000_000n + next, nextObj);
      next += BigInt(count);
      nextObj += count;
      return out;
    };
    const ingest = async (bytes: Buffer, source: string) => {
      const result = await service!.ingest(bytes, { source });
      if (result.ingested.length !== 1 || !result.ingested[0]!.created) throw new Error(`not ingested: ${JSON.stringify(result)}`);
      return result.ingested[0]!.candid;
    };

    // Warm-up (JIT, plans, the account and stream made on first use), not counted.
    for (const bytes of await make(50)) await ingest(bytes, 'warm-up');
    const hasStreams = (await client.query("SELECT to_regclass('streams') IS NOT NULL AS yes")).rows[0].yes;
    const streamId = hasStreams ? (await client.query("SELECT id FROM streams WHERE name = 'ZTF Public'")).rows[0]?.id : null;
    const channel = `alerts:${streamId ?? 'none'}`;

    // 1. In-process, one alert after another (as the Kafka consumer does per partition).
    const tables = (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.tablename as string);
    const countRows = async () =>
      Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await client.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n)])));
    const before = await countRows();
    const inProcess = await make(N);
    // Statements sent by every pg client of the app (each plugin's knex has its own events).
    let queries = 0;
    const statements = new Map<string, number>();
    const statementMs = new Map<string, number>();
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      queries++;
      if (process.env.ALERTS_SQL) {
        const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? 'COPY/other');
        const shape = text
          .replace(/\s+/g, ' ')
          .replace(/\(\$\d+.*$/, '(...)')
          .replace(/(SAVEPOINT) trx\d+/, '$1 trxN')
          .slice(0, 90);
        statements.set(shape, (statements.get(shape) ?? 0) + 1);
        // The round trip's wall time, from sending to the answer (callback or promise).
        const sent = performance.now();
        const took = () => statementMs.set(shape, (statementMs.get(shape) ?? 0) + performance.now() - sent);
        const callback = args[args.length - 1];
        if (typeof callback === 'function') {
          args[args.length - 1] = function (this: unknown, ...results: unknown[]) {
            took();
            return (callback as (...a: unknown[]) => unknown).apply(this, results);
          };
        } else {
          const answer = (query as (...a: unknown[]) => unknown).apply(this, args);
          if (answer && typeof (answer as Promise<unknown>).then === 'function') (answer as Promise<unknown>).then(took, took);
          return answer;
        }
      }
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    const inProcessMs = await ingestAll(inProcess, async (bytes, i) => void (await ingest(bytes, `in-process-${i}`)));
    pg.Client.prototype.query = query;
    const after = await countRows();
    // The rows an alert writes: tables that grew by at least one row per alert.
    const written = tables.filter((t) => after[t]! - before[t]! >= N);
    const rowsWritten = written.reduce((sum, t) => sum + after[t]! - before[t]!, 0);

    // 2. The raw reference: the same rows (every row of those tables: warm-up and the N) COPYed
    // into empty copies of the tables (same columns, defaults and indexes; no foreign keys).
    const dumps: Record<string, string> = {};
    const columns: Record<string, string> = {};
    for (const t of written) {
      const names = await client.query(
        "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        [t],
      );
      columns[t] = names.rows.map((r) => `"${r.attname}"`).join(', ');
      let text = '';
      const stream = client.query(pgCopy.to(`COPY "${t}" (${columns[t]}) TO STDOUT`));
      for await (const chunk of stream) text += chunk;
      dumps[t] = text;
      await client.query(`CREATE TABLE "bench_copy_${t}" (LIKE "${t}" INCLUDING DEFAULTS INCLUDING INDEXES)`);
    }
    const copyRows = written.reduce((sum, t) => sum + after[t]!, 0);
    const alertsInCopy = after[written.find((t) => t === 'alert_stream_alerts') ?? written[0]!]!;
    const start = performance.now();
    await client.query('BEGIN');
    for (const t of written) await pipeline(Readable.from([dumps[t]!]), client.query(pgCopy.from(`COPY "bench_copy_${t}" (${columns[t]}) FROM STDIN`)));
    await client.query('COMMIT');
    const copyMs = performance.now() - start;

    // 1b. In-process, CONCURRENCY alerts at a time (as the consumer would with partitions consumed
    // concurrently), after the COPY's dump.
    const concurrent = await make(N);
    let cursor = 0;
    const concurrentStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < concurrent.length) {
          const i = cursor++;
          await ingest(concurrent[i]!, `concurrent-${i}`);
        }
      }),
    );
    const concurrentMs = performance.now() - concurrentStart;

    // 1c. In-process, BATCH packets per call (as a Kafka batch or a POST of many): the plugin's
    // `concurrency` alerts at once.
    const batched = await make(N);
    const batchedStart = performance.now();
    for (let at = 0; at < batched.length; at += BATCH) {
      const files = batched.slice(at, at + BATCH).map((bytes, i) => ({ bytes, source: `batched-${at + i}` }));
      const result = await service!.ingestMany(files);
      if (result.ingested.filter((a) => a.created).length !== files.length) throw new Error(`not ingested: ${JSON.stringify(result.skipped)}`);
    }
    const batchedMs = performance.now() - batchedStart;
    const memoryBatched = processMemory();

    // 3. POST /api/alerts, one packet per request, with the clients listening.
    const wsUrl = `${server.url.replace('http', 'ws')}/websocket`;
    let listening = await listeners(wsUrl, server.adminToken, channel);
    const posted = await make(N);
    const postStarted = new Map<string, number>();
    const postMs = await ingestAll(posted, async (bytes) => {
      const at = Date.now();
      const response = await fetch(new URL('/api/alerts', server.url), {
        method: 'POST',
        headers: { authorization: `token ${server.adminToken}`, 'content-type': 'application/avro' },
        body: new Uint8Array(bytes),
      });
      const body = await response.json();
      if (response.status !== 200 || body.data.ingested.length !== 1)
        throw new Error(`POST /api/alerts: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      postStarted.set(body.data.ingested[0].candid, at);
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const postLatency = latencies(postStarted, await listening.stop());

    // 3b. POST /api/alerts, BATCH packets per request (JSON, base64), one request after another.
    const postedMany = await make(N);
    const postManyStart = performance.now();
    for (let at = 0; at < postedMany.length; at += BATCH) {
      const packets = postedMany.slice(at, at + BATCH).map((bytes) => bytes.toString('base64'));
      const response = await fetch(new URL('/api/alerts', server.url), {
        method: 'POST',
        headers: { authorization: `token ${server.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ packets }),
      });
      const body = await response.json();
      if (response.status !== 200 || body.data.ingested.length !== packets.length)
        throw new Error(`POST /api/alerts: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    const postManyMs = performance.now() - postManyStart;

    // 4. In-process at a steady RATE alerts/s for SECONDS, with the clients listening.
    listening = await listeners(wsUrl, server.adminToken, channel);
    const paced = await make(RATE * SECONDS);
    const pacedStarted = new Map<string, number>();
    // Alerts arrive at RATE/s; the ingest takes, as a Kafka consumer's poll does, every alert that
    // has arrived and not been taken, in one `ingestMany` call, then polls again. Sustained: the
    // ingest keeps up with the arrivals (the lag stays small); latency counts from arrival.
    const t0 = performance.now();
    const dueAt = (i: number) => t0 + (i * 1000) / RATE;
    let lag = 0;
    for (let taken = 0; taken < paced.length;) {
      const wait = dueAt(taken) - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      let upTo = taken + 1;
      while (upTo < paced.length && dueAt(upTo) <= performance.now()) upTo++;
      lag = Math.max(lag, performance.now() - dueAt(taken));
      const files = paced.slice(taken, upTo).map((bytes, k) => ({ bytes, source: `paced-${taken + k}` }));
      const result = await service!.ingestMany(files);
      if (result.ingested.length !== files.length) throw new Error(`not ingested: ${JSON.stringify(result.skipped)}`);
      result.ingested.forEach((alert, k) => pacedStarted.set(alert.candid, performance.timeOrigin + dueAt(taken + k)));
      taken = upTo;
    }
    const pacedMs = performance.now() - t0;
    const memoryPaced = processMemory();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const pacedLatency = latencies(pacedStarted, await listening.stop());

    // 5. The floor: an alert's number of round trips without our code. Each "alert" is a
    // transaction of that many statements (`SELECT 1`s and one INSERT, so its COMMIT waits for the
    // WAL flush as an alert's does), on 1 and on POOL connections at once: what this database, at
    // this machine's load, allows for that many round trips, whatever the statements do.
    const statementsPerAlert = Math.round(queries / N);
    const floor = async (connections: number) => {
      const floorPool = new pg.Pool({ connectionString: server.databaseUrl, max: connections });
      let taken = 0;
      const begun = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          const c = await floorPool.connect();
          try {
            while (taken++ < N) {
              await c.query('BEGIN');
              for (let k = 0; k < statementsPerAlert - 3; k++) await c.query('SELECT 1');
              await c.query('INSERT INTO bench_floor DEFAULT VALUES');
              await c.query('COMMIT');
            }
          } finally {
            c.release();
          }
        }),
      );
      const ms = performance.now() - begun;
      await floorPool.end();
      return ms;
    };
    await client.query('CREATE TABLE bench_floor (id serial PRIMARY KEY, at timestamptz DEFAULT now())');
    const floorOneMs = await floor(1);
    const floorPoolMs = await floor(POOL);

    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
    const inRate = N / (inProcessMs / 1000);
    const copyAlertRate = alertsInCopy / (copyMs / 1000);
    console.log('');
    console.log(`alert ingest: ${N} replicated ZTF alerts per phase (${PACKETS.length} real packets cycled), ${CLIENTS} ws clients`);
    console.log(`  in-process, sequential     : ${inProcessMs.toFixed(0)} ms  ${rate(N, inProcessMs)} alerts/s (target >= 250)`);
    console.log(`    SQL statements: ${(queries / N).toFixed(1)} per alert (BEGIN/COMMIT included; each a round trip, one after another)`);
    if (process.env.ALERTS_SQL)
      for (const [shape, n] of [...statements].sort((a, b) => b[1] - a[1]))
        console.log(`      ${(n / N).toFixed(1)} × ${((statementMs.get(shape) ?? 0) / N).toFixed(2)} ms  ${shape}`);
    console.log(`    rows written: ${rowsWritten.toLocaleString('en')} (${(rowsWritten / N).toFixed(1)} per alert) in ${written.join(', ')}`);
    console.log(
      `  raw COPY of the same rows  : ${copyMs.toFixed(0)} ms for ${copyRows.toLocaleString('en')} rows = ${alertsInCopy} alerts: ${Math.round(copyAlertRate).toLocaleString('en')} alerts/s`,
    );
    console.log(`    ratio in-process / COPY  : ${(inRate / copyAlertRate).toFixed(3)}x`);
    console.log(`  in-process, ${CONCURRENCY} at a time    : ${concurrentMs.toFixed(0)} ms  ${rate(N, concurrentMs)} alerts/s`);
    console.log(
      `  in-process, ${BATCH} per call     : ${batchedMs.toFixed(0)} ms  ${rate(N, batchedMs)} alerts/s (ratio to COPY ${(N / (batchedMs / 1000) / copyAlertRate).toFixed(3)}x; ${formatMemory(memoryBatched)})`,
    );
    console.log(`  POST /api/alerts, 1 per req: ${postMs.toFixed(0)} ms  ${rate(N, postMs)} alerts/s`);
    console.log(
      `    delivery: ${postLatency.delivered}/${postLatency.expected}; latency from POST to each client p50/p95/max ${postLatency.p50}/${postLatency.p95}/${postLatency.max} ms`,
    );
    console.log(`  POST /api/alerts, ${BATCH} per req: ${postManyMs.toFixed(0)} ms  ${rate(N, postManyMs)} alerts/s`);
    console.log(
      `  in-process paced at ${RATE}/s : ${paced.length} in ${pacedMs.toFixed(0)} ms = ${rate(paced.length, pacedMs)} alerts/s achieved (max lag behind schedule ${lag.toFixed(0)} ms; ${formatMemory(memoryPaced)})`,
    );
    console.log(
      `    delivery: ${pacedLatency.delivered}/${pacedLatency.expected}; latency from arrival to each client p50/p95/max ${pacedLatency.p50}/${pacedLatency.p95}/${pacedLatency.max} ms (target p95 <= 1000)`,
    );
    console.log(
      `  floor, ${statementsPerAlert} round trips a transaction, no app: 1 connection ${rate(N, floorOneMs)}/s; ${POOL} connections ${rate(N, floorPoolMs)}/s (same load, same run)`,
    );
  } finally {
    await client.end();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
