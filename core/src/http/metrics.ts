import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Context, Next } from 'koa';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PluginMetrics } from '@skyportal/sdk';

export const METRICS_PATH = '/metrics';

/** What an ingest counter's `kind` may be: a word, so a label never carries user input. */
const KIND = /^[a-z][a-z0-9_]{0,40}$/;

interface Sources {
  /** Open WebSockets on this process. */
  websockets: () => number;
  knex: Knex;
}

/** tarn's pool (knex's), read for its counts only. */
interface PoolCounts {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * The Prometheus metrics of one app, in a registry of its own (no global state: one process can
 * hold several apps, as the tests do). Requests are labelled by the route's pattern
 * (`/api/sources/:id`), never by the raw path: ids would make a series per object and could carry
 * what a user typed.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly ingested: Counter<'plugin' | 'kind'>;

  constructor(sources: Sources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'skyportal_' });
    this.requests = new Counter({
      name: 'skyportal_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'skyportal_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern and method',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.ingested = new Counter({
      name: 'skyportal_ingested_total',
      help: 'Items plugins took in (photometry points, spectra...), by plugin and kind',
      labelNames: ['plugin', 'kind'],
      registers,
    });
    new Gauge({
      name: 'skyportal_websocket_clients',
      help: 'Open WebSocket connections on this process',
      registers,
      collect() {
        this.set(sources.websockets());
      },
    });
    const pool = () => (sources.knex.client as { pool?: PoolCounts }).pool;
    const poolGauge = (name: string, help: string, read: (p: PoolCounts) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const p = pool();
          this.set(p ? read(p) : 0);
        },
      });
    poolGauge('skyportal_db_pool_used', 'Database connections in use', (p) => p.numUsed());
    poolGauge('skyportal_db_pool_free', 'Idle database connections in the pool', (p) => p.numFree());
    poolGauge('skyportal_db_pool_pending', 'Queries waiting for a database connection', (p) => p.numPendingAcquires());
  }

  /** Koa middleware timing every request; outermost but the request id, so errors are counted with their status. */
  middleware() {
    return async (ctx: Context, next: Next) => {
      const end = performance.now();
      try {
        await next();
      } finally {
        this.observe(ctx, (performance.now() - end) / 1000);
      }
    };
  }

  private observe(ctx: Context, seconds: number): void {
    // @koa/router leaves the pattern of the route it ran; nothing else is ever a label.
    const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
    const route = typeof matched === 'string' ? matched : ctx.path.startsWith('/api/') ? '(unmatched)' : '(static)';
    const method = ctx.method.length <= 7 && /^[A-Z]+$/.test(ctx.method) ? ctx.method : 'OTHER';
    this.requests.inc({ method, route, status: String(ctx.status) });
    this.duration.observe({ method, route }, seconds);
  }

  /** The facility a plugin counts its ingest through (`coreServices.metrics`): its name is the label. */
  forPlugin(plugin: string): PluginMetrics {
    return {
      ingested: (kind, count = 1) => {
        if (!KIND.test(kind)) throw new Error(`metrics.ingested: kind must be a lowercase word (got ${JSON.stringify(kind)})`);
        if (!Number.isFinite(count) || count < 0) throw new Error(`metrics.ingested: count must be >= 0 (got ${count})`);
        this.ingested.inc({ plugin, kind }, count);
      },
    };
  }

  /**
   * /metrics on the main port, for callers with the configured bearer token only. Without a token
   * it is a 404 (not the web app's page either): metrics are never public by accident.
   */
  guardedRoute(token: string | undefined) {
    const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
    return async (ctx: Context, next: Next) => {
      if (ctx.path !== METRICS_PATH) return next();
      if (!expected) {
        ctx.status = 404;
        return;
      }
      const given = Buffer.from(ctx.get('authorization'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        ctx.body = 'metrics need the configured bearer token\n';
        return;
      }
      ctx.type = this.registry.contentType;
      ctx.body = await this.registry.metrics();
    };
  }

  /** A listener serving /metrics alone, on an internal port (no token: the network guards it). */
  async listen(port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
    const server = http.createServer((request, response) => {
      if ((request.url ?? '').split('?')[0] !== METRICS_PATH) {
        response.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return {
      port: (server.address() as AddressInfo).port,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // A scraper's keep-alive connection must not hold the shutdown.
          server.closeAllConnections();
        }),
    };
  }
}
