import type { Knex } from 'knex';

/** Telescope and instrument fields SkyPortal's clients send and read back. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('telescopes', (t) => {
    t.text('skycam_link');
    t.text('weather_link');
    // As SkyPortal: a telescope is on the ground at (lat, lon, elevation) unless said otherwise.
    t.boolean('fixed_location').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('instruments', (t) => {
    /** Per filter: limiting magnitude, magnitude system, exposure time. */
    t.jsonb('sensitivity_data');
    /** Overheads: filter change, readout, slew rate, ... */
    t.jsonb('configuration_data');
    /** The field of view as a DS9 region, centred on (0, 0). */
    t.text('region');
    /** NASA ACROSS instrument id. */
    t.text('across_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('instruments', (t) => {
    t.dropColumns('sensitivity_data', 'configuration_data', 'region', 'across_id');
  });
  await knex.schema.alterTable('telescopes', (t) => {
    t.dropColumns('skycam_link', 'weather_link', 'fixed_location');
  });
}
