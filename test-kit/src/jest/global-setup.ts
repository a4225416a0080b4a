import { startScratchPostgres, TEST_POSTGRES_SETTINGS } from '../postgres.ts';

/**
 * One real PostgreSQL server for the whole jest run (every worker, every test file); each test
 * server makes its own database on it. Skipped when a server is given (SKYPORTAL_TEST_DATABASE_URL
 * or DATABASE_URL): the kit then makes its databases there.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.SKYPORTAL_TEST_DATABASE_URL || process.env.DATABASE_URL) return;
  const server = await startScratchPostgres({ settings: TEST_POSTGRES_SETTINGS });
  (globalThis as Record<string, unknown>).__SKYPORTAL_TEST_PG__ = server;
  process.env.SKYPORTAL_TEST_DATABASE_URL = server.adminUrl;
}
