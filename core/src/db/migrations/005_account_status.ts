import type { Knex } from 'knex';

/**
 * An account an admin disabled (it signs in no more, its tokens and sockets stop), when each
 * account was last active (written at most once a minute per user and process, in a table of its
 * own so activity never rewrites the users table), and what plugins' web parts failed to load in
 * browsers, as the host app reported it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('disabled_at', { useTz: true });
  });
  await knex.schema.createTable('user_activity', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.timestamp('last_activity_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('web_load_errors', (t) => {
    t.text('plugin').notNullable();
    t.text('message').notNullable();
    t.integer('count').notNullable().defaultTo(1);
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('user_agent');
    t.primary(['plugin', 'message']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('web_load_errors');
  await knex.schema.dropTable('user_activity');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumns('disabled_at');
  });
}
