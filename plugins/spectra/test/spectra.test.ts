/**
 * Spectra through the API as an astronomer's script uses it: the real demo files posted and read
 * back by every route, normalised, changed, deleted, announced live.
 */
import { coreHooks } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { asciiColumns, countSpectra, csvSpectrum, demoText, makeSource, makeSpectrograph } from './helpers.js';

let server: TestServer;
let sitewide: number;
let sprat: number;
let uploader: TestUser;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', { plugin: new URL('..', import.meta.url) }] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  sprat = await makeSpectrograph(server, uniqueId('SPRAT'));
  uploader = await server.createUser({ username: uniqueId('uploader'), roles: ['Full user'] });
});

const get = async (path: string, query: Record<string, string> = {}, token = uploader.token) => {
  const res = await server.request('GET', path, { token, query });
  expect(res.status).toBe(200);
  return res.body.data;
};

describe('a real spectrum posted as JSON and read back', () => {
  let objId: string;
  let id: number;
  const spectrum = csvSpectrum('ZTF21aaqjmps_spec.csv');

  beforeAll(async () => {
    objId = await makeSource(server, [sitewide], uploader.token);
    const res = await server.request('POST', '/api/spectra', {
      token: uploader.token,
      body: {
        obj_id: objId,
        instrument_id: sprat,
        observed_at: '2021-04-03T02:28:19.921',
        units: 'erg/s/cm/cm/AA',
        label: 'LT classification',
        group_ids: [sitewide],
        ...spectrum,
      },
    });
    expect(res.status).toBe(200);
    id = res.body.data.id;
  });

  test('GET /api/spectra/{id} gives every pixel back, as floats, with its instrument, telescope, groups and owner', async () => {
    const res = await server.request('GET', `/api/spectra/${id}`, { token: uploader.token });
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.wavelengths).toEqual(spectrum.wavelengths);
    expect(data.fluxes).toEqual(spectrum.fluxes);
    expect(data.errors).toBeNull();
    // 4020 Å is written 4020.0: Python clients read a float.
    expect(res.text).toContain('"wavelengths":[4020.0,4029.2,');
    expect(data).toMatchObject({
      obj_id: objId,
      instrument_id: sprat,
      units: 'erg/s/cm/cm/AA',
      type: 'source',
      label: 'LT classification',
      owner_id: uploader.id,
    });
    expect(data.observed_at).toBe('2021-04-03T02:28:19.921');
    expect(data.observed_at_mjd).toBeCloseTo(59307.10300835, 6);
    expect(data.instrument_name).toMatch(/^SPRAT/);
    expect(data.telescope_name).toMatch(/^Keck/);
    expect(data.owner).toMatchObject({ id: uploader.id, username: uploader.username });
    // Shared with the sitewide group and, always, the uploader's own group.
    expect(data.groups.map((g: any) => g.id).sort()).toEqual([sitewide, uploader.singleUserGroupId].sort());
    expect(data).not.toHaveProperty('original_file_string');
  });

  test("the source's spectra: SkyPortal's shape, and normalization=median divides by the median |flux|", async () => {
    const raw = await get(`/api/sources/${objId}/spectra`);
    expect(raw.obj_id).toBe(objId);
    expect(raw.spectra).toHaveLength(1);
    expect(raw.spectra[0].fluxes).toEqual(spectrum.fluxes);
    const normalised = (await get(`/api/sources/${objId}/spectra`, { normalization: 'median' })).spectra[0];
    const medianOfAbs = (values: number[]) => {
      const sorted = values.map(Math.abs).sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const median = medianOfAbs(spectrum.fluxes);
    normalised.fluxes.forEach((flux: number, i: number) => expect(flux).toBeCloseTo(spectrum.fluxes[i]! / median, 12));
    expect(medianOfAbs(normalised.fluxes)).toBeCloseTo(1, 12);
    expect((await server.request('GET', `/api/sources/${objId}/spectra`, { token: uploader.token, query: { normalization: 'mean' } })).status).toBe(400);
  });

  test('group_ids "all" shares with every group of the uploader; none or [] with their own group only', async () => {
    const program = await server.createGroup(uniqueId('program'), [uploader.id]);
    const elsewhere = await server.createGroup(uniqueId('elsewhere'));
    const source = await makeSource(server, [sitewide], uploader.token);
    const groupsOf = async (group_ids: unknown) => {
      const body = { obj_id: source, instrument_id: sprat, observed_at: '2021-04-04T01:00:00', wavelengths: [4000, 5000], fluxes: [1, 2], group_ids };
      const res = await server.request('POST', '/api/spectrum', { token: uploader.token, body });
      expect(res.status).toBe(200);
      return (await get(`/api/spectra/${res.body.data.id}`)).groups.map((g: any) => g.id).sort();
    };
    expect(await groupsOf('all')).toEqual([sitewide, program, uploader.singleUserGroupId].sort());
    expect(await groupsOf('all')).not.toContain(elsewhere);
    expect(await groupsOf([])).toEqual([uploader.singleUserGroupId]);
    expect(await groupsOf(undefined)).toEqual([uploader.singleUserGroupId]);
    // Given once or twice, the uploader's own group is linked once.
    expect(await groupsOf([uploader.singleUserGroupId, program])).toEqual([program, uploader.singleUserGroupId].sort());
  });

  test("SkyPortal's older /api/spectrum paths answer the same", async () => {
    const old = await get(`/api/spectrum/${id}`);
    const current = await get(`/api/spectra/${id}`);
    expect(old).toEqual(current);
    expect((await get('/api/spectrum', { objID: objId })).map((s: any) => s.id)).toEqual([id]);
  });
});

