/**
 * A filter with autosave: an alert passing it is saved as a source of the filter's group while it
 * is ingested (as SkyPortal's ingestion honours the filter's autosave); other filters' alerts stay
 * candidates until a scanner saves them.
 */
import { startTestServer, type TestServer, type TestUser } from '@skyportal/test-kit';
import { addZtf, LONG, packet, probe, SHORT, sitePlugins } from './helpers.js';

const STREAM = 'ZTF Autosave Stream';
let server: TestServer;
const { plugin, service } = probe();
let alice: TestUser; // in groupA, whose filter autosaves
let bob: TestUser; // in groupB, whose filter does not
let groupA: number;
let groupB: number;

beforeAll(async () => {
  server = await startTestServer({
    plugins: sitePlugins([plugin]).map((spec) => (spec instanceof URL ? { plugin: spec, options: { stream: STREAM } } : spec)),
  });
  await addZtf(server);
  const streamId = await server.createStream(STREAM);
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Upload data'] }));
  for (const [user, group] of [
    [alice, groupA],
    [bob, groupB],
  ] as const) {
    expect((await server.request('POST', `/api/streams/${streamId}/users`, { body: { user_id: user.id } })).status).toBe(200);
    expect((await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: streamId } })).status).toBe(200);
  }
  // ZTF18aaypnsi's alert has rb 0.7067, ZTF18abajfvr's 0.66.
  const real = { all: [{ field: 'candidate.rb', op: '>=', value: 0.7 }] };
  const filters = [
    { name: 'autosave real', stream_id: streamId, group_id: groupA, conditions: real, autosave: true },
    { name: 'scan real', stream_id: streamId, group_id: groupB, conditions: real },
  ];
  for (const body of filters) expect((await server.request('POST', '/api/filters', { body })).status).toBe(200);
});

test("an alert passing an autosave filter is saved to the filter's group, live, and to no other", async () => {
  const groupLive = await server.subscribe(`group:${groupA}`, { token: alice.token });
  const result = await service().ingest(packet(LONG), { source: 'long.avro' });
  expect(result.ingested[0]!.candidateIds).toHaveLength(2);
  expect(await groupLive.next((m) => m.type === 'sources.saved')).toMatchObject({ data: { obj_id: 'ZTF18aaypnsi' } });

  const saved = await server.request('GET', '/api/sources/ZTF18aaypnsi', { token: alice.token });
  expect(saved.status).toBe(200);
  expect((saved.body.data.groups as { id: number }[]).map((g) => g.id)).toEqual([groupA]);
  const aliceList = await server.request('GET', '/api/sources', { token: alice.token });
  expect((aliceList.body.data.sources as { id: string }[]).map((s) => s.id)).toEqual(['ZTF18aaypnsi']);

  // Bob's filter passed it too, but does not autosave: a candidate for him, not a source.
  expect((await server.request('GET', '/api/candidates', { token: bob.token })).body.data.candidates.map((c: { id: string }) => c.id)).toEqual([
    'ZTF18aaypnsi',
  ]);
  expect((await server.request('GET', '/api/sources', { token: bob.token })).body.data.sources).toEqual([]);
});

test('an alert failing the autosave filter is not saved; re-ingesting saves nothing twice', async () => {
  await service().ingest(packet(SHORT), { source: 'short.avro' });
  expect((await server.request('GET', '/api/sources/ZTF18abajfvr', { token: alice.token })).status).toBe(404);

  await service().ingest(packet(LONG), { source: 'long.avro' });
  const rows = await server.knex('sources').where({ obj_id: 'ZTF18aaypnsi' }).select('group_id');
  expect(rows).toEqual([{ group_id: groupA }]);
});
