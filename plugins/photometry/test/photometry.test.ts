import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { coreHooks } from '@skyportal/sdk';
import { photometryHooks } from '@skyportal/plugin-photometry/types';
import { csvToColumns } from '../server/demo.js';

// The plugin's demo light curves: real ZTF data, BSD-3-Clause (demo/LICENSE.md).
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../demo');
const lightCurve = (file: string) => csvToColumns(readFileSync(path.join(DATA, file), 'utf8'));

let server: TestServer;
let ztf: number;
let sitewide: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', { plugin: 'photometry', options: { maxRowsPerPost: 1000 } }] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  const tel = await server.request('POST', '/api/telescope', { body: { name: 'Test 48-inch', nickname: 'T48', diameter: 1.2 } });
  ztf = (
    await server.request('POST', '/api/instrument', {
      body: { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: tel.body.data.id },
    })
  ).body.data.id;
});
afterAll(() => server.stop());

async function newSource(groupIds: number[], token?: string, id = uniqueId('obj')) {
  const res = await server.request('POST', '/api/sources', { token, body: { id, ra: 10, dec: 20, group_ids: groupIds } });
  expect(res.status).toBe(200);
  return id;
}

const post = (body: Record<string, unknown>, token?: string, method = 'POST') => server.request(method, '/api/photometry', { body, token });
const countPoints = async (objId: string) => Number((await server.knex('photometry').where({ obj_id: objId }).count('* as n'))[0]!.n);
const readBack = async (objId: string, query: Record<string, string> = {}, token?: string) => {
  const res = await server.request('GET', `/api/sources/${objId}/photometry`, { token, query });
  expect(res.status).toBe(200);
  return res.body.data as any[];
};

