import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase, startScratchPostgres } from '@skyportal/test-kit/postgres';

export interface BenchDatabase {
  /** URL of a fresh database for this run. */
  url: string;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` if set (its server makes the database), else an embedded server in a folder under
 * /tmp kept between runs (initdb once), with a new database per run.
 */
export async function benchDatabase(name = `bench_${Date.now()}`): Promise<BenchDatabase> {
  const server = process.env.DATABASE_URL
    ? undefined
    : await startScratchPostgres({ keepIn: path.join(tmpdir(), 'skyportal-bench-pg'), settings: { shared_buffers: '512MB', max_wal_size: '4GB' } });
  const adminUrl = process.env.DATABASE_URL ?? server!.adminUrl;
  const { url } = await createDatabase(adminUrl, name);
  return {
    url,
    async stop() {
      await dropDatabase(adminUrl, name);
      await server?.stop();
    },
  };
}
