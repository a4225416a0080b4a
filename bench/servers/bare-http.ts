import http from 'node:http';

// The floor: node:http answering a small JSON body.
const body = JSON.stringify({ status: 'success', data: { pong: true } });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`READY http://127.0.0.1:${port}/api/bench/ping`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
