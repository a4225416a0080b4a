import type { Knex } from 'knex';

// Knowing (or guessing) a point's values must never reveal a point the caller cannot see, nor
// open it to them: a point equal to one hidden from its uploader is stored as the uploader's own
// copy. So uniqueness is per owner now; ingest still never stores a point twice for anyone who
// can see both, by matching what the uploader sees first (server/ingest.ts). A deleted owner
// leaves owner_id NULL: -id keeps such orphans apart. NULLS NOT DISTINCT: two non-detections
// (flux NULL) with equal fluxerr are the same point.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE photometry DROP CONSTRAINT photometry_dedup');
  await knex.raw(`
    CREATE UNIQUE INDEX photometry_dedup ON photometry
      (obj_id, instrument_id, origin, mjd, filter, flux, fluxerr, (coalesce(owner_id::bigint, -id))) NULLS NOT DISTINCT`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX photometry_dedup');
  await knex.raw(`
    ALTER TABLE photometry ADD CONSTRAINT photometry_dedup
      UNIQUE NULLS NOT DISTINCT (obj_id, instrument_id, origin, mjd, filter, flux, fluxerr)`);
}
