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
  // Group links without row-level foreign keys: per-row FK triggers cost more than the rest of
  // the insert (~16 µs a link). Integrity is kept set-based: ingest only links ids it just stored
  // to groups it checked, and a statement-level trigger removes the links of deleted points
  // (also when an obj's deletion cascades to them). Links of deleted groups: see 002.
  await knex.raw(`
    CREATE TABLE photometry_groups (
      photometry_id bigint NOT NULL,
      group_id integer NOT NULL,
      PRIMARY KEY (photometry_id, group_id)
    )`);
  // Deleting a group (the trigger below) and listing a group's data look links up by group.
  await knex.raw('CREATE INDEX photometry_groups_group_id ON photometry_groups (group_id)');
  await knex.raw(`
    CREATE FUNCTION photometry_groups_forget_points() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM photometry_groups pg USING gone WHERE pg.photometry_id = gone.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER photometry_forget_groups AFTER DELETE ON photometry
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION photometry_groups_forget_points()`);
  await knex.raw(`
    CREATE FUNCTION photometry_groups_forget_groups() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM photometry_groups pg USING gone WHERE pg.group_id = gone.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER photometry_groups_forget_deleted_groups AFTER DELETE ON groups
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION photometry_groups_forget_groups()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS photometry_groups_forget_deleted_groups ON groups');
  await knex.raw('DROP FUNCTION IF EXISTS photometry_groups_forget_groups()');
  await knex.schema.dropTableIfExists('photometry_groups');
  await knex.schema.dropTableIfExists('photometry');
  await knex.raw('DROP FUNCTION IF EXISTS photometry_groups_forget_points()');
}
