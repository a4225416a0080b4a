/**
 * Requests/s of an authenticated SkyPortal route that touches no table, against bare node:http and
 * bare Koa + @koa/router serving the same body, measured in the same run. Each server runs in its
 * own process; the load comes from this one.
 *   node --import tsx bench/http-overhead.ts   (BENCH_SECONDS, BENCH_ROUNDS)
 */
import { benchDatabase } from './lib/postgres.js';
import { startChild } from './lib/child.js';
import { load, type LoadResult } from './lib/load.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const token = 'bench-admin-token-0123456789';
const db = await benchDatabase();
const auth = { authorization: `token ${token}` };

// All three run at once, each in its own process, and are loaded in turn, round after round: on
// a machine whose speed drifts (shared cores), medians of interleaved rounds compare fairly.
const contenders = [
  { name: 'bare node:http', server: await startChild('bench/servers/bare-http.ts'), headers: {} },
  { name: 'bare Koa + @koa/router', server: await startChild('bench/servers/bare-koa.ts'), headers: {} },
  {
    name: 'SkyPortal, token-authenticated',
    server: await startChild('bench/servers/skyportal.ts', { BENCH_DATABASE_URL: db.url, BENCH_TOKEN: token }),
    headers: auth,
  },
].map((c) => ({ ...c, results: [] as LoadResult[] }));
for (const c of contenders) await load(c.server.url, { seconds: 1, headers: c.headers }); // warm up (JIT, caches)
for (let round = 0; round < rounds; round++) {
  for (const c of contenders) c.results.push(await load(c.server.url, { seconds, headers: c.headers }));
}
for (const c of contenders) await c.server.stop();
await db.stop();

function median(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const [bare, koa, skyportal] = contenders.map((c) => median(c.results)) as [LoadResult, LoadResult, LoadResult];
const row = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50ms).padStart(3)} ms   p99 ${String(r.p99ms).padStart(3)} ms   errors ${r.errors}`;
console.log(`http-overhead: median of ${rounds} interleaved rounds of ${seconds} s per server, 50 connections, keep-alive`);
console.log(row('bare node:http', bare));
console.log(row('bare Koa + @koa/router', koa));
console.log(row('SkyPortal, token-authenticated', skyportal));
console.log(`SkyPortal / bare node:http: ${(skyportal.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x (issue target >= 0.5x)`);
console.log(`SkyPortal / bare Koa:       ${(skyportal.requestsPerSecond / koa.requestsPerSecond).toFixed(2)}x (design target >= 0.7x)`);
console.log(`bare Koa / bare node:http:  ${(koa.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x`);
