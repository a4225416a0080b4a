/**
 * Live fan-out of the WebSocket hub, with real `ws` clients in this process and the server in
 * another:
 *  1. 1,000 clients spread over 100 `bench:<k>` channels; 250 messages/s for 10 s, each message
 *     to one channel: delivery latency p50/p95/max (design target p95 <= 1 s).
 *  2. A broadcast: every client subscribed to `bench:all`, N messages published at once:
 *     deliveries/s, against a bare `ws` server broadcasting the same messages to as many clients
 *     in the same run (design target >= 0.8x).
 *   node --import tsx bench/ws-fanout.ts   (WS_CLIENTS=1000 WS_RATE=250 WS_SECONDS=10 WS_BROADCASTS=200)
 */
import WebSocket from 'ws';
import { benchDatabase } from './lib/postgres.js';
import { startChild } from './lib/child.js';

const clients = Number(process.env.WS_CLIENTS ?? 1000);
const rate = Number(process.env.WS_RATE ?? 250);
const seconds = Number(process.env.WS_SECONDS ?? 10);
const broadcasts = Number(process.env.WS_BROADCASTS ?? 200);
const token = 'bench-admin-token-0123456789';

interface Receiver {
  latencies: number[];
  received: number;
}

async function connectAll(base: string, channelOf: (i: number) => string, receiver: Receiver): Promise<WebSocket[]> {
  const url = `${base.replace('http', 'ws')}/websocket`;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < clients; i += 100) {
    const batch = Array.from(
      { length: Math.min(100, clients - i) },
      (_, j) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(url, { headers: { authorization: `token ${token}` } });
          socket.on('message', (data) => {
            const message = JSON.parse(String(data));
            if (message.type === 'welcome') socket.send(JSON.stringify({ action: 'subscribe', channel: channelOf(i + j) }));
            else if (message.type === 'subscribed') resolve(socket);
            else if (message.type === 'bench') {
              receiver.received++;
              receiver.latencies.push(Date.now() - message.data.sentAt);
            }
          });
          socket.once('error', reject);
        }),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
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

const db = await benchDatabase();
const skyportal = await startChild('bench/servers/skyportal.ts', { BENCH_DATABASE_URL: db.url, BENCH_TOKEN: token });

// 1. Spread over channels at a steady rate.
const spread: Receiver = { latencies: [], received: 0 };
let sockets = await connectAll(skyportal.url.replace('/api/bench/ping', ''), (i) => `bench:${i % 100}`, spread);
const base = skyportal.url.replace('/api/bench/ping', '');
const total = rate * seconds;
const perChannel = clients / 100;
await publish(base, '/api/bench/publish', { channels: Array.from({ length: 100 }, (_, k) => `bench:${k}`), count: total, perSecond: rate });
await waitFor(spread, total * perChannel, 10_000);
for (const s of sockets) s.close();

// 2. Broadcast to everyone, SkyPortal then bare ws.
async function broadcast(target: string, route: string): Promise<{ perSecond: number; delivered: number }> {
  const receiver: Receiver = { latencies: [], received: 0 };
  sockets = await connectAll(target, () => 'bench:all', receiver);
  const started = Date.now();
  await publish(target, route, { channels: ['bench:all'], count: broadcasts });
  await waitFor(receiver, broadcasts * clients, 60_000);
  const elapsed = (Date.now() - started) / 1000;
  for (const s of sockets) s.close();
  return { perSecond: receiver.received / elapsed, delivered: receiver.received };
}
const skyBroadcast = await broadcast(base, '/api/bench/publish');
await skyportal.stop();
const bare = await startChild('bench/servers/bare-ws.ts');
const bareBroadcast = await broadcast(bare.url, '/publish');
await bare.stop();
await db.stop();

console.log(`ws-fanout: ${clients} clients, this process; server in its own process`);
console.log(`spread: ${rate} msg/s for ${seconds} s over 100 channels (${perChannel} subscribers each): delivered ${spread.received}/${total * perChannel}`);
console.log(
  `  latency p50 ${percentile(spread.latencies, 50)} ms, p95 ${percentile(spread.latencies, 95)} ms, max ${Math.max(...spread.latencies)} ms (target p95 <= 1000 ms)`,
);
console.log(`broadcast of ${broadcasts} messages to all:`);
console.log(`  SkyPortal hub ${skyBroadcast.perSecond.toFixed(0)} deliveries/s (${skyBroadcast.delivered} delivered)`);
console.log(`  bare ws       ${bareBroadcast.perSecond.toFixed(0)} deliveries/s (${bareBroadcast.delivered} delivered)`);
console.log(`  ratio ${(skyBroadcast.perSecond / bareBroadcast.perSecond).toFixed(2)}x (target >= 0.8x)`);