describe('ASCII files: parsed for a preview, then stored with their header', () => {
  test('the Keck LRIS file: eight columns, errors in the fourth, FITS header cards with their comments', async () => {
    const ascii = demoText('ZTF20abpuxna_20200915_Keck1_v1.ascii');
    const parsed = await server.request('POST', '/api/spectra/parse/ascii', { token: uploader.token, body: { ascii, fluxerr_column: 3 } });
    expect(parsed.status).toBe(200);
    const rows = asciiColumns('ZTF20abpuxna_20200915_Keck1_v1.ascii');
    expect(parsed.body.data.wavelengths).toEqual(rows.map((r) => r[0]));
    expect(parsed.body.data.fluxes).toEqual(rows.map((r) => r[1]));
    expect(parsed.body.data.errors).toEqual(rows.map((r) => r[3]));
    expect(parsed.body.data.column_count).toBe(8);
    const header = parsed.body.data.altdata;
    expect(header.OBJECT).toEqual({ value: 'ZTF20abpuxna', comment: 'User-specified object name' });
    expect(header.EXPTIME).toEqual({ value: 600.003, comment: 'Total exposure time (sec); avg. of R&B' });
    // Trailing blanks inside a FITS string are not part of it; a card without comment is its value.
    expect(header.TELESCOP).toEqual({ value: 'Keck I', comment: 'Telescope name' });
    expect(header.REDAIR1).toBe(1.79691);
    expect(header.COMMENT).toContain('Fluxes are erg/cm^2/s/Ang');
    // Nothing was stored by parsing.
    expect(await server.knex('spectra').where('original_file_string', ascii).count('* as n')).toEqual([{ n: 0 }]);
  });

  test('the SNIFS file (KEY = value lines, three columns) is stored as uploaded and read back with includeOriginalFile', async () => {
    const objId = await makeSource(server, [sitewide], uploader.token);
    const ascii = demoText('zac_spec.dat');
    const res = await server.request('POST', '/api/spectra/ascii', {
      token: uploader.token,
      body: {
        ascii,
        filename: 'C:\\data\\zac_spec.dat',
        obj_id: objId,
        instrument_id: sprat,
        observed_at: '2021-09-18T14:48:08',
        fluxerr_column: 2,
        group_ids: [sitewide],
      },
    });
    expect(res.status).toBe(200);
    const spectrum = await get(`/api/spectra/${res.body.data.id}`, { includeOriginalFile: 'true' });
    expect(spectrum.original_file_string).toBe(ascii);
    expect(spectrum.original_file_filename).toBe('zac_spec.dat');
    const rows = asciiColumns('zac_spec.dat');
    expect(spectrum.wavelengths).toHaveLength(rows.length);
    expect(spectrum.errors[10]).toBe(rows[10]![2]);
    expect(spectrum.altdata).toMatchObject({
      TELESCOPE: 'UH88',
      INSTRUMENT: 'SNIFS',
      OBJECT: '2021zac',
      AIRMASS: 1.95,
      EXPTIME: '1800.0s',
      'MJD-OBS': 59475.616424,
    });
    // The list leaves the file out unless asked for.
    const listed = await get('/api/spectra', { objID: objId });
    expect(listed[0]).not.toHaveProperty('original_file_string');
    expect(listed[0].original_file_filename).toBe('zac_spec.dat');
  });

  test('a CSV file with a row of column names, as the demo CSVs are', async () => {
    const parsed = await server.request('POST', '/api/spectrum/parse/ascii', { token: uploader.token, body: { ascii: demoText('spec1.csv') } });
    expect(parsed.status).toBe(200);
    expect(parsed.body.data.column_names).toEqual(['wavelengths', 'fluxes']);
    expect(parsed.body.data.wavelengths).toEqual(csvSpectrum('spec1.csv').wavelengths);
    expect(parsed.body.data.altdata).toBeNull();
  });
});

