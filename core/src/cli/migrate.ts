import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { openDatabase } from '../db/database.js';
import { coreMigrations, migrate } from '../db/migrate.js';
import { seedRolesAndAcls, ensureSitewideGroup } from '../db/seed.js';
import { PluginRegistry } from '../plugins/registry.js';

/** Migrations and seeding alone, then exit: for a Kubernetes Job before a rollout. */
export async function migrateOnly(config: Config, logger: Logger): Promise<string[]> {
  const registry = new PluginRegistry();
  await registry.load(config);
  const database = await openDatabase(config, logger);
  try {
    const applied = await migrate(database.knex, [coreMigrations, ...registry.migrations()]);
    await seedRolesAndAcls(database.knex, registry.acls());
    await ensureSitewideGroup(database.knex, config.groups.sitewideName);
    return applied;
  } finally {
    await database.close();
  }
}
