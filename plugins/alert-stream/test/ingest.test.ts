/**
 * The ingest path on a real site (real PostgreSQL, the real photometry, thumbnails and annotations
 * plugins) with real ZTF packets: what an astronomer would check against the packet.
 */
import { PNG } from 'pngjs';
import { startTestServer, type TestServer } from '@skyportal/test-kit';
import { alertStreamHooks, type AlertIngestedEvent } from '../types.js';
import { addZtf, counts, LONG, OLD, packet, probe, SHORT, sitePlugins } from './helpers.js';

let server: TestServer;
let streamId: number;
const { plugin, service } = probe();

beforeAll(async () => {
  server = await startTestServer({ plugins: sitePlugins([plugin]) });
  await addZtf(server);
  // The plugin's default stream, made here first so the test knows its id (ingest finds it by name).
  streamId = await server.createStream('ZTF Public');
  const first = await service().ingest(packet(LONG), { source: `${LONG}.avro` });
  expect(first).toEqual({ ingested: [{ candid: LONG, objId: 'ZTF18aaypnsi', candidateIds: [], created: true }], skipped: [] });
});

async function photometry(objId: string, format: 'mag' | 'flux') {
  const res = await server.request('GET', `/api/sources/${objId}/photometry`, { query: { format } });
  expect(res.status).toBe(200);
  return res.body.data as Record<string, number | string | null>[];
}

const at = (points: Record<string, unknown>[], mjd: number, filter: string) =>
  points.filter((p) => Math.abs((p.mjd as number) - mjd) < 1e-6 && p.filter === filter);

test('after commit: the alert-stream.ingested hook and a live alerts.ingested message', async () => {
  const events: AlertIngestedEvent[] = [];
  server.app.hooks.of(alertStreamHooks.ingested).tapPromise('test-live', async (event) => void events.push(event));
  const live = await server.subscribe(`alerts:${streamId}`);
  const short = await service().ingest(packet(SHORT), { source: 'live.avro' });
  expect(short.ingested[0]).toMatchObject({ objId: 'ZTF18abajfvr', candid: SHORT, created: true });
  expect(events).toEqual([{ objId: 'ZTF18abajfvr', candid: SHORT, streamId, candidateIds: [], source: 'live.avro' }]);
  expect(await live.next((m) => m.type === 'alerts.ingested')).toMatchObject({
    data: { obj_id: 'ZTF18abajfvr', candid: SHORT, stream_id: streamId, candidate_ids: [] },
  });
});

