import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per spectrum, its pixels in three float8 arrays (PostgreSQL compresses large ones
  // out of line): a 5,000-pixel spectrum is one row and ~120 kB, not 5,000 rows. The lengths are
  // checked here too, so no path can store arrays that do not line up.
  await knex.raw(`
    CREATE TABLE spectra (
      id serial PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      instrument_id integer NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
      observed_at timestamptz NOT NULL,
      wavelengths float8[] NOT NULL,
      fluxes float8[] NOT NULL,
      errors float8[],
      units text CHECK (units IN ('Jy', 'AB', 'erg/s/cm/cm/AA')),
      type text NOT NULL,
      label text,
      origin text,
      altdata jsonb,
      original_file_string text,
      original_file_filename text,
      external_pi text,
      external_reducer text,
      external_observer text,
      owner_id integer REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT spectra_pixels_line_up CHECK (
        cardinality(wavelengths) > 0
        AND cardinality(fluxes) = cardinality(wavelengths)
        AND (errors IS NULL OR cardinality(errors) = cardinality(wavelengths))
      )
    )`);
  await knex.raw('CREATE INDEX spectra_obj_observed ON spectra (obj_id, observed_at)');
  await knex.raw('CREATE INDEX spectra_observed ON spectra (observed_at)');
  await knex.raw('CREATE INDEX spectra_instrument ON spectra (instrument_id)');
  await knex.raw('CREATE INDEX spectra_owner ON spectra (owner_id)');

  // A few links per spectrum: plain foreign keys (a deleted group or spectrum takes its links along).
  await knex.raw(`
    CREATE TABLE spectrum_groups (
      spectrum_id integer NOT NULL REFERENCES spectra(id) ON DELETE CASCADE,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      PRIMARY KEY (spectrum_id, group_id)
    )`);
  await knex.raw('CREATE INDEX spectrum_groups_group ON spectrum_groups (group_id)');

  // PIs, reducers and observers (SkyPortal's points of contact), in the order they were given.
  await knex.raw(`
    CREATE TABLE spectrum_people (
      spectrum_id integer NOT NULL REFERENCES spectra(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('pi', 'reducer', 'observer')),
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      position smallint NOT NULL,
      PRIMARY KEY (spectrum_id, role, user_id)
    )`);
  await knex.raw('CREATE INDEX spectrum_people_user ON spectrum_people (user_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('spectrum_people');
  await knex.schema.dropTableIfExists('spectrum_groups');
  await knex.schema.dropTableIfExists('spectra');
}
