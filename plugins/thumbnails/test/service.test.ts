/**
 * The service other plugins call (alert ingestion makes thumbnails from cutouts inside its own
 * transaction), and the demo data: both go through the route's write path.
 */
import path from 'node:path';
import { coreHooks, coreServices, definePlugin, z } from '@skyportal/sdk';
import { startTestServer, type TestServer } from '@skyportal/test-kit';
import { thumbnailsService } from '../types.js';
import { b64, demoPng, eventually, filesUnder, makePng, makeSource, tempFolder } from './helpers.js';

/** A plugin as alert ingestion will be: stores a thumbnail in its transaction, and may roll it back. */
const probe = definePlugin({
  name: 'probe',
  dependsOn: ['thumbnails'],
  register({ router, services }) {
    const thumbnails = services.get(thumbnailsService);
    const db = services.get(coreServices.db);
    router.post(
      '/api/probe/thumbnail',
      {
        access: { acl: 'System admin' },
        summary: 'Adds a thumbnail through the service',
        body: z.object({ obj_id: z.string(), data: z.string(), fail: z.boolean() }),
      },
      async ({ body }) => {
        let id: number | undefined;
        try {
          await db.transaction(async (trx) => {
            ({ id } = await thumbnails.add(trx, { objId: body.obj_id, type: 'new', png: Buffer.from(body.data, 'base64'), origin: 'probe' }));
            if (body.fail) throw new Error('rolled back');
          });
        } catch (error) {
          if ((error as Error).message !== 'rolled back') throw error;
          return { id: null, rolledBack: id };
        }
        return { id };
      },
    );
    router.post(
      '/api/probe/thumbnails',
      {
        access: { acl: 'System admin' },
        summary: 'Adds several thumbnails through the service at once',
        body: z.object({ obj_id: z.string(), images: z.array(z.object({ type: z.enum(['new', 'ref', 'sub']), data: z.string() })) }),
      },
      async ({ body }) =>
        db.transaction(async (trx) => ({
          ids: (
            await thumbnails.addMany(
              trx,
              body.images.map((image) => ({ objId: body.obj_id, type: image.type, png: Buffer.from(image.data, 'base64'), origin: 'probe' })),
            )
          ).map((added) => added.id),
        })),
    );
  },
});

let server: TestServer;
let folder: string;
beforeAll(async () => {
  folder = tempFolder();
  server = await startTestServer({ plugins: ['sources', { plugin: new URL('..', import.meta.url), options: { folder, folderDepth: 1 } }, probe] });
});

test('a thumbnail added through the service is one like any other; rolled back, no row is left', async () => {
  const objId = await makeSource(server, []);
  const png = makePng(24, 24, (x, y) => [x * 9, y * 9, 50]);
  const added = await server.request('POST', '/api/probe/thumbnail', { body: { obj_id: objId, data: b64(png), fail: false } });
  const thumbnail = (await server.request('GET', `/api/thumbnail/${added.body.data.id}`)).body.data;
  expect(thumbnail).toMatchObject({ obj_id: objId, type: 'new', origin: 'probe', width: 24, height: 24 });
  // The folderDepth option: one level of folders.
  expect(path.relative(folder, thumbnail.file_uri)).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);

  const rolledBack = await server.request('POST', '/api/probe/thumbnail', { body: { obj_id: objId, data: b64(makePng(25, 25)), fail: true } });
  expect(rolledBack.body.data.rolledBack).toEqual(expect.any(Number));
  expect((await server.request('GET', `/api/thumbnail/${rolledBack.body.data.rolledBack}`)).status).toBe(404);
  expect(await server.knex('thumbnails').where({ obj_id: objId }).pluck('id')).toEqual([added.body.data.id]);
  // Its file goes with the rollback.
  expect(await eventually(() => filesUnder(folder).length === 1)).toBe(true);
  expect(filesUnder(folder)).toEqual([path.relative(folder, thumbnail.file_uri)]);

  // The service checks the image as the route does.
  const bad = await server.request('POST', '/api/probe/thumbnail', { body: { obj_id: objId, data: b64(makePng(10, 10)), fail: false } });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/^data: Invalid thumbnail size\./);
});

test('the demo loads the three real cutouts of ZTF18aabcvnq, visible to everyone; twice adds nothing', async () => {
  const loadDemo = server.app.hooks.of(coreHooks.loadDemo);
  const admin = (await server.request('GET', '/api/internal/profile')).body.data;
  const principal = (await server.app.principals.forSession(admin.id))!;
  await loadDemo.promise({ admin: principal });
  await loadDemo.promise({ admin: principal });
  const viewer = await server.createUser({ roles: ['View only'] });
  const thumbnails = (await server.request('GET', '/api/sources/ZTF18aabcvnq', { token: viewer.token, query: { includeThumbnails: 'true' } })).body.data
    .thumbnails;
  expect(thumbnails.map((t: { type: string }) => t.type)).toEqual(['new', 'ref', 'sub', 'sdss', 'ls', 'ps1']);
  const image = await fetch(`${server.url}${thumbnails[0].public_url}`, { headers: { authorization: `token ${viewer.token}` } });
  expect(Buffer.from(await image.arrayBuffer())).toEqual(demoPng('new'));
  // The probe's image and the three cutouts, each once.
  expect(filesUnder(folder)).toHaveLength(4);
});

test('several at once: each as one added alone, ids in input order; one bad image stores none of them', async () => {
  const objId = await makeSource(server, []);
  const [a, b] = [makePng(30, 30, (x) => [x * 8, 0, 0]), makePng(31, 31, (x, y) => [0, y * 8, x])];
  const filesBefore = filesUnder(folder).length;
  const added = await server.request('POST', '/api/probe/thumbnails', {
    body: {
      obj_id: objId,
      images: [
        { type: 'new', data: b64(a) },
        { type: 'ref', data: b64(b) },
        { type: 'sub', data: b64(a) },
      ],
    },
  });
  expect(added.status).toBe(200);
  const read = await Promise.all(added.body.data.ids.map(async (id: number) => (await server.request('GET', `/api/thumbnail/${id}`)).body.data));
  expect(read.map((t) => [t.type, t.width])).toEqual([
    ['new', 30],
    ['ref', 31],
    ['sub', 30],
  ]);
  // The same image twice is one file.
  expect(read[0].file_uri).toBe(read[2].file_uri);
  expect(filesUnder(folder)).toHaveLength(filesBefore + 2);

  const bad = await server.request('POST', '/api/probe/thumbnails', {
    body: {
      obj_id: objId,
      images: [
        { type: 'new', data: b64(makePng(40, 40)) },
        { type: 'ref', data: b64(makePng(8, 8)) },
      ],
    },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/^data: Invalid thumbnail size\./);
  expect(await server.knex('thumbnails').where({ obj_id: objId }).orderBy('id').pluck('id')).toEqual(added.body.data.ids);
  expect(filesUnder(folder)).toHaveLength(filesBefore + 2);
});
