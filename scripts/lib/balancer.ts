/**
 * A local stand-in for the Ingress in front of several app processes (the replicas test and
 * bench/replicas): round robin over a pool of backends that changes while it runs, HTTP and
 * WebSocket upgrades, built on http-proxy-3. It behaves as ingress-nginx does by default: a new
 * connection per request to the backend (no upstream keep-alive, so a draining process is never
 * sent a request on an idle socket it is closing), and a request whose connection was refused
 * (the process stopped listening) goes to the next backend, since it never reached the app.
 * A request a backend dies with while answering it gets a 502: only the client may retry it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';

export interface Balancer {
  url: string;
  /** Backends receiving new requests, in turn. */
  readonly pool: string[];
  add(backend: string): void;
  /** Stops sending new requests to it (in-flight ones go on), as an endpoint leaving a Service. */
  remove(backend: string): void;
  /** Requests being answered by this backend now. */
  inFlight(backend: string): number;
  /** Requests sent on to the next backend after a refused connection. */
  readonly redirected: number;
  /** Requests answered 502 because their backend failed while answering (died with them). */
  readonly failed: number;
  /** Those failures by error code (ECONNRESET, ...), to say what happened. */
  readonly failures: Record<string, number>;
  close(): Promise<void>;
}

/** The request body, read whole first (small JSON here) so a request refused by one backend can go to another. */
async function bodyOf(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startBalancer(backends: string[] = []): Promise<Balancer> {
  const pool = [...backends];
  const busy = new Map<string, number>();
  const proxy = createProxyServer({ ws: true, xfwd: true, proxyTimeout: 60_000 });
  // No keep-alive to the backends (see above).
  const agent = new http.Agent({ keepAlive: false });
  let next = 0;
  let redirected = 0;
  let failed = 0;
  const failures: Record<string, number> = {};

  const pick = (exclude: Set<string>): string | undefined => {
    const candidates = pool.filter((b) => !exclude.has(b));
    if (!candidates.length) return undefined;
    return candidates[next++ % candidates.length];
  };

  const forward = (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, tried: Set<string>) => {
    const target = pick(tried);
    if (!target) {
      if (!response.headersSent) response.writeHead(503, { 'content-type': 'text/plain' }).end('no backend\n');
      return;
    }
    tried.add(target);
    busy.set(target, (busy.get(target) ?? 0) + 1);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      busy.set(target, busy.get(target)! - 1);
    };
    response.once('close', finish);
    proxy.web(request, response, { target, agent, buffer: Readable.from([body]) }, (error: NodeJS.ErrnoException) => {
      finish();
      // Refused: nothing reached the app, another backend may take it.
      if (error.code === 'ECONNREFUSED' && !response.headersSent) {
        redirected++;
        forward(request, response, body, tried);
        return;
      }
      failed++;
      const key = `${error.code ?? error.message}`;
      failures[key] = (failures[key] ?? 0) + 1;
      if (process.env.BALANCER_DEBUG) process.stderr.write(`balancer: ${key} from ${target} at ${Date.now() % 100000} (${request.method} ${request.url})\n`);
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway\n');
      else response.destroy();
    });
  };

  const server = http.createServer((request, response) => {
    bodyOf(request).then(
      (body) => forward(request, response, body, new Set()),
      () => response.destroy(),
    );
  });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = pick(new Set());
    if (!target) return socket.destroy();
    proxy.ws(request, socket, head, { target }, () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    pool,
    add: (backend) => void (pool.includes(backend) || pool.push(backend)),
    remove: (backend) => {
      const at = pool.indexOf(backend);
      if (at >= 0) pool.splice(at, 1);
    },
    inFlight: (backend) => busy.get(backend) ?? 0,
    get redirected() {
      return redirected;
    },
    get failed() {
      return failed;
    },
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        proxy.close();
      }),
  };
}
