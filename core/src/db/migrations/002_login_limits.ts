import type { Knex } from 'knex';

/**
 * Counts of failed sign-ins, shared by every replica (core/src/auth/login-limiter.ts). The shape
 * is the one rate-limiter-flexible's PostgreSQL store reads and writes; made here, by the
 * migration, so replicas starting together never race to create it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE login_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_limits');
}
