/**
 * Alerts belong to a stream: their data is seen only by the stream's members, and an alert
 * passing a group's filter on the stream becomes a candidate of that filter (real packets, real
 * candidates plugin, real HTTP and WebSockets).
 */
import { startTestServer, type TestServer, type TestUser } from '@skyportal/test-kit';
import { addZtf, LONG, packet, probe, SHORT, sitePlugins } from './helpers.js';

const STREAM = 'ZTF Test Stream';
let server: TestServer;
const { plugin, service } = probe();
let streamId: number;
let alice: TestUser; // in groupA, a member of the stream
let bob: TestUser; // in groupB, not a member
let groupA: number;
let groupB: number;
let filterId: number;

beforeAll(async () => {
  server = await startTestServer({
    plugins: sitePlugins([plugin]).map((spec) => (spec instanceof URL ? { plugin: spec, options: { stream: STREAM } } : spec)),
  });
  await addZtf(server);
  streamId = await server.createStream(STREAM);
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Upload data'] }));
  expect((await server.request('POST', `/api/streams/${streamId}/users`, { body: { user_id: alice.id } })).status).toBe(200);
  expect((await server.request('POST', `/api/groups/${groupA}/streams`, { body: { stream_id: streamId } })).status).toBe(200);
  // ZTF18aaypnsi's alert has rb 0.7067, ZTF18abajfvr's 0.66.
  const filter = await server.request('POST', '/api/filters', {
    body: { name: 'bright and real', stream_id: streamId, group_id: groupA, conditions: { all: [{ field: 'candidate.rb', op: '>=', value: 0.7 }] } },
  });
  expect(filter.status).toBe(200);
  filterId = filter.body.data.id;
});

test('an alert passing the filter is its candidate, one failing it is not; live on the stream channel', async () => {
  const live = await server.subscribe(`alerts:${streamId}`, { token: alice.token });
  const group = await server.subscribe(`group:${groupA}`, { token: alice.token });
  const passed = await service().ingest(packet(LONG), { source: 'long.avro' });
  const failed = await service().ingest(packet(SHORT), { source: 'short.avro' });
  expect(passed.ingested[0]!.candidateIds).toHaveLength(1);
  expect(failed.ingested[0]!.candidateIds).toEqual([]);
  expect(await live.next((m) => m.type === 'alerts.ingested')).toMatchObject({
    data: { obj_id: 'ZTF18aaypnsi', candid: LONG, stream_id: streamId, candidate_ids: passed.ingested[0]!.candidateIds },
  });
  expect(await group.next((m) => m.type === 'candidates.added')).toMatchObject({ data: { obj_id: 'ZTF18aaypnsi', filter_ids: [filterId] } });

  const list = await server.request('GET', '/api/candidates', { token: alice.token });
  expect(list.status).toBe(200);
  const candidates = list.body.data.candidates as { id: string; passing_alerts: { passing_alert_id: unknown; passed_at: string }[] }[];
  expect(candidates.map((c) => c.id)).toEqual(['ZTF18aaypnsi']);
  // passed_at is the detection's time (jd 2458295.8851273), so re-ingesting adds no second candidate.
  expect(candidates[0]!.passing_alerts[0]!.passed_at).toMatch(/^2018-06-26T09:14:3[45]/);
  // The alert's candid, exact (beyond 2^53).
  expect((await server.knex.raw('SELECT passing_alert_id::text AS id FROM candidates')).rows).toEqual([{ id: LONG }]);

  const again = await service().ingest(packet(LONG), { source: 'long.avro' });
  expect(again.ingested[0]).toMatchObject({ created: false, candidateIds: passed.ingested[0]!.candidateIds });
  expect(Number((await server.knex('candidates').count({ n: '*' }))[0]!.n)).toBe(1);
});

test("the stream's members see the alert data; others, even with the source saved to their group, do not", async () => {
  // Alice sees her candidate's light curve (through the candidate), its stamps and scores.
  const points = await server.request('GET', '/api/sources/ZTF18aaypnsi/photometry', { token: alice.token });
  expect(points.status).toBe(200);
  expect(points.body.data).toHaveLength(25);

  // Bob saves the obj to his own group: it is his source now, but the stream's points stay hidden.
  expect((await server.request('POST', '/api/sources', { token: bob.token, body: { id: 'ZTF18aaypnsi', group_ids: [groupB] } })).status).toBe(200);
  const hidden = await server.request('GET', '/api/sources/ZTF18aaypnsi/photometry', { token: bob.token });
  expect(hidden.status).toBe(200);
  expect(hidden.body.data).toEqual([]);
  const stamps = await server.request('GET', '/api/sources/ZTF18aaypnsi/thumbnails', { token: bob.token });
  expect((stamps.body.data as { survey: string }[]).filter((s) => s.survey === 'ZTF')).toEqual([]);
  const scores = await server.request('GET', '/api/sources/ZTF18aaypnsi/annotations', { token: bob.token });
  expect(scores.body.data).toEqual([]);

  // Nor does he see the candidate, or hear the stream.
  expect((await server.request('GET', '/api/candidates', { token: bob.token })).body.data.candidates).toEqual([]);
  await expect(server.subscribe(`alerts:${streamId}`, { token: bob.token })).rejects.toThrow();
});

test('POST /api/alerts needs the stream: a poster without it is refused, naming the stream', async () => {
  const res = await fetch(`${server.url}/api/alerts`, {
    method: 'POST',
    headers: { authorization: `token ${bob.token}`, 'content-type': 'application/avro' },
    body: new Uint8Array(packet(SHORT)),
  });
  expect(res.status).toBe(400);
  expect((await res.json()).message).toMatch(/^stream: /);
  const ok = await fetch(`${server.url}/api/alerts`, {
    method: 'POST',
    headers: { authorization: `token ${alice.token}`, 'content-type': 'application/avro' },
    body: new Uint8Array(packet(SHORT)),
  });
  expect(ok.status).toBe(200);
});
