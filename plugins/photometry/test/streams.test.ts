import { badRequest, coreServices, definePlugin, z } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { photometryHooks, photometryService } from '../types.js';

/**
 * Alert photometry is seen only by holders of its streams, on top of groups (and by them without a
 * group: SkyPortal's stream members read the stream's points), through every route that reads
 * points; stream_ids on POST/PUT/PATCH must be the caller's.
 */

/** What the probe heard from `photometry.ingested`, and whether the points were committed by then. */
const heard: { ids: number[]; committed: boolean }[] = [];

/** Another plugin, as alert ingestion is: a source and its points stored in one transaction of its own. */
const probe = definePlugin({
  name: 'probe',
  dependsOn: ['photometry'],
  register({ router, services, hooks }) {
    const photometry = services.get(photometryService);
    const db = services.get(coreServices.db);
    hooks.get(photometryHooks.ingested).tapPromise('probe', async ({ ids }) => {
      const [row] = await db('photometry').whereIn('id', ids).count({ n: '*' });
      heard.push({ ids, committed: Number(row!.n) === ids.length });
    });
    router.post(
      '/api/probe/alert',
      {
        access: { acl: 'Upload data' },
        summary: 'Save a source and its points in one transaction, as an alert is ingested; fail=true rolls it back',
        body: z.object({ objId: z.string(), groupIds: z.array(z.number()), points: z.record(z.string(), z.unknown()), fail: z.boolean().optional() }),
      },
      async ({ user, body }) =>
        db.transaction(async (trx) => {
          await trx('objs').insert({ id: body.objId, ra: 10, dec: 10 }).onConflict('id').ignore();
          await trx('sources')
            .insert(body.groupIds.map((group_id) => ({ obj_id: body.objId, group_id, saved_by_id: user.id })))
            .onConflict(['obj_id', 'group_id'])
            .ignore();
          const stored = await photometry.ingest(user, { ...body.points, obj_id: body.objId }, 'put', { trx });
          // Inside the transaction the points are not out yet: another connection sees none.
          const [row] = await db('photometry').whereIn('id', stored.ids).count({ n: '*' });
          if (body.fail) throw badRequest('fail: the alert failed after its points');
          return { ...stored, seenOutside: Number(row!.n), heardBeforeCommit: heard.some((h) => h.ids.includes(stored.ids[0]!)) };
        }),
    );
  },
});

let server: TestServer;
let stream: number;
let otherStream: number;
let group: number;
let alice: TestUser; // in the group, holds the stream
let bob: TestUser; // in the group, without the stream
let carol: TestUser; // holds the stream, in no group
let instrumentId: number;
let objId: string;

const point = (mjd: number, extra: Record<string, unknown> = {}) => ({
  obj_id: objId,
  instrument_id: instrumentId,
  mjd,
  flux: 12.5,
  fluxerr: 0.5,
  zp: 25,
  magsys: 'ab',
  filter: 'ztfg',
  ...extra,
});

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url), probe] });
  stream = await server.createStream(uniqueId('ztf-partnership'));
  otherStream = await server.createStream(uniqueId('ztf-caltech'));
  alice = await server.createUser({ streamIds: [stream] });
  bob = await server.createUser();
  carol = await server.createUser({ roles: ['View only'], streamIds: [stream] });
  group = await server.createGroup(uniqueId('scanners'), [alice.id, bob.id]);
  const telescope = (await server.request('POST', '/api/telescope', { body: { name: uniqueId('P48'), nickname: uniqueId('p48'), diameter: 1.2 } })).body.data
    .id;
  instrumentId = (
    await server.request('POST', '/api/instrument', { body: { name: uniqueId('ZTF'), type: 'imager', filters: ['ztfg'], telescope_id: telescope } })
  ).body.data.id;
  objId = uniqueId('ZTF21');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 10, dec: 10, group_ids: [group] } });
});

