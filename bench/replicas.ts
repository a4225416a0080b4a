/**
 * Requests/s of one app process against two on one database, each behind the same local proxy
 * (scripts/lib/balancer.ts, as in the replicas test), and of one process without the proxy. The
 * route reads a source (token auth, a group-scoped query). Interleaved rounds, medians.
 *   node --import tsx bench/replicas.ts   (BENCH_SECONDS, BENCH_ROUNDS)
 */
import { shippedPluginsOff } from '@skyportal/core';
import { startPortalProcess } from '@skyportal/test-kit/process';
import { benchDatabase } from './lib/postgres.js';
import { load, type LoadResult } from './lib/load.js';
import { startBalancer } from '../scripts/lib/balancer.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const token = 'bench-admin-token-0123456789';
const headers = { authorization: `token ${token}` };
const db = await benchDatabase();
const site = { plugins: { ...shippedPluginsOff(), sources: { enabled: true } } };
const replica = () => startPortalProcess({ databaseUrl: db.url, config: site, env: { SKYPORTAL_ADMIN_TOKEN: token } });

const a = await replica();
const b = await replica();
const objId = `bench${Date.now()}`;
const saved = await fetch(`${a.url}/api/sources`, {
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify({ id: objId, ra: 10, dec: 20 }),
});
if (!saved.ok) throw new Error(`could not save the bench source: ${saved.status}`);
const one = await startBalancer([a.url]);
const two = await startBalancer([a.url, b.url]);
const path = `/api/sources/${objId}`;

const contenders = [
  { name: 'one process, direct', url: a.url },
  { name: 'one process behind the proxy', url: one.url },
  { name: 'two processes behind the proxy', url: two.url },
].map((c) => ({ ...c, results: [] as LoadResult[] }));
for (const c of contenders) await load(`${c.url}${path}`, { seconds: 1, headers }); // warm up
for (let round = 0; round < rounds; round++) {
  for (const c of contenders) c.results.push(await load(`${c.url}${path}`, { seconds, headers }));
}
await one.close();
await two.close();
await a.stop();
await b.stop();
await db.stop();

function median(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((x, y) => x.requestsPerSecond - y.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const [direct, single, double] = contenders.map((c) => median(c.results)) as [LoadResult, LoadResult, LoadResult];
const row = (name: string, r: LoadResult) =>
  `${name.padEnd(32)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50ms).padStart(3)} ms   p99 ${String(r.p99ms).padStart(4)} ms   errors ${r.errors}`;
console.log(`replicas: GET ${'/api/sources/:id'}, median of ${rounds} interleaved rounds of ${seconds} s, 50 connections`);
console.log(row('one process, direct', direct));
console.log(row('one process behind the proxy', single));
console.log(row('two processes behind the proxy', double));
console.log(
  `two / one behind the proxy: ${(double.requestsPerSecond / single.requestsPerSecond).toFixed(2)}x (the proxy and the load generator share the machine's cores)`,
);
