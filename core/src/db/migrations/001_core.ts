import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('username').notNullable().unique();
    t.text('contact_email');
    t.text('first_name');
    t.text('last_name');
    t.text('password_hash');
    /** `<issuer> <sub>` of the OpenID Connect identity this account signs in with. */
    t.text('oidc_identity').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('groups', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('nickname').unique();
    t.text('description');
    t.boolean('private').notNullable().defaultTo(false);
    t.boolean('single_user_group').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('group_users', (t) => {
    t.integer('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.boolean('admin').notNullable().defaultTo(false);
    t.boolean('can_save').notNullable().defaultTo(true);
    t.primary(['group_id', 'user_id']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('acls', (t) => {
    t.text('id').primary();
  });
  await knex.schema.createTable('roles', (t) => {
    t.text('id').primary();
  });
  await knex.schema.createTable('role_acls', (t) => {
    t.text('role_id').notNullable().references('roles.id').onDelete('CASCADE');
    t.text('acl_id').notNullable().references('acls.id').onDelete('CASCADE');
    t.primary(['role_id', 'acl_id']);
  });
  await knex.schema.createTable('user_roles', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('role_id').notNullable().references('roles.id').onDelete('CASCADE');
    t.primary(['user_id', 'role_id']);
  });
  await knex.schema.createTable('user_acls', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('acl_id').notNullable().references('acls.id').onDelete('CASCADE');
    t.primary(['user_id', 'acl_id']);
  });
  await knex.schema.createTable('tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    /** SHA-256 of the secret: tokens are 256-bit random, so a slow hash adds nothing. */
    t.text('token_hash').notNullable().unique();
    t.text('name').notNullable();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('created_by_id').references('users.id').onDelete('SET NULL');
    t.specificType('acls', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
  });
  await knex.schema.createTable('sessions', (t) => {
    t.text('id_hash').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('app_settings', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
  });
  /** Live messages too large for a NOTIFY payload travel by reference through this table. */
  await knex.schema.createTable('live_messages', (t) => {
    t.bigIncrements('id');
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'live_messages',
    'app_settings',
    'sessions',
    'tokens',
    'user_acls',
    'user_roles',
    'role_acls',
    'roles',
    'acls',
    'group_users',
    'groups',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