/** The ids of the source's points each route gives `user`. */
async function seenBy(user: TestUser) {
  const get = async (path: string, query?: Record<string, string>) => (await server.request('GET', path, { token: user.token, query })).body;
  const ids = (points: { id: number }[]) => points.map((p) => p.id).sort((a, b) => a - b);
  const list = ids((await get(`/api/sources/${objId}/photometry`)).data);
  const plot = ids((await get(`/api/sources/${objId}/photometry`, { format: 'plot' })).data);
  const range = ids((await get('/api/photometry/range', { instrument_ids: String(instrumentId) })).data);
  const source = ids((await get(`/api/sources/${objId}`, { includePhotometry: 'true' })).data.photometry);
  const csv =
    (await server.request('GET', `/api/sources/${objId}/photometry`, { token: user.token, query: { output: 'csv' } })).text.trim().split('\n').length - 1;
  expect({ plot, range, source, csv }).toEqual({ plot: list, range: list, source: list, csv: list.length });
  return list;
}

const status = async (user: TestUser, id: number) => (await server.request('GET', `/api/photometry/${id}`, { token: user.token })).status;

test('a point from a stream is seen by its holders only, through every route, lists included; system admins see all', async () => {
  const fromStream = await server.request('POST', '/api/photometry', { token: alice.token, body: point(59000, { stream_ids: [stream], group_ids: [group] }) });
  expect(fromStream.status).toBe(200);
  const plain = await server.request('POST', '/api/photometry', { token: alice.token, body: point(59001, { group_ids: [group] }) });
  const [streamPoint, plainPoint] = [fromStream.body.data.ids[0], plain.body.data.ids[0]];

  expect(await seenBy(alice)).toEqual([streamPoint, plainPoint]);
  expect(await seenBy(bob)).toEqual([plainPoint]);
  expect(await status(bob, streamPoint)).toBe(400);
  expect(await status(bob, plainPoint)).toBe(200);
  // Detection stats count only what the caller sees.
  const stats = async (user: TestUser) =>
    (await server.request('GET', `/api/sources/${objId}`, { token: user.token, query: { includeDetectionStats: 'true' } })).body.data.photstats[0]
      .num_det_global;
  expect([await stats(alice), await stats(bob)]).toEqual([2, 1]);
  // A holder in none of the point's groups reads it (SkyPortal's rule for stream members)...
  expect(await status(carol, streamPoint)).toBe(200);
  // ...but not the group's point without a stream.
  expect(await status(carol, plainPoint)).toBe(400);
  const admin = (await server.request('GET', `/api/sources/${objId}/photometry`)).body.data.map((p: { id: number }) => p.id);
  expect(admin).toEqual(expect.arrayContaining([streamPoint, plainPoint]));
});

test('stream_ids must be streams the caller holds and that exist: a 400 naming the field, nothing stored', async () => {
  const count = async () => Number((await server.knex('photometry').where({ obj_id: objId }).count({ n: '*' }))[0]!.n);
  const before = await count();
  for (const [token, streamIds, message] of [
    [bob.token, [stream], /^stream_ids: no access to stream\(s\) \d+/],
    [alice.token, [stream, otherStream], new RegExp(`^stream_ids: no access to stream\\(s\\) ${otherStream}`)],
    [server.adminToken, [2_000_000], /^stream_ids: no stream\(s\) 2000000/],
    [alice.token, 'all', /^stream_ids: expected a list/],
    [alice.token, [0], /^stream_ids\[0\]/],
  ] as const) {
    for (const method of ['POST', 'PUT'] as const) {
      const res = await server.request(method, '/api/photometry', { token, body: point(59100, { stream_ids: streamIds }) });
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
    }
  }
  expect(await count()).toBe(before);
});

test('PATCH adds a stream (the caller must hold it): the point leaves the view of those without it', async () => {
  const id = (await server.request('POST', '/api/photometry', { token: alice.token, body: point(59200, { group_ids: [group] }) })).body.data.ids[0];
  expect(await status(bob, id)).toBe(200);
  const refused = await server.request('PATCH', `/api/photometry/${id}`, { token: alice.token, body: { stream_ids: [otherStream] } });
  expect(refused.status).toBe(400);
  expect(refused.body.message).toMatch(/^stream_ids:/);
  expect((await server.request('PATCH', `/api/photometry/${id}`, { token: alice.token, body: { stream_ids: [stream] } })).status).toBe(200);
  expect(await status(bob, id)).toBe(400);
  expect(await status(alice, id)).toBe(200);
});

