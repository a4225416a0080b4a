/**
 * `/api/thumbnailPath` (system admins): SkyPortal's maintenance of the storage layout. Uploaded
 * images are kept under `requiredDepth` levels of two-hex-digit folders (2 by default); this
 * counts the images in and out of a layout, moves a page of them into it, and prunes the empty
 * folders left behind. The moves go through the storage interface (get, put, delete).
 */
import { inputs, z, type PluginRouter } from '@skyportal/sdk';
import { THUMBNAIL_TYPES, type ThumbnailType } from '../types.js';
import { lockKey, removeUnreferenced, type Store } from './store.js';
import { keyFor } from './storage.js';

const typeList = z
  .string()
  .max(500)
  .transform((text) =>
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(THUMBNAIL_TYPES)).max(THUMBNAIL_TYPES.length));

const layoutQuery = z.object({
  types: typeList.optional().describe('Types to look at (comma-separated; default new, ref, sub, the uploaded ones)'),
  requiredDepth: inputs.integerFromText(0, 32).optional().describe('Folder levels wanted (default 2)'),
});

const DEPTH_SQL = "length(file_key) - length(replace(file_key, '/', ''))";

export function folderRoutes(router: PluginRouter, store: Store): void {
  const { db } = store;
  const stored = (types: readonly ThumbnailType[]) => db('thumbnails').whereIn('type', types).whereNotNull('file_key');

  async function counts(types: readonly ThumbnailType[], depth: number) {
    const [row] = await stored(types).select(db.raw('count(*)::int AS total'), db.raw(`count(*) FILTER (WHERE ${DEPTH_SQL} = ?)::int AS good`, [depth]));
    return { totalMatches: row.total, inCorrectFolder: row.good, inWrongFolder: row.total - row.good };
  }

  const params = (query: z.output<typeof layoutQuery>) => ({
    types: query.types ?? (['new', 'ref', 'sub'] as ThumbnailType[]),
    depth: query.requiredDepth ?? 2,
  });

  router.get(
    '/api/thumbnailPath',
    { access: { acl: 'System admin' }, summary: 'How many uploaded thumbnails are in, and out of, a folder layout', query: layoutQuery },
    async ({ query }) => {
      const { types, depth } = params(query);
      return counts(types, depth);
    },
  );

  router.patch(
    '/api/thumbnailPath',
    {
      access: { acl: 'System admin' },
      summary: 'Move a page of uploaded thumbnails into a folder layout',
      query: layoutQuery.extend({ numPerPage: inputs.integerFromText(1, 1000).optional().describe('Images moved at most (default 100)') }),
    },
    async ({ query }) => {
      const { types, depth } = params(query);
      const keys: { file_key: string; sha256: string }[] = await stored(types)
        .whereRaw(`${DEPTH_SQL} <> ?`, [depth])
        .distinct('file_key', 'sha256')
        .orderBy('file_key')
        .limit(query.numPerPage ?? 100);
      let numMoved = 0;
      for (const { file_key: from, sha256 } of keys) {
        const to = keyFor(sha256, depth);
        const moved = await db.transaction(async (trx) => {
          for (const key of [from, to].sort()) await lockKey(trx, key);
          const bytes = await store.storage.get(from);
          if (!bytes) return false;
          await store.storage.put(to, bytes);
          await trx('thumbnails').where({ file_key: from }).update({ file_key: to, modified: trx.fn.now() });
          return true;
        });
        if (moved) {
          await removeUnreferenced(store, [from]);
          numMoved++;
        }
      }
      return { ...(await counts(types, depth)), numMoved };
    },
  );

  router.delete('/api/thumbnailPath', { access: { acl: 'System admin' }, summary: 'Remove the empty folders left after moving thumbnails' }, async () => {
    await store.storage.prune?.();
    return {};
  });
}
