import { startScratchPostgres } from '@skyportal/test-kit/postgres';

/** One embedded PostgreSQL for the e2e run; each spec makes its own database on it. */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_DATABASE_URL) return;
  const server = await startScratchPostgres({ settings: { fsync: 'off' } });
  (globalThis as Record<string, unknown>).__E2E_PG__ = server;
  process.env.E2E_DATABASE_URL = server.adminUrl;
}
