/**
 * Annotations as stored: read through the caller's groups, and written by one path (`writeAnnotation`)
 * that the routes and the service share.
 */
import { badRequest, isUniqueViolation, scopeToGroups, userSummaries, type Knex, type Principal, linkedGroups } from '@skyportal/sdk';
import type { Annotation, AnnotationResource } from '../types.js';

export interface StoredAnnotation {
  id: number;
  obj_id: string;
  spectrum_id: number | null;
  photometry_id: number | null;
  origin: string;
  data: Record<string, unknown>;
  author_id: number;
  stream_id: number | null;
  created_at: Date;
  modified: Date;
}

const COLUMNS = ['a.id', 'a.obj_id', 'a.spectrum_id', 'a.photometry_id', 'a.origin', 'a.data', 'a.author_id', 'a.stream_id', 'a.created_at', 'a.modified'];

/**
 * The annotations (`annotations as a`) linked to one of the caller's groups, and, for one made from
 * an alert stream, only for holders of that stream: the one rule for reading them.
 */
export const visibleAnnotations = (db: Knex, user: Principal) =>
  scopeToGroups(db('annotations as a'), user, {
    via: { table: 'annotation_groups', foreignKey: 'annotation_id', rowId: 'a.id' },
    streams: { column: 'a.stream_id' },
  });

/** What an annotation is about: a source (both ids null), one of its spectra or one of its points. */
export interface Subject {
  objId: string;
  spectrumId: number | null;
  photometryId: number | null;
}

/** Annotations about the source itself, not one of its spectra or points: the predicate of the source-level partial indexes. */
export function aboutSourceItself<Q extends Knex.QueryBuilder>(query: Q): Q {
  query.whereNull('a.spectrum_id').whereNull('a.photometry_id');
  return query;
}

/** The kind of subject a stored annotation is about, as its path names it. */
export const resourceOf = (annotation: { spectrum_id: number | null; photometry_id: number | null }): AnnotationResource =>
  annotation.spectrum_id !== null ? 'spectra' : annotation.photometry_id !== null ? 'photometry' : 'sources';

/** The annotations of one subject the caller may read, by origin. */
export function annotationsOf(db: Knex, user: Principal, subject: Subject) {
  const query = visibleAnnotations(db, user).select(COLUMNS).where('a.obj_id', subject.objId);
  if (subject.spectrumId !== null) query.where('a.spectrum_id', subject.spectrumId);
  else if (subject.photometryId !== null) query.where('a.photometry_id', subject.photometryId);
  else aboutSourceItself(query);
  return query.orderBy([
    { column: 'a.origin', order: 'asc' },
    { column: 'a.id', order: 'asc' },
  ]) as Knex.QueryBuilder<StoredAnnotation, StoredAnnotation[]>;
}

/** The annotations of these sources (not their spectra's) that the caller may read, by origin. */
export function annotationsOfSources(db: Knex, user: Principal, objIds: readonly string[]) {
  return aboutSourceItself(visibleAnnotations(db, user).select(COLUMNS).whereIn('a.obj_id', objIds)).orderBy([
    { column: 'a.origin', order: 'asc' },
    { column: 'a.id', order: 'asc' },
  ]) as Knex.QueryBuilder<StoredAnnotation, StoredAnnotation[]>;
}

/** One annotation, if it is linked to one of the caller's groups (whether its subject is visible is the caller's next question). */
export async function visibleAnnotation(db: Knex, user: Principal, id: number): Promise<StoredAnnotation | undefined> {
  return visibleAnnotations(db, user).select(COLUMNS).where('a.id', id).first();
}

/** Every group an annotation is linked to (for a live message's audience, never for answers). */
export async function groupIdsOf(db: Knex, annotationId: number): Promise<number[]> {
  return db('annotation_groups').where({ annotation_id: annotationId }).pluck('group_id');
}

/** Annotations as SkyPortal answers them, with their author and the groups the caller may know of. */
export async function serializeAnnotations(db: Knex, user: Principal, rows: StoredAnnotation[], resource: AnnotationResource): Promise<Annotation[]> {
  if (!rows.length) return [];
  const [groups, authors] = await Promise.all([
    linkedGroups(
      db,
      user,
      { table: 'annotation_groups', recordColumn: 'annotation_id' },
      rows.map((row) => row.id),
    ),
    userSummaries(
      db,
      rows.map((row) => row.author_id),
    ),
  ]);
  return rows.map((row) => ({
    ...row,
    data: row.data as Annotation['data'],
    created_at: row.created_at as unknown as string,
    modified: row.modified as unknown as string,
    author: authors.get(row.author_id) ?? null,
    groups: (groups.get(row.id) ?? []).map(({ id, name, nickname }) => ({ id, name, nickname })),
    resourceType: resource,
  }));
}

