import { startScratchPostgres } from '@skyportal/sdk/testing/postgres';

/** One real PostgreSQL server for the whole run; each test file makes its own database on it. */
export default async function globalSetup(): Promise<void> {
  if (process.env.SKYPORTAL_TEST_DATABASE_URL) return; // an external server was given
  const server = await startScratchPostgres({ settings: { max_connections: 400, fsync: 'off', synchronous_commit: 'off' } });
  (globalThis as Record<string, unknown>).__SKYPORTAL_PG__ = server;
  process.env.SKYPORTAL_TEST_DATABASE_URL = server.adminUrl;
}
