import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

// The reference: a bare `ws` server that broadcasts each posted message to every client.
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const { count } = JSON.parse(body) as { count: number };
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      const text = JSON.stringify({ channel: 'bench:all', type: 'bench', data: { i, sentAt: Date.now() } });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
    }
    res.end(JSON.stringify({ status: 'success', data: { published: count, ms: Date.now() - started } }));
  });
});
const wss = new WebSocketServer({ server, path: '/websocket' });
wss.on('connection', (socket) => {
  socket.send(JSON.stringify({ type: 'welcome' }));
  socket.on('message', (data) => {
    const { channel } = JSON.parse(String(data));
    socket.send(JSON.stringify({ type: 'subscribed', channel }));
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`READY http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