describe('changing and deleting', () => {
  test('PUT changes the given fields, adds groups without removing any, and replaces people lists', async () => {
    const objId = await makeSource(server, [sitewide], uploader.token);
    const colleague = await server.createUser({ username: uniqueId('reducer'), roles: ['Full user'] });
    const group = await server.createGroup(uniqueId('program'), [uploader.id]);
    const posted = await server.request('POST', '/api/spectra', {
      token: uploader.token,
      body: {
        obj_id: objId,
        instrument_id: sprat,
        observed_at: '2021-01-01',
        wavelengths: [4000, 5000, 6000],
        fluxes: [1, 2, 3],
        reduced_by: [uploader.id],
        external_reducer: 'A. Student',
      },
    });
    const id = posted.body.data.id;
    expect((await get(`/api/spectra/${id}`)).groups.map((g: any) => g.id)).toEqual([uploader.singleUserGroupId]);
    const put = await server.request('PUT', `/api/spectra/${id}`, {
      token: uploader.token,
      body: { fluxes: [3, 2, 1], label: 'reprocessed', group_ids: [group], reduced_by: [colleague.id], observed_by: [uploader.id] },
    });
    expect(put.status).toBe(200);
    const after = await get(`/api/spectra/${id}`);
    expect(after.fluxes).toEqual([3, 2, 1]);
    expect(after.wavelengths).toEqual([4000, 5000, 6000]);
    expect(after.label).toBe('reprocessed');
    expect(after.groups.map((g: any) => g.id).sort()).toEqual([uploader.singleUserGroupId, group].sort());
    expect(after.reducers.map((u: any) => u.username)).toEqual([colleague.username]);
    expect(after.external_reducer).toBe('A. Student');
    expect(after.observers.map((u: any) => u.id)).toEqual([uploader.id]);
    // A change that would leave the arrays out of step is refused, and changes nothing.
    const bad = await server.request('PUT', `/api/spectra/${id}`, { token: uploader.token, body: { wavelengths: [4000, 5000] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/fluxes: has 3 values, but wavelengths has 2/);
    expect((await get(`/api/spectra/${id}`)).wavelengths).toEqual([4000, 5000, 6000]);
  });

  test("the owner deletes their spectrum; afterwards it answers as one that never existed (SkyPortal's 403)", async () => {
    const objId = await makeSource(server, [sitewide], uploader.token);
    const id = (
      await server.request('POST', '/api/spectra', {
        token: uploader.token,
        body: { obj_id: objId, instrument_id: sprat, observed_at: '2021-01-01', wavelengths: [1, 2], fluxes: [1, 2] },
      })
    ).body.data.id;
    expect((await server.request('DELETE', `/api/spectra/${id}`, { token: uploader.token })).status).toBe(200);
    expect(await countSpectra(server, objId)).toBe(0);
    const gone = await server.request('GET', `/api/spectra/${id}`, { token: uploader.token });
    const never = await server.request('GET', '/api/spectra/2147483000', { token: uploader.token });
    expect([gone.status, never.status]).toEqual([403, 403]);
    expect(gone.body.message).toBe(`Could not access spectrum ${id}.`);
  });

  test('a source with spectra cannot be deleted from under them', async () => {
    const objId = await makeSource(server, [sitewide]);
    await server.request('POST', '/api/spectra', {
      body: { obj_id: objId, instrument_id: sprat, observed_at: '2021-01-01', wavelengths: [1, 2], fluxes: [1, 2] },
    });
    const res = await server.request('DELETE', `/api/objs/${objId}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/remove all associated spectra/);
    expect(await countSpectra(server, objId)).toBe(1);
  });
});

describe('live', () => {
  test("a new spectrum reaches the source's followers in its groups, and a deleted one too", async () => {
    const objId = await makeSource(server, [sitewide], uploader.token);
    const watcher = await server.createUser({ username: uniqueId('watcher'), roles: ['Full user'] });
    const live = await server.subscribe(`source:${objId}`, { token: watcher.token });
    const { id } = (
      await server.request('POST', '/api/spectra', {
        token: uploader.token,
        body: { obj_id: objId, instrument_id: sprat, observed_at: '2021-01-01', wavelengths: [1, 2], fluxes: [1, 2], group_ids: [sitewide] },
      })
    ).body.data;
    expect(await live.next((m) => m.type === 'spectra.changed')).toMatchObject({ data: { obj_id: objId, spectrum_id: id, action: 'added' } });
    await server.request('DELETE', `/api/spectra/${id}`, { token: uploader.token });
    expect(await live.next((m) => m.type === 'spectra.changed')).toMatchObject({ data: { spectrum_id: id, action: 'deleted' } });
  });
});

describe('demo data', () => {
  test('the five real spectra load on their sources, visible to everyone, the ASCII ones as uploaded files; twice adds nothing', async () => {
    const loadDemo = server.app.hooks.of(coreHooks.loadDemo);
    const admin = (await server.request('GET', '/api/internal/profile')).body.data;
    const principal = (await server.app.principals.forSession(admin.id))!;
    await loadDemo.promise({ admin: principal });
    const ids = ['ZTF21aaqjmps', 'ZTFrlh6cyjh', 'ZTFe028h94k', '2021zac', 'ZTF20abpuxna'];
    const counts = async () => Promise.all(ids.map((id) => countSpectra(server, id)));
    expect(await counts()).toEqual([1, 1, 1, 1, 1]);
    await loadDemo.promise({ admin: principal });
    expect(await counts()).toEqual([1, 1, 1, 1, 1]);
    const viewer = await server.createUser({ username: uniqueId('viewer'), roles: ['View only'] });
    const [keck] = (await get('/api/sources/ZTF20abpuxna/spectra', { includeOriginalFile: 'true' }, viewer.token)).spectra;
    expect(keck.instrument_name).toBe('LRIS');
    expect(keck.wavelengths).toHaveLength(asciiColumns('ZTF20abpuxna_20200915_Keck1_v1.ascii').length);
    expect(keck.original_file_filename).toBe('ZTF20abpuxna_20200915_Keck1_v1.ascii');
    expect(keck.altdata.INSTRUME).toEqual({ value: 'LRIS+LRISBLUE', comment: 'Camera' });
    const [sprat] = (await get('/api/sources/ZTF21aaqjmps/spectra', {}, viewer.token)).spectra;
    expect(sprat).toMatchObject({ instrument_name: 'SPRAT', telescope_name: 'Liverpool Telescope', observed_at: '2021-04-03T02:28:19.921' });
  });
});
