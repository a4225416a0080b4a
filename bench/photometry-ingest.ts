/**
 * Photometry ingest: 50,000 points through `POST /api/photometry` (one request) against a raw
 * `COPY` of the same rows into the same table, in the same run, alternating; medians of ROUNDS
 * rounds, and the median of the per-round ratios (pairs are closest in time on a noisy machine).
 *
 *   node --import tsx bench/photometry-ingest.ts        (PHOT_N=50000 PHOT_ROUNDS=5)
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { startBenchServer, median } from './lib/server.ts';

const N = Number(process.env.PHOT_N ?? 50_000);
const ROUNDS = Number(process.env.PHOT_ROUNDS ?? 5);

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

async function main() {
  // 50,000 rows in one post: more than the 10,000 a post holds by default.
  const server = await startBenchServer(['sources', 'photometry'], {}, { photometry: { maxRowsPerPost: Math.max(N, 10_000) } });
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
    const admin = (await server.request('GET', '/api/internal/profile')).body.data;
    const tel = await server.request('POST', '/api/telescope', { name: 'P48', nickname: 'P48', diameter: 1.2 });
    const instrumentId = (
      await server.request('POST', '/api/instrument', { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: tel.body.data.id })
    ).body.data.id;

    const apiTimes: number[] = [];
    const copyTimes: number[] = [];
    // Round 0 warms both paths up (JIT, plans, caches) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      const apiObj = `api${round}`;
      const copyObj = `copy${round}`;
      for (const id of [apiObj, copyObj]) await server.request('POST', '/api/sources', { id, ra: 10 + round, dec: 20, group_ids: [sitewide] });
      const n = round === 0 ? 5_000 : N;
      const data = rows(n, round);

      const body = JSON.stringify({ obj_id: apiObj, instrument_id: instrumentId, magsys: 'ab', zp: 23.9, group_ids: [sitewide], ...data });
      let start = performance.now();
      const res = await server.request('POST', '/api/photometry', body);
      const apiMs = performance.now() - start;
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
      if (round > 0) {
        apiTimes.push(apiMs);
        copyTimes.push(copyMs);
        console.log(`round ${round}: API ${apiMs.toFixed(0)} ms, raw COPY ${copyMs.toFixed(0)} ms`);
      }
    }
    const api = median(apiTimes);
    const copy = median(copyTimes);
    const apiRate = N / (api / 1000);
    const copyRate = N / (copy / 1000);
    console.log('');
    console.log(`photometry ingest, ${N} points, median of ${ROUNDS} rounds`);
    console.log(`  POST /api/photometry : ${api.toFixed(0)} ms  (${Math.round(apiRate).toLocaleString('en')} points/s; target <= 5000 ms)`);
    console.log(`  raw COPY             : ${copy.toFixed(0)} ms  (${Math.round(copyRate).toLocaleString('en')} rows/s)`);
    const ratios = apiTimes.map((ms, i) => copyTimes[i]! / ms);
    console.log(
      `  ratio API / COPY rate: ${(apiRate / copyRate).toFixed(2)}x of the medians, ${median(ratios).toFixed(2)}x median of per-round ratios (target >= 0.5x)`,
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