describe('photometry, against the packet by hand', () => {
  test('a detection: flux at AB zero point 23.9 from magpsf, its error from sigmapsf, in the filter of its fid', async () => {
    // The candidate: jd 2458295.9432986 (MJD 58295.4432986), fid 1 (g), magpsf 17.997739791870117,
    // sigmapsf 0.07103120535612106, isdiffpos 't'.
    // flux = 10^(0.4 × (23.9 − 17.99774)) = 229.564 µJy; fluxerr = 0.071031 × 229.564 × ln10/2.5 = 15.0186.
    const [flux] = at(await photometry('ZTF18abajfvr', 'flux'), 58295.4432986, 'ztfg');
    expect(flux).toMatchObject({ zp: 23.9, magsys: 'ab', instrument_name: 'ZTF' });
    expect(flux!.flux).toBeCloseTo(229.564, 2);
    expect(flux!.fluxerr).toBeCloseTo(15.0186, 3);
    expect(flux!.ra).toBeCloseTo(322.5014021, 7);
    const [mag] = at(await photometry('ZTF18abajfvr', 'mag'), 58295.4432986, 'ztfg');
    expect(mag!.mag).toBeCloseTo(17.99774, 4);
    expect(mag!.magerr).toBeCloseTo(0.071031, 5);
    // The two earlier detections of prv_candidates (magpsf 17.9985 and 19.0366 in g).
    const all = await photometry('ZTF18abajfvr', 'mag');
    expect(all.map((p) => Number((p.mag as number).toFixed(4))).sort()).toEqual([17.9977, 17.9985, 19.0366]);
  });

  test('an upper limit: no flux, and diffmaglim as its limiting magnitude (a 5σ depth)', async () => {
    // prv_candidates: jd 2458277.9340046, fid 2 (r), no magpsf, diffmaglim 20.7677001953125:
    // fluxerr = 10^(0.4 × (23.9 − 20.7677)) / 5 = 3.58055.
    const [flux] = at(await photometry('ZTF18aaypnsi', 'flux'), 58277.4340046, 'ztfr');
    expect(flux!.flux).toBeNull();
    expect(flux!.fluxerr).toBeCloseTo(3.58055, 4);
    expect(flux!.ra).toBeNull();
    const [mag] = at(await photometry('ZTF18aaypnsi', 'mag'), 58277.4340046, 'ztfr');
    expect(mag!.mag).toBeNull();
    expect(mag!.limiting_mag).toBeCloseTo(20.7677, 4);
  });

  test('a detection of the negative subtraction (isdiffpos f) is a negative flux, with no magnitude', async () => {
    // jd 2458291.9254167, fid 1, magpsf 17.375600814819336, isdiffpos 'f': flux = −10^(0.4 × 6.5244) = −407.155.
    const [flux] = at(await photometry('ZTF18aaypnsi', 'flux'), 58291.4254167, 'ztfg');
    expect(flux!.flux).toBeCloseTo(-407.155, 2);
    const [mag] = at(await photometry('ZTF18aaypnsi', 'mag'), 58291.4254167, 'ztfg');
    expect(mag!.mag).toBeNull();
  });

  test('every epoch of the packet is a point: 1 candidate + 24 prv_candidates (two measurements of one exposure both kept)', async () => {
    const points = await photometry('ZTF18aaypnsi', 'mag');
    expect(points).toHaveLength(25);
    // 10 detections (the candidate and 9 earlier), one of them negative (no magnitude, a limit still); 15 upper limits.
    expect(points.filter((p) => p.mag !== null)).toHaveLength(9);
    expect(points.filter((p) => p.mag === null && p.limiting_mag !== null)).toHaveLength(16);
    expect(new Set(points.map((p) => p.filter))).toEqual(new Set(['ztfg', 'ztfr']));
    // jd 2458289.9502199 in r: magpsf 17.7588 and 17.8429.
    expect(
      at(points, 58289.4502199, 'ztfr')
        .map((p) => Number((p.mag as number).toFixed(4)))
        .sort(),
    ).toEqual([17.7588, 17.8429]);
  });

  test('the obj is at the candidate position, and saved to no group (a candidate, not a source)', async () => {
    const obj = await server.knex('objs').where({ id: 'ZTF18aaypnsi' }).first('ra', 'dec');
    expect(obj).toEqual({ ra: 310.4876013, dec: 54.534782 });
    expect(await server.knex('sources').where({ obj_id: 'ZTF18aaypnsi' })).toEqual([]);
  });
});

