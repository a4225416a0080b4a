import type { Knex } from 'knex';

/**
 * Invitations by link: the account to create (name, roles, ACLs, groups) and the SHA-256 of the
 * link's secret, usable once before it expires. The secret itself is never stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE admin_invitations (
      id serial PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      username text NOT NULL,
      contact_email text,
      first_name text,
      last_name text,
      roles text[] NOT NULL DEFAULT '{}',
      acls text[] NOT NULL DEFAULT '{}',
      group_ids integer[] NOT NULL DEFAULT '{}',
      invited_by_id integer REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      user_id integer REFERENCES users(id) ON DELETE SET NULL,
      revoked_at timestamptz
    )`);
  // One open invitation per username: a second one would race the first for the account.
  await knex.raw('CREATE UNIQUE INDEX admin_invitations_open_username ON admin_invitations (username) WHERE accepted_at IS NULL AND revoked_at IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE admin_invitations');
}
