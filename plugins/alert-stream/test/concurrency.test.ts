/**
 * Alerts of one call are ingested several at once (each still its own transaction): alerts of one
 * obj must still take turns, so that the obj's first alert alone stores its cutouts and the newest
 * alert's scores are the ones kept, whatever order the transactions finish in.
 */
import { startTestServer, type TestServer } from '@skyportal/test-kit';
import { eachConcurrently } from '../server/pool.js';
import { addZtf, container, counts, packet, probe, SHORT, sitePlugins } from './helpers.js';

let server: TestServer;
const { plugin, service } = probe();

beforeAll(async () => {
  server = await startTestServer({ plugins: sitePlugins([plugin]) });
  await addZtf(server);
  await server.createStream('ZTF Public');
});
afterAll(() => server.stop());

const rowsOf = async (table: string, objId: string) => Number((await server.knex(table).where({ obj_id: objId }).count({ n: '*' }))[0]!.n);

/** `count` alerts of `objId`, a day apart, candids from `first`; alert i has rb = i / 100. */
const alertsOf = (objId: string, count: number, first: bigint, order: (i: number) => number = (i) => i) =>
  container(packet(SHORT), count, (base, i) => {
    const k = order(i);
    const candid = first + BigInt(k);
    const candidate = base.candidate!;
    return { ...base, objectId: objId, candid, candidate: { ...candidate, candid, jd: (candidate.jd as number) + k, rb: k / 100 } };
  });

test.each([
  ['a new obj', false],
  ['an obj saved before any alert of it', true],
])('%s: 8 alerts at once store the cutouts once and keep the newest alert’s scores', async (_, saveFirst) => {
  const objId = saveFirst ? 'ZTF26savedaa' : 'ZTF26freshaa';
  const first = saveFirst ? 7_000_000_000_000_000_000n : 7_100_000_000_000_000_000n;
  if (saveFirst) expect((await server.request('POST', '/api/sources', { body: { id: objId, ra: 10, dec: 10 } })).status).toBe(200);
  // Newest in the middle of the container, so finishing order and packet order both differ from time order.
  const bytes = await alertsOf(objId, 8, first, (i) => [3, 0, 7, 1, 6, 2, 5, 4][i]!);
  const result = await service().ingest(bytes, { source: 'burst.avro' });
  expect(result.skipped).toEqual([]);
  expect(result.ingested.map((a) => a.candid)).toEqual([3, 0, 7, 1, 6, 2, 5, 4].map((k) => String(first + BigInt(k))));
  expect(result.ingested.every((a) => a.created && a.objId === objId)).toBe(true);

  const thumbnails = await server.knex('thumbnails').where({ obj_id: objId }).orderBy('type').pluck('type');
  expect(thumbnails).toEqual(['new', 'ref', 'sub']);
  const annotations = (await server.request('GET', `/api/sources/${objId}/annotations`)).body.data;
  expect(annotations).toHaveLength(1);
  expect(annotations[0].data.rb).toBeCloseTo(0.07, 6);
  // Every alert's own detection is a point (the packet's history is the same in each: stored once).
  const points = (await server.request('GET', `/api/sources/${objId}/photometry`)).body.data as { mjd: number }[];
  const base = Math.min(...points.map((p) => p.mjd));
  expect(points.length).toBe(3 + 7);
  expect(new Set(points.map((p) => Math.round(p.mjd - base))).size).toBeGreaterThanOrEqual(8);
  expect(await rowsOf('alert_stream_alerts', objId)).toBe(8);
});

test('the same burst twice at once: each alert stored once, the second answer says nothing was new', async () => {
  const bytes = await alertsOf('ZTF26twiceaa', 6, 7_200_000_000_000_000_000n);
  const [a, b] = await Promise.all([service().ingest(bytes, { source: 'a.avro' }), service().ingest(bytes, { source: 'b.avro' })]);
  const created = [...a.ingested, ...b.ingested].filter((x) => x.created).map((x) => x.candid);
  expect(created.sort()).toEqual(a.ingested.map((x) => x.candid).sort());
  const before = await counts(server);
  const again = await service().ingest(bytes, { source: 'c.avro' });
  expect(again.ingested.every((x) => !x.created)).toBe(true);
  expect(await counts(server)).toEqual(before);
  expect(await rowsOf('thumbnails', 'ZTF26twiceaa')).toBe(3);
});

describe('eachConcurrently', () => {
  test('at most `limit` at once, answers in input order', async () => {
    let running = 0;
    let most = 0;
    const answers = await eachConcurrently([5, 1, 4, 2, 3, 0], 3, async (ms, i) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms * 5));
      running--;
      return `${i}:${ms}`;
    });
    expect(answers).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(most).toBe(3);
  });

  test('after a failure nothing new starts; those running finish; the failure is thrown', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = eachConcurrently([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await new Promise((resolve) => setTimeout(resolve, n === 1 ? 5 : 30));
      if (n === 1) throw new Error('database away');
      finished.push(n);
    });
    await expect(run).rejects.toThrow('database away');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
});
