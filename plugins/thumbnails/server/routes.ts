/**
 * `/api/thumbnail`: upload (base64 PNG), read, change and delete a source's thumbnails, and the
 * image bytes themselves. A thumbnail is seen by whoever sees its source (one of their groups has
 * it saved); anything else answers as an id that does not exist.
 */
import { badRequest, inputs, notFound, resolveStreamIds, z, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import { SOURCE_ID_RULE } from '@skyportal/plugin-sources/types';
import type { Context } from 'koa';
import { THUMBNAIL_TYPES, type ThumbnailType } from '../types.js';
import { thumbnailsOf } from './source-extensions.js';
import { MAX_PNG_BYTES, decodeBase64 } from './png.js';
import { addThumbnail, removeUnreferenced, scopeToVisibleThumbnails, serializeThumbnail, type Store, type ThumbnailRow } from './store.js';

/** SkyPortal's words for a type it does not know, which its clients look for. */
export const thumbnailType = () =>
  z.enum(THUMBNAIL_TYPES, {
    error: (issue) =>
      issue.input === undefined ? undefined : `${JSON.stringify(issue.input)} is not among the defined enum values (${THUMBNAIL_TYPES.join(', ')})`,
  });

const objId = () => inputs.textField(SOURCE_ID_RULE);
const shortText = () => inputs.text(200).nullable().optional();

const postBody = z.strictObject({
  obj_id: objId().describe('The source the image is of'),
  data: z
    .string()
    .max(Math.ceil((MAX_PNG_BYTES * 4) / 3) + 100)
    .describe('The PNG file, base64-encoded; 16 to 500 px a side'),
  ttype: thumbnailType().describe("new, ref, sub (a survey's science, reference and difference cutouts), sdss, ls, ps1, ..."),
  origin: shortText().describe('Where the image comes from (a broker, a pipeline)'),
  survey: shortText().describe('Survey the cutout came from (e.g. ZTF)'),
  stream_id: inputs.dbId.optional().describe('The alert stream the cutout was made from (one of yours): only its holders see it'),
});

const putBody = z.strictObject({
  obj_id: objId().optional(),
  type: thumbnailType().optional(),
  origin: shortText(),
  survey: shortText(),
  is_grayscale: z.boolean().nullable().optional(),
});

const idParams = z.object({ id: inputs.dbId });

export interface RouteDeps {
  store: Store;
  sources: SourcesService;
  /** Survey cutouts every source lists (the plugin's `surveys`). */
  surveys: readonly ThumbnailType[];
}

export function thumbnailRoutes(router: PluginRouter, { store, sources, surveys }: RouteDeps): void {
  const { db } = store;

  /** The thumbnail, if its source is one the caller sees; else the same 404 as for an unused id. */
  async function visibleThumbnail(user: Principal, id: number): Promise<ThumbnailRow> {
    const row: ThumbnailRow | undefined = await scopeToVisibleThumbnails(db('thumbnails').where({ id }), user).first();
    if (!row || !(await sources.visibleObj(user, row.obj_id))) throw notFound(`Thumbnail with ID ${id}`);
    return row;
  }

  async function requireVisibleObj(user: Principal, id: string): Promise<void> {
    if (!(await sources.visibleObj(user, id))) throw badRequest(`obj_id: Invalid obj_id: no source ${JSON.stringify(id)} that you can see`);
  }

  router.post(
    '/api/thumbnail',
    {
      access: { acl: 'Upload data' },
      summary: 'Upload a thumbnail of a source (a PNG, base64-encoded, 16 to 500 px a side)',
      body: postBody,
      bodyLimit: `${Math.ceil((MAX_PNG_BYTES * 4) / 3 / 1_000_000) + 1}mb`,
      response: z.object({ id: z.number().int() }),
    },
    async ({ user, body }) => {
      await requireVisibleObj(user, body.obj_id);
      const png = decodeBase64(body.data, 'data');
      const [streamId] = await resolveStreamIds(db, user, body.stream_id === undefined ? [] : [body.stream_id], 'stream_id');
      return db.transaction((trx) =>
        addThumbnail(store, trx, { objId: body.obj_id, type: body.ttype, png, origin: body.origin, survey: body.survey, ownerId: user.id, streamId }),
      );
    },
  );

  router.get(
    '/api/sources/:id/thumbnails',
    {
      access: 'authenticated',
      summary: "A source's thumbnails (as `includeThumbnails=true` gives them), without the rest of the source",
      params: z.object({ id: objId() }),
    },
    async ({ user, params }) => {
      if (!(await sources.visibleObj(user, params.id))) throw notFound(`Source ${params.id}`);
      const obj = await db('objs').where({ id: params.id }).first('id', 'ra', 'dec', 'is_roid');
      return (await thumbnailsOf(db, user, store, surveys, [obj])).get(params.id);
    },
  );

  router.get(
    '/api/thumbnail/:id',
    { access: 'authenticated', summary: 'A thumbnail: its type, source, image URL and whether it is grayscale', params: idParams },
    async ({ user, params }) => serializeThumbnail(await visibleThumbnail(user, params.id), store.storage),
  );

  router.put(
    '/api/thumbnail/:id',
    { access: { acl: 'Manage sources' }, summary: "Change a thumbnail's type, source, origin or grayscale flag", params: idParams, body: putBody },
    async ({ user, params, body }) => {
      await visibleThumbnail(user, params.id);
      if (body.obj_id !== undefined) await requireVisibleObj(user, body.obj_id);
      const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
      if (Object.keys(changes).length)
        await db('thumbnails')
          .where({ id: params.id })
          .update({ ...changes, modified: db.fn.now() });
      return {};
    },
  );

  router.delete(
    '/api/thumbnail/:id',
    { access: { acl: 'Manage sources' }, summary: 'Delete a thumbnail and, when no other thumbnail shares it, its image', params: idParams },
    async ({ user, params }) => {
      const row = await visibleThumbnail(user, params.id);
      await db('thumbnails').where({ id: row.id }).delete();
      await removeUnreferenced(store, [row.file_key]);
      return {};
    },
  );

  router.get(
    '/api/thumbnail/:id/image/:file',
    {
      access: 'authenticated',
      summary: "A thumbnail's image (PNG); the URL changes when the image does, so it is cached for good",
      params: z.object({ id: inputs.dbId, file: z.string().max(100) }),
    },
    async ({ user, params, ctx }) => {
      const row = await visibleThumbnail(user, params.id);
      if (!row.file_key || params.file !== `${row.sha256}.png`) throw notFound(`Thumbnail image ${params.file}`);
      return sendImage(ctx, row, store);
    },
  );
}

async function sendImage(ctx: Context, row: ThumbnailRow, store: Store): Promise<undefined> {
  const etag = `"${row.sha256}"`;
  // private: only those who see the source get it, so no shared cache may keep it.
  ctx.set('Cache-Control', 'private, max-age=31536000, immutable');
  ctx.set('ETag', etag);
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (ctx.get('If-None-Match') === etag) {
    ctx.status = 304;
    return undefined;
  }
  const bytes = await store.storage.get(row.file_key!);
  if (!bytes) throw notFound(`Thumbnail image of thumbnail ${row.id} (its file is missing)`);
  ctx.type = 'image/png';
  ctx.body = bytes;
  return undefined;
}
