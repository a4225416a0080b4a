/**
 * Cutouts made from an alert stream are seen only by holders of the stream, on top of seeing the
 * source: through every route (the thumbnail, its image, the source's list, includeThumbnails).
 */
import { coreServices, definePlugin, z } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { thumbnailsService } from '../types.js';
import { b64, eventually, filesUnder, makePng, makeSource, tempFolder } from './helpers.js';

/** Alert ingestion's call: a cutout of a stream, through the service. */
const probe = definePlugin({
  name: 'probe',
  dependsOn: ['thumbnails'],
  register({ router, services }) {
    const thumbnails = services.get(thumbnailsService);
    const db = services.get(coreServices.db);
    router.post(
      '/api/probe/cutout',
      {
        access: { acl: 'System admin' },
        summary: 'A stream cutout through the service',
        body: z.object({ obj_id: z.string(), data: z.string(), stream_id: z.number() }),
      },
      ({ body }) =>
        db.transaction((trx) => thumbnails.add(trx, { objId: body.obj_id, type: 'sub', png: Buffer.from(body.data, 'base64'), streamId: body.stream_id })),
    );
  },
});

let server: TestServer;
let folder: string;
let stream: number;
let holder: TestUser;
let other: TestUser;
let group: number;
beforeAll(async () => {
  folder = tempFolder();
  server = await startTestServer({ plugins: ['sources', { plugin: new URL('..', import.meta.url), options: { folder, surveys: [] } }, probe] });
  stream = await server.createStream(uniqueId('ztf'));
  holder = await server.createUser({ streamIds: [stream] });
  other = await server.createUser();
  group = await server.createGroup(uniqueId('g'), [holder.id, other.id]);
});

async function seen(user: TestUser, objId: string): Promise<number[]> {
  const list = (await server.request('GET', `/api/sources/${objId}/thumbnails`, { token: user.token })).body.data.map((t: { id: number }) => t.id);
  const source = (await server.request('GET', `/api/sources/${objId}`, { token: user.token, query: { includeThumbnails: 'true' } })).body.data.thumbnails.map(
    (t: { id: number }) => t.id,
  );
  expect(source).toEqual(list);
  return list;
}

test('a stream cutout is seen by holders of the stream only, through every route; a plain one by all who see the source', async () => {
  const objId = await makeSource(server, [group]);
  const cutout = (await server.request('POST', '/api/probe/cutout', { body: { obj_id: objId, data: b64(makePng(20, 20)), stream_id: stream } })).body.data.id;
  const plain = (await server.request('POST', '/api/thumbnail', { token: holder.token, body: { obj_id: objId, data: b64(makePng(21, 21)), ttype: 'new' } }))
    .body.data.id;
  expect(await seen(holder, objId)).toEqual([plain, cutout]);
  expect(await seen(other, objId)).toEqual([plain]);
  const one = await server.request('GET', `/api/thumbnail/${cutout}`, { token: holder.token });
  expect(one.body.data).toMatchObject({ id: cutout, stream_id: stream, type: 'sub' });
  expect((await server.request('GET', `/api/thumbnail/${cutout}`, { token: other.token })).status).toBe(404);
  const image = one.body.data.public_url as string;
  expect((await server.request('GET', image, { token: holder.token })).status).toBe(200);
  expect((await server.request('GET', image, { token: other.token })).status).toBe(404);
  expect((await server.request('DELETE', `/api/thumbnail/${cutout}`, { token: other.token })).status).toBe(401);
  // System admins see it.
  expect((await server.request('GET', `/api/thumbnail/${cutout}`)).status).toBe(200);
});

test('POST /api/thumbnail takes a stream_id the uploader holds; another is a 400 naming it, nothing stored', async () => {
  const objId = await makeSource(server, [group]);
  const body = { obj_id: objId, data: b64(makePng(22, 22)), ttype: 'new', stream_id: stream };
  const refused = await server.request('POST', '/api/thumbnail', { token: other.token, body });
  expect(refused.status).toBe(400);
  expect(refused.body.message).toMatch(/^stream_id: no access to stream\(s\)/);
  expect(await server.knex('thumbnails').where({ obj_id: objId })).toEqual([]);
  const posted = await server.request('POST', '/api/thumbnail', { token: holder.token, body });
  expect((await server.request('GET', `/api/thumbnail/${posted.body.data.id}`, { token: holder.token })).body.data.stream_id).toBe(stream);
  expect(await seen(other, objId)).toEqual([]);
});

test('deleting a stream deletes its cutouts and their files', async () => {
  const doomed = await server.createStream(uniqueId('retired'));
  const objId = await makeSource(server, [group]);
  const png = makePng(23, 23, (x, y) => [x * 11, y * 11, 7]);
  const id = (await server.request('POST', '/api/probe/cutout', { body: { obj_id: objId, data: b64(png), stream_id: doomed } })).body.data.id;
  const before = filesUnder(folder).length;
  expect((await server.request('DELETE', `/api/streams/${doomed}`)).status).toBe(200);
  expect(await server.knex('thumbnails').where({ id }).first()).toBeUndefined();
  expect(await eventually(() => filesUnder(folder).length === before - 1)).toBe(true);
});
