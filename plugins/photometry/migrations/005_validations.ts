import type { Knex } from 'knex';

// A point's quality verdict (SkyPortal's photometry validation): validated (true), rejected
// (false) or undecided (NULL), with why; at most one per point, gone with the point.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE photometry_validations (
      id serial PRIMARY KEY,
      photometry_id bigint NOT NULL UNIQUE REFERENCES photometry(id) ON DELETE CASCADE,
      validated boolean,
      explanation text,
      notes text,
      validator_id integer REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('photometry_validations');
}
