/**
 * Live fan-out of the WebSocket hub at 100 / 1,000 / 5,000 clients in one run, with real `ws`
 * clients in this process and the server in another (a fresh one per size, so its memory is that
 * size's alone). Messages go through the production path: `live.publish` → Postgres `NOTIFY` →
 * the hub → audience check → subscribers. At each size:
 *  1. spread: the clients over N/10 `bench:<k>` channels (10 subscribers each), WS_RATE messages/s
 *     for WS_SECONDS, each to one channel: delivery latency p50/p95/max (design: p95 <= 1 s);
 *  2. broadcast: every client also on `bench:all`, WS_BROADCASTS messages published at once:
 *     deliveries/s and the server's CPU time per delivery (from /proc), against a bare `ws` server
 *     broadcasting as many messages to as many clients (design: >= 0.8x);
 *  and the server's RSS: idle, with the clients connected (per client), and its peak.
 *
 *   node --import tsx bench/ws-fanout.ts   (WS_SIZES=100,1000,5000 WS_RATE=250 WS_SECONDS=5 WS_BROADCASTS=100)
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import WebSocket from 'ws';
import { createDatabase, startScratchPostgres } from '@skyportal/test-kit/postgres';
import { startChild } from './lib/child.js';
import { processMemory } from './lib/memory.js';

const sizes = (process.env.WS_SIZES ?? '100,1000,5000').split(',').map(Number);
const rate = Number(process.env.WS_RATE ?? 250);
const seconds = Number(process.env.WS_SECONDS ?? 5);
const broadcasts = Number(process.env.WS_BROADCASTS ?? 100);
const token = 'bench-admin-token-0123456789';

interface Receiver {
  latencies: number[];
  received: number;
}

/** Opens `n` sockets, 100 at a time, each subscribed to `channelOf(i)`; deliveries of `bench` messages go to `receiver.current`. */
async function connectAll(base: string, n: number, channelOf: (i: number) => string, receiver: { current: Receiver }): Promise<WebSocket[]> {
  const url = `${base.replace('http', 'ws')}/websocket`;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from(
      { length: Math.min(100, n - i) },
      (_, j) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(url, { headers: { authorization: `token ${token}` } });
          socket.on('message', (data) => {
            const message = JSON.parse(String(data));
            if (message.type === 'welcome') socket.send(JSON.stringify({ action: 'subscribe', channel: channelOf(i + j) }));
            else if (message.type === 'subscribed') resolve(socket);
            else if (message.type === 'bench') {
              receiver.current.received++;
              receiver.current.latencies.push(Date.now() - message.data.sentAt);
            }
          });
          socket.once('error', reject);
        }),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/** Subscribes every socket to one more channel; resolves when all have confirmed. */
function subscribeAll(sockets: WebSocket[], channel: string): Promise<void> {
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          const onMessage = (data: WebSocket.RawData) => {
            const message = JSON.parse(String(data));
            if (message.type === 'subscribed' && message.channel === channel) {
              socket.off('message', onMessage);
              resolve();
            }
          };
          socket.on('message', onMessage);
          socket.send(JSON.stringify({ action: 'subscribe', channel }));
        }),
    ),
  ).then(() => undefined);
}

async function publish(base: string, route: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
}

