/**
 * What SkyPortal's clients rely on beyond the upload format: reference fluxes and the totals derived
 * from them, the slim plot answer, range queries, `group_ids: "all"`, the repair options of PUT,
 * deleting a source's photometry, and SkyPortal's words and codes where its scripts check them.
 */
import http from 'node:http';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { exp10 } from '../server/exp10.js';

let server: TestServer;
let ztf: number;
let sitewide: number;
let instrument: (name: string) => Promise<number>;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', { plugin: 'photometry', options: { maxRowsPerPost: 1000 } }] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  const tel = await server.request('POST', '/api/telescope', { body: { name: uniqueId('tel'), nickname: 'T48', diameter: 1.2 } });
  instrument = async (name: string) =>
    (await server.request('POST', '/api/instrument', { body: { name, type: 'imager', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: tel.body.data.id } }))
      .body.data.id as number;
  ztf = await instrument(uniqueId('ZTF'));
});
afterAll(() => server.stop());

async function newSource(groupIds: number[] = [sitewide], token?: string) {
  const id = uniqueId('obj');
  const res = await server.request('POST', '/api/sources', { token, body: { id, ra: 10, dec: 20, group_ids: groupIds } });
  expect(res.status).toBe(200);
  return id;
}
const post = (body: Record<string, unknown>, token?: string, method = 'POST', query?: Record<string, string>) =>
  server.request(method, '/api/photometry', { body, token, query });
const point = async (id: number, format = 'both', token?: string) => {
  const res = await server.request('GET', `/api/photometry/${id}`, { query: { format }, token });
  expect(res.status).toBe(200);
  return res.body.data;
};
const countPoints = async (objId: string) => Number((await server.knex('photometry').where({ obj_id: objId }).count('* as n'))[0]!.n);
const MAGERR = 2.5 / Math.LN10;

/** A GET with a JSON body, as SkyPortal's Python clients send one (fetch cannot). */
function getWithBody(path: string, body: unknown, token: string): Promise<{ status: number; body: any }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${path}`,
      { method: 'GET', headers: { authorization: `token ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        let data = '';
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('zero-point factors', () => {
  test('10^x is rounded correctly (V8 is an ulp off for some x; C, and so SkyPortal, is not)', () => {
    // Expected values: the nearest doubles to 10^x, from 80-digit decimal arithmetic.
    expect(exp10(0.4 * (23.9 - 25.0))).toBe(0.36307805477010086);
    expect(exp10(29)).toBe(1e29);
    expect(exp10(-3)).toBe(0.001);
    expect(exp10(9.596469280964442)).toBe(3948837669.712748);
    expect(exp10(-6.9279236938310795)).toBe(1.1805280379153136e-7);
    expect(exp10(0)).toBe(1);
  });

  test('a flux at zp 25 is stored bit for bit as SkyPortal stores it', async () => {
    const objId = await newSource();
    const res = await post({ obj_id: objId, instrument_id: ztf, mjd: 58000, filter: 'ztfg', magsys: 'ab', flux: 12.24, fluxerr: 0.031, zp: 25 });
    expect(res.status).toBe(200);
    const stored = await point(res.body.data.ids[0], 'flux');
    expect(stored.fluxerr).toBe(0.011255419697873126);
    expect(stored.flux).toBe(4.444075390386034);
  });
});

