import type { Knex } from 'knex';

// Recorded as `classifications/001_classifications.ts`. Classifications reference `objs.id` of
// `sources` (a dependency) and, of core's schema, only `users.id` and `groups.id`.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE taxonomies (
      id serial PRIMARY KEY,
      name text NOT NULL,
      version text NOT NULL,
      provenance text,
      "isLatest" boolean NOT NULL DEFAULT true,
      hierarchy jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now()
    )`);
  // The list filter names taxonomies by name.
  await knex.raw('CREATE INDEX taxonomies_name ON taxonomies (name)');
  await knex.raw(`
    CREATE TABLE taxonomy_groups (
      taxonomy_id integer NOT NULL REFERENCES taxonomies(id) ON DELETE CASCADE,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      PRIMARY KEY (taxonomy_id, group_id)
    )`);
  await knex.raw('CREATE INDEX taxonomy_groups_group ON taxonomy_groups (group_id)');

  // A taxonomy with classifications cannot be deleted (RESTRICT, and the route says so first);
  // an obj with classifications neither (the sources plugin's deletion guard). A deleted user's
  // classifications go with them, as SkyPortal's do.
  await knex.raw(`
    CREATE TABLE classifications (
      id serial PRIMARY KEY,
      obj_id text NOT NULL REFERENCES objs(id) ON DELETE RESTRICT,
      taxonomy_id integer NOT NULL REFERENCES taxonomies(id) ON DELETE RESTRICT,
      classification text NOT NULL,
      probability double precision CHECK (probability >= 0 AND probability <= 1),
      origin text,
      ml boolean NOT NULL DEFAULT false,
      author_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      author_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX classifications_obj ON classifications (obj_id, created_at)');
  // The list filter: sources with a given class of a given taxonomy.
  await knex.raw('CREATE INDEX classifications_class ON classifications (taxonomy_id, classification, obj_id)');
  await knex.raw('CREATE INDEX classifications_created ON classifications (created_at, id)');
  await knex.raw(`
    CREATE TABLE classification_groups (
      classification_id integer NOT NULL REFERENCES classifications(id) ON DELETE CASCADE,
      group_id integer NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      PRIMARY KEY (classification_id, group_id)
    )`);
  await knex.raw('CREATE INDEX classification_groups_group ON classification_groups (group_id)');

  // One vote per user and classification: voting again changes it.
  await knex.raw(`
    CREATE TABLE classification_votes (
      id serial PRIMARY KEY,
      classification_id integer NOT NULL REFERENCES classifications(id) ON DELETE CASCADE,
      voter_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      vote integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now(),
      UNIQUE (classification_id, voter_id)
    )`);
  await knex.raw(`
    CREATE TABLE classification_edits (
      id serial PRIMARY KEY,
      classification_id integer NOT NULL REFERENCES classifications(id) ON DELETE CASCADE,
      editor_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      editor_name text NOT NULL,
      old_probability double precision,
      new_probability double precision,
      created_at timestamptz NOT NULL DEFAULT now(),
      modified timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX classification_edits_classification ON classification_edits (classification_id, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE classification_edits, classification_votes, classification_groups, classifications, taxonomy_groups, taxonomies');
}
