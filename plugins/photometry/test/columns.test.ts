import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';
import type { PhotometryColumns } from '@skyportal/plugin-photometry/types';
import { csvToColumns } from '../server/demo.js';

// `GET /api/sources/{id}/photometry?layout=columns`: lists per field that post back as they are.
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../demo');
const lightCurve = (file: string) => csvToColumns(readFileSync(path.join(DATA, file), 'utf8'));

let server: TestServer;
let ztf: number;
let sitewide: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry'] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  const tel = await server.request('POST', '/api/telescope', { body: { name: 'Columns 48-inch', nickname: 'C48', diameter: 1.2 } });
  ztf = (
    await server.request('POST', '/api/instrument', {
      body: { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: tel.body.data.id },
    })
  ).body.data.id;
});
afterAll(() => server.stop());

async function newSource(groupIds: number[] = [sitewide], token?: string) {
  const id = uniqueId('col');
  expect((await server.request('POST', '/api/sources', { token, body: { id, ra: 10, dec: 20, group_ids: groupIds } })).status).toBe(200);
  return id;
}
const post = async (body: Record<string, unknown>, token?: string) => {
  const res = await server.request('POST', '/api/photometry', { body, token });
  expect(res.status).toBe(200);
  return res.body.data.ids as number[];
};
const read = async (objId: string, query: Record<string, string>, token?: string) => {
  const res = await server.request('GET', `/api/sources/${objId}/photometry`, { query, token });
  expect(res.status).toBe(200);
  return res.body.data;
};
/** A point as a user compares two light curves: everything but what makes it a different row. */
const values = ({ id: _id, obj_id: _obj, upload_id: _upload, created_at: _created, groups: _groups, owner: _owner, ...rest }: Record<string, unknown>) => rest;