describe('uploading real light curves and reading them back', () => {
  test('flux mode (ZTF18aabcvnq, zp 23.9): mags and fluxes follow the formulas', async () => {
    const objId = await newSource([sitewide]);
    const columns = lightCurve('ZTF18aabcvnq_phot.csv');
    const res = await post({ ...columns, obj_id: objId, instrument_id: ztf, group_ids: [sitewide] });
    expect(res.status).toBe(200);
    const n = columns.mjd!.length;
    expect(res.body.data.ids).toHaveLength(n);
    expect(res.body.data.upload_id).toEqual(expect.any(String));

    const mags = await readBack(objId, { format: 'mag' });
    const fluxes = await readBack(objId, { format: 'flux' });
    expect(mags).toHaveLength(n);
    // Sorted by MJD; match input rows by id (ids follow input order).
    const byId = new Map<number, number>(res.body.data.ids.map((id: number, i: number) => [id, i]));
    for (const point of mags) {
      const i = byId.get(point.id)!;
      const flux = columns.flux![i] as number | null;
      const fluxerr = columns.fluxerr![i] as number;
      expect(point.mjd).toBe(columns.mjd![i]);
      expect(point.filter).toBe(columns.filter![i]);
      expect(point.instrument_name).toBe('ZTF');
      expect(point.magsys).toBe('ab');
      if (flux !== null && flux > 0) {
        expect(point.mag).toBeCloseTo(-2.5 * Math.log10(flux) + 23.9, 6);
        expect(point.magerr).toBeCloseTo((2.5 / Math.LN10) * (fluxerr / flux), 6);
      } else {
        expect(point.mag).toBeNull();
        expect(point.magerr).toBeNull();
      }
      expect(point.limiting_mag).toBeCloseTo(-2.5 * Math.log10(5 * fluxerr) + 23.9, 6);
    }
    for (const point of fluxes) {
      const i = byId.get(point.id)!;
      expect(point.flux).toBe(columns.flux![i]);
      expect(point.fluxerr).toBeCloseTo(columns.fluxerr![i] as number, 9);
      expect(point.zp).toBe(23.9);
      expect(point.mag).toBeUndefined();
    }
    expect(mags.map((p) => p.mjd)).toEqual([...mags.map((p) => p.mjd)].sort((a, b) => a - b));
  });

  test('flux mode at another zero point (14gqr, zp 25, with positions) is stored at 23.9', async () => {
    const objId = await newSource([sitewide]);
    const columns = lightCurve('14gqr_phot.csv');
    const res = await post({ ...columns, obj_id: objId, instrument_id: ztf });
    expect(res.status).toBe(200);
    const points = await readBack(objId, { format: 'both' });
    const byId = new Map<number, number>(res.body.data.ids.map((id: number, i: number) => [id, i]));
    const factor = 10 ** (-0.4 * (25 - 23.9));
    for (const point of points) {
      const i = byId.get(point.id)!;
      const flux = columns.flux![i] as number | null;
      if (flux === null) expect(point.flux).toBeNull();
      else expect(point.flux).toBeCloseTo(flux * factor, 9);
      expect(point.fluxerr).toBeCloseTo((columns.fluxerr![i] as number) * factor, 9);
      expect(point.ra).toBe(columns.ra![i]);
      expect(point.dec_unc).toBe(columns.dec_unc![i]);
      if (flux !== null && flux > 0) expect(point.mag).toBeCloseTo(-2.5 * Math.log10(flux) + 25, 6);
    }
  });

  test('mag mode (16fil): mags come back as posted; limits as uploaded', async () => {
    const objId = await newSource([sitewide]);
    const columns = lightCurve('16fil_phot.csv');
    const res = await post({ ...columns, obj_id: objId, instrument_id: ztf });
    expect(res.status).toBe(200);
    const points = await readBack(objId);
    const byId = new Map<number, number>(res.body.data.ids.map((id: number, i: number) => [id, i]));
    for (const point of points) {
      const i = byId.get(point.id)!;
      expect(point.mag).toBeCloseTo(columns.mag![i] as number, 6);
      expect(point.magerr).toBeCloseTo(columns.magerr![i] as number, 6);
      expect(point.limiting_mag).toBeCloseTo(columns.limiting_mag![i] as number, 6);
    }
    const fluxes = await readBack(objId, { format: 'flux' });
    for (const point of fluxes) {
      const i = byId.get(point.id)!;
      const flux = 10 ** (-0.4 * ((columns.mag![i] as number) - 23.9));
      expect(point.flux / flux).toBeCloseTo(1, 9);
      expect(point.fluxerr / (((columns.magerr![i] as number) / (2.5 / Math.LN10)) * flux)).toBeCloseTo(1, 9);
    }
  });

  test('mag-mode non-detections: fluxerr = 10^(-0.4(limit - 23.9)) / nsigma', async () => {
    const objId = await newSource([sitewide]);
    const res = await post({
      obj_id: objId,
      instrument_id: ztf,
      mjd: [59000, 59001],
      filter: 'ztfr',
      magsys: 'ab',
      mag: [null, 19],
      magerr: [null, 0.1],
      limiting_mag: [20.5, 21],
      limiting_mag_nsigma: 5,
    });
    expect(res.status).toBe(200);
    const [limit, detection] = await readBack(objId, { format: 'both' });
    expect(limit.flux).toBeNull();
    expect(limit.fluxerr).toBeCloseTo(10 ** (-0.4 * (20.5 - 23.9)) / 5, 9);
    expect(limit.mag).toBeNull();
    expect(limit.limiting_mag).toBeCloseTo(20.5, 9);
    expect(detection.mag).toBeCloseTo(19, 9);
  });

  test('Vega in, Vega out; AB differs by the bandpass offset', async () => {
    const objId = await newSource([sitewide]);
    const res = await post({ obj_id: objId, instrument_id: ztf, mjd: 59100, filter: 'ztfg', magsys: 'vega', mag: 21, magerr: 0.2, limiting_mag: 22.3 });
    expect(res.status).toBe(200);
    const id = res.body.data.ids[0];
    const vega = (await server.request('GET', `/api/photometry/${id}`, { query: { format: 'mag', magsys: 'vega' } })).body.data;
    expect(vega).toMatchObject({ magsys: 'vega' });
    expect(vega.mag).toBeCloseTo(21, 9);
    expect(vega.magerr).toBeCloseTo(0.2, 9);
    expect(vega.limiting_mag).toBeCloseTo(22.3, 9);
    const ab = (await server.request('GET', `/api/photometry/${id}`, { query: { format: 'flux' } })).body.data;
    const { VEGA_AB_OFFSETS } = await import('../server/units.js');
    expect(ab.flux).toBeCloseTo(10 ** (-0.4 * (21 + VEGA_AB_OFFSETS.ztfg! - 23.9)), 9);
    const unknown = await post({ obj_id: objId, instrument_id: ztf, mjd: 59100, filter: 'ztfi', magsys: 'vega', mag: 21, magerr: 0.2 });
    expect(unknown.status).toBe(200); // ztfi has an offset
    const noOffset = await post({ obj_id: objId, instrument_id: ztf, mjd: 59100, filter: 'ztfg', magsys: 'bd17', mag: 21, magerr: 0.2 });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.message).toMatch(/^magsys: /);
  });

  test('CSV output: a header row and an attachment named after the source', async () => {
    const objId = await newSource([sitewide]);
    await post({
      obj_id: objId,
      instrument_id: ztf,
      mjd: [59000, 59001],
      filter: ['ztfg', 'ztfr'],
      magsys: 'ab',
      flux: [100, null],
      fluxerr: [5, 4],
      zp: 23.9,
      origin: 'a,b',
    });
    const res = await server.request('GET', `/api/sources/${objId}/photometry`, { query: { output: 'csv', format: 'mag' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${objId}_photometry.csv"`);
    const lines = res.text.trim().split('\n');
    expect(lines).toHaveLength(3);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 11)).toEqual([
      'id',
      'obj_id',
      'mjd',
      'filter',
      'instrument_id',
      'instrument_name',
      'origin',
      'magsys',
      'mag',
      'magerr',
      'limiting_mag',
    ]);
    expect(lines[1]).toContain('"a,b"');
    const mag = Number(lines[1]!.split(',')[9]);
    expect(mag).toBeCloseTo(-2.5 * Math.log10(100) + 23.9, 6);
  });
});

