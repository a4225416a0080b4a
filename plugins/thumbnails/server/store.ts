/**
 * Thumbnail rows and their bytes: the one write path (`addThumbnail`, used by the route and by the
 * service other plugins call), reads, and removing files no row refers to any more.
 *
 * Bytes are content-addressed (`sha256`), so the same image posted twice is one file. A file is
 * removed only after the deleting transaction committed (or the inserting one rolled back), under a
 * per-key lock that every insert of that key also takes: a file is never removed while a row
 * (committed or being committed) refers to it, and a rolled-back deletion loses no file.
 */
import { createHash } from 'node:crypto';
import { scopeToGroups, type Knex, type Principal } from '@skyportal/sdk';
import type { AddThumbnailInput, Thumbnail, ThumbnailType } from '../types.js';
import { checkPng } from './png.js';
import { keyFor, type ThumbnailStorage } from './storage.js';

export interface ThumbnailRow {
  id: number;
  obj_id: string;
  type: ThumbnailType;
  file_key: string | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
  public_url: string | null;
  origin: string | null;
  survey: string | null;
  is_grayscale: boolean | null;
  owner_id: number | null;
  stream_id: number | null;
  created_at: Date;
  modified: Date;
}

export interface Store {
  db: Knex;
  storage: ThumbnailStorage;
  /** Folder levels of new keys (SkyPortal's `requiredDepth`, 2). */
  depth: number;
}

/** Serialises writers and removers of one storage key, until the transaction ends. */
export async function lockKey(trx: Knex.Transaction, key: string): Promise<void> {
  await lockKeys(trx, [key]);
}

/** As `lockKey` for several keys in one round trip, in a fixed order (two writers of the same keys never deadlock). */
async function lockKeys(trx: Knex.Transaction, keys: readonly string[]): Promise<void> {
  await trx.raw(
    `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT DISTINCT 'thumbnails:' || k AS k FROM unnest(?::text[]) AS k ORDER BY 1) AS t`,
    [[...keys]],
  );
}

/**
 * Limits a query on `thumbnails` to those the caller may see, beyond seeing the source (which
 * the caller checks): a cutout made from a stream only by holders of that stream.
 */
export function scopeToVisibleThumbnails<Q extends Knex.QueryBuilder>(query: Q, user: Principal): Q {
  return scopeToGroups(query, user, { streams: { column: 'thumbnails.stream_id' } });
}

/** The one write path: checks the image, stores its bytes, inserts the row, in `trx`. */
export async function addThumbnail(store: Store, trx: Knex.Transaction, input: AddThumbnailInput): Promise<{ id: number }> {
  return (await addThumbnails(store, trx, [input]))[0]!;
}

/**
 * Several images (an alert's new/ref/sub) in one go: each checked (the first bad one refuses them
 * all, nothing stored), then one lock statement, the files, and one multi-row INSERT; ids in input order.
 */
export async function addThumbnails(store: Store, trx: Knex.Transaction, inputs: readonly AddThumbnailInput[]): Promise<{ id: number }[]> {
  if (!inputs.length) return [];
  const checked = inputs.map((input) => {
    const image = checkPng(input.png);
    const sha256 = createHash('sha256').update(image.png).digest('hex');
    return { input, image, sha256, key: keyFor(sha256, store.depth) };
  });
  const keys = checked.map((c) => c.key);
  await lockKeys(trx, keys);
  // One write per distinct key: the same image twice is one file (two writes of it at once would race on its temporary name).
  const byKey = new Map(checked.map((c) => [c.key, c.image.png]));
  await Promise.all([...byKey].map(([key, png]) => store.storage.put(key, png)));
  // Rolled back (by the caller, or a later step of its transaction): a file goes unless another row has it.
  trx.executionPromise.catch(() => removeUnreferenced(store, keys).catch(() => undefined));
  const rows: { id: number }[] = await trx('thumbnails')
    .insert(
      checked.map(({ input, image, sha256, key }) => ({
        obj_id: input.objId,
        type: input.type,
        file_key: key,
        sha256,
        width: image.width,
        height: image.height,
        origin: input.origin ?? null,
        survey: input.survey ?? null,
        is_grayscale: image.isGrayscale,
        owner_id: input.ownerId ?? null,
        stream_id: input.streamId ?? null,
      })),
    )
    .returning('id');
  // PostgreSQL returns a multi-row VALUES insert's rows in the order given.
  return rows.map((row) => ({ id: row.id }));
}

/** A cutout a survey serves (no bytes stored): only its URL. */
export async function addRemoteThumbnail(db: Knex, input: { objId: string; type: ThumbnailType; publicUrl: string; origin: string | null }): Promise<number> {
  const [row] = await db('thumbnails').insert({ obj_id: input.objId, type: input.type, public_url: input.publicUrl, origin: input.origin }).returning('id');
  return row.id;
}

/** Where the page gets an uploaded image: the digest in the path makes the URL immutable (a new image is a new URL). */
export const imagePath = (row: Pick<ThumbnailRow, 'id' | 'sha256'>) => `/api/thumbnail/${row.id}/image/${row.sha256}.png`;

export function serializeThumbnail(row: ThumbnailRow, storage: ThumbnailStorage): Thumbnail {
  return {
    id: row.id,
    obj_id: row.obj_id,
    type: row.type,
    public_url: row.file_key ? imagePath(row) : row.public_url!,
    origin: row.origin,
    survey: row.survey,
    is_grayscale: row.is_grayscale,
    width: row.width,
    height: row.height,
    file_uri: row.file_key ? storage.locate(row.file_key) : null,
    stream_id: row.stream_id,
    created_at: row.created_at.toISOString(),
    modified: row.modified.toISOString(),
  };
}

/** Removes the files of `keys` that no row refers to, each under its lock (call after the deleting transaction committed). */
export async function removeUnreferenced(store: Store, keys: Iterable<string | null>): Promise<void> {
  for (const key of new Set([...keys].filter((k): k is string => !!k))) {
    await store.db.transaction(async (trx) => {
      await lockKey(trx, key);
      if (!(await trx('thumbnails').where({ file_key: key }).first('id'))) await store.storage.delete(key);
    });
  }
}