describe('thumbnails', () => {
  test('new, ref and sub: the FITS cutouts as 63×63 greyscale PNGs, zscale-stretched, north up', async () => {
    const res = await server.request('GET', '/api/sources/ZTF18aaypnsi/thumbnails');
    expect(res.status).toBe(200);
    // Beside the survey cutouts every source lists (sdss, ls, ps1: links, not stored).
    const stamps = (res.body.data as { type: string; public_url: string; width: number; height: number; survey: string }[]).filter((s) => s.survey === 'ZTF');
    expect(stamps.map((s) => s.type).sort()).toEqual(['new', 'ref', 'sub']);
    for (const stamp of stamps) {
      expect(stamp).toMatchObject({ width: 63, height: 63, survey: 'ZTF' });
      const image = await fetch(`${server.url}${stamp.public_url}`, { headers: { authorization: `token ${server.adminToken}` } });
      expect(image.status).toBe(200);
      const png = PNG.sync.read(Buffer.from(await image.arrayBuffer()));
      const grey = [...Array(63 * 63).keys()].map((i) => png.data[i * 4]!);
      expect(grey.every((v, i) => v === png.data[i * 4 + 1] && v === png.data[i * 4 + 2])).toBe(true);
      const sorted = [...grey].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      // zscale puts the sky mid-grey (a min–max stretch of a star field leaves it near black).
      expect(median).toBeGreaterThan(40);
      expect(median).toBeLessThan(215);
      // The full range is used: black and white pixels both exist.
      expect(sorted[0]).toBeLessThan(20);
      expect(sorted[sorted.length - 1]).toBeGreaterThan(235);
    }
  });

  test('the transient is at the centre of the difference image, bright against its sky', async () => {
    const res = await server.request('GET', '/api/sources/ZTF18aaypnsi/thumbnails');
    const sub = (res.body.data as { type: string; public_url: string }[]).find((s) => s.type === 'sub')!;
    const image = await fetch(`${server.url}${sub.public_url}`, { headers: { authorization: `token ${server.adminToken}` } });
    const png = PNG.sync.read(Buffer.from(await image.arrayBuffer()));
    const value = (x: number, y: number) => png.data[(y * 63 + x) * 4]!;
    let centre = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) centre += value(31 + dx, 31 + dy);
    expect(centre / 9).toBeGreaterThan(200);
  });
});

test('annotations: the candidate scores as numbers, origin ZTF', async () => {
  const res = await server.request('GET', '/api/sources/ZTF18aaypnsi/annotations');
  expect(res.status).toBe(200);
  const [annotation] = res.body.data;
  expect(annotation.origin).toBe('ZTF');
  expect(annotation.data).toMatchObject({ ndethist: 11, ncovhist: 31, ssdistnr: -999 });
  expect(annotation.data.rb).toBeCloseTo(0.70667, 5);
  expect(annotation.data.sgscore1).toBeCloseTo(0.99458, 5);
  expect(annotation.data.distpsnr1).toBeCloseTo(0.47103, 5);
  for (const value of Object.values(annotation.data)) expect(typeof value).toBe('number');
});

test('re-ingesting the same alert changes nothing and announces nothing', async () => {
  const events: AlertIngestedEvent[] = [];
  server.app.hooks.of(alertStreamHooks.ingested).tapPromise('test-reingest', async (event) => void events.push(event));
  const before = await counts(server);
  const again = await service().ingest(packet(LONG), { source: 'again.avro' });
  expect(again).toEqual({ ingested: [{ candid: LONG, objId: 'ZTF18aaypnsi', candidateIds: [], created: false }], skipped: [] });
  expect(await counts(server)).toEqual(before);
  expect(events).toEqual([]);
});

test('a packet of the older 2016 schema decodes, and is skipped for naming no object; the site is unchanged', async () => {
  const before = await counts(server);
  const result = await service().ingest(packet(OLD), { source: `${OLD}.avro` });
  expect(result.ingested).toEqual([]);
  expect(result.skipped).toEqual([{ source: `${OLD}.avro`, reason: expect.stringMatching(/no objectId/) }]);
  expect(await counts(server)).toEqual(before);
});

test('corrupt, truncated or foreign bytes are skipped with their source named, nothing stored', async () => {
  const corrupt = Buffer.from(packet(SHORT));
  corrupt.fill(0x5a, 200, 4000); // the schema's JSON and the first block, overwritten
  const truncated = packet(SHORT).subarray(0, 9000);
  const bad = await service().ingest(corrupt, { source: 'topic@0:41' });
  expect(bad.ingested).toEqual([]);
  expect(bad.skipped).toEqual([{ source: 'topic@0:41', reason: expect.any(String) }]);
  const cut = await service().ingest(truncated, { source: 'topic@0:42' });
  expect(cut.skipped).toEqual([{ source: 'topic@0:42', reason: expect.any(String) }]);
  const garbage = await service().ingest(Buffer.from('not an alert'), { source: 'topic@0:43' });
  expect(garbage.skipped[0]).toMatchObject({ source: 'topic@0:43', reason: expect.stringMatching(/Avro/) });
  expect(await server.knex('alert_stream_alerts').where({ source: 'topic@0:41' })).toEqual([]);
});
