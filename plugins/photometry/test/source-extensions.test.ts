/**
 * Photometry on the sources plugin's answers: include flags, detection statistics and list filters
 * (through the hooks `sources` offers), and copying a light curve between sources. What a caller
 * cannot see never shows, in a field or through a filter.
 */
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

let server: TestServer;
let ztf: number;
let alice: TestUser; // in `shared` only
let bob: TestUser; // in `shared` and `secret`
let shared: number;
let secret: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry'] });
  const tel = await server.request('POST', '/api/telescope', { body: { name: 'Ext 48-inch', nickname: 'E48', diameter: 1.2 } });
  ztf = (
    await server.request('POST', '/api/instrument', { body: { name: 'ZTF ext', type: 'imager', filters: ['ztfg', 'ztfr'], telescope_id: tel.body.data.id } })
  ).body.data.id;
  alice = await server.createUser();
  bob = await server.createUser();
  shared = await server.createGroup(uniqueId('shared'), [alice.id, bob.id]);
  secret = await server.createGroup(uniqueId('secret'), [bob.id]);
});
afterAll(() => server.stop());

async function newSource(prefix: string) {
  const id = uniqueId(prefix);
  expect((await server.request('POST', '/api/sources', { body: { id, ra: 30, dec: 30, group_ids: [shared] } })).status).toBe(200);
  return id;
}

/** Points in flux mode at zp 23.9 (mag = -2.5 log10(flux) + 23.9); fluxerr 0.01 × flux: detections. */
async function addPoints(
  objId: string,
  rows: { mjd: number; flux: number | null; fluxerr?: number; filter?: string }[],
  groupIds = [shared],
  token = bob.token,
) {
  const res = await server.request('POST', '/api/photometry', {
    token,
    body: {
      obj_id: objId,
      instrument_id: ztf,
      mjd: rows.map((r) => r.mjd),
      flux: rows.map((r) => r.flux),
      fluxerr: rows.map((r) => r.fluxerr ?? (r.flux === null ? 1 : r.flux * 0.01)),
      filter: rows.map((r) => r.filter ?? 'ztfg'),
      zp: 23.9,
      magsys: 'ab',
      group_ids: groupIds,
    },
  });
  expect(res.status).toBe(200);
  return res.body.data.ids as number[];
}

const mag = (flux: number) => -2.5 * Math.log10(flux) + 23.9;
const source = async (id: string, query: Record<string, string>, token = alice.token) => {
  const res = await server.request('GET', `/api/sources/${id}`, { token, query });
  expect(res.status).toBe(200);
  return res.body.data;
};
const list = async (query: Record<string, string | number>, token = alice.token) => {
  const res = await server.request('GET', '/api/sources', { token, query: { group_ids: shared, ...query } });
  expect(res.status).toBe(200);
  return res.body.data.sources.map((s: { id: string; obj_id?: string }) => s.obj_id ?? s.id);
};

