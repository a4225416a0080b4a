import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per alert ingested (its candid, exact as bigint): what makes re-ingesting an alert a
  // no-op, and tells which alert of an obj is its newest. The obj's data (points, thumbnails,
  // annotations, candidates) lives in the plugins that own it. `stream_id` is the stream the alert
  // came from (null before streams existed on the site).
  await knex.raw(`
    CREATE TABLE alert_stream_alerts (
      candid bigint PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE CASCADE,
      stream_id integer,
      format text NOT NULL,
      observed_at timestamptz NOT NULL,
      candidate_ids integer[] NOT NULL DEFAULT '{}',
      source text NOT NULL,
      ingested_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX alert_stream_alerts_obj ON alert_stream_alerts (obj_id, observed_at DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE alert_stream_alerts');
}
