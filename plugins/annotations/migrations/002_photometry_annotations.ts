import type { Knex } from 'knex';

// Recorded as `annotations/002_photometry_annotations.ts`: annotations on one photometry point
// (`/api/photometry/{id}/annotations`, as SkyPortal). Like `spectrum_id`, `photometry_id` has no
// foreign key (the photometry plugin may be switched off); its `photometry.deleting` hook removes
// the annotations of deleted points. The source-level indexes now leave out both kinds of subject.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE annotations ADD COLUMN photometry_id bigint');
  await knex.raw('ALTER TABLE annotations ADD CONSTRAINT annotations_one_subject CHECK (spectrum_id IS NULL OR photometry_id IS NULL)');
  await knex.raw('DROP INDEX annotations_obj_id_origin_key, annotations_data_keys');
  await knex.raw('CREATE UNIQUE INDEX annotations_obj_id_origin_key ON annotations (obj_id, origin) WHERE spectrum_id IS NULL AND photometry_id IS NULL');
  await knex.raw('CREATE INDEX annotations_data_keys ON annotations USING gin (data) WHERE spectrum_id IS NULL AND photometry_id IS NULL');
  await knex.raw('CREATE UNIQUE INDEX annotations_photometry_id_origin_key ON annotations (photometry_id, origin) WHERE photometry_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DELETE FROM annotations WHERE photometry_id IS NOT NULL');
  await knex.raw('DROP INDEX annotations_photometry_id_origin_key, annotations_obj_id_origin_key, annotations_data_keys');
  await knex.raw('ALTER TABLE annotations DROP CONSTRAINT annotations_one_subject, DROP COLUMN photometry_id');
  await knex.raw('CREATE UNIQUE INDEX annotations_obj_id_origin_key ON annotations (obj_id, origin) WHERE spectrum_id IS NULL');
  await knex.raw('CREATE INDEX annotations_data_keys ON annotations USING gin (data) WHERE spectrum_id IS NULL');
}
