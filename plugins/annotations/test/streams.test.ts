import { coreServices, definePlugin, z } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { annotationsService } from '../types.js';

/**
 * An annotation made from an alert stream (the service's `streamId`) is read only by holders of
 * the stream, on top of its groups: through every route (one, the source's list, the source's
 * `annotations`, the list filter and sort), and a deleted stream takes it.
 */
const probe = definePlugin({
  name: 'probe',
  dependsOn: ['annotations'],
  register({ router, services }) {
    const annotations = services.get(annotationsService);
    const db = services.get(coreServices.db);
    router.post(
      '/api/probe/annotate',
      {
        access: { acl: 'System admin' },
        summary: 'Annotate from a stream, as alert ingestion does',
        body: z.object({
          objId: z.string(),
          origin: z.string(),
          data: z.record(z.string(), z.unknown()),
          groupIds: z.array(z.number()),
          streamId: z.number().nullable(),
        }),
      },
      ({ user, body }) => db.transaction((trx) => annotations.upsert(trx, { ...body, authorId: user.id })),
    );
  },
});

let server: TestServer;
let stream: number;
let holder: TestUser;
let other: TestUser;
let group: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url), probe] });
  stream = await server.createStream(uniqueId('ztf'));
  holder = await server.createUser({ streamIds: [stream] });
  other = await server.createUser();
  group = await server.createGroup(uniqueId('g'), [holder.id, other.id]);
});

const annotate = (objId: string, origin: string, data: Record<string, unknown>, streamId: number | null) =>
  server.request('POST', '/api/probe/annotate', { body: { objId, origin, data, groupIds: [group], streamId } });

async function sourceWithAnnotations() {
  const objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 10, dec: 10, group_ids: [group] } });
  const alert = (await annotate(objId, uniqueId('ztf-alert'), { drb: 0.99 }, stream)).body.data.id;
  const plain = (await annotate(objId, uniqueId('catalog'), { drb: 0.5 }, null)).body.data.id;
  return { objId, alert, plain };
}

test('an annotation from a stream is read by its holders only, through every route; system admins read it', async () => {
  const { objId, alert, plain } = await sourceWithAnnotations();
  const seen = async (user: TestUser) => {
    const list = (await server.request('GET', `/api/sources/${objId}/annotations`, { token: user.token })).body.data.map((a: { id: number }) => a.id).sort();
    const onSource = (await server.request('GET', `/api/sources/${objId}`, { token: user.token, query: { includeAnnotations: 'true' } })).body.data.annotations
      .map((a: { id: number }) => a.id)
      .sort();
    expect(onSource).toEqual(list);
    return list;
  };
  expect(await seen(holder)).toEqual([alert, plain].sort());
  expect(await seen(other)).toEqual([plain]);
  expect((await server.request('GET', `/api/sources/${objId}/annotations/${alert}`, { token: other.token })).status).not.toBe(200);
  const one = await server.request('GET', `/api/sources/${objId}/annotations/${alert}`, { token: holder.token });
  expect(one.body.data).toMatchObject({ id: alert, stream_id: stream });
  expect((await server.request('GET', `/api/sources/${objId}/annotations/${alert}`)).status).toBe(200);

  // The list filter and sort by a stream annotation's value: the holder finds the source by it, the other does not.
  const origin = one.body.data.origin as string;
  const filtered = async (user: TestUser) =>
    (
      await server.request('GET', '/api/sources', { token: user.token, query: { annotationsFilter: 'drb:0.9:gt', annotationsFilterOrigin: origin } })
    ).body.data.sources.map((s: { id: string }) => s.id);
  expect(await filtered(holder)).toContain(objId);
  expect(await filtered(other)).not.toContain(objId);
});

test('replacing the data from a stream takes its stream: a plain annotation re-annotated from a stream is then hidden', async () => {
  const objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 10, dec: 10, group_ids: [group] } });
  const origin = uniqueId('ztf');
  const first = (await annotate(objId, origin, { rb: 0.4 }, null)).body.data.id;
  expect((await server.request('GET', `/api/sources/${objId}/annotations/${first}`, { token: other.token })).status).toBe(200);
  expect((await annotate(objId, origin, { rb: 0.9 }, stream)).body.data).toEqual({ id: first, created: false });
  expect((await server.request('GET', `/api/sources/${objId}/annotations/${first}`, { token: other.token })).status).not.toBe(200);
});

test('deleting a stream deletes its annotations', async () => {
  const doomed = await server.createStream(uniqueId('retired'));
  const objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 10, dec: 10, group_ids: [group] } });
  const id = (await annotate(objId, uniqueId('ztf'), { rb: 0.4 }, doomed)).body.data.id;
  expect((await server.request('DELETE', `/api/streams/${doomed}`)).status).toBe(200);
  expect(await server.knex('annotations').where({ id }).first()).toBeUndefined();
});
