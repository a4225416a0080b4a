/**
 * Where test databases live: the server of the jest global setup (SKYPORTAL_TEST_DATABASE_URL),
 * else DATABASE_URL's server, else a scratch embedded server started here on first use (once per
 * process; under jest, whose test files are separate module worlds, once per file) and stopped by
 * `cleanUp()`. Every test server gets a database of its own, dropped when it stops.
 */
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, startScratchPostgres, TEST_POSTGRES_SETTINGS, type ScratchPostgres } from './postgres.js';

let scratch: Promise<ScratchPostgres> | undefined;
const undropped = new Set<TestDatabase>();

/** The maintenance URL of the server test databases are made on. */
export async function testPostgresUrl(): Promise<string> {
  const given = process.env.SKYPORTAL_TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) return given;
  scratch ??= startScratchPostgres({ settings: TEST_POSTGRES_SETTINGS });
  return (await scratch).adminUrl;
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops it (closing whatever is still connected). Safe to call twice. */
  drop(): Promise<void>;
}

/** A new, empty database for one test server (or an app a test builds itself). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = await testPostgresUrl();
  const { name, url } = await createDatabase(adminUrl, `test_${randomBytes(6).toString('hex')}`);
  let dropped: Promise<void> | undefined;
  const database: TestDatabase = {
    name,
    url,
    drop: () => {
      undropped.delete(database);
      return (dropped ??= dropDatabase(adminUrl, name));
    },
  };
  undropped.add(database);
  return database;
}

/** Drops the databases nobody dropped, then stops the scratch server if this module started one. */
export async function releaseDatabases(): Promise<void> {
  for (const database of [...undropped]) await database.drop();
  const running = scratch;
  scratch = undefined;
  if (running) await (await running).stop();
}
