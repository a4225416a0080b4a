import type { Knex } from 'knex';

/** What SkyPortal keeps of a user beyond their name: affiliations, preferences, an expiry date. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.specificType('affiliations', 'text[]').notNullable().defaultTo('{}');
    /** The web app's and scripts' settings, merged key by key on PATCH /api/internal/profile. */
    t.jsonb('preferences').notNullable().defaultTo('{}');
    /** After this instant the account signs in no more and its tokens stop working. */
    t.timestamp('expiration_date', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumns('affiliations', 'preferences', 'expiration_date');
  });
}
