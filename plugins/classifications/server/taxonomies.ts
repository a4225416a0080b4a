/** Taxonomies as stored, read through their groups (`taxonomy_groups`): the one rule for seeing one. */
import { scopeToGroups, type Knex, type Principal, linkedGroups } from '@skyportal/sdk';
import type { Taxonomy, TaxonomyNode } from '../types.js';

export interface StoredTaxonomy {
  id: number;
  name: string;
  version: string;
  provenance: string | null;
  isLatest: boolean;
  hierarchy: TaxonomyNode;
  created_at: Date;
  modified: Date;
}

/** The taxonomies (`taxonomies as t`) shared with one of the caller's groups. */
export const visibleTaxonomies = (db: Knex, user: Principal) =>
  scopeToGroups(db('taxonomies as t'), user, { via: { table: 'taxonomy_groups', foreignKey: 'taxonomy_id', rowId: 't.id' } });

export async function visibleTaxonomy(db: Knex, user: Principal, id: number): Promise<StoredTaxonomy | undefined> {
  return visibleTaxonomies(db, user).where('t.id', id).first('t.*');
}

/** Every group a taxonomy is shared with (for live messages, never for answers). */
export const taxonomyGroupIds = (db: Knex, id: number): Promise<number[]> => db('taxonomy_groups').where({ taxonomy_id: id }).pluck('group_id');

/** Taxonomies as answered, each with the groups the caller may know of. */
export async function serializeTaxonomies(db: Knex, user: Principal, rows: StoredTaxonomy[]): Promise<Taxonomy[]> {
  if (!rows.length) return [];
  const groups = await linkedGroups(
    db,
    user,
    { table: 'taxonomy_groups', recordColumn: 'taxonomy_id' },
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    version: row.version,
    provenance: row.provenance,
    isLatest: row.isLatest,
    hierarchy: row.hierarchy,
    groups: groups.get(row.id) ?? [],
    created_at: row.created_at as unknown as string,
    modified: row.modified as unknown as string,
  }));
}

export interface NewTaxonomy {
  name: string;
  version: string;
  hierarchy: TaxonomyNode;
  provenance: string | null;
  isLatest: boolean;
  groupIds: number[];
}

/**
 * Stores a taxonomy. As the latest of its name, the others of that name the caller sees stop
 * being the latest, in the same transaction.
 */
export async function insertTaxonomy(db: Knex, user: Principal, taxonomy: NewTaxonomy): Promise<number> {
  return db.transaction(async (trx) => {
    if (taxonomy.isLatest) {
      const older = visibleTaxonomies(trx, user).where('t.name', taxonomy.name).select('t.id');
      await trx('taxonomies').whereIn('id', older).update({ isLatest: false, modified: trx.fn.now() });
    }
    const [{ id }] = await trx('taxonomies')
      .insert({
        name: taxonomy.name,
        version: taxonomy.version,
        provenance: taxonomy.provenance,
        isLatest: taxonomy.isLatest,
        // jsonb from its JSON text: knex would send a JavaScript object as is.
        hierarchy: JSON.stringify(taxonomy.hierarchy),
      })
      .returning('id');
    await trx('taxonomy_groups').insert(taxonomy.groupIds.map((group_id) => ({ taxonomy_id: id, group_id })));
    return id as number;
  });
}

export interface TaxonomyChange {
  name?: string;
  version?: string;
  provenance?: string | null;
  isLatest?: boolean;
  groupIds?: number[];
}

export async function updateTaxonomy(db: Knex, id: number, change: TaxonomyChange): Promise<void> {
  await db.transaction(async (trx) => {
    const columns: Record<string, unknown> = { modified: trx.fn.now() };
    for (const key of ['name', 'version', 'provenance', 'isLatest'] as const) if (change[key] !== undefined) columns[key] = change[key];
    await trx('taxonomies').where({ id }).update(columns);
    if (change.groupIds) {
      await trx('taxonomy_groups').where({ taxonomy_id: id }).delete();
      await trx('taxonomy_groups').insert(change.groupIds.map((group_id) => ({ taxonomy_id: id, group_id })));
    }
  });
}

/** Whether any classification (anyone's) was made in the taxonomy: then it cannot be deleted. */
export async function taxonomyInUse(db: Knex, id: number): Promise<boolean> {
  return Boolean(await db('classifications').where({ taxonomy_id: id }).first('id'));
}

export async function deleteTaxonomy(db: Knex, id: number): Promise<void> {
  await db('taxonomies').where({ id }).delete();
}
