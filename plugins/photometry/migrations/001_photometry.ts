import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Stored as SkyPortal stores it: flux and fluxerr at the AB zero point 23.9 (µJy-scale); a
  // non-detection has flux NULL and the 1-sigma fluxerr. The same point is never stored twice
  // (NULLS NOT DISTINCT: two non-detections with equal fluxerr are the same point).
  await knex.raw(`
    CREATE TABLE photometry (
      id bigserial PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      instrument_id integer NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
      mjd double precision NOT NULL,
      filter text NOT NULL,
      flux double precision,
      fluxerr double precision NOT NULL,
      zp double precision NOT NULL DEFAULT 23.9 CHECK (zp = 23.9),
      magsys text NOT NULL DEFAULT 'ab' CHECK (magsys = 'ab'),
      origin text NOT NULL DEFAULT '',
      ra double precision,
      dec double precision,
      ra_unc double precision,
      dec_unc double precision,
      altdata jsonb,
      original_user_data jsonb,
      owner_id integer REFERENCES users(id) ON DELETE SET NULL,
      upload_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT photometry_dedup UNIQUE NULLS NOT DISTINCT (obj_id, instrument_id, origin, mjd, filter, flux, fluxerr)
    )`);
  await knex.raw(`
    CREATE TABLE photometry_groups (
      photometry_id bigint NOT NULL REFERENCES photometry(id) ON DELETE CASCADE,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      PRIMARY KEY (photometry_id, group_id)
    )`);
  await knex.raw('CREATE INDEX photometry_upload_id ON photometry (upload_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('photometry_groups');
  await knex.schema.dropTableIfExists('photometry');
}
