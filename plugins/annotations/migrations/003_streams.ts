import type { Knex } from 'knex';

/**
 * The alert stream an annotation's data came from (null: none, e.g. a user's): such an annotation
 * is read only by holders of the stream, on top of its groups. Deleting the stream deletes its
 * annotations (rather than setting null, which would show a stream's scores to every member of
 * the annotation's groups, stream or not).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE annotations ADD COLUMN stream_id integer REFERENCES streams(id) ON DELETE CASCADE');
  await knex.raw('CREATE INDEX annotations_stream_id ON annotations (stream_id) WHERE stream_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE annotations DROP COLUMN stream_id');
}
