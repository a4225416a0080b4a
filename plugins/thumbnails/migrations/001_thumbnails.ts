import type { Knex } from 'knex';

const TYPES = ['new', 'ref', 'sub', 'sdss', 'dr8', 'ls', 'ps1', 'sm', 'hst', 'chandra', 'jwst', 'new_gz', 'ref_gz', 'sub_gz'];

export async function up(knex: Knex): Promise<void> {
  // An uploaded image has its bytes in the storage (`file_key`, content-addressed by `sha256`); a
  // survey cutout asked for on demand has only a `public_url` of the survey's service. Thumbnails
  // belong to their obj (whoever sees the source sees them): deleting the obj deletes them, as
  // SkyPortal does.
  await knex.raw(`
    CREATE TABLE thumbnails (
      id serial PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN (${TYPES.map((t) => `'${t}'`).join(', ')})),
      file_key text,
      sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      width integer,
      height integer,
      public_url text,
      origin text,
      survey text,
      is_grayscale boolean,
      owner_id integer REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now(),
      CHECK ((file_key IS NOT NULL AND sha256 IS NOT NULL) OR public_url IS NOT NULL)
    )`);
  // A source's thumbnails by type (the source page, and "has it a ps1 already?").
  await knex.raw('CREATE INDEX thumbnails_obj_id_type ON thumbnails (obj_id, type)');
  // Is this file still referred to by another row (before deleting it)?
  await knex.raw('CREATE INDEX thumbnails_file_key ON thumbnails (file_key) WHERE file_key IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE thumbnails');
}
