/**
 * N real `ws` clients in their own process (so they do not take the ingesting process's CPU),
 * subscribed to one channel; each `alerts.ingested` arrival is noted (candid, time). Prints
 * `READY` once all are subscribed; on stdin's end writes `{candid: [arrival ms...]}` to OUT.
 *   LISTEN_URL=ws://.../websocket LISTEN_TOKEN=... LISTEN_CHANNEL=alerts:1 LISTEN_CLIENTS=1000 OUT=file
 */
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';

const url = process.env.LISTEN_URL!;
const clients = Number(process.env.LISTEN_CLIENTS ?? 1000);
const arrivals = new Map<string, number[]>();

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { authorization: `token ${process.env.LISTEN_TOKEN}` } });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'welcome') socket.send(JSON.stringify({ action: 'subscribe', channel: process.env.LISTEN_CHANNEL }));
      else if (message.type === 'subscribed') resolve(socket);
      else if (message.type === 'alerts.ingested') {
        const at = Date.now();
        const list = arrivals.get(message.data.candid) ?? [];
        list.push(at);
        arrivals.set(message.data.candid, list);
      } else if (message.type === 'error') reject(new Error(JSON.stringify(message)));
    });
    socket.once('error', reject);
  });
}

const sockets: WebSocket[] = [];
for (let i = 0; i < clients; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, clients - i) }, connect))));
console.log(`READY ${sockets.length}`);
process.stdin.resume();
process.stdin.on('end', () => {
  writeFileSync(process.env.OUT!, JSON.stringify(Object.fromEntries(arrivals)));
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});
