import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { useUtcTimestamps } from './timestamps.js';

// BIGINT and NUMERIC come back as strings by default; ids here fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Timestamps leave in SkyPortal's form, naive UTC ISO 8601 (see timestamps.ts).
useUtcTimestamps();

export interface Database {
  knex: Knex;
  url: string;
  close(): Promise<void>;
}

/** Creates the database if the server lacks it (first start on a new server). */
async function ensureDatabase(url: string, logger: Logger): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      logger.info({ database: name }, 'creating database');
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } catch (error) {
    // No rights on the maintenance database: assume the operator created ours.
    logger.debug({ err: error }, 'could not check for the database; assuming it exists');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects to `database.url`, or starts the embedded server when none is configured. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url = config.database.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.database.embedded, logger);
    url = embedded.url(config.database.name);
  }
  await ensureDatabase(url, logger);
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: config.database.pool.min, max: config.database.pool.max },
  });
  return {
    knex,
    url,
    async close() {
      await knex.destroy();
      await embedded?.stop();
    },
  };
}
