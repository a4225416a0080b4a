import http from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';

// Bare Koa + @koa/router with the same JSON body: the target's reference.
const app = new Koa();
const router = new Router();
router.get('/api/bench/ping', (ctx) => {
  ctx.body = { status: 'success', data: { pong: true } };
});
app.use(router.routes());
const server = http.createServer(app.callback());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`READY http://127.0.0.1:${port}/api/bench/ping`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
