/**
 * A real SkyPortal app for benchmarks, outside jest: `DATABASE_URL`'s server, or an embedded
 * PostgreSQL in a fresh folder under /tmp (readable by the postgres user when run as root), with
 * the plugins asked for.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp, loadConfig, type SkyPortalApp } from '@skyportal/core';
import { startScratchPostgres } from '@skyportal/test-kit/postgres';
import type { PluginDefinition } from '@skyportal/sdk';

export interface BenchServer {
  app: SkyPortalApp;
  url: string;
  /** URL of the app's database, for raw clients. */
  databaseUrl: string;
  adminToken: string;
  request<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

async function startPostgres(settings: Record<string, string | number>): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  return startScratchPostgres({ settings: { max_connections: 200, ...settings } });
}

/**
 * `pluginOptions`: options per plugin name, over config's (the ingest bench posts more rows than the
 * default allows); `extra.definitions`: plugins in code (a bench reaching a service in-process).
 */
export async function startBenchServer(
  plugins: string[],
  settings: Record<string, string | number> = {},
  pluginOptions: Record<string, Record<string, unknown>> = {},
  extra: { definitions?: PluginDefinition[]; server?: Record<string, unknown> } = {},
): Promise<BenchServer> {
  const postgres = await startPostgres(settings);
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
  for (const plugin of plugins) pluginConfig[plugin] = { enabled: true, ...(pluginOptions[plugin] ? { options: pluginOptions[plugin] } : {}) };
  const config = loadConfig({
    env: 'test',
    environment: {},
    overrides: {
      database: { url: databaseUrl.toString() },
      auth: { admin: { token: adminToken }, cookieKeys: ['bench-cookie-key-0123456789abcdef'] },
      plugins: pluginConfig,
      log: { level: 'warn' },
      ...(extra.server ? { server: extra.server } : {}),
    },
  });
  const app = await createApp(config, { plugins: extra.definitions });
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
