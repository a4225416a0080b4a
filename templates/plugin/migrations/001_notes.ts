import type { Knex } from 'knex';

// Recorded as `example/001_notes.ts`. Rows reference `objs.id` of `sources` (a dependency) and, of
// core's schema, only `users.id` and `groups.id`.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('example_notes', (t) => {
    t.increments('id');
    t.text('obj_id').notNullable().references('objs.id').onDelete('CASCADE');
    t.text('text').notNullable();
    t.integer('owner_id').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['obj_id']);
  });
  await knex.schema.createTable('example_note_groups', (t) => {
    t.integer('note_id').notNullable().references('example_notes.id').onDelete('CASCADE');
    t.integer('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.primary(['note_id', 'group_id']);
    t.index(['group_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('example_note_groups');
  await knex.schema.dropTable('example_notes');
}
