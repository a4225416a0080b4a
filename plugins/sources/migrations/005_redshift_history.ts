import type { Knex } from 'knex';

// SkyPortal's Obj.redshift_history: who set which redshift and when, appended by the routes that
// change it (server/redshift-history.ts). Null until a redshift is first set.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE objs ADD COLUMN redshift_history jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE objs DROP COLUMN redshift_history');
}