test('PUT re-posting a stored point with a stream does not hide it from those who see it', async () => {
  const body = point(59300, { group_ids: [group] });
  const id = (await server.request('POST', '/api/photometry', { token: alice.token, body })).body.data.ids[0];
  const again = await server.request('PUT', '/api/photometry', { token: alice.token, body: { ...body, stream_ids: [stream] } });
  expect(again.body.data.ids).toEqual([id]);
  expect(await status(bob, id)).toBe(200);
});

test('ingest in the caller transaction: nothing out before its commit, hook and live message after; a rollback announces nothing', async () => {
  const page = await server.subscribe(`source:${objId}`, { token: alice.token });
  const alert = (id: string, mjd: number, fail = false) =>
    server.request('POST', '/api/probe/alert', {
      token: alice.token,
      body: { objId: id, groupIds: [group], points: point(mjd, { stream_ids: [stream], group_ids: [group] }), fail },
    });

  const failed = await alert(objId, 59400, true);
  expect(failed.status).toBe(400);
  expect(await server.knex('photometry').where({ obj_id: objId, mjd: 59400 }).first()).toBeUndefined();

  const ok = await alert(objId, 59401);
  expect(ok.status).toBe(200);
  expect(ok.body.data).toMatchObject({ seenOutside: 0, heardBeforeCommit: false });
  const [pointId] = ok.body.data.ids;
  expect(await page.next((m) => m.type === 'photometry.added')).toMatchObject({ data: { obj_id: objId, ids: [pointId], count: 1 } });
  expect(heard.find((h) => h.ids.includes(pointId))).toEqual({ ids: [pointId], committed: true });
  // The hook never heard of points before they were committed (nor of the rolled-back alert's).
  expect(heard.every((h) => h.committed)).toBe(true);

  // A new obj made in the same transaction as its points: the ingest reads what the caller wrote.
  const newId = uniqueId('ZTF21a');
  const fresh = await alert(newId, 59402);
  expect(fresh.status).toBe(200);
  expect(await status(alice, fresh.body.data.ids[0])).toBe(200);
  expect(await status(bob, fresh.body.data.ids[0])).toBe(400);
});

test('copying photometry to another source keeps each point’s streams', async () => {
  const copyTo = uniqueId('ZTF21c');
  await server.request('POST', '/api/sources', { body: { id: copyTo, ra: 10, dec: 10, group_ids: [group] } });
  const copied = await server.request('POST', `/api/sources/${copyTo}/copy_photometry`, { token: alice.token, body: { origin_id: objId, group_ids: [group] } });
  expect(copied.status).toBe(200);
  const mine = (await server.request('GET', `/api/sources/${copyTo}/photometry`, { token: alice.token })).body.data.length;
  const bobs = (await server.request('GET', `/api/sources/${copyTo}/photometry`, { token: bob.token })).body.data.length;
  const origin = async (user: TestUser) => (await server.request('GET', `/api/sources/${objId}/photometry`, { token: user.token })).body.data.length;
  expect([mine, bobs]).toEqual([await origin(alice), await origin(bob)]);
  expect(mine).toBeGreaterThan(bobs);
});

test('deleting a stream deletes the points made from it', async () => {
  const doomed = await server.createStream(uniqueId('retired'));
  await server.request('POST', `/api/streams/${doomed}/users`, { body: { user_id: alice.id } });
  const id = (await server.request('POST', '/api/photometry', { token: alice.token, body: point(59500, { stream_ids: [doomed], group_ids: [group] }) })).body
    .data.ids[0];
  const kept = (await server.request('POST', '/api/photometry', { token: alice.token, body: point(59501, { group_ids: [group] }) })).body.data.ids[0];
  expect((await server.request('DELETE', `/api/streams/${doomed}`)).status).toBe(200);
  expect(await server.knex('photometry').where({ id }).first()).toBeUndefined();
  expect(await server.knex('photometry_streams').where({ photometry_id: id }).first()).toBeUndefined();
  expect(await status(bob, kept)).toBe(200);
});
