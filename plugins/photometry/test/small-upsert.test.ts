import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { SMALL_UPSERT_ROWS } from '../server/small-upsert.js';

/**
 * PUT of a few rows takes the one-statement path, of many the staged (COPY) one: a user must get
 * the same answer and the same stored points, links and streams from both.
 */

let server: TestServer;
let ztf: number;
let stream: number;
let groupA: number;
let groupB: number;
let alice: TestUser; // in A and B, holds the stream
let bob: TestUser; // in A only
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', { plugin: 'photometry', options: { maxRowsPerPost: 5000 } }] });
  stream = await server.createStream(uniqueId('ztf'));
  alice = await server.createUser({ streamIds: [stream] });
  bob = await server.createUser();
  groupA = await server.createGroup(uniqueId('A'), [alice.id, bob.id]);
  groupB = await server.createGroup(uniqueId('B'), [alice.id]);
  const tel = await server.request('POST', '/api/telescope', { body: { name: uniqueId('P48'), nickname: uniqueId('p48'), diameter: 1.2 } });
  ztf = (
    await server.request('POST', '/api/instrument', {
      body: { name: uniqueId('ZTF'), type: 'imager', filters: ['ztfg', 'ztfr'], telescope_id: tel.body.data.id },
    })
  ).body.data.id;
});
afterAll(() => server.stop());

const rows = (objId: string, mjds: number[], flux: (number | null)[]) => ({
  obj_id: objId,
  instrument_id: ztf,
  mjd: mjds,
  flux,
  fluxerr: mjds.map(() => 0.5),
  zp: 23.9,
  magsys: 'ab',
  filter: mjds.map((m) => (m % 2 ? 'ztfr' : 'ztfg')),
  origin: 'alerts',
  altdata: mjds.map((m) => ({ note: `epoch "${m}"\t{x}` })),
});

/** What a user can tell of a PUT: the answer's shape, and per point its values, groups, streams and owner. */
async function put(padding: number) {
  const objId = uniqueId('ZTF22');
  expect((await server.request('POST', '/api/sources', { body: { id: objId, ra: 1, dec: 2, group_ids: [groupA, groupB] } })).status).toBe(200);
  // Stored before: Bob's point (visible to Alice through A), and Alice's own point hidden from Bob (B only).
  const bobs = await server.request('POST', '/api/photometry', { token: bob.token, body: { ...rows(objId, [100], [10]), group_ids: [groupA] } });
  const alices = await server.request('POST', '/api/photometry', { token: alice.token, body: { ...rows(objId, [101], [11]), group_ids: [groupB] } });
  const [bobsId, alicesId] = [bobs.body.data.ids[0], alices.body.data.ids[0]];
  const extra = Array.from({ length: padding }, (_, i) => 1000 + i);
  // Bob re-posts both: his own is his; Alice's he cannot see, so he gets a copy of his own.
  const mjds = [100, 101, 102, null].map((m, i) => m ?? 103 + i).concat(extra);
  const flux = [10, 11, null, 13, ...extra.map(() => 1)];
  const first = await server.request('PUT', '/api/photometry', { token: bob.token, body: { ...rows(objId, mjds, flux), group_ids: [groupA] } });
  expect(first.status).toBe(200);
  // Alice re-posts it with one new row and her stream: her own point first where she has one;
  // the new point alone takes the stream.
  const second = await server.request('PUT', '/api/photometry', {
    token: alice.token,
    body: { ...rows(objId, [...mjds, 200], [...flux, 5]), group_ids: [groupB], stream_ids: [stream] },
  });
  expect(second.status).toBe(200);
  const ids: number[] = first.body.data.ids;
  const again: number[] = second.body.data.ids;
  const describe = async (id: number) => {
    const point = await server.knex('photometry').where({ id }).first('mjd', 'flux', 'filter', 'altdata', 'owner_id');
    const groups = await server.knex('photometry_groups').where({ photometry_id: id }).orderBy('group_id').pluck('group_id');
    const streams = await server.knex('photometry_streams').where({ photometry_id: id }).pluck('stream_id');
    return { ...point, owner: point.owner_id === bob.id ? 'bob' : 'alice', owner_id: undefined, groups, streams };
  };
  return {
    bobGetsHisOwn: ids[0] === bobsId,
    bobGetsACopyOfHidden: ids[1] !== alicesId,
    newIdsInInputOrder: ids.slice(1).every((id, i) => id > ids[i]!),
    aliceGetsTheSame: again.slice(0, 4).map((id, i) => (id === ids[i] ? 'same' : id === alicesId ? 'her own' : id)),
    points: await Promise.all([...ids.slice(0, 4), again.at(-1)!].map(describe)),
    stored: Number((await server.knex('photometry').where({ obj_id: objId }).count({ n: '*' }))[0]!.n) - padding,
    newestIsLast: again.at(-1)! > Math.max(...ids),
  };
}

test('a small PUT answers and stores as the staged path does', async () => {
  const small = await put(0);
  const staged = await put(SMALL_UPSERT_ROWS + 1);
  expect(small).toEqual(staged);
  // And what both give is what SkyPortal's PUT means.
  expect(small.bobGetsHisOwn && small.bobGetsACopyOfHidden && small.newIdsInInputOrder).toBe(true);
  expect(small.aliceGetsTheSame).toEqual(['same', 'her own', 'same', 'same']);
  // Groups: Bob's A and single-user group, then Alice's B and hers, except on the copy she did not get.
  expect(small.points.map((p) => [p.owner, p.groups.length, p.streams])).toEqual([
    ['bob', 4, []],
    ['bob', 2, []],
    ['bob', 4, []],
    ['bob', 4, []],
    ['alice', 2, [stream]],
  ]);
  expect(small.points[2]!.altdata).toEqual({ note: 'epoch "102"\t{x}' });
  // Bob's, Alice's, Bob's copy, two new of Bob's, one new of Alice's.
  expect(small.stored).toBe(6);
  expect(small.newestIsLast).toBe(true);
});

test('a PUT repeating a row goes the staged way: both rows are one point', async () => {
  const objId = uniqueId('ZTF22');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 1, dec: 2, group_ids: [groupA] } });
  const res = await server.request('PUT', '/api/photometry', { token: bob.token, body: { ...rows(objId, [5, 5, 6], [1, 1, 2]), group_ids: [groupA] } });
  expect(res.status).toBe(200);
  expect(res.body.data.ids[0]).toBe(res.body.data.ids[1]);
  expect(new Set(res.body.data.ids).size).toBe(2);
});
