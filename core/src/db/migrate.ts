import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Knex } from 'knex';
import * as coreInitial from './migrations/001_core.js';
import * as loginLimits from './migrations/002_login_limits.js';
import * as userProfile from './migrations/003_user_profile.js';
import * as auditLog from './migrations/004_audit_log.js';
import * as accountStatus from './migrations/005_account_status.js';
import * as streams from './migrations/006_streams.js';

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
}

export interface MigrationSet {
  /** `core` or the plugin name: migrations are recorded as `<owner>/<file>`. */
  owner: string;
  folder?: URL;
  modules?: Record<string, MigrationModule>;
}

const MIGRATION_FILE = /^\d+.*\.(ts|js|mjs)$/;

/** Core's migrations, then each plugin's folder in the order given (dependency order). */
class OrderedMigrationSource implements Knex.MigrationSource<{ name: string; load(): Promise<MigrationModule> }> {
  constructor(private readonly sets: MigrationSet[]) {}

  async getMigrations() {
    const all: { name: string; load(): Promise<MigrationModule> }[] = [];
    for (const set of this.sets) {
      for (const [file, module] of Object.entries(set.modules ?? {})) {
        all.push({ name: `${set.owner}/${file}`, load: async () => module });
      }
      if (set.folder) {
        const dir = fileURLToPath(set.folder);
        const files = readdirSync(dir)
          .filter((file) => MIGRATION_FILE.test(file) && !file.endsWith('.d.ts'))
          .sort();
        for (const file of files) {
          const url = pathToFileURL(path.join(dir, file)).href;
          all.push({ name: `${set.owner}/${file}`, load: () => import(url) as Promise<MigrationModule> });
        }
      }
    }
    return all;
  }

  getMigrationName(migration: { name: string }) {
    return migration.name;
  }

  getMigration(migration: { load(): Promise<MigrationModule> }) {
    return migration.load();
  }
}

export const coreMigrations: MigrationSet = {
  owner: 'core',
  modules: {
    '001_core.ts': coreInitial,
    '002_login_limits.ts': loginLimits,
    '003_user_profile.ts': userProfile,
    '004_audit_log.ts': auditLog,
    '005_account_status.ts': accountStatus,
    '006_streams.ts': streams,
  },
};

/** Every migration's recorded name (`<owner>/<file>`), in the order they run. */
export async function migrationNames(sets: MigrationSet[]): Promise<string[]> {
  return (await new OrderedMigrationSource(sets).getMigrations()).map((migration) => migration.name);
}

/**
 * Runs every pending migration. An advisory lock in knex's lock table keeps two replicas starting
 * together from migrating twice. A disabled plugin's past migrations stay recorded and are not an error.
 */
export async function migrate(knex: Knex, sets: MigrationSet[]): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({
    migrationSource: new OrderedMigrationSource(sets),
    disableMigrationsListValidation: true,
    tableName: 'knex_migrations',
  })) as [number, string[]];
  return applied;
}
