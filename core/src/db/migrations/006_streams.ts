import type { Knex } from 'knex';

/**
 * Alert streams, an access dimension beside groups: data made from a stream (alert photometry,
 * cutouts, annotations) is seen only by users given that stream. A group may hold streams; its
 * members must have each of them (checked by the routes, as SkyPortal does). `auto_join`: any user
 * may find the stream and give it to themselves (SkyPortal's flag).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('streams', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.jsonb('altdata');
    t.boolean('auto_join').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('modified', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('stream_users', (t) => {
    t.integer('stream_id').notNullable().references('streams.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['stream_id', 'user_id']);
    // The principal loads a user's streams by user.
    t.index(['user_id']);
  });
  await knex.schema.createTable('group_streams', (t) => {
    t.integer('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.integer('stream_id').notNullable().references('streams.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['group_id', 'stream_id']);
    t.index(['stream_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_streams');
  await knex.schema.dropTable('stream_users');
  await knex.schema.dropTable('streams');
}
