import type { Knex } from 'knex';

// Recorded as `comments/001_comments.ts`. Comments reference `objs.id` of `sources` (a dependency)
// and, of core's schema, only `users.id` and `groups.id`.
export async function up(knex: Knex): Promise<void> {
  // One table for comments on a source and on one of its spectra: the same rules, routes and live
  // messages. `spectrum_id` has no foreign key: the spectra plugin may be switched off (its table
  // absent); its `spectra.deleting` hook removes the comments of deleted spectra instead.
  await knex.raw(`
    CREATE TABLE comments (
      id serial PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      spectrum_id integer,
      text text NOT NULL,
      author_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      bot boolean NOT NULL DEFAULT false,
      attachment_name text,
      attachment_size integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX comments_on_source ON comments (obj_id, created_at) WHERE spectrum_id IS NULL');
  await knex.raw('CREATE INDEX comments_on_spectrum ON comments (spectrum_id, created_at) WHERE spectrum_id IS NOT NULL');
  await knex.raw(`
    CREATE TABLE comment_groups (
      comment_id integer NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      PRIMARY KEY (comment_id, group_id)
    )`);
  await knex.raw('CREATE INDEX comment_groups_group ON comment_groups (group_id)');
  // The file apart from the comment, so listing comments never reads it.
  await knex.raw(`
    CREATE TABLE comment_attachments (
      comment_id integer PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE,
      bytes bytea NOT NULL
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE comment_attachments, comment_groups, comments');
}