describe('include flags', () => {
  test('includePhotometry: the points the caller can see, in mag and flux; none hidden from them', async () => {
    const id = await newSource('incl');
    const [visible] = await addPoints(id, [{ mjd: 59000, flux: 100 }]);
    const [hidden] = await addPoints(id, [{ mjd: 59001, flux: 200 }], [secret]);
    expect(await source(id, {})).not.toHaveProperty('photometry');
    const forAlice = (await source(id, { includePhotometry: 'true' })).photometry;
    expect(forAlice.map((p: { id: number }) => p.id)).toEqual([visible]);
    expect(forAlice[0]).toMatchObject({ mjd: 59000, filter: 'ztfg', flux: 100, zp: 23.9, magsys: 'ab', instrument_id: ztf });
    expect(forAlice[0].mag).toBeCloseTo(mag(100), 12);
    const forBob = (await source(id, { includePhotometry: 'True' }, bob.token)).photometry;
    expect(forBob.map((p: { id: number }) => p.id)).toEqual([visible, hidden]);
    // Not on lists (as SkyPortal): a page of light curves would be huge.
    const res = await server.request('GET', '/api/sources', { token: alice.token, query: { sourceID: id, includePhotometry: 'true' } });
    expect(res.body.data.sources[0]).not.toHaveProperty('photometry');
  });

  test('deduplicatePhotometry keeps the latest point of each (mjd, filter), latest first', async () => {
    const id = await newSource('dedup');
    await addPoints(id, [{ mjd: 59801.4, flux: 100 }]);
    const [later] = await addPoints(id, [{ mjd: 59801.4, flux: 120 }]);
    const [other] = await addPoints(id, [{ mjd: 59801.4, flux: 90, filter: 'ztfr' }]);
    expect((await source(id, { includePhotometry: 'true' })).photometry).toHaveLength(3);
    const deduplicated = (await source(id, { includePhotometry: 'true', deduplicatePhotometry: 'true' })).photometry;
    expect(deduplicated.map((p: { id: number }) => p.id)).toEqual([other, later]);
  });

  test('includePhotometryExists is false when the only points are hidden from the caller', async () => {
    const [none, hiddenOnly, some] = [await newSource('exists'), await newSource('exists'), await newSource('exists')];
    await addPoints(hiddenOnly, [{ mjd: 59000, flux: 10 }], [secret]);
    await addPoints(some, [{ mjd: 59000, flux: 10 }]);
    expect((await source(none, { includePhotometryExists: 'true' })).photometry_exists).toBe(false);
    expect((await source(hiddenOnly, { includePhotometryExists: 'true' })).photometry_exists).toBe(false);
    expect((await source(hiddenOnly, { includePhotometryExists: 'true' }, bob.token)).photometry_exists).toBe(true);
    const res = await server.request('GET', '/api/sources', {
      token: alice.token,
      query: { sourceID: 'exists', includePhotometryExists: '1', sortBy: 'id', sortOrder: 'asc' },
    });
    const exists = Object.fromEntries(res.body.data.sources.map((s: { id: string; photometry_exists: boolean }) => [s.id, s.photometry_exists]));
    expect(exists).toEqual({ [none]: false, [hiddenOnly]: false, [some]: true });
  });

  test('includeDetectionStats: SkyPortal’s photstats over the visible points', async () => {
    const id = await newSource('stats');
    await addPoints(id, [
      { mjd: 58000, flux: 1, fluxerr: 1 }, // snr 1: a non-detection, limit from 5 fluxerr
      { mjd: 58001, flux: 13.24 },
      { mjd: 58002, flux: 15.24 },
      { mjd: 58003, flux: 14, filter: 'ztfr' },
      { mjd: 99999, flux: null, fluxerr: 2 }, // a later non-detection is no detection
    ]);
    await addPoints(id, [{ mjd: 58005, flux: 1000 }], [secret]);
    const data = await source(id, { includeDetectionStats: 'true' });
    expect(data.photstats).toHaveLength(1);
    const [stats] = data.photstats;
    expect(stats).toMatchObject({
      obj_id: id,
      num_obs_global: 5,
      num_obs_per_filter: { ztfg: 4, ztfr: 1 },
      num_det_global: 3,
      num_det_per_filter: { ztfg: 2, ztfr: 1 },
      first_detected_mjd: 58001,
      first_detected_filter: 'ztfg',
      last_detected_mjd: 58003,
      last_detected_filter: 'ztfr',
      peak_mjd_global: 58002,
      recent_obs_mjd: 99999,
      predetection_mjds: [58000],
      last_non_detection_mjd: 58000,
      time_to_non_detection: 1,
    });
    expect(stats.first_detected_mag).toBeCloseTo(mag(13.24), 12);
    expect(stats.peak_mag_global).toBeCloseTo(mag(15.24), 12);
    expect(stats.last_detected_mag).toBeCloseTo(mag(14), 12);
    expect(stats.deepest_limit_global).toBeCloseTo(mag(5 * 1), 12);
    expect(stats.mean_color['ztfg-ztfr']).toBeCloseTo((mag(13.24) + mag(15.24)) / 2 - mag(14), 12);
    // Brightening 13.24 -> 15.24 in a day, in the first detection's filter.
    expect(stats.rise_rate).toBeCloseTo(mag(13.24) - mag(15.24), 12);
    expect(data.first_detected).toBe('2017-09-05T00:00:00.000');
    expect(data.last_detected).toBe('2017-09-07T00:00:00.000');
    // Bob also sees the brighter, later point.
    expect((await source(id, { includeDetectionStats: 'true' }, bob.token)).photstats[0]).toMatchObject({ peak_mjd_global: 58005, num_det_global: 4 });
    // A source without photometry has none; lists carry them too.
    const bare = await newSource('stats');
    expect((await source(bare, { includeDetectionStats: 'true' })).photstats).toEqual([]);
    const res = await server.request('GET', '/api/sources', { token: alice.token, query: { sourceID: id, includeDetectionStats: 'true' } });
    expect(res.body.data.sources[0].photstats[0]).toMatchObject({ num_det_global: 3 });
  });

  test('a flag that is no yes or no is a 400 naming it', async () => {
    const id = await newSource('flag');
    const res = await server.request('GET', `/api/sources/${id}`, { token: alice.token, query: { includePhotometry: 'perhaps' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/includePhotometry/);
  });
});

describe('list filters on detections', () => {
  let early: string;
  let late: string;
  let quiet: string;
  beforeAll(async () => {
    early = await newSource('detflt');
    late = await newSource('detflt');
    quiet = await newSource('detflt');
    await addPoints(early, [
      { mjd: 58500, flux: 100 }, // mag 18.9
      { mjd: 58600, flux: 10 }, // mag 21.4, the last
    ]);
    await addPoints(late, [{ mjd: 59000, flux: 1000 }]); // mag 16.4
    await addPoints(late, [{ mjd: 59500, flux: null, fluxerr: 1 }]); // a non-detection: not the last detection
    // A bright point alice cannot see must not make `quiet` pass any filter for her.
    await addPoints(quiet, [{ mjd: 59000, flux: 100000 }], [secret]);
  });

  const mjdDate = (mjd: number) => new Date((mjd - 40587) * 86_400_000).toISOString();
  const sorted = async (query: Record<string, string | number>, token = alice.token) => (await list({ sourceID: 'detflt', ...query }, token)).sort();

  test('startDate and endDate: first detection on or after, last detection on or before', async () => {
    expect(await sorted({ startDate: mjdDate(58500) })).toEqual([early, late].sort());
    expect(await sorted({ startDate: mjdDate(58501) })).toEqual([late]);
    expect(await sorted({ endDate: mjdDate(58600) })).toEqual([early]);
    expect(await sorted({ endDate: mjdDate(59000) })).toEqual([early, late].sort());
    expect(await sorted({ startDate: mjdDate(58000), endDate: mjdDate(59000) }, bob.token)).toEqual([early, late, quiet].sort());
  });

  test('numberDetections, peak and latest magnitudes (SkyPortal’s sense: min is the bright end)', async () => {
    expect(await sorted({ numberDetections: 2 })).toEqual([early]);
    expect(await sorted({ minPeakMagnitude: 17 })).toEqual([late]);
    expect(await sorted({ maxPeakMagnitude: 17 })).toEqual([early]);
    expect(await sorted({ minLatestMagnitude: 20 })).toEqual([late]);
    expect(await sorted({ maxLatestMagnitude: 20 })).toEqual([early]);
    expect(await sorted({ minPeakMagnitude: 17 }, bob.token)).toEqual([late, quiet].sort());
    expect(await sorted({ minPeakMagnitude: 17, requireDetections: 'false' })).toEqual([early, late, quiet].sort());
  });

  test('the filters apply to saveSummary too; bad values are a 400 naming the field', async () => {
    expect(await list({ sourceID: 'detflt', saveSummary: 'true', numberDetections: 2 })).toEqual([early]);
    const bad: [string, string][] = [
      ['startDate', 'yesterday'],
      ['numberDetections', '-1'],
      ['maxPeakMagnitude', '1e9'],
    ];
    for (const [field, value] of bad) {
      const res = await server.request('GET', '/api/sources', { token: alice.token, query: { [field]: value } });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(new RegExp(field));
    }
  });
});

describe('POST /api/sources/{id}/copy_photometry', () => {
  test('copies the visible points, non-detections with their limit; again, it stores nothing twice', async () => {
    const [from, to] = [await newSource('copyfrom'), await newSource('copyto')];
    await addPoints(from, [{ mjd: 59801.3, flux: 50 }]);
    const limit = await server.request('POST', '/api/photometry', {
      token: bob.token,
      body: { obj_id: from, instrument_id: ztf, mjd: 59802, mag: null, magerr: null, limiting_mag: 21, magsys: 'ab', filter: 'ztfr', group_ids: [shared] },
    });
    expect(limit.status).toBe(200);
    await addPoints(from, [{ mjd: 59803, flux: 70 }], [secret]);
    const copy = (token = alice.token) =>
      server.request('POST', `/api/sources/${to}/copy_photometry`, { token, body: { origin_id: from, group_ids: [shared] } });
    const res = await copy();
    expect(res.status).toBe(200);
    expect(res.body.data.ids).toHaveLength(2);
    const points = (await source(to, { includePhotometry: 'true' })).photometry;
    expect(points.map((p: { mjd: number; filter: string }) => [p.mjd, p.filter])).toEqual([
      [59801.3, 'ztfg'],
      [59802, 'ztfr'],
    ]);
    expect(points[0].flux).toBe(50);
    expect(points[1]).toMatchObject({ flux: null, limiting_mag: 21 });
    expect((await copy()).status).toBe(200);
    expect((await source(to, { includePhotometry: 'true' })).photometry).toHaveLength(2);
  });

  test('both sources must be visible (404), the origin must have photometry (400), group_ids is required', async () => {
    const [from, to] = [await newSource('copy2from'), await newSource('copy2to')];
    const hiddenId = uniqueId('copyhidden');
    await server.request('POST', '/api/sources', { token: bob.token, body: { id: hiddenId, ra: 1, dec: 1, group_ids: [secret] } });
    const copy = (id: string, body: Record<string, unknown>) => server.request('POST', `/api/sources/${id}/copy_photometry`, { token: alice.token, body });
    expect((await copy(to, { origin_id: hiddenId, group_ids: [shared] })).status).toBe(404);
    expect((await copy(hiddenId, { origin_id: from, group_ids: [shared] })).status).toBe(404);
    const empty = await copy(to, { origin_id: from, group_ids: [shared] });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/origin_id/);
    const noGroups = await copy(to, { origin_id: from });
    expect(noGroups.status).toBe(400);
    expect(noGroups.body.message).toMatch(/group_ids/);
  });
});
