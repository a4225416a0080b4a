import type { Knex } from 'knex';

// Recorded as `candidates/001_candidates.ts`. Candidates and listings reference `objs.id` of
// `sources` (a dependency) and, of core's schema, only `users.id` and `groups.id`.
export async function up(knex: Knex): Promise<void> {
  // `stream_id` names a core stream (an access dimension like groups). It has no foreign key while
  // core's schema may be referenced only at users.id and groups.id; the routes check it exists and
  // that the filter's group has it.
  await knex.raw(`
    CREATE TABLE filters (
      id serial PRIMARY KEY,
      name text NOT NULL,
      stream_id integer NOT NULL,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      altdata jsonb,
      conditions jsonb,
      autosave boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX filters_group_id ON filters (group_id)');
  await knex.raw('CREATE INDEX filters_stream_id ON filters (stream_id)');

  // One row per obj, filter and time it passed: posting the same passing again finds this row.
  await knex.raw(`
    CREATE TABLE candidates (
      id serial PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      filter_id integer NOT NULL REFERENCES filters(id) ON DELETE CASCADE,
      passed_at timestamptz NOT NULL,
      passing_alert_id bigint,
      uploader_id integer REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT candidates_main_index UNIQUE (obj_id, filter_id, passed_at)
    )`);
  // The scanning list: the candidates of some filters, newest passing first, bounded by a
  // snapshot's id. An index scan per filter in that order, so a page costs its rows, not the table.
  await knex.raw('CREATE INDEX candidates_filter_passed_at ON candidates (filter_id, passed_at DESC, id DESC)');
  // Bulk deletion of old candidates looks at passed_at alone.
  await knex.raw('CREATE INDEX candidates_passed_at ON candidates (passed_at)');

  // A user's named lists of objs (favorites, rejected candidates): one entry per list and obj.
  await knex.raw(`
    CREATE TABLE listings (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      list_name text NOT NULL,
      params jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT listings_user_obj_list UNIQUE (user_id, list_name, obj_id)
    )`);
  await knex.raw('CREATE INDEX listings_obj_id ON listings (obj_id)');

  // A list query's snapshot (queryID): the newest candidate id its first page saw. Later pages
  // read only candidates up to it, so arrivals in between shift nothing. Kept for `queryMinutes`.
  await knex.raw(`
    CREATE TABLE candidate_queries (
      id uuid PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      max_candidate_id integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX candidate_queries_created_at ON candidate_queries (created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE candidate_queries, listings, candidates, filters');
}
