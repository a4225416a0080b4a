import type { Knex } from 'knex';

// Recorded as `annotations/001_annotations.ts`. Annotations reference `objs.id` of `sources` (a
// dependency) and, of core's schema, only `users.id` and `groups.id`.
export async function up(knex: Knex): Promise<void> {
  // One table for annotations on a source and on one of its spectra: the same rules, routes and
  // live messages. `spectrum_id` has no foreign key: the spectra plugin may be switched off (its
  // table absent); its `spectra.deleting` hook removes the annotations of deleted spectra instead.
  // While the plugin is on, an annotated obj is not deleted (its `sources.objDeleting` tap refuses,
  // as SkyPortal does); switched off, the cascade keeps obj deletion working.
  await knex.raw(`
    CREATE TABLE annotations (
      id serial PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      spectrum_id integer,
      origin text NOT NULL,
      data jsonb NOT NULL,
      author_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT annotations_data_is_object CHECK (jsonb_typeof(data) = 'object')
    )`);
  // One annotation per origin and subject. The first also serves the sources list: sorting by
  // `annotation.<origin>.<key>` and filtering by origin look up (obj_id, origin) per source.
  await knex.raw('CREATE UNIQUE INDEX annotations_obj_id_origin_key ON annotations (obj_id, origin) WHERE spectrum_id IS NULL');
  await knex.raw('CREATE UNIQUE INDEX annotations_spectrum_id_origin_key ON annotations (spectrum_id, origin) WHERE spectrum_id IS NOT NULL');
  // `annotationsFilter=<key>...` asks whether a key is there (`data ? key`): a GIN index answers it
  // across all sources' annotations without reading each one.
  await knex.raw('CREATE INDEX annotations_data_keys ON annotations USING gin (data) WHERE spectrum_id IS NULL');
  await knex.raw(`
    CREATE TABLE annotation_groups (
      annotation_id integer NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      PRIMARY KEY (annotation_id, group_id)
    )`);
  await knex.raw('CREATE INDEX annotation_groups_group ON annotation_groups (group_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE annotation_groups, annotations');
}
