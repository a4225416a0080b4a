import type { Knex } from 'knex';

// Plugins put no triggers on core's tables: the links of a deleted group are now removed by the
// plugin's `core.groupDeleted` tap, in the deleting transaction (server/index.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS photometry_groups_forget_deleted_groups ON groups');
  await knex.raw('DROP FUNCTION IF EXISTS photometry_groups_forget_groups()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION photometry_groups_forget_groups() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM photometry_groups pg USING gone WHERE pg.group_id = gone.id;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE TRIGGER photometry_groups_forget_deleted_groups AFTER DELETE ON groups
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION photometry_groups_forget_groups()`);
}