describe('reference fluxes', () => {
  test('ref_flux at ref_zp (default 23.9, whatever zp is): stored at 23.9 with the totals and magnitudes derived', async () => {
    const objId = await newSource();
    const base = { obj_id: objId, instrument_id: ztf, mjd: 58003, filter: 'ztfg', magsys: 'ab', flux: 12.24, fluxerr: 0.031, zp: 25 };
    const res = await post({ ...base, ref_flux: 8.01, ref_fluxerr: 0.01 });
    expect(res.status).toBe(200);
    const p = await point(res.body.data.ids[0]);
    const flux = 12.24 * 10 ** (-0.4 * 1.1);
    const fluxerr = 0.031 * 10 ** (-0.4 * 1.1);
    expect(p.ref_flux).toBe(8.01);
    expect(p.ref_fluxerr).toBe(0.01);
    expect(p.tot_flux).toBeCloseTo(8.01 + flux, 12);
    expect(p.tot_fluxerr).toBeCloseTo(Math.hypot(fluxerr, 0.01), 12);
    expect(p.magref).toBeCloseTo(-2.5 * Math.log10(8.01) + 23.9, 12);
    expect(p.e_magref).toBeCloseTo((MAGERR * 0.01) / 8.01, 12);
    expect(p.magtot).toBeCloseTo(-2.5 * Math.log10(8.01 + flux) + 23.9, 12);
    expect(p.e_magtot).toBeCloseTo((MAGERR * Math.hypot(fluxerr, 0.01)) / (8.01 + flux), 12);

    // Its own zero point; then a PATCH changes only the reference.
    const other = await post({ ...base, mjd: 58004, ref_flux: 8.01, ref_fluxerr: 0.01, ref_zp: 26 });
    const id = other.body.data.ids[0];
    expect((await point(id)).ref_flux).toBeCloseTo(8.01 * 10 ** (-0.4 * 2.1), 12);
    const patched = await server.request('PATCH', `/api/photometry/${id}`, {
      body: { ref_flux: 9.02, ref_fluxerr: 0.03, ref_zp: 27, flux: 12.24, fluxerr: 0.031, zp: 25, magsys: 'ab' },
    });
    expect(patched.status).toBe(200);
    const after = await point(id);
    expect(after.ref_flux).toBeCloseTo(9.02 * 10 ** (-0.4 * 3.1), 12);
    expect(after.ref_fluxerr).toBeCloseTo(0.03 * 10 ** (-0.4 * 3.1), 12);
    expect(after.flux).toBeCloseTo(flux, 12);
    const fluxOnly = await server.request('PATCH', `/api/photometry/${id}`, { body: { flux: 13, fluxerr: 0.031, zp: 25, magsys: 'ab' } });
    expect(fluxOnly.status).toBe(200);
    expect((await point(id)).ref_flux).toBeCloseTo(9.02 * 10 ** (-0.4 * 3.1), 12);
  });

  test('magref and e_magref in magnitude uploads; no reference, no reference keys', async () => {
    const objId = await newSource();
    const res = await post({
      obj_id: objId,
      instrument_id: ztf,
      mjd: [1, 2],
      filter: 'ztfg',
      magsys: 'ab',
      mag: [19.24, 19.5],
      magerr: [0.123, 0.1],
      limiting_mag: 20.5,
      magref: [17.01, null],
      e_magref: [0.01, null],
    });
    expect(res.status).toBe(200);
    const [withRef, without] = await Promise.all(res.body.data.ids.map((id: number) => point(id)));
    const refFlux = 10 ** (-0.4 * (17.01 - 23.9));
    const flux = 10 ** (-0.4 * (19.24 - 23.9));
    expect(withRef.magref).toBeCloseTo(17.01, 10);
    expect(withRef.e_magref).toBeCloseTo(0.01, 10);
    expect(withRef.ref_flux).toBeCloseTo(refFlux, 10);
    expect(withRef.ref_fluxerr).toBeCloseTo((0.01 / MAGERR) * refFlux, 10);
    expect(withRef.magtot).toBeCloseTo(-2.5 * Math.log10(refFlux + flux) + 23.9, 10);
    for (const key of ['ref_flux', 'ref_fluxerr', 'tot_flux', 'tot_fluxerr', 'magref', 'e_magref', 'magtot', 'e_magtot'])
      expect(without).not.toHaveProperty(key);
  });

  test('a negative difference flux still has a total (a variable fainter than in its reference)', async () => {
    const objId = await newSource();
    const res = await post({
      obj_id: objId,
      instrument_id: ztf,
      mjd: 1,
      filter: 'ztfr',
      magsys: 'ab',
      flux: -3,
      fluxerr: 0.5,
      zp: 23.9,
      ref_flux: 10,
      ref_fluxerr: 0.2,
    });
    const p = await point(res.body.data.ids[0]);
    expect(p.mag).toBeNull();
    expect(p.tot_flux).toBe(7);
    expect(p.magtot).toBeCloseTo(-2.5 * Math.log10(7) + 23.9, 12);
  });

  test.each([
    ['ref_flux without its error', { ref_flux: 8 }, /^ref_fluxerr: required with ref_flux/],
    ['a ref_fluxerr <= 0', { ref_flux: 8, ref_fluxerr: -1 }, /^ref_fluxerr: Invalid value: must be > 0/],
    ['a ref_zp out of range', { ref_flux: 8, ref_fluxerr: 1, ref_zp: 100 }, /^ref_zp: Invalid value/],
    ['magref beside fluxes', { magref: 17, e_magref: 0.1 }, /^magref: give either magnitudes .* or fluxes/],
  ])('%s: 400 naming the field, nothing stored', async (_name, extra, message) => {
    const objId = await newSource();
    const res = await post({ obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfr', magsys: 'ab', flux: 3, fluxerr: 0.5, zp: 23.9, ...extra });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect(await countPoints(objId)).toBe(0);
  });
});

describe('SkyPortal words and codes', () => {
  test('a negative fluxerr is an "Invalid value" naming the field and row', async () => {
    const objId = await newSource();
    const res = await post({ obj_id: objId, instrument_id: ztf, mjd: [1, 2], filter: 'ztfg', magsys: 'ab', flux: [1, 2], fluxerr: [0.35, -0.031], zp: 25 });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('fluxerr[1]: Invalid value: must be > 0, got -0.031');
    const range = await post({ obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', mag: 150, magerr: 0.1 });
    expect(range.body.message).toMatch(/^mag: Invalid value: must be within/);
    expect(await countPoints(objId)).toBe(0);
  });

  test('GET /api/photometry without an id is a 400 naming photometry_id', async () => {
    const res = await server.request('GET', '/api/photometry');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/photometry_id/);
  });

  test('group_ids "all" shares with everyone (the sitewide group), not with each of the uploader’s groups', async () => {
    const { alice, groupA } = await server.twoGroupsWithUsers();
    const objId = await newSource([groupA, sitewide], alice.token);
    const res = await post(
      { obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', flux: 1, fluxerr: 1, zp: 23.9, group_ids: 'all' },
      alice.token,
    );
    expect(res.status).toBe(200);
    const groups = (await point(res.body.data.ids[0], 'flux')).groups.map((g: { id: number }) => g.id).sort();
    expect(groups).toEqual([sitewide, alice.singleUserGroupId].sort());
  });
});

describe('format=plot', () => {
  test('only what a plot draws, with the magnitudes of format=mag; CSV too', async () => {
    const objId = await newSource();
    await post({ obj_id: objId, instrument_id: ztf, mjd: [1, 2], filter: 'ztfg', magsys: 'ab', mag: [19, null], magerr: [0.1, null], limiting_mag: [20, 21] });
    const plot = (await server.request('GET', `/api/sources/${objId}/photometry`, { query: { format: 'plot', magsys: 'vega' } })).body.data;
    const mag = (await server.request('GET', `/api/sources/${objId}/photometry`, { query: { format: 'mag', magsys: 'vega' } })).body.data;
    expect(plot).toHaveLength(2);
    for (const [i, p] of plot.entries()) {
      expect(Object.keys(p).sort()).toEqual(['filter', 'id', 'limiting_mag', 'mag', 'magerr', 'mjd', 'obj_id', 'origin']);
      for (const key of ['id', 'mjd', 'mag', 'magerr', 'limiting_mag']) expect(p[key]).toBe(mag[i][key]);
    }
    expect(plot[1].mag).toBeNull();
    const one = (await server.request('GET', `/api/photometry/${plot[0].id}`, { query: { format: 'plot', magsys: 'vega' } })).body.data;
    expect(one).toEqual(plot[0]);
    const csv = await server.request('GET', `/api/sources/${objId}/photometry`, { query: { format: 'plot', output: 'csv' } });
    expect(csv.text.split('\n')[0]).toBe('id,obj_id,filter,mjd,origin,mag,magerr,limiting_mag');
  });
});

describe('GET /api/photometry/range', () => {
  // Instruments of their own: no other test's points are in range.
  let camera: number;
  let other: number;
  let alice: TestUser;
  let bob: TestUser;
  let objId: string;
  beforeAll(async () => {
    let groupA: number;
    let groupB: number;
    ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers());
    camera = await instrument(uniqueId('range'));
    other = await instrument(uniqueId('other'));
    objId = await newSource([groupA, groupB]);
    const mjd = [58000, 58500, 59000]; // 2017-09-04, 2019-01-17, 2020-05-31
    await post(
      { obj_id: objId, instrument_id: camera, mjd, filter: 'ztfg', magsys: 'ab', flux: 12.24, fluxerr: 0.031, zp: 25, group_ids: [groupA] },
      alice.token,
    );
    await post(
      { obj_id: objId, instrument_id: other, mjd, filter: 'ztfg', magsys: 'ab', flux: 12.24, fluxerr: 0.031, zp: 25, group_ids: [groupA] },
      alice.token,
    );
    await post({ obj_id: objId, instrument_id: camera, mjd, filter: 'ztfg', magsys: 'ab', flux: 5, fluxerr: 0.031, zp: 25, group_ids: [groupB] }, bob.token);
  });

  test('by instrument and date, in the body (as SkyPortal clients send it) or the query; only visible points', async () => {
    const early = await getWithBody('/api/photometry/range', { instrument_ids: [camera], max_date: '2018-05-15T00:00:00' }, alice.token);
    expect(early.status).toBe(200);
    expect(early.body.data.map((p: any) => [p.instrument_id, p.mjd, p.owner.id])).toEqual([[camera, 58000, alice.id]]);
    const flux = await getWithBody('/api/photometry/range?format=flux&magsys=vega', { instrument_ids: [camera], max_date: '2019-02-01T00:00:00' }, alice.token);
    expect(flux.body.data).toHaveLength(2);
    expect(flux.body.data[0].zp).toBeCloseTo(23.9 + 0.08, 10);
    const byQuery = await server.request('GET', '/api/photometry/range', {
      token: bob.token,
      query: { instrument_ids: String(camera), min_date: '2018-01-01', max_date: '2020-12-31' },
    });
    expect(byQuery.body.data.map((p: any) => [p.mjd, p.owner.id])).toEqual([
      [58500, bob.id],
      [59000, bob.id],
    ]);
    const bad = await getWithBody('/api/photometry/range', { max_date: 'yesterday' }, alice.token);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/max_date/);
  });
});

describe('PUT: repeats and the repair options', () => {
  const row = (objId: string, extra: Record<string, unknown> = {}) => ({
    obj_id: objId,
    instrument_id: ztf,
    mjd: [59400, 59401, 59402],
    mag: [19.2, 19.3, 19.4],
    magerr: [0.05, 0.06, 0.07],
    limiting_mag: 21,
    magsys: 'ab',
    filter: ['ztfr', 'ztfg', 'ztfr'],
    origin: [null, 'omg', 'lol'],
    ...extra,
  });

  test('a row repeating an earlier one is that point, unless the two disagree: then nothing is stored', async () => {
    const objId = await newSource();
    const same = await post({ ...row(objId), mjd: [1, 1, 2], origin: 'x', mag: 19, magerr: 0.1, filter: 'ztfg' }, undefined, 'PUT');
    expect(same.status).toBe(200);
    expect(same.body.data.ids[0]).toBe(same.body.data.ids[1]);
    const other = await newSource();
    const differ = await post({ ...row(other), mjd: [1, 1, 2], origin: 'x', mag: 19, magerr: 0.1, filter: 'ztfg', ra: [10, 10.001, 10] }, undefined, 'PUT');
    expect(differ.status).toBe(400);
    expect(differ.body.message).toMatch(/^duplicates: row 1 repeats row 0 .* with other values/);
    expect(await countPoints(other)).toBe(0);
  });

  test('duplicate_ignore_flux is for system admins; with overwrite_flux a point with an origin takes the new values', async () => {
    const objId = await newSource();
    const first = await post(row(objId));
    expect(first.status).toBe(200);
    const ids: number[] = first.body.data.ids;
    const uploader = await server.createUser({ roles: ['Full user'] });
    const changed = row(objId, { mjd: [59400, 59401, 59403], mag: [20.2, 20.3, 18.5], magerr: [0.05, 0.1, 0.05] });
    const refused = await post(changed, uploader.token, 'PUT', { duplicate_ignore_flux: 'True', overwrite_flux: 'True' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/Ignoring flux\/fluxerr when checking for duplicates is reserved to super admin users only/);
    expect((await post(changed, undefined, 'PUT', { overwrite_flux: 'true' })).status).toBe(400);

    const res = await post(changed, undefined, 'PUT', { duplicate_ignore_flux: 'True', overwrite_flux: 'True' });
    expect(res.status).toBe(200);
    const again: number[] = res.body.data.ids;
    expect(again.slice(0, 2)).toEqual(ids.slice(0, 2));
    expect(ids).not.toContain(again[2]);
    // No origin: kept as it was. An origin: the pipeline's new values.
    expect((await point(ids[0]!, 'mag')).mag).toBe(19.2);
    const updated = await point(ids[1]!, 'mag');
    expect(updated.mag).toBe(20.3);
    expect(updated.magerr).toBe(0.1);
    expect(await countPoints(objId)).toBe(4);
  });
});

describe('DELETE /api/sources/{id}/photometry', () => {
  test('needs Delete bulk photometry; deletes the caller’s own points (all of them for a system admin)', async () => {
    const objId = await newSource();
    const keeper = await server.createUser();
    const deleter = await server.createUser({ acls: ['Delete bulk photometry'] });
    const body = { obj_id: objId, instrument_id: ztf, filter: 'ztfg', magsys: 'ab', flux: 1, fluxerr: 1, zp: 23.9, group_ids: [sitewide] };
    await post({ ...body, mjd: [1, 2] }, keeper.token);
    await post({ ...body, mjd: [3] }, deleter.token);

    const stored: number[] = (await server.knex('photometry').where({ obj_id: objId }).pluck('id')).map(Number);
    expect(stored).toHaveLength(3);
    expect((await server.request('DELETE', `/api/sources/${objId}/photometry`, { token: keeper.token })).status).toBe(401);
    const own = await server.request('DELETE', `/api/sources/${objId}/photometry`, { token: deleter.token });
    expect(own.status).toBe(200);
    expect(own.body.data.deleted).toBe(1);
    expect(await countPoints(objId)).toBe(2);
    const all = await server.request('DELETE', `/api/sources/${objId}/photometry`);
    expect(all.body.data.deleted).toBe(2);
    expect((await server.request('GET', `/api/sources/${objId}/photometry`, { token: keeper.token })).body.data).toEqual([]);
    expect(await server.knex('photometry_groups').whereIn('photometry_id', stored)).toEqual([]);
  });

  test('a source the caller cannot see: 404, nothing deleted', async () => {
    const { alice, groupB } = await server.twoGroupsWithUsers({ acls: ['Delete bulk photometry'] });
    const hidden = await newSource([groupB]);
    await post({ obj_id: hidden, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', flux: 1, fluxerr: 1, zp: 23.9, group_ids: [groupB] });
    expect((await server.request('DELETE', `/api/sources/${hidden}/photometry`, { token: alice.token })).status).toBe(404);
    expect(await countPoints(hidden)).toBe(1);
  });
});

describe('validations (a point validated, rejected or undecided)', () => {
  test('set by Manage sources who may change the point; shown to whoever sees it with includeValidationInfo', async () => {
    const { alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Manage sources'] });
    const viewer = await server.createUser({ roles: ['View only'] });
    const objId = await newSource([sitewide, groupA, groupB]);
    const res = await post({
      obj_id: objId,
      instrument_id: ztf,
      mjd: 1,
      filter: 'ztfg',
      magsys: 'ab',
      flux: 5,
      fluxerr: 1,
      zp: 23.9,
      group_ids: [sitewide, groupB],
    });
    const id = res.body.data.ids[0];
    const url = `/api/photometry/${id}/validation`;
    const verdict = { validated: true, explanation: 'GOOD SUBTRACTION', notes: 'beautiful image' };

    expect((await server.request('POST', url, { token: viewer.token, body: verdict })).status).toBe(401);
    // Alice sees the point (sitewide) but it is in Bob's group too: no say over it.
    expect((await server.request('POST', url, { token: alice.token, body: verdict })).status).toBe(403);
    expect((await server.request('PATCH', url, { token: bob.token, body: verdict })).body.message).toBe('Photometry is not validated/rejected');
    expect((await server.request('POST', url, { token: bob.token, body: { validated: 'maybe' } })).body.message).toMatch(/^Invalid body: validated/);
    const created = await server.request('POST', url, { token: bob.token, body: verdict });
    expect(created.status).toBe(200);

    const read = async (include = true) =>
      (await server.request('GET', `/api/sources/${objId}/photometry`, { token: viewer.token, query: include ? { includeValidationInfo: 'True' } : {} })).body
        .data;
    expect((await read())[0].validations).toEqual([
      expect.objectContaining({
        id: created.body.data.id,
        photometry_id: id,
        validated: true,
        explanation: 'GOOD SUBTRACTION',
        notes: 'beautiful image',
        validator_id: bob.id,
      }),
    ]);
    expect((await read(false))[0]).not.toHaveProperty('validations');

    expect((await server.request('PATCH', url, { token: bob.token, body: { validated: 'rejected', explanation: 'BAD SUBTRACTION' } })).status).toBe(200);
    expect((await read())[0].validations[0]).toMatchObject({ validated: false, explanation: 'BAD SUBTRACTION', notes: 'beautiful image' });
    // POST again replaces the verdict (one per point).
    expect((await server.request('POST', url, { body: { validated: true } })).body.data.id).toBe(created.body.data.id);
    expect((await server.request('DELETE', url, { token: bob.token })).status).toBe(200);
    expect((await read())[0].validations).toEqual([]);
    expect((await server.request('DELETE', url, { token: bob.token })).body.message).toBe('Photometry is not validated/rejected');
  });

  test('a hidden point answers as a missing one; a deleted point takes its verdict along', async () => {
    const { alice, groupB } = await server.twoGroupsWithUsers({ acls: ['Manage sources'] });
    const objId = await newSource([groupB]);
    const res = await post({ obj_id: objId, instrument_id: ztf, mjd: 1, filter: 'ztfg', magsys: 'ab', flux: 5, fluxerr: 1, zp: 23.9, group_ids: [groupB] });
    const id = res.body.data.ids[0];
    const hidden = await server.request('POST', `/api/photometry/${id}/validation`, { token: alice.token, body: { validated: true } });
    expect(hidden.status).toBe(400);
    expect(hidden.body.message).toBe(`Cannot find photometry point with ID: ${id}.`);
    expect((await server.request('POST', `/api/photometry/${id}/validation`, { body: { validated: true } })).status).toBe(200);
    expect((await server.request('DELETE', `/api/photometry/${id}`)).status).toBe(200);
    expect(await server.knex('photometry_validations').where({ photometry_id: id })).toEqual([]);
  });
});
