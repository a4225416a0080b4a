import type { Knex } from 'knex';

// Core has streams now: a filter's stream is a foreign key, and deleting a stream deletes its
// filters and their candidates (as SkyPortal). NOT VALID: filters made before this migration keep
// their stream ids (they were checked only if core had streams); new and changed rows are checked.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE filters ADD CONSTRAINT filters_stream_id_fkey FOREIGN KEY (stream_id) REFERENCES streams(id) ON DELETE CASCADE NOT VALID');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE filters DROP CONSTRAINT filters_stream_id_fkey');
}