async function waitFor(receiver: Receiver, expected: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (receiver.received < expected && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 5));
  return Date.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** CPU time (user + system) a process has used, in ms (from /proc: clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const closeAll = async (sockets: WebSocket[]) => {
  await Promise.all(sockets.map((s) => new Promise((resolve) => (s.once('close', resolve), s.close()))));
};

/** Broadcast of `broadcasts` messages to every socket on `bench:all`: deliveries/s and the server's CPU per delivery. */
async function broadcast(target: string, route: string, pid: number, n: number, receiver: { current: Receiver }) {
  receiver.current = { latencies: [], received: 0 };
  const cpuBefore = cpuMs(pid);
  const started = Date.now();
  await publish(target, route, { channels: ['bench:all'], count: broadcasts });
  await waitFor(receiver.current, broadcasts * n, 120_000);
  const elapsed = (Date.now() - started) / 1000;
  const cpu = cpuMs(pid) - cpuBefore;
  const delivered = receiver.current.received;
  return { perSecond: delivered / elapsed, delivered, cpuUsPerDelivery: (cpu * 1000) / delivered };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
// A PostgreSQL of its own in a fresh folder: the shared bench folder may be in use by another bench.
const postgres = await startScratchPostgres({ settings: { max_connections: 100 } });
const db = await createDatabase(postgres.adminUrl, 'bench_ws');
const rows: string[] = [];
console.log(`ws-fanout: sizes ${sizes.join(', ')}; clients in this process, server in its own; load average ${load()}`);
for (const n of sizes) {
  const channels = Math.max(1, Math.round(n / 10));
  const skyportal = await startChild('bench/servers/skyportal.ts', { BENCH_DATABASE_URL: db.url, BENCH_TOKEN: token });
  const base = skyportal.url.replace('/api/bench/ping', '');
  const pid = skyportal.child.pid!;
  await publish(base, '/api/bench/publish', { channels: ['bench:warm'], count: 10 }); // JIT, the NOTIFY connection
  const idle = processMemory(pid);

  // 1. Spread over channels at a steady rate.
  const receiver = { current: { latencies: [], received: 0 } as Receiver };
  const started = Date.now();
  const sockets = await connectAll(base, n, (i) => `bench:${i % channels}`, receiver);
  const connectMs = Date.now() - started;
  const connected = processMemory(pid);
  const total = rate * seconds;
  await publish(base, '/api/bench/publish', { channels: Array.from({ length: channels }, (_, k) => `bench:${k}`), count: total, perSecond: rate });
  const perChannel = n / channels;
  await waitFor(receiver.current, total * perChannel, 20_000);
  const spread = receiver.current;

  // 2. Broadcast to everyone, SkyPortal then bare ws.
  await subscribeAll(sockets, 'bench:all');
  const sky = await broadcast(base, '/api/bench/publish', pid, n, receiver);
  const peak = processMemory(pid);
  await closeAll(sockets);
  await skyportal.stop();

  const bare = await startChild('bench/servers/bare-ws.ts');
  const bareReceiver = { current: { latencies: [], received: 0 } as Receiver };
  const bareSockets = await connectAll(bare.url, n, () => 'bench:all', bareReceiver);
  const bareConnected = processMemory(bare.child.pid!);
  const plain = await broadcast(bare.url, '/publish', bare.child.pid!, n, bareReceiver);
  await closeAll(bareSockets);
  await bare.stop();

  const perClientKB = ((connected.rssMB - idle.rssMB) * 1024) / n;
  console.log(
    `${n} clients: connect ${connectMs} ms (${((connectMs * 1000) / n).toFixed(0)} µs each); spread ${spread.received}/${total * perChannel} delivered, ` +
      `latency p50 ${percentile(spread.latencies, 50)} / p95 ${percentile(spread.latencies, 95)} / max ${Math.max(...spread.latencies)} ms; ` +
      `broadcast ${sky.delivered}/${broadcasts * n}: SkyPortal ${sky.perSecond.toFixed(0)}/s (${sky.cpuUsPerDelivery.toFixed(1)} µs server CPU each), ` +
      `bare ws ${plain.perSecond.toFixed(0)}/s (${plain.cpuUsPerDelivery.toFixed(1)} µs); ` +
      `server RSS idle ${idle.rssMB} MB, connected ${connected.rssMB} MB (${perClientKB.toFixed(0)} KB/client), peak ${peak.peakRssMB} MB; ` +
      `bare ws connected ${bareConnected.rssMB} MB; load ${load()}`,
  );
  rows.push(
    `| ${n.toLocaleString('en')} | ${((connectMs * 1000) / n).toFixed(0)} µs | ${percentile(spread.latencies, 50)} / ${percentile(spread.latencies, 95)} / ${Math.max(...spread.latencies)} ms | ` +
      `${sky.perSecond.toFixed(0)} (${sky.cpuUsPerDelivery.toFixed(1)} µs CPU) | ${plain.perSecond.toFixed(0)} (${plain.cpuUsPerDelivery.toFixed(1)} µs CPU) | ` +
      `${(sky.perSecond / plain.perSecond).toFixed(2)}× | ${idle.rssMB} → ${connected.rssMB} MB (${perClientKB.toFixed(0)} KB/client), peak ${peak.peakRssMB} MB | ${bareConnected.rssMB} MB |`,
  );
}
await postgres.stop();

console.log('');
console.log(
  `ws-fanout growth (spread ${rate} msg/s for ${seconds} s, 10 subscribers a channel; broadcast of ${broadcasts} messages); load average at end ${load()}`,
);
console.log(
  '| clients | connect, per client | spread latency p50 / p95 / max | broadcast deliveries/s, SkyPortal | bare ws | ratio | SkyPortal server RSS idle → connected, peak | bare ws RSS connected |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
