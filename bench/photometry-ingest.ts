/**
 * Photometry ingest growth: N points through `POST /api/photometry` (one request) against a raw
 * `COPY` of the same rows into the same table, at 10k / 100k / 1M points in one run, with the
 * server's memory for each upload (RSS before, its peak during the request, the heap and Buffers
 * sampled during it). The server runs in a process of its own (`bench/servers/photometry.ts`), a
 * fresh one for each size, so its memory is its alone; the bench process builds the bodies and
 * does the raw COPY.
 *
 *   node --import tsx bench/photometry-ingest.ts
 *     PHOT_SIZES=10000,100000,1000000  PHOT_ROUNDS=3,3,1 (rounds per size; medians)
 */
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { createDatabase, startScratchPostgres } from '@skyportal/test-kit/postgres';
import { startChild } from './lib/child.ts';
import { median } from './lib/server.ts';

const SIZES = (process.env.PHOT_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const ROUNDS = (process.env.PHOT_ROUNDS ?? '3,3,1').split(',').map(Number);
const TOKEN = 'bench-photometry-token-0123456789';

interface ServerMemory {
  rssMB: number;
  peakRssMB: number;
  heapUsedMB: number;
  peakHeapMB: number;
  externalMB: number;
  peakExternalMB: number;
}

function rows(n: number, seed: number) {
  const filters = ['ztfg', 'ztfr', 'ztfi'];
  const mjd: number[] = [];
  const filter: string[] = [];
  const flux: (number | null)[] = [];
  const fluxerr: number[] = [];
  for (let i = 0; i < n; i++) {
    mjd.push(58000 + seed + i * 0.001);
    filter.push(filters[i % 3]!);
    flux.push(i % 10 === 0 ? null : 50 + Math.sin(i) * 20);
    fluxerr.push(2 + (i % 7) * 0.5);
  }
  return { mjd, filter, flux, fluxerr };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

async function main() {
  const postgres = await startScratchPostgres({ settings: { max_connections: 100, shared_buffers: '256MB', max_wal_size: '4GB' } });
  const { url: databaseUrl } = await createDatabase(postgres.adminUrl, 'bench_photometry');
  // A fresh server for each size: its peak RSS is then that size's alone (freed heap pages stay
  // resident, so a server that has taken a bigger upload before shows no new peak).
  let server = await startChild('bench/servers/photometry.ts', { BENCH_DATABASE_URL: databaseUrl, BENCH_TOKEN: TOKEN });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  /** `chunked`: the body as a stream of 64 KB chunks, with no Content-Length (the server streams it whatever its size). */
  async function request<T = any>(method: string, route: string, body?: unknown, chunked = false): Promise<{ status: number; body: T }> {
    const sent = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const bytes = chunked && sent !== undefined ? Buffer.from(sent) : undefined;
    const stream =
      bytes &&
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536));
          controller.close();
        },
      });
    const response = await fetch(new URL(route, server.url), {
      method,
      headers: { authorization: `token ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: stream ?? sent,
      ...(stream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  }
  const memory = async () => (await request<{ data: ServerMemory }>('GET', '/api/bench/memory')).body.data;

  try {
    console.log(`load average at start: ${load()}`);
    const sitewide = (await request('GET', '/api/groups/public')).body.data.id;
    const admin = (await request('GET', '/api/internal/profile')).body.data;
    const tel = await request('POST', '/api/telescope', { name: 'P48', nickname: 'P48', diameter: 1.2 });
    const instrumentId = (
      await request('POST', '/api/instrument', { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: tel.body.data.id })
    ).body.data.id;

    let serial = 0;
    /** One upload of n points through the API, then the same rows by raw COPY. */
    async function round(n: number, chunked = false) {
      serial++;
      const apiObj = `api${serial}`;
      const copyObj = `copy${serial}`;
      for (const id of [apiObj, copyObj]) await request('POST', '/api/sources', { id, ra: 10 + (serial % 300), dec: 20, group_ids: [sitewide] });
      const data = rows(n, serial);
      const body = JSON.stringify({ obj_id: apiObj, instrument_id: instrumentId, magsys: 'ab', zp: 23.9, group_ids: [sitewide], ...data });

      const before = (await request<{ data: ServerMemory }>('POST', '/api/bench/memory/reset')).body.data;
      let start = performance.now();
      const res = await request('POST', '/api/photometry', body, chunked);
      const apiMs = performance.now() - start;
      const during = await memory();
      if (res.status !== 200 || res.body.data.ids.length !== n) throw new Error(`API upload failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);

      // The raw reference: the same rows, already at zp 23.9, straight into the same table.
      const uploadId = randomUUID();
      start = performance.now();
      await client.query('BEGIN');
      const copy = client.query(pgCopy.from('COPY photometry (obj_id, instrument_id, mjd, filter, flux, fluxerr, origin, owner_id, upload_id) FROM STDIN'));
      async function* lines() {
        let chunk = '';
        for (let i = 0; i < n; i++) {
          chunk += `${copyObj}\t${instrumentId}\t${data.mjd[i]}\t${data.filter[i]}\t${data.flux[i] ?? '\\N'}\t${data.fluxerr[i]}\t\t${admin.id}\t${uploadId}\n`;
          if (i % 2000 === 1999) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      await pipeline(Readable.from(lines()), copy);
      await client.query('COMMIT');
      const copyMs = performance.now() - start;
      return { apiMs, copyMs, bodyMB: Buffer.byteLength(body) / 2 ** 20, before, during };
    }

    const summary: string[] = [];
    for (const [k, n] of SIZES.entries()) {
      if (k > 0) {
        await server.stop();
        server = await startChild('bench/servers/photometry.ts', { BENCH_DATABASE_URL: databaseUrl, BENCH_TOKEN: TOKEN });
      }
      // Warms both paths up (JIT, plans, caches); not counted.
      await round(5_000);
      const results = [];
      const streamedMs: number[] = [];
      for (let r = 0; r < (ROUNDS[k] ?? 1); r++) {
        const result = await round(n);
        results.push(result);
        // Under the server's whole-body size (8 MB declared) a post is parsed by JSON.parse; the
        // same post sent chunked is streamed: both readers in the same run, one after the other.
        if (result.bodyMB <= 8) {
          const streamed = await round(n, true);
          streamedMs.push(streamed.apiMs);
          console.log(`${n.toLocaleString('en')} points, round ${r + 1}, sent chunked (streamed): API ${streamed.apiMs.toFixed(0)} ms; load ${load()}`);
        }
        const { before, during } = result;
        console.log(
          `${n.toLocaleString('en')} points, round ${r + 1}: API ${result.apiMs.toFixed(0)} ms, raw COPY ${result.copyMs.toFixed(0)} ms; body ${result.bodyMB.toFixed(1)} MB; ` +
            `server RSS ${before.rssMB} MB before, peak ${during.peakRssMB} MB (+${during.peakRssMB - before.rssMB}), ${during.rssMB} MB after; ` +
            `heap ${before.heapUsedMB} MB before, peak ≥ ${during.peakHeapMB} MB; Buffers peak ≥ ${during.peakExternalMB} MB; load ${load()}`,
        );
      }
      const api = median(results.map((r) => r.apiMs));
      const copy = median(results.map((r) => r.copyMs));
      const before = median(results.map((r) => r.before.rssMB));
      const peakRss = median(results.map((r) => r.during.peakRssMB));
      const peakHeap = median(results.map((r) => r.during.peakHeapMB));
      const streamed = streamedMs.length ? `${median(streamedMs).toFixed(0)} ms` : 'the same path';
      summary.push(
        `| ${n.toLocaleString('en')} | ${api.toFixed(0)} ms (${((api * 1000) / n).toFixed(1)} µs/pt) | ${streamed} | ${copy.toFixed(0)} ms (${((copy * 1000) / n).toFixed(1)} µs/pt) | ` +
          `${(copy / api).toFixed(2)}× | ${results[0]!.bodyMB.toFixed(1)} MB | ${before} MB | ${peakRss} MB (+${peakRss - before}) | ≥ ${peakHeap} MB |`,
      );
    }
    console.log('');
    console.log(
      `photometry ingest growth (medians; rounds per size ${SIZES.map((n, k) => `${n}: ${ROUNDS[k] ?? 1}`).join(', ')}); load average at end: ${load()}`,
    );
    console.log(
      '| points | POST /api/photometry | the same sent chunked (streamed) | raw COPY | API / COPY rate | body | server RSS before | server peak RSS | heap peak (sampled) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const line of summary) console.log(line);
  } finally {
    await client.end();
    await server.stop();
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