export interface AnnotationWrite extends Subject {
  origin: string;
  data: Record<string, unknown>;
  groupIds: readonly number[];
  authorId: number;
  /** The alert stream the data came from (the service only); null or absent: none. */
  streamId?: number | null;
}

/**
 * The one write of a new annotation (routes and service). `onConflict: 'refuse'` (POST, as
 * SkyPortal): a second annotation from the same origin on the same subject is a 400 saying so;
 * `'replace'` (the service: alert ingestion re-annotating an obj) replaces its data, keeps its
 * author and adds `groupIds` to its groups. Runs in `trx`, its savepoint keeping a refused insert
 * from spoiling the caller's transaction.
 */
export async function writeAnnotation(
  trx: Knex.Transaction,
  input: AnnotationWrite,
  onConflict: 'refuse' | 'replace',
): Promise<{ id: number; created: boolean; groupIds: number[] }> {
  const row = {
    obj_id: input.objId,
    spectrum_id: input.spectrumId,
    photometry_id: input.photometryId,
    origin: input.origin,
    data: JSON.stringify(input.data),
    author_id: input.authorId,
    stream_id: input.streamId ?? null,
  };
  if (onConflict === 'replace') {
    // The unique index of the subject's kind (each partial: its predicate is repeated to name it).
    const target =
      input.spectrumId !== null
        ? '(spectrum_id, origin) WHERE spectrum_id IS NOT NULL'
        : input.photometryId !== null
          ? '(photometry_id, origin) WHERE photometry_id IS NOT NULL'
          : '(obj_id, origin) WHERE spectrum_id IS NULL AND photometry_id IS NULL';
    // One statement (an alert writes one per alert): the row, its new groups, and every group it
    // now has: those it had (the statement's snapshot) and those just added. The data replaced
    // takes its stream too: data from a stream is never left readable by all.
    const { rows } = await trx.raw(
      `WITH a AS (
         INSERT INTO annotations (obj_id, spectrum_id, photometry_id, origin, data, author_id, stream_id) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)
         ON CONFLICT ${target} DO UPDATE SET data = EXCLUDED.data, stream_id = EXCLUDED.stream_id, modified = now()
         RETURNING id, (xmax = 0) AS created),
       g AS (
         INSERT INTO annotation_groups (annotation_id, group_id) SELECT a.id, gid FROM a CROSS JOIN unnest(?::int[]) AS gid
         ON CONFLICT (annotation_id, group_id) DO NOTHING
         RETURNING group_id)
       SELECT a.id, a.created,
         ARRAY(SELECT group_id FROM annotation_groups WHERE annotation_id = a.id UNION SELECT group_id FROM g ORDER BY 1) AS group_ids
       FROM a`,
      [row.obj_id, row.spectrum_id, row.photometry_id, row.origin, row.data, row.author_id, row.stream_id, [...input.groupIds]],
    );
    return { id: rows[0].id, created: rows[0].created, groupIds: rows[0].group_ids };
  }
  let id: number;
  try {
    id = await trx.transaction(async (savepoint) => {
      const [inserted] = await savepoint('annotations').insert(row).returning('id');
      return inserted.id as number;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw badRequest(`Annotation already exists: ${(error as Error).message}`);
    throw error;
  }
  if (input.groupIds.length) {
    await trx('annotation_groups')
      .insert(input.groupIds.map((group_id) => ({ annotation_id: id, group_id })))
      .onConflict(['annotation_id', 'group_id'])
      .ignore();
  }
  // A new annotation: its groups are those given.
  return { id, created: true, groupIds: [...new Set(input.groupIds)] };
}

export interface AnnotationChanges {
  origin?: string;
  data?: Record<string, unknown>;
  /** The groups it is linked to from now on. */
  groupIds?: readonly number[];
}

export async function updateAnnotation(db: Knex, id: number, changes: AnnotationChanges): Promise<void> {
  await db.transaction(async (trx) => {
    const update: Record<string, unknown> = {};
    if (changes.origin !== undefined) update.origin = changes.origin;
    if (changes.data !== undefined) update.data = JSON.stringify(changes.data);
    try {
      await trx('annotations')
        .where({ id })
        .update({ ...update, modified: trx.fn.now() });
    } catch (error) {
      if (isUniqueViolation(error)) throw badRequest(`origin: Annotation already exists: ${(error as Error).message}`);
      throw error;
    }
    if (changes.groupIds !== undefined) {
      await trx('annotation_groups').where({ annotation_id: id }).delete();
      if (changes.groupIds.length) await trx('annotation_groups').insert(changes.groupIds.map((group_id) => ({ annotation_id: id, group_id })));
    }
  });
}

export async function deleteAnnotation(db: Knex, id: number): Promise<void> {
  await db('annotations').where({ id }).delete();
}