describe('choosing fields', () => {
  test('fields= returns just those keys, with the same values as the full answer', async () => {
    const objId = await newSource([sitewide]);
    const columns = lightCurve('ZTF21aaqjmps_phot.csv');
    expect((await post({ ...columns, obj_id: objId, instrument_id: ztf, group_ids: [sitewide] })).status).toBe(200);
    const full = await readBack(objId, { format: 'mag' });
    const lean = await readBack(objId, { format: 'mag', fields: 'id,mjd,filter,mag,magerr,limiting_mag' });
    expect(lean).toHaveLength(full.length);
    expect(Object.keys(lean[0]).sort()).toEqual(['filter', 'id', 'limiting_mag', 'mag', 'magerr', 'mjd']);
    for (const [i, point] of lean.entries()) {
      const { id, mjd, filter, mag, magerr, limiting_mag } = full[i];
      expect(point).toEqual({ id, mjd, filter, mag, magerr, limiting_mag });
    }
  });

  test('an unknown field is a 400 naming fields', async () => {
    const objId = await newSource([sitewide]);
    const res = await server.request('GET', `/api/sources/${objId}/photometry`, { query: { fields: 'mjd,password' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/fields/);
  });
});

describe('visibility', () => {
  let alice: TestUser;
  let bob: TestUser;
  let groupA: number;
  let groupB: number;
  beforeAll(async () => {
    ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers());
  });

  test("a user in group A never sees group B's points or source, even with the ids (SkyPortal's 400, as for a missing point)", async () => {
    const objId = await newSource([groupA, groupB]);
    const a = await post(
      { obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', flux: 10, fluxerr: 1, zp: 23.9, group_ids: [groupA] },
      alice.token,
    );
    const b = await post(
      { obj_id: objId, instrument_id: ztf, mjd: 2, filter: 'ztfg', magsys: 'ab', flux: 20, fluxerr: 1, zp: 23.9, group_ids: [groupB] },
      bob.token,
    );
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const seenByAlice = await readBack(objId, {}, alice.token);
    expect(seenByAlice.map((p) => p.id)).toEqual(a.body.data.ids);
    expect(seenByAlice[0].groups.map((g: any) => g.id).sort()).toEqual([groupA, alice.singleUserGroupId].sort());
    // A hidden point answers exactly as one that does not exist: nothing tells them apart.
    const hiddenId = b.body.data.ids[0];
    const missingId = hiddenId + 1_000_000;
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const body = method === 'PATCH' ? { mjd: 5 } : undefined;
      const hiddenAnswer = await server.request(method, `/api/photometry/${hiddenId}`, { token: alice.token, body });
      const missingAnswer = await server.request(method, `/api/photometry/${missingId}`, { token: alice.token, body });
      expect([hiddenAnswer.status, missingAnswer.status]).toEqual([400, 400]);
      expect(hiddenAnswer.body.message).toBe(`Cannot find photometry point with ID: ${hiddenId}.`);
      expect(missingAnswer.body.message).toBe(`Cannot find photometry point with ID: ${missingId}.`);
    }
    expect((await server.request('GET', `/api/photometry/${hiddenId}`, { token: bob.token })).body.data.mjd).toBe(2);

    const onlyB = await newSource([groupB], bob.token);
    await post({ obj_id: onlyB, instrument_id: ztf, mjd: 3, filter: 'ztfg', magsys: 'ab', flux: 20, fluxerr: 1, zp: 23.9 }, bob.token);
    const hidden = await server.request('GET', `/api/sources/${onlyB}/photometry`, { token: alice.token });
    expect(hidden.status).toBe(404);
    // Alice cannot post to a source she cannot see: the same answer as for one that does not exist.
    const res = await post({ obj_id: onlyB, instrument_id: ztf, mjd: 4, filter: 'ztfg', magsys: 'ab', flux: 1, fluxerr: 1, zp: 23.9 }, alice.token);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^obj_id\[0\]: no source/);
  });

  test('a view-only user cannot post photometry (401 naming the ACL, as SkyPortal)', async () => {
    const viewer = await server.createUser({ roles: ['View only'] });
    const objId = await newSource([sitewide]);
    const res = await post({ obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', flux: 1, fluxerr: 1, zp: 23.9 }, viewer.token);
    expect(res.status).toBe(401);
    expect(res.body.data).toEqual({ missing_acl: 'Upload data' });
    expect(await countPoints(objId)).toBe(0);
  });

  test('only the owner or a holder of Manage sources changes or deletes a point', async () => {
    const objId = await newSource([sitewide]);
    const made = await post(
      { obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', flux: 1, fluxerr: 1, zp: 23.9, group_ids: [sitewide] },
      alice.token,
    );
    const id = made.body.data.ids[0];
    expect((await server.request('PATCH', `/api/photometry/${id}`, { token: bob.token, body: { mjd: 2 } })).status).toBe(403);
    const patched = await server.request('PATCH', `/api/photometry/${id}`, { token: alice.token, body: { mag: 20, magerr: 0.1, magsys: 'ab' } });
    expect(patched.status).toBe(200);
    const point = (await server.request('GET', `/api/photometry/${id}`, { token: bob.token })).body.data;
    expect(point.mag).toBeCloseTo(20, 9);
    expect(point.mjd).toBe(1);
    expect((await server.request('DELETE', `/api/photometry/${id}`, { token: bob.token })).status).toBe(403);
    expect((await server.request('DELETE', `/api/photometry/${id}`, { token: alice.token })).status).toBe(200);
    expect((await server.request('GET', `/api/photometry/${id}`, { token: alice.token })).status).toBe(400);
  });

  test('re-posting points hidden from you stores your own copy: no ids, links or existence leak', async () => {
    const objId = await newSource([groupA, groupB]);
    const values = { obj_id: objId, instrument_id: ztf, mjd: [10, 11], filter: 'ztfg', magsys: 'ab', flux: [31.5, null], fluxerr: [1.25, 2.5], zp: 23.9 };
    const secret = await post({ ...values, group_ids: [groupA] }, alice.token);
    expect(secret.status).toBe(200);
    const hiddenIds: number[] = secret.body.data.ids;
    const linksOf = async (ids: number[]) =>
      (await server.knex('photometry_groups').whereIn('photometry_id', ids).orderBy(['photometry_id', 'group_id']).select('photometry_id', 'group_id')).map(
        (l) => `${l.photometry_id}:${l.group_id}`,
      );
    const hiddenLinks = await linksOf(hiddenIds);

    // POST answers as if Alice's points were not there: 200 with new ids, none of hers.
    const posted = await post({ ...values, group_ids: [groupB] }, bob.token);
    expect(posted.status).toBe(200);
    const bobIds: number[] = posted.body.data.ids;
    expect(bobIds.some((id) => hiddenIds.includes(id))).toBe(false);
    // PUT returns Bob's own points, never Alice's.
    const put = await post({ ...values, group_ids: [groupB] }, bob.token, 'PUT');
    expect(put.status).toBe(200);
    expect(put.body.data.ids).toEqual(bobIds);
    // POST again: the duplicates named are Bob's own, never Alice's.
    const again = await post({ ...values, group_ids: [groupB] }, bob.token);
    expect(again.status).toBe(400);
    for (const id of hiddenIds) expect(again.text).not.toContain(String(id));
    expect(again.body.data.duplicates.map((d: { id: number }) => d.id)).toEqual(bobIds);

    // Alice's points are still hers only: same links, and Bob cannot read them.
    expect(await linksOf(hiddenIds)).toEqual(hiddenLinks);
    for (const id of hiddenIds) expect((await server.request('GET', `/api/photometry/${id}`, { token: bob.token })).status).toBe(400);
    expect((await readBack(objId, {}, bob.token)).map((p) => p.id).sort()).toEqual([...bobIds].sort());
    expect((await readBack(objId, {}, alice.token)).map((p) => p.id).sort()).toEqual([...hiddenIds].sort());

    // Someone who can see Alice's points gets hers back from PUT, and no copy is stored.
    const carol = await server.createUser({ groupIds: [groupA] });
    const seen = await post({ ...values, group_ids: [groupA] }, carol.token, 'PUT');
    expect(seen.body.data.ids).toEqual(hiddenIds);
    expect(await countPoints(objId)).toBe(4);
  });

  test("a holder of Manage sources changes another's point only where all its groups are theirs", async () => {
    const objId = await newSource([groupA, groupB]);
    const values = { obj_id: objId, instrument_id: ztf, filter: 'ztfg', magsys: 'ab', flux: 5, fluxerr: 1, zp: 23.9 };
    const inA = (await post({ ...values, mjd: 20, group_ids: [groupA] }, alice.token)).body.data.ids[0];
    const inAandB = (await post({ ...values, mjd: 21, group_ids: [groupA, groupB] })).body.data.ids[0];
    const curator = await server.createUser({ roles: ['Group admin'], groupIds: [groupA] });
    expect((await server.request('PATCH', `/api/photometry/${inA}`, { token: curator.token, body: { mjd: 30 } })).status).toBe(200);
    const beyond = await server.request('PATCH', `/api/photometry/${inAandB}`, { token: curator.token, body: { mjd: 31 } });
    expect(beyond.status).toBe(403);
    expect((await server.request('DELETE', `/api/photometry/${inAandB}`, { token: curator.token })).status).toBe(403);
    expect((await server.request('GET', `/api/photometry/${inAandB}`, { token: bob.token })).body.data.mjd).toBe(21);
  });

  test("a token without ACLs cannot change or delete its owner's points (401), which stay as they were", async () => {
    const objId = await newSource([sitewide]);
    const made = await post({ obj_id: objId, instrument_id: ztf, mjd: 5, filter: 'ztfg', magsys: 'ab', flux: 7, fluxerr: 1, zp: 23.9 }, alice.token);
    const id = made.body.data.ids[0];
    const readOnly = await server.request('POST', '/api/internal/tokens', { body: { name: 'read only', acls: [], user_id: alice.id } });
    const token = readOnly.body.data.token_id;
    const before = (await server.request('GET', `/api/photometry/${id}`, { token, query: { format: 'flux' } })).body.data;
    expect(before.flux).toBe(7);
    const patched = await server.request('PATCH', `/api/photometry/${id}`, { token, body: { flux: 1000, fluxerr: 1, zp: 23.9, magsys: 'ab' } });
    expect(patched.status).toBe(401);
    const deleted = await server.request('DELETE', `/api/photometry/${id}`, { token });
    expect(deleted.status).toBe(401);
    expect((await server.request('GET', `/api/photometry/${id}`, { token, query: { format: 'flux' } })).body.data).toEqual(before);
  });

  test('a user demoted to View only can no longer change or delete their own points (401)', async () => {
    const password = 'correct horse battery';
    const carol = await server.createUser({ password });
    const objId = await newSource([sitewide]);
    const made = await post({ obj_id: objId, instrument_id: ztf, mjd: 6, filter: 'ztfr', magsys: 'ab', flux: 8, fluxerr: 1, zp: 23.9 }, carol.token);
    const id = made.body.data.ids[0];
    expect((await server.request('DELETE', `/api/user/${carol.id}/roles/Full user`)).status).toBe(200);
    expect((await server.request('POST', `/api/user/${carol.id}/roles`, { body: { roleIds: ['View only'] } })).status).toBe(200);
    const browser = await server.signIn(carol.username, password);
    for (const request of [
      (method: string, path: string, body?: unknown) => server.request(method, path, { token: carol.token, body }),
      (method: string, path: string, body?: unknown) => browser.request(method, path, { body }),
    ]) {
      expect((await request('PATCH', `/api/photometry/${id}`, { mjd: 7 })).status).toBe(401);
      expect((await request('DELETE', `/api/photometry/${id}`)).status).toBe(401);
    }
    const point = (await server.request('GET', `/api/photometry/${id}`, { token: carol.token, query: { format: 'flux' } })).body.data;
    expect(point).toMatchObject({ id, mjd: 6, flux: 8 });
  });

  test('photometry.ingested reports the new points after commit (PUT: only the new ones)', async () => {
    const events: any[] = [];
    server.app.hooks.of(photometryHooks.ingested).tapPromise('test', async (event) => void events.push(event));
    const objId = await newSource([groupA], alice.token);
    const first = await post({ obj_id: objId, instrument_id: ztf, mjd: [1, 2], filter: 'ztfg', magsys: 'ab', flux: [1, 2], fluxerr: 1, zp: 23.9 }, alice.token);
    const again = await post(
      { obj_id: objId, instrument_id: ztf, mjd: [2, 3], filter: 'ztfg', magsys: 'ab', flux: [2, 3], fluxerr: 1, zp: 23.9 },
      alice.token,
      'PUT',
    );
    const mine = events.filter((e) => e.objIds.includes(objId));
    expect(mine).toEqual([
      { objIds: [objId], ids: first.body.data.ids, uploadId: first.body.data.upload_id, userId: alice.id },
      { objIds: [objId], ids: [again.body.data.ids[1]], uploadId: again.body.data.upload_id, userId: alice.id },
    ]);
    expect(again.body.data.ids[0]).toBe(first.body.data.ids[1]);
  });

  test('a WebSocket subscriber of source:<id> gets photometry.added only for points it may see', async () => {
    const objId = await newSource([groupA, groupB]);
    const aliceLive = await server.subscribe(`source:${objId}`, { token: alice.token });
    const bobLive = await server.subscribe(`source:${objId}`, { token: bob.token });
    const res = await post(
      { obj_id: objId, instrument_id: ztf, mjd: [1, 2], filter: 'ztfg', magsys: 'ab', flux: [1, 2], fluxerr: 1, zp: 23.9, group_ids: [groupB] },
      bob.token,
    );
    const message = await bobLive.next((m) => m.type === 'photometry.added');
    expect(message).toEqual({ channel: `source:${objId}`, type: 'photometry.added', data: { obj_id: objId, ids: res.body.data.ids, count: 2 } });
    await expect(aliceLive.next((m) => m.type === 'photometry.added', { timeoutMs: 1000 })).rejects.toThrow('no matching message');
  });
});

describe('bad input: 400 naming the field, nothing stored', () => {
  let objId: string;
  const good = () => ({
    obj_id: objId,
    instrument_id: ztf,
    mjd: [1, 2, 3],
    filter: ['ztfg', 'ztfr', 'ztfg'],
    magsys: 'ab',
    mag: [20, 21, null],
    magerr: [0.1, 0.2, null],
    limiting_mag: [22, 22, 22],
  });
  beforeAll(async () => {
    objId = await newSource([sitewide]);
  });

  const cases: [string, (b: Record<string, unknown>) => void, RegExp][] = [
    ['missing field', (b) => delete b.mjd, /^mjd: required/],
    ['magerr without mag', (b) => (b.magerr = [0.1, 0.2, 0.3]), /^magerr\[2\]: given without mag/],
    ['mag without magerr', (b) => (b.magerr = [0.1, null, null]), /^magerr\[1\]: required when mag/],
    ['non-detection without limiting_mag', (b) => (b.limiting_mag = [22, 22, null]), /^limiting_mag\[2\]: required/],
    ['unknown filter', (b) => (b.filter = ['ztfg', 'nosuch', 'ztfg']), /^filter\[1\]: unknown bandpass/],
    ['filter not on the instrument', (b) => (b.filter = ['ztfg', 'sdssr', 'ztfg']), /^filter\[1\]: instrument ZTF has no filter sdssr/],
    ['wrong lengths', (b) => (b.magerr = [0.1, 0.2]), /^magerr: 2 values, but mjd has 3/],
    ['not a number', (b) => (b.mjd = [1, 'x', 3]), /^mjd\[1\]: /],
    ['unknown instrument', (b) => (b.instrument_id = 999999), /^instrument_id\[0\]: no instrument/],
    ['unknown magsys', (b) => (b.magsys = 'st'), /^magsys: expected one of/],
    ['unknown field', (b) => (b.colour = 'red'), /^colour: unknown field/],
  ];
  test.each(cases)('%s', async (_name, spoil, message) => {
    const body = good();
    spoil(body);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect(await countPoints(objId)).toBe(0);
  });

  test('flux mode: fluxerr <= 0 and a missing zp', async () => {
    const body = { obj_id: objId, instrument_id: ztf, mjd: [1, 2], filter: 'ztfg', magsys: 'ab', flux: [1, 2], fluxerr: [1, 0], zp: 23.9 };
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^fluxerr\[1\]: Invalid value: must be > 0/);
    const { zp: _zp, ...noZp } = body;
    const res2 = await post({ ...noZp, fluxerr: 1 });
    expect(res2.status).toBe(400);
    expect(res2.body.message).toMatch(/^zp: required/);
    expect(await countPoints(objId)).toBe(0);
  });

  test('too many rows', async () => {
    const n = 1001;
    const res = await post({
      obj_id: objId,
      instrument_id: ztf,
      mjd: Array.from({ length: n }, (_, i) => i),
      filter: 'ztfg',
      magsys: 'ab',
      flux: 1,
      fluxerr: 1,
      zp: 23.9,
    });
    expect(res.status).toBe(400);
    // SkyPortal's sentence, word for word: its clients compare it and split the upload.
    expect(res.body.message).toBe('Maximum number of photometry rows to post exceeded: 1001 > 1000. Please break up the data into smaller sets and try again');
    expect(res.body.data.field).toBe('mjd');
    expect(await countPoints(objId)).toBe(0);
  });
});

describe('duplicates and upserts', () => {
  test('POST with a point already stored fails whole; PUT returns the existing ids in place', async () => {
    const objId = await newSource([sitewide]);
    const first = await post({ obj_id: objId, instrument_id: ztf, mjd: [1, 2], filter: 'ztfg', magsys: 'ab', flux: [10, null], fluxerr: [1, 2], zp: 23.9 });
    expect(first.status).toBe(200);
    const again = await post({ obj_id: objId, instrument_id: ztf, mjd: [3, 2], filter: 'ztfg', magsys: 'ab', flux: [30, null], fluxerr: [1, 2], zp: 23.9 });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/^duplicates: points already stored: row 1 \(id \d+\)\. Nothing was stored/);
    expect(await countPoints(objId)).toBe(2);
    const put = await post(
      { obj_id: objId, instrument_id: ztf, mjd: [3, 2, 1], filter: 'ztfg', magsys: 'ab', flux: [30, null, 10], fluxerr: [1, 2, 1], zp: 23.9 },
      undefined,
      'PUT',
    );
    expect(put.status).toBe(200);
    const [newId, id2, id1] = put.body.data.ids;
    expect([id1, id2]).toEqual(first.body.data.ids);
    expect(newId).toBeGreaterThan(id1);
    expect(await countPoints(objId)).toBe(3);
    const twice = await post({ obj_id: objId, instrument_id: ztf, mjd: [9, 9], filter: 'ztfg', magsys: 'ab', flux: [5, 5], fluxerr: [1, 1], zp: 23.9 });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/^duplicates: points already stored: row 1 \(repeats an earlier row\)/);
    expect(await countPoints(objId)).toBe(3);
  });

  test('demo data loads through the bulk path, and twice adds nothing', async () => {
    const loadDemo = server.app.hooks.of(coreHooks.loadDemo);
    const admin = (await server.request('GET', '/api/internal/profile')).body.data;
    const principal = (await server.app.principals.forSession(admin.id))!;
    await loadDemo.promise({ admin: principal });
    const count = await countPoints('ZTF18aabcvnq');
    expect(count).toBe(497);
    await loadDemo.promise({ admin: principal });
    expect(await countPoints('ZTF18aabcvnq')).toBe(497);
    const viewer = await server.createUser({ roles: ['View only'] });
    expect(await readBack('16fil', {}, viewer.token)).toHaveLength(59);
  });
});

