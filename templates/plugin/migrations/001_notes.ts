import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('example_notes', (t) => {
    t.increments('id');
    t.text('text').notNullable();
    t.integer('owner_id').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
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
