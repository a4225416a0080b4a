import { badRequest, coreServices, definePlugin, z } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { annotationsService } from '../types.js';

/** Another plugin, as alert ingestion will be: it annotates objs through the service, in a transaction of its own. */
const ingest = definePlugin({
  name: 'probe',
  dependsOn: ['annotations'],
  register({ router, services }) {
    const annotations = services.get(annotationsService);
    const db = services.get(coreServices.db);
    router.post(
      '/api/probe/annotate',
      {
        access: { acl: 'Annotate' },
        summary: 'Annotate as an ingesting plugin does; fail=true rolls the transaction back after the write',
        body: z.object({ objId: z.string(), origin: z.string(), data: z.unknown(), groupIds: z.array(z.number()), fail: z.boolean().optional() }),
      },
      async ({ user, body }) =>
        db.transaction(async (trx) => {
          const written = await annotations.upsert(trx, {
            objId: body.objId,
            origin: body.origin,
            data: body.data as Record<string, unknown>,
            groupIds: body.groupIds,
            authorId: user.id,
          });
          if (body.fail) throw badRequest('fail: the alert batch failed');
          return written;
        }),
    );
  },
});

// Live annotations over real WebSockets, and the service alert ingestion calls: every open page of
// a source hears of an annotation added, changed or deleted if and only if its user may read it;
// the service writes through the same path inside its caller's transaction, announcing on commit.
let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
let groupB: number;
let objId: string;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url), ingest] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Annotate'] }));
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 150.1, dec: 2.2, group_ids: [groupA, groupB] } });
});

const changed = (action: string, annotationId?: number) => (m: { type: string; data?: any }) =>
  m.type === 'annotations.changed' && m.data.action === action && (annotationId === undefined || m.data.annotation_id === annotationId);

test("an annotation for group A reaches A's open pages of the source, and never B's", async () => {
  const alicePage = await server.subscribe(`source:${objId}`, { token: alice.token });
  const bobPage = await server.subscribe(`source:${objId}`, { token: bob.token });
  const base = `/api/sources/${objId}/annotations`;
  const posted = await server.request('POST', base, { token: alice.token, body: { origin: uniqueId('braai'), data: { drb: 0.97 }, group_ids: [groupA] } });
  const id = posted.body.data.annotation_id;
  expect(await alicePage.next(changed('added', id))).toEqual({
    channel: `source:${objId}`,
    type: 'annotations.changed',
    data: { obj_id: objId, spectrum_id: null, photometry_id: null, annotation_id: id, action: 'added' },
  });
  await server.request('PUT', `${base}/${id}`, { token: alice.token, body: { data: { drb: 0.98 } } });
  await alicePage.next(changed('updated', id));
  await server.request('DELETE', `${base}/${id}`, { token: alice.token });
  await alicePage.next(changed('deleted', id));
  await expect(bobPage.next((m) => m.type === 'annotations.changed', { timeoutMs: 500 })).rejects.toThrow(/no matching message/);
});

const upsert = (user: TestUser, body: Record<string, unknown>) =>
  server.request('POST', '/api/probe/annotate', { token: user.token, body: { objId, ...body } });

test('the service inserts, then replaces the data of the same origin, joining groups, in the caller transaction', async () => {
  const origin = uniqueId('ztf-alerts');
  const page = await server.subscribe(`source:${objId}`, { token: bob.token });
  const first = (await upsert(alice, { origin, data: { drb: 0.5, sgscore1: 0.02 }, groupIds: [groupA] })).body.data;
  expect(first.created).toBe(true);
  const alicePage = await server.subscribe(`source:${objId}`, { token: alice.token });
  const second = (await upsert(bob, { origin, data: { drb: 0.91 }, groupIds: [groupB] })).body.data;
  expect(second).toEqual({ id: first.id, created: false });
  // The change reaches the group it joined and the group it had.
  await page.next(changed('updated', first.id));
  await alicePage.next(changed('updated', first.id));
  const read = await server.request('GET', `/api/sources/${objId}/annotations/${first.id}`, { token: bob.token });
  expect(read.body.data).toMatchObject({ origin, data: { drb: 0.91 }, author_id: alice.id });
  expect(read.body.data.groups.map((g: { id: number }) => g.id)).toEqual([groupB]);
  // alice still reads it through group A: the second write added B, it took nothing away.
  expect((await server.request('GET', `/api/sources/${objId}/annotations/${first.id}`, { token: alice.token })).status).toBe(200);
});

test("a rolled-back service write leaves nothing and says nothing; bad data is the route's 400", async () => {
  const origin = uniqueId('rolled-back');
  const page = await server.subscribe(`source:${objId}`, { token: alice.token });
  expect((await upsert(alice, { origin, data: { rb: 0.7 }, groupIds: [groupA], fail: true })).status).toBe(400);
  expect(await server.knex('annotations').where({ origin }).first()).toBeUndefined();
  await expect(page.next(changed('added'), { timeoutMs: 500 })).rejects.toThrow(/no matching message/);
  const bad = await upsert(alice, { origin, data: 'rb=0.7', groupIds: [groupA] });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('data: Input should be a valid dictionary');
});
