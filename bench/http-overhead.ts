/**
 * Requests/s of an authenticated SkyPortal route that touches no table, against bare node:http and
 * bare Koa + @koa/router serving the same body, measured in the same run. Each server runs in its
 * own process; the load comes from this one.
 *   node --import tsx bench/http-overhead.ts   (BENCH_SECONDS=10 for longer runs)
 */
import { benchDatabase } from './lib/postgres.js';
import { startChild } from './lib/child.js';
import { load, type LoadResult } from './lib/load.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const token = 'bench-admin-token-0123456789';
const db = await benchDatabase();

async function measure(script: string, headers: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<LoadResult> {
  const server = await startChild(script, env);
  try {
    await load(server.url, { seconds: 1, headers }); // warm up (JIT, caches)
    return await load(server.url, { seconds, headers });
  } finally {
    await server.stop();
  }
}

const auth = { authorization: `token ${token}` };
const bare = await measure('bench/servers/bare-http.ts');
const koa = await measure('bench/servers/bare-koa.ts');
const skyportal = await measure('bench/servers/skyportal.ts', auth, { BENCH_DATABASE_URL: db.url, BENCH_TOKEN: token });
await db.stop();

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50ms).padStart(3)} ms   p99 ${String(r.p99ms).padStart(3)} ms   errors ${r.errors}`;
console.log(`http-overhead: ${seconds} s per server, 50 connections, keep-alive`);
console.log(row('bare node:http', bare));
console.log(row('bare Koa + @koa/router', koa));
console.log(row('SkyPortal, token-authenticated', skyportal));
console.log(`SkyPortal / bare node:http: ${(skyportal.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x (issue target >= 0.5x)`);
console.log(`SkyPortal / bare Koa:       ${(skyportal.requestsPerSecond / koa.requestsPerSecond).toFixed(2)}x (design target >= 0.7x)`);
console.log(`bare Koa / bare node:http:  ${(koa.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x`);
