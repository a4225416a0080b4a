import type { Knex } from 'knex';

/**
 * The alert stream a cutout was made from (null: none): such a thumbnail is seen only by holders
 * of the stream, on top of seeing its source. Deleting the stream deletes its cutouts (rather than
 * setting null, which would show them to everyone who sees the source: a partnership's alert
 * cutouts would become public).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE thumbnails ADD COLUMN stream_id integer REFERENCES streams(id) ON DELETE CASCADE');
  // The cascade finds a stream's thumbnails by this index.
  await knex.raw('CREATE INDEX thumbnails_stream_id ON thumbnails (stream_id) WHERE stream_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE thumbnails DROP COLUMN stream_id');
}
