import { badRequest, coreServices, definePlugin, z } from '@skyportal/sdk';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { evaluateConditions } from '../conditions.js';
import { candidatesService } from '../types.js';

/** Another plugin, as alert ingestion is: per alert, one transaction that creates the obj, evaluates the stream's filters and adds candidates. */
const ingest = definePlugin({
  name: 'probe',
  dependsOn: ['candidates', 'sources'],
  register({ router, services }) {
    const candidates = services.get(candidatesService);
    router.post(
      '/api/probe/filter',
      { access: { acl: 'System admin' }, summary: 'Create a filter as a demo loader does', body: z.object({ groupId: z.number(), conditions: z.unknown() }) },
      ({ body, db: trx }) => candidates.createFilter(trx, { name: 'demo', streamId: STREAM, groupId: body.groupId, conditions: body.conditions as never }),
    );
    const sources = services.get(sourcesService);
    const db = services.get(coreServices.db);
    router.post(
      '/api/probe/alert',
      {
        access: { acl: 'Upload data' },
        summary: 'Ingest one packet as alert ingestion does; fail=true rolls back after the candidates',
        body: z.object({ streamId: z.number(), packet: z.record(z.string(), z.unknown()), fail: z.boolean().optional() }),
      },
      async ({ user, body }) =>
        db.transaction(async (trx) => {
          const objId = String(body.packet.objectId);
          await sources.ensureObj(trx, { id: objId, ra: 150, dec: 2 });
          const passing = (await candidates.filtersForStream(trx, body.streamId)).filter((filter) => evaluateConditions(filter.conditions, body.packet));
          const added = passing.length
            ? await candidates.add(trx, {
                objId,
                filterIds: passing.map((f) => f.id),
                passedAt: new Date('2026-11-30T05:00:00Z'),
                passingAlertId: '2480511235915015007',
                uploaderId: user.id,
              })
            : { ids: [] };
          if (body.fail) throw badRequest('fail: the alert failed after its candidates');
          return { ...added, filterIds: passing.map((f) => f.id) };
        }),
    );
  },
});

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
let groupB: number;
let strict: number;
let open: number;
let STREAM: number;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url), ingest] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Upload data'] }));
  // Two streams: the users hold both, group A both, group B the first (members hold their group's streams).
  STREAM = await server.createStream(uniqueId('ztf'));
  const other = await server.createStream(uniqueId('ztf-other'));
  for (const stream of [STREAM, other]) {
    for (const user of [alice, bob]) await server.request('POST', `/api/streams/${stream}/users`, { body: { user_id: user.id } });
  }
  for (const [group, stream] of [
    [groupA, STREAM],
    [groupA, other],
    [groupB, STREAM],
  ] as const) {
    await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: stream } });
  }
  const filter = (user: TestUser, group: number, conditions: unknown) =>
    server.request('POST', '/api/filters', { token: user.token, body: { name: uniqueId('f'), stream_id: STREAM, group_id: group, conditions } });
  strict = (await filter(alice, groupA, { field: 'candidate.rb', op: '>=', value: 0.65 })).body.data.id;
  open = (await filter(bob, groupB, null)).body.data.id;
  // Another stream's filter is not asked.
  await server.request('POST', '/api/filters', { token: alice.token, body: { name: 'other stream', stream_id: other, group_id: groupA } });
});

const alert = (rb: number, fail = false) =>
  server.request('POST', '/api/probe/alert', {
    token: alice.token,
    body: { streamId: STREAM, packet: { objectId: uniqueId('ZTF'), candidate: { rb } }, fail },
  });

test("a packet becomes a candidate of each of the stream's filters it passes, announced to those filters' groups on commit", async () => {
  const alicePage = await server.subscribe(`group:${groupA}`, { token: alice.token });
  const bobPage = await server.subscribe(`group:${groupB}`, { token: bob.token });
  const good = (await alert(0.9)).body.data;
  expect(good.filterIds).toEqual([strict, open]);
  expect(good.ids).toHaveLength(2);
  const [toA, toB] = await Promise.all([alicePage.next((m) => m.type === 'candidates.added'), bobPage.next((m) => m.type === 'candidates.added')]);
  // Each group hears of its own filter's candidate only.
  expect(toA.data).toEqual({ obj_id: expect.any(String), filter_ids: [strict], ids: [good.ids[0]] });
  expect(toB.data).toEqual({ obj_id: toA.data.obj_id, filter_ids: [open], ids: [good.ids[1]] });
  const bobsView = (await server.request('GET', `/api/candidates/${toA.data.obj_id}`, { token: bob.token })).body.data;
  expect(bobsView.filter_ids).toEqual([open]);

  const bogus = (await alert(0.3)).body.data;
  expect(bogus.filterIds).toEqual([open]);
  const next = await bobPage.next((m) => m.type === 'candidates.added');
  expect(next.data.ids).toEqual(bogus.ids);
  await expect(alicePage.next((m) => m.type === 'candidates.added', { timeoutMs: 500 })).rejects.toThrow(/no matching message/);
});

test('createFilter checks conditions as the route does; its filter is then evaluated like any', async () => {
  const bad = await server.request('POST', '/api/probe/filter', {
    body: { groupId: groupA, conditions: { all: [{ field: 'candidate.rb', op: '=>', value: 1 }] } },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('conditions.all[0].op');
  const made = (await server.request('POST', '/api/probe/filter', { body: { groupId: groupA, conditions: { field: 'candidate.rb', op: '>', value: 0.95 } } }))
    .body.data.id;
  expect((await server.request('GET', `/api/filters/${made}`, { token: alice.token })).body.data).toMatchObject({
    name: 'demo',
    stream_id: STREAM,
    group_id: groupA,
  });
  expect((await alert(0.99)).body.data.filterIds).toContain(made);
  expect((await alert(0.9)).body.data.filterIds).not.toContain(made);
  await server.request('DELETE', `/api/filters/${made}`);
});

test('a rolled-back alert leaves no candidate and no message', async () => {
  const page = await server.subscribe(`group:${groupB}`, { token: bob.token });
  const before = (await server.request('GET', '/api/candidates_filter?numPerPage=1')).body.data.totalMatches;
  expect((await alert(0.9, true)).status).toBe(400);
  expect((await server.request('GET', '/api/candidates_filter?numPerPage=1')).body.data.totalMatches).toBe(before);
  await expect(page.next((m) => m.type === 'candidates.added', { timeoutMs: 500 })).rejects.toThrow(/no matching message/);
});
