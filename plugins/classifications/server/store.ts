/**
 * Classifications as stored. One rule for reading one: linked to one of the caller's groups, in a
 * taxonomy shared with one of them, about a source they can see (as SkyPortal reads them).
 */
import { scopeToGroups, type Knex, type Principal, linkedGroups } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { Classification, ClassificationEdit, ClassificationVote } from '../types.js';
import { visibleTaxonomies } from './taxonomies.js';

export interface StoredClassification {
  id: number;
  obj_id: string;
  taxonomy_id: number;
  classification: string;
  probability: number | null;
  origin: string | null;
  ml: boolean;
  author_id: number;
  author_name: string;
  created_at: Date;
  modified: Date;
}

export const COLUMNS = [
  'c.id',
  'c.obj_id',
  'c.taxonomy_id',
  'c.classification',
  'c.probability',
  'c.origin',
  'c.ml',
  'c.author_id',
  'c.author_name',
  'c.created_at',
  'c.modified',
];

export class ClassificationStore {
  constructor(
    readonly db: Knex,
    private readonly sources: SourcesService,
  ) {}

  /**
   * The classifications (`classifications as c`) the caller may read, without the obj condition:
   * for places where the obj is visible already (a source's own list, the sources list's filters).
   */
  inVisibleGroups(user: Principal, db: Knex = this.db): Knex.QueryBuilder {
    const query = scopeToGroups(db('classifications as c'), user, {
      via: { table: 'classification_groups', foreignKey: 'classification_id', rowId: 'c.id' },
    });
    return query.whereIn('c.taxonomy_id', visibleTaxonomies(db, user).select('t.id'));
  }

  /** The classifications the caller may read, wherever their obj is. */
  visible(user: Principal): Knex.QueryBuilder {
    return this.sources.scopeToVisibleObjs(this.inVisibleGroups(user), user, 'c.obj_id');
  }

  async one(user: Principal, id: number): Promise<StoredClassification | undefined> {
    return this.visible(user).where('c.id', id).first(COLUMNS);
  }

  /** A visible source's classifications, oldest first (as SkyPortal lists them). */
  async ofSource(user: Principal, objId: string): Promise<StoredClassification[]> {
    return this.visible(user).where('c.obj_id', objId).select(COLUMNS).orderBy(['c.created_at', 'c.id']);
  }

  /** Every group a classification is linked to (live audiences and the edit rule, never answers). */
  groupIdsOf(id: number, db: Knex = this.db): Promise<number[]> {
    return db('classification_groups').where({ classification_id: id }).pluck('group_id');
  }

  /**
   * Classifications as answered; with `details`, each with its votes, probability edits and the
   * groups the caller may know of (one query each for all of them).
   */
  async serialize(user: Principal, rows: StoredClassification[], details: boolean): Promise<Classification[]> {
    const plain = rows.map((row) => ({
      ...row,
      created_at: row.created_at as unknown as string,
      modified: row.modified as unknown as string,
    }));
    if (!details || !rows.length) return plain;
    const ids = rows.map((row) => row.id);
    const [votes, edits, groups] = await Promise.all([
      this.db('classification_votes').whereIn('classification_id', ids).orderBy('id') as Promise<ClassificationVote[]>,
      this.db('classification_edits').whereIn('classification_id', ids).orderBy(['created_at', 'id']) as Promise<ClassificationEdit[]>,
      linkedGroups(this.db, user, { table: 'classification_groups', recordColumn: 'classification_id' }, ids),
    ]);
    return plain.map((row) => ({
      ...row,
      votes: votes.filter((vote) => vote.classification_id === row.id),
      edits: edits.filter((edit) => edit.classification_id === row.id),
      groups: groups.get(row.id) ?? [],
    }));
  }
}

export interface NewClassification {
  obj_id: string;
  taxonomy_id: number;
  classification: string;
  probability: number | null;
  origin: string | null;
  ml: boolean;
  groupIds: number[];
  /** The author's up vote comes with it. */
  vote: boolean;
}

/** Stores classifications (all or none), each with its groups and, if asked, its author's up vote. */
export async function insertClassifications(db: Knex, author: { id: number; username: string }, items: NewClassification[]): Promise<number[]> {
  return db.transaction(async (trx) => {
    const ids: number[] = [];
    for (const item of items) {
      const [{ id }] = await trx('classifications')
        .insert({
          obj_id: item.obj_id,
          taxonomy_id: item.taxonomy_id,
          classification: item.classification,
          probability: item.probability,
          origin: item.origin,
          ml: item.ml,
          author_id: author.id,
          author_name: author.username,
        })
        .returning('id');
      await trx('classification_groups').insert(item.groupIds.map((group_id) => ({ classification_id: id, group_id })));
      if (item.vote) await trx('classification_votes').insert({ classification_id: id, voter_id: author.id, vote: 1 });
      ids.push(id);
    }
    return ids;
  });
}

export interface ClassificationUpdate {
  classification?: string;
  taxonomy_id?: number;
  probability?: number | null;
  origin?: string | null;
  ml?: boolean;
  groupIds?: number[];
}

/**
 * Changes a classification; a changed probability is recorded (who, from what to what), as
 * SkyPortal keeps a trace of slider edits. Returns whether the probability changed.
 */
export async function updateClassification(
  db: Knex,
  editor: { id: number; username: string },
  current: StoredClassification,
  change: ClassificationUpdate,
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const columns: Record<string, unknown> = { modified: trx.fn.now() };
    for (const key of ['classification', 'taxonomy_id', 'probability', 'origin', 'ml'] as const) {
      if (change[key] !== undefined) columns[key] = change[key];
    }
    await trx('classifications').where({ id: current.id }).update(columns);
    const probabilityChanged = change.probability !== undefined && change.probability !== current.probability;
    if (probabilityChanged) {
      await trx('classification_edits').insert({
        classification_id: current.id,
        editor_id: editor.id,
        editor_name: editor.username,
        old_probability: current.probability,
        new_probability: change.probability,
      });
    }
    if (change.groupIds) {
      await trx('classification_groups').where({ classification_id: current.id }).delete();
      await trx('classification_groups').insert(change.groupIds.map((group_id) => ({ classification_id: current.id, group_id })));
    }
    return probabilityChanged;
  });
}

export async function deleteClassifications(db: Knex, ids: number[]): Promise<void> {
  if (ids.length) await db('classifications').whereIn('id', ids).delete();
}

/** The caller's vote on a classification: one per user, a second replaces the first. */
export async function castVote(db: Knex, classificationId: number, voterId: number, vote: number): Promise<void> {
  await db('classification_votes')
    .insert({ classification_id: classificationId, voter_id: voterId, vote })
    .onConflict(['classification_id', 'voter_id'])
    .merge({ vote, modified: db.fn.now() });
}

export async function withdrawVote(db: Knex, classificationId: number, voterId: number): Promise<void> {
  await db('classification_votes').where({ classification_id: classificationId, voter_id: voterId }).delete();
}