describe('group links follow deletions', () => {
  test('deleting a point, an obj (cascade) or a group removes their links', async () => {
    const groupId = await server.createGroup(uniqueId('G'));
    const objId = await newSource([sitewide, groupId]);
    const res = await post({
      obj_id: objId,
      instrument_id: ztf,
      mjd: [1, 2, 3],
      filter: 'ztfg',
      magsys: 'ab',
      flux: [1, 2, 3],
      fluxerr: 1,
      zp: 23.9,
      group_ids: [sitewide, groupId],
    });
    const [a, b, c] = res.body.data.ids as number[];
    const links = async (ids: number[]) => server.knex('photometry_groups').whereIn('photometry_id', ids).select('photometry_id', 'group_id');
    expect(await links([a!, b!, c!])).toHaveLength(9); // sitewide, the group, the admin's single-user group
    await server.request('DELETE', `/api/photometry/${a}`);
    expect(await links([a!])).toHaveLength(0);
    expect((await server.request('DELETE', `/api/groups/${groupId}`)).status).toBe(200);
    expect((await links([b!, c!])).map((l) => l.group_id)).not.toContain(groupId);
    await server.knex('objs').where({ id: objId }).delete();
    expect(await links([b!, c!])).toHaveLength(0);
  });

  test('deleting a user removes the links to their single-user group, in the deleting transaction', async () => {
    const carol = await server.createUser();
    const objId = await newSource([sitewide]);
    const res = await post(
      { obj_id: objId, instrument_id: ztf, mjd: [1, 2], filter: 'ztfg', magsys: 'ab', flux: [1, 2], fluxerr: 1, zp: 23.9, group_ids: [sitewide] },
      carol.token,
    );
    expect(res.status).toBe(200);
    const ids = res.body.data.ids as number[];
    const groupsOf = () => server.knex('photometry_groups').whereIn('photometry_id', ids).distinct().pluck('group_id');
    expect(await groupsOf()).toContain(carol.singleUserGroupId);
    expect((await server.request('DELETE', `/api/user/${carol.id}`)).status).toBe(200);
    expect(await groupsOf()).toEqual([sitewide]);
    // The points stay, now ownerless, still visible through the sitewide group.
    expect(await readBack(objId)).toHaveLength(2);
  });
});
