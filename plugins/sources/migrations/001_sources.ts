import type { Knex } from 'knex';

// Keep in step with server/cone.ts (ZONES_PER_DEGREE = 60: zones of 1/60 degree).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE objs (
      id text PRIMARY KEY,
      ra double precision,
      dec double precision,
      redshift double precision,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now(),
      zone integer GENERATED ALWAYS AS (floor((dec + 90) * 60)::integer) STORED,
      cx double precision GENERATED ALWAYS AS (cos(radians(dec)) * cos(radians(ra))) STORED,
      cy double precision GENERATED ALWAYS AS (cos(radians(dec)) * sin(radians(ra))) STORED,
      cz double precision GENERATED ALWAYS AS (sin(radians(dec))) STORED,
      CONSTRAINT objs_ra_range CHECK (ra >= 0 AND ra < 360),
      CONSTRAINT objs_dec_range CHECK (dec >= -90 AND dec <= 90)
    )`);
  await knex.raw('CREATE INDEX objs_zone_ra ON objs (zone, ra)');

  await knex.schema.createTable('sources', (t) => {
    t.increments('id');
    t.text('obj_id').notNullable().references('objs.id').onDelete('CASCADE');
    t.integer('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.integer('saved_by_id').references('users.id').onDelete('SET NULL');
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['obj_id', 'group_id']);
    t.index(['group_id', 'saved_at']);
  });

  await knex.schema.createTable('telescopes', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('nickname').notNullable().unique();
    t.double('lat');
    t.double('lon');
    t.double('elevation');
    t.double('diameter').notNullable();
    t.boolean('robotic').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('instruments', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('type').notNullable();
    t.text('band');
    t.specificType('filters', 'text[]').notNullable().defaultTo('{}');
    t.integer('telescope_id').notNullable().references('telescopes.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('instruments');
  await knex.schema.dropTableIfExists('telescopes');
  await knex.schema.dropTableIfExists('sources');
  await knex.schema.dropTableIfExists('objs');
}
