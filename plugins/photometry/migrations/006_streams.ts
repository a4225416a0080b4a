import type { Knex } from 'knex';

/**
 * The streams each point was made from (alert photometry): a point linked to streams is seen only
 * by holders of every one of them (the SDK's `scopeToGroups` with `streams`), and by them even
 * without a shared group, as SkyPortal's stream members read the stream's points. Like the group
 * links, no row-level foreign keys (bulk ingest): ingest links only streams it checked, the
 * statement trigger below forgets the links of deleted points, and a deleted stream takes its
 * points with it (`core.streamDeleted`, server/index.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE photometry_streams (
      photometry_id bigint NOT NULL,
      stream_id integer NOT NULL,
      PRIMARY KEY (photometry_id, stream_id)
    )`);
  await knex.raw('CREATE INDEX photometry_streams_stream_id ON photometry_streams (stream_id)');
  await knex.raw(`
    CREATE FUNCTION photometry_streams_forget_points() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM photometry_streams ps USING gone WHERE ps.photometry_id = gone.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER photometry_forget_streams AFTER DELETE ON photometry
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION photometry_streams_forget_points()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS photometry_forget_streams ON photometry');
  await knex.raw('DROP FUNCTION IF EXISTS photometry_streams_forget_points()');
  await knex.schema.dropTableIfExists('photometry_streams');
}
