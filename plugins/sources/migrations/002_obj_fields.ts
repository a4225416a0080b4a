import type { Knex } from 'knex';

// The rest of SkyPortal's Obj columns that scripts post and read (broker bridges send ra_dis,
// transient, altdata...): same names, types and defaults. `offset` is a reserved word in SQL,
// hence the quotes. The HEALPix index is computed when answering (server/healpix.ts), not stored.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE objs
      ADD COLUMN ra_dis double precision,
      ADD COLUMN dec_dis double precision,
      ADD COLUMN ra_err double precision,
      ADD COLUMN dec_err double precision,
      ADD COLUMN "offset" double precision DEFAULT 0,
      ADD COLUMN t0 double precision,
      ADD COLUMN redshift_error double precision,
      ADD COLUMN redshift_origin text,
      ADD COLUMN altdata jsonb,
      ADD COLUMN dist_nearest_source double precision,
      ADD COLUMN mag_nearest_source double precision,
      ADD COLUMN e_mag_nearest_source double precision,
      ADD COLUMN transient boolean DEFAULT false,
      ADD COLUMN varstar boolean DEFAULT false,
      ADD COLUMN is_roid boolean DEFAULT false,
      ADD COLUMN mpc_name text,
      ADD COLUMN tns_name text,
      ADD COLUMN score double precision,
      ADD COLUMN origin text,
      ADD COLUMN alias text[],
      ADD COLUMN summary text`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE objs
      DROP COLUMN ra_dis, DROP COLUMN dec_dis, DROP COLUMN ra_err, DROP COLUMN dec_err, DROP COLUMN "offset",
      DROP COLUMN t0, DROP COLUMN redshift_error, DROP COLUMN redshift_origin, DROP COLUMN altdata,
      DROP COLUMN dist_nearest_source, DROP COLUMN mag_nearest_source, DROP COLUMN e_mag_nearest_source,
      DROP COLUMN transient, DROP COLUMN varstar, DROP COLUMN is_roid, DROP COLUMN mpc_name, DROP COLUMN tns_name,
      DROP COLUMN score, DROP COLUMN origin, DROP COLUMN alias, DROP COLUMN summary`);
}
