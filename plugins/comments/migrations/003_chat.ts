import type { Knex } from 'knex';

// A chat room per group (the sitewide group's is the sitewide room): its messages, and who has the
// room open (a heartbeat every few seconds; a row older than the presence window is gone).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE chat_messages (
      id serial PRIMARY KEY,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      author_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      text text NOT NULL,
      bot boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  // History pages and resuming read a room's messages by id.
  await knex.raw('CREATE INDEX chat_messages_of_room ON chat_messages (group_id, id)');
  await knex.raw(`
    CREATE TABLE chat_presence (
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, user_id)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE chat_presence, chat_messages');
}
