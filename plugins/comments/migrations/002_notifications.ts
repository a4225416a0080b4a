import type { Knex } from 'knex';

// Per-user notifications (an @mention, for now). One row per recipient, as SkyPortal's
// UserNotification; the columns are what a later core-wide notification store needs too.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE user_notifications (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      text text NOT NULL,
      url text,
      viewed boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX user_notifications_of_user ON user_notifications (user_id, id DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE user_notifications');
}