describe('layout=columns', () => {
  test('holds the same points as the default answer, row i of every list being point i', async () => {
    const objId = await newSource();
    await post({ ...lightCurve('ZTF18aabcvnq_phot.csv'), obj_id: objId, instrument_id: ztf, group_ids: [sitewide] });
    const points = await read(objId, { format: 'both' });
    const columns: PhotometryColumns = await read(objId, { format: 'both', layout: 'columns' });
    expect(columns.count).toBe(points.length);
    expect(columns.photometry.obj_id).toBe(objId);
    expect(columns.photometry.magsys).toBe('ab');
    points.forEach((point: Record<string, any>, i: number) => {
      expect(columns.id[i]).toBe(point.id);
      expect(columns.instrument_name[i]).toBe(point.instrument_name);
      expect(columns.photometry.instrument_id[i]).toBe(point.instrument_id);
      expect(columns.photometry.mjd[i]).toBe(point.mjd);
      expect(columns.photometry.filter[i]).toBe(point.filter);
      expect(columns.photometry.flux![i]).toBe(point.flux);
      expect(columns.photometry.fluxerr![i]).toBe(point.fluxerr);
      expect(columns.photometry.zp![i]).toBe(point.zp);
      expect(columns.mag![i]).toBe(point.mag);
      expect(columns.magerr![i]).toBe(point.magerr);
      expect(columns.limiting_mag![i]).toBe(point.limiting_mag);
    });
    // A field no point has (no positions in this file) is left out rather than a list of nulls.
    expect(columns.photometry).not.toHaveProperty('ra');
    expect(columns.photometry).not.toHaveProperty('altdata');
    // Smaller than an object per point, before any compression.
    expect(JSON.stringify(columns).length).toBeLessThan(JSON.stringify(points).length / 3);
  });

  test('format=flux posts back as it is: the copy reads the same as the original, in AB and Vega', async () => {
    const original = await newSource();
    await post({ ...lightCurve('14gqr_phot.csv'), obj_id: original, instrument_id: ztf, group_ids: [sitewide] });
    // Points with altdata and a reference flux, which the file lacks.
    await post({
      obj_id: original,
      instrument_id: ztf,
      mjd: [60001.5, 60002.5],
      filter: ['ztfr', 'ztfg'],
      magsys: 'ab',
      flux: [120.5, -3.25],
      fluxerr: [4.5, 2.0],
      zp: 23.9,
      ref_flux: [300, 410],
      ref_fluxerr: [3, 4],
      altdata: [{ exposure: 30 }, { exposure: 45, seeing: '1.2"' }],
      origin: 'pipeline-2',
      group_ids: [sitewide],
    });
    const copyOf = async (magsys: string) => {
      const copy = await newSource();
      const columns: PhotometryColumns = await read(original, { format: 'flux', magsys, layout: 'columns' });
      expect(columns.photometry.altdata).toHaveLength(columns.count);
      await post({ ...columns.photometry, obj_id: copy, group_ids: [sitewide] });
      return [(await read(original, { format: 'both' })).map(values), (await read(copy, { format: 'both' })).map(values)];
    };
    const [originalPoints, copyAb] = await copyOf('ab');
    expect(copyAb).toEqual(originalPoints);
    // Through Vega the zero point differs by the band's offset, and back: equal to ~15 digits.
    const [, copyVega] = await copyOf('vega');
    expect(copyVega).toHaveLength(originalPoints.length);
    copyVega!.forEach((point: Record<string, unknown>, i: number) => {
      const was = originalPoints[i] as Record<string, unknown>;
      expect(Object.keys(point).sort()).toEqual(Object.keys(was).sort());
      for (const [key, value] of Object.entries(point)) {
        if (typeof value === 'number' && typeof was[key] === 'number')
          expect(Math.abs(value - (was[key] as number))).toBeLessThan(1e-9 * Math.max(1, Math.abs(value)));
        else expect(value).toEqual(was[key]);
      }
    });
  });

  test('format=mag posts back each limit with its significance', async () => {
    const original = await newSource();
    // 16fil: magnitudes with limits (3σ by default); then limits of 5σ, and a flux upload whose
    // limit is derived (5σ) from its error.
    await post({ ...lightCurve('16fil_phot.csv'), obj_id: original, instrument_id: ztf, group_ids: [sitewide] });
    await post({
      obj_id: original,
      instrument_id: ztf,
      mjd: [60010, 60011],
      filter: 'ztfg',
      magsys: 'ab',
      mag: [null, 19.25],
      magerr: [null, 0.05],
      limiting_mag: [20.75, 21.0],
      limiting_mag_nsigma: 5,
      group_ids: [sitewide],
    });
    await post({ obj_id: original, instrument_id: ztf, mjd: 60012, filter: 'ztfr', magsys: 'ab', flux: null, fluxerr: 7, zp: 23.9, group_ids: [sitewide] });
    const columns: PhotometryColumns = await read(original, { format: 'mag', layout: 'columns' });
    expect(columns.photometry).not.toHaveProperty('flux');
    expect(columns.photometry.limiting_mag_nsigma!.slice(-3)).toEqual([5, 5, 5]);
    const copy = await newSource();
    await post({ ...columns.photometry, obj_id: copy, group_ids: [sitewide] });
    const before = await read(original, { format: 'both' });
    const after = await read(copy, { format: 'both' });
    expect(after).toHaveLength(before.length);
    after.forEach((point: Record<string, any>, i: number) => {
      const was = before[i];
      expect([point.mjd, point.filter]).toEqual([was.mjd, was.filter]);
      for (const key of ['mag', 'magerr', 'limiting_mag', 'flux', 'fluxerr']) {
        if (was[key] === null) expect(point[key]).toBeNull();
        else expect(point[key]).toBeCloseTo(was[key], 9);
      }
    });
  });

  test('holds only the points the caller may see; a hidden source is a 404', async () => {
    const { alice, bob, groupA, groupB } = await server.twoGroupsWithUsers();
    const objId = await newSource([groupA, groupB]);
    const mine = await post(
      { obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', flux: 10, fluxerr: 1, zp: 23.9, group_ids: [groupA] },
      alice.token,
    );
    await post({ obj_id: objId, instrument_id: ztf, mjd: 2, filter: 'ztfg', magsys: 'ab', flux: 20, fluxerr: 1, zp: 23.9, group_ids: [groupB] }, bob.token);
    const seen: PhotometryColumns = await read(objId, { layout: 'columns' }, alice.token);
    expect(seen.id).toEqual(mine);
    expect(seen.photometry.mjd).toEqual([1]);
    const onlyB = await newSource([groupB], bob.token);
    const hidden = await server.request('GET', `/api/sources/${onlyB}/photometry`, { query: { layout: 'columns' }, token: alice.token });
    expect(hidden.status).toBe(404);
  });

  test('a source without points gives empty lists', async () => {
    const objId = await newSource();
    const columns: PhotometryColumns = await read(objId, { layout: 'columns' });
    expect(columns).toMatchObject({ count: 0, id: [], instrument_name: [], photometry: { obj_id: objId, mjd: [], mag: [] } });
  });

  test.each([
    [{ layout: 'rows' }, /layout/],
    [{ layout: 'columns', format: 'plot' }, /^layout: /],
    [{ layout: 'columns', output: 'csv' }, /^layout: /],
    [{ layout: 'columns', fields: 'mjd,mag' }, /^layout: /],
  ])('%o is a 400 naming the parameter', async (query, message) => {
    const objId = await newSource();
    const res = await server.request('GET', `/api/sources/${objId}/photometry`, { query });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });
});
