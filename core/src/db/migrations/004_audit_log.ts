import type { Knex } from 'knex';

/**
 * The audit log of admin changes (users, roles and ACLs, groups and members, tokens, invitations):
 * written in the transaction of each change. The actor's name is kept beside the id, so an entry
 * still says who once that account is deleted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('actor_id').references('users.id').onDelete('SET NULL');
    t.text('actor_username');
    t.text('via').notNullable();
    t.text('source').notNullable();
    t.text('action').notNullable();
    t.text('target_type').notNullable();
    t.text('target_id');
    t.text('target_name');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['at']);
    t.index(['action', 'at']);
    t.index(['actor_id', 'at']);
    t.index(['target_type', 'target_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
