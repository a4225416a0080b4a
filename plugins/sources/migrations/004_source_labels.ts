import type { Knex } from 'knex';

// SkyPortal's source labels: a user's mark that they have labelled (looked at, classified) a
// source for one of their groups. One per obj, group and user.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('source_labels', (t) => {
    t.increments('id');
    t.text('obj_id').notNullable().references('objs.id').onDelete('CASCADE');
    t.integer('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.integer('labeller_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['obj_id', 'group_id', 'labeller_id']);
    t.index(['group_id']);
    t.index(['labeller_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('source_labels');
}
