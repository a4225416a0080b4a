import type { Knex } from 'knex';

// The reference image's flux of a point (e.g. the host before the transient, or a variable's mean),
// as SkyPortal keeps it: at the AB zero point 23.9 like flux, NULL when none was given. Total flux
// and magnitudes (tot_flux, magref, magtot, ...) are derived from it on output, never stored.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE photometry ADD COLUMN ref_flux double precision, ADD COLUMN ref_fluxerr double precision');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE photometry DROP COLUMN ref_flux, DROP COLUMN ref_fluxerr');
}
