/**
 * Bad input to the photometry routes: each row is a request, the status it gets and the field its
 * message names; after each, no point or group link was stored or changed. The server runs with
 * the default options (100,000 rows a post, its 64 MB body limit), as a site does.
 */
import { startTestServer, tryBadInput, type BadInput, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
let ztf: number;
let pointId: number;
const OBJ = 'inputs_phot_source';
const TABLES = ['photometry', 'photometry_groups'];

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry'] });
  const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  const telescope = await server.request('POST', '/api/telescope', { body: { name: 'Inputs 48-inch', nickname: 'I48', diameter: 1.2 } });
  ztf = (
    await server.request('POST', '/api/instrument', { body: { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr'], telescope_id: telescope.body.data.id } })
  ).body.data.id;
  expect((await server.request('POST', '/api/sources', { body: { id: OBJ, ra: 10, dec: 20, group_ids: [sitewide] } })).status).toBe(200);
  const stored = await server.request('POST', '/api/photometry', { body: { ...magnitudes(), mjd: 58000 } });
  expect(stored.status).toBe(200);
  pointId = stored.body.data.ids[0];
});
afterAll(() => server.stop());

const magnitudes = (fields: Record<string, unknown> = {}) => ({
  obj_id: OBJ,
  instrument_id: ztf,
  mjd: 59000,
  filter: 'ztfg',
  magsys: 'ab',
  mag: 19,
  magerr: 0.1,
  ...fields,
});
const fluxes = (fields: Record<string, unknown> = {}) => ({
  obj_id: OBJ,
  instrument_id: ztf,
  mjd: 59000,
  filter: 'ztfg',
  magsys: 'ab',
  flux: 100,
  fluxerr: 5,
  zp: 23.9,
  ...fields,
});
const limit = (fields: Record<string, unknown> = {}) => ({
  obj_id: OBJ,
  instrument_id: ztf,
  mjd: 59000,
  filter: 'ztfg',
  magsys: 'ab',
  mag: null,
  magerr: null,
  limiting_mag: 21,
  ...fields,
});
const upload =
  (body: () => unknown, field: string, method = 'POST'): (() => BadInput) =>
  () => ({ method, path: '/api/photometry', body: body(), status: 400, field });
const change =
  (body: Record<string, unknown>, field: string): (() => BadInput) =>
  () => ({ method: 'PATCH', path: `/api/photometry/${pointId}`, body, status: 400, field });

const CASES: [string, () => BadInput][] = [
  // ids beyond the column's range
  ['instrument_id that wraps to this instrument in 32 bits', upload(() => magnitudes({ instrument_id: 2 ** 32 + ztf }), 'instrument_id')],
  ['instrument_id past int4', upload(() => magnitudes({ instrument_id: 99999999999 }), 'instrument_id')],
  ['instrument_id in hex', upload(() => magnitudes({ instrument_id: '0x1' }), 'instrument_id')],
  ['group_ids past int4', upload(() => magnitudes({ group_ids: [99999999999] }), 'group_ids[0]')],
  ['group_ids past int4 (PUT)', upload(() => magnitudes({ group_ids: [4294967297] }), 'group_ids[0]', 'PUT')],
  // NUL, invisible and broken text
  ['NUL in obj_id', upload(() => magnitudes({ obj_id: `${OBJ}\u0000` }), 'obj_id')],
  ['NUL in origin', upload(() => magnitudes({ origin: 'fp\u0000' }), 'origin')],
  ['NUL in a filter list', upload(() => magnitudes({ filter: ['ztfg\u0000'] }), 'filter[0]')],
  ['NUL in altdata', upload(() => magnitudes({ altdata: { note: 'a\u0000b' } }), 'altdata.note')],
  ['a lone surrogate in altdata', upload(() => magnitudes({ altdata: { note: '\udc00' } }), 'altdata.note')],
  ['a lone surrogate as obj_id', upload(() => magnitudes({ obj_id: '\ud800' }), 'obj_id')],
  ['an obj_id of two zero-width spaces', upload(() => magnitudes({ obj_id: '\u200b\u200b' }), 'obj_id')],
  ['a 3,000-character origin', upload(() => magnitudes({ origin: 'o'.repeat(3000) }), 'origin')],
  ['a 5 MB altdata on one point', upload(() => magnitudes({ altdata: { blob: 'x'.repeat(5_000_000) } }), 'altdata')],
  ['a 5 KB altdata row in a list', upload(() => magnitudes({ mjd: [1, 2], altdata: [{}, { blob: 'x'.repeat(5000) }] }), 'altdata[1]')],
  [
    'altdata nested 5,000 deep',
    () => ({
      method: 'POST',
      path: '/api/photometry',
      body: JSON.stringify(magnitudes()).replace(/}$/, `,"altdata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`),
      status: 400,
      field: 'altdata',
    }),
  ],
  // numbers that are not finite after conversion, or outside their physical range
  ['mag -1000', upload(() => magnitudes({ mag: -1000 }), 'mag')],
  ['mag in a list, row 1', upload(() => magnitudes({ mjd: [1, 2], mag: [19, 1000], magerr: [0.1, 0.1] }), 'mag[1]')],
  ['magerr 1e308', upload(() => magnitudes({ magerr: 1e308 }), 'magerr')],
  ['zp -1000', upload(() => fluxes({ zp: -1000 }), 'zp')],
  ['flux 1e308', upload(() => fluxes({ flux: 1e308 }), 'flux')],
  ['a flux beyond any source after conversion (zp -60)', upload(() => fluxes({ flux: 1e29, fluxerr: 1, zp: -60 }), 'flux')],
  ['a fluxerr that converts to 0 (zp 60)', upload(() => fluxes({ fluxerr: 1e-320, zp: 60 }), 'fluxerr')],
  ['limiting_mag 1e308', upload(() => limit({ limiting_mag: 1e308 }), 'limiting_mag')],
  ['limiting_mag -1e308', upload(() => limit({ limiting_mag: -1e308 }), 'limiting_mag')],
  ['limiting_mag 99 (a placeholder) for a non-detection', upload(() => limit({ limiting_mag: 99 }), 'limiting_mag')],
  ['limiting_mag_nsigma 1e-320', upload(() => limit({ limiting_mag_nsigma: 1e-320 }), 'limiting_mag_nsigma')],
  ['mjd 1e308', upload(() => magnitudes({ mjd: 1e308 }), 'mjd')],
  ['mjd "0x10" (hex text)', upload(() => magnitudes({ mjd: '0x10' }), 'mjd')],
  ['mjd "Infinity"', upload(() => magnitudes({ mjd: 'Infinity' }), 'mjd')],
  [
    'mjd 1e309 (Infinity in JSON)',
    () => ({ method: 'POST', path: '/api/photometry', body: JSON.stringify(magnitudes()).replace('"mjd":59000', '"mjd":1e309'), status: 400, field: 'mjd' }),
  ],
  ['ra_unc -1', upload(() => magnitudes({ ra_unc: -1 }), 'ra_unc')],
  ['ra 1e300', upload(() => magnitudes({ ra: 1e300 }), 'ra')],
  ['ra -361', upload(() => magnitudes({ ra: -361 }), 'ra')],
  ['dec 91', upload(() => magnitudes({ dec: 91 }), 'dec')],
  // one point at a time
  ['PATCH mag 1e308', change({ mag: 1e308, magerr: 0.1, magsys: 'ab' }, 'mag')],
  ['PATCH instrument_id that wraps in 32 bits', change({ instrument_id: 4294967297 }, 'instrument_id')],
  ['PATCH group_ids past int4', change({ group_ids: [99999999999] }, 'group_ids[0]')],
  ['PATCH a 10 KB altdata', change({ altdata: { blob: 'x'.repeat(10_000) } }, 'altdata')],
  ['PATCH NUL in origin', change({ origin: '\u0000' }, 'origin')],
  ['point id past 2^53', () => ({ method: 'GET', path: '/api/photometry/99999999999999999999', status: 400, field: 'id' })],
  ['NUL in a source id in the path', () => ({ method: 'GET', path: '/api/sources/a%00b/photometry', status: 400, field: 'id' })],
  [
    'a 2,000-character fields list',
    () => ({ method: 'GET', path: `/api/sources/${OBJ}/photometry`, query: { fields: 'mjd,'.repeat(500) }, status: 400, field: 'fields' }),
  ],
];

test.each(CASES)('%s', async (_name, row) => {
  const input = row();
  expect((await tryBadInput(server, input, TABLES)).problems).toEqual([]);
});

test("a point's ra is normalised into [0, 360), as on every route", async () => {
  const res = await server.request('POST', '/api/photometry', { body: magnitudes({ mjd: [59010, 59011], ra: [360, -10], dec: 0 }) });
  expect(res.status).toBe(200);
  const points = await Promise.all(res.body.data.ids.map(async (id: number) => (await server.request('GET', `/api/photometry/${id}`)).body.data.ra));
  expect(points).toEqual([0, 350]);
});

test("faint magnitudes as SkyPortal's own tests post them (50, 55) are accepted; 101 is not", async () => {
  expect((await server.request('POST', '/api/photometry', { body: magnitudes({ mjd: 59020, mag: 55 }) })).status).toBe(200);
  expect((await server.request('POST', '/api/photometry', { body: magnitudes({ mjd: 59021, mag: 50 }) })).status).toBe(200);
  const tooFaint = await server.request('POST', '/api/photometry', { body: magnitudes({ mjd: 59022, mag: 101 }) });
  expect(tooFaint.status).toBe(400);
  expect(tooFaint.body.message).toMatch(/^mag: Invalid value: must be within \[-30, 100\]/);
});

test('placeholder limits beside a detection are kept as uploaded (real survey files carry 99)', async () => {
  const res = await server.request('POST', '/api/photometry', { body: magnitudes({ mjd: 59001, limiting_mag: 99 }) });
  expect(res.status).toBe(200);
  const point = (await server.request('GET', `/api/photometry/${res.body.data.ids[0]}`)).body.data;
  expect(point.mag).toBeCloseTo(19, 9);
  expect(point.limiting_mag).toBe(99);
});

test('CSV cells that a spreadsheet would run as a formula are neutralised; numbers are not', async () => {
  const origin = '=HYPERLINK("http://evil.example","click")';
  const res = await server.request('POST', '/api/photometry', { body: fluxes({ mjd: 59002, origin, flux: -3 }) });
  expect(res.status).toBe(200);
  const csv = await server.request('GET', `/api/sources/${OBJ}/photometry`, { query: { output: 'csv', format: 'flux' } });
  const header = csv.text.split('\n')[0]!.split(',');
  const line = csv.text.split('\n').find((l) => l.includes('HYPERLINK'))!;
  expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  expect(line).not.toMatch(/(^|,)"?=/);
  // The negative flux stays a number.
  const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, ''));
  expect(cells[header.indexOf('flux')]).toBe('-3');
  for (const prefix of ['+', '-', '@', '\t']) {
    const again = await server.request('POST', '/api/photometry', { body: fluxes({ mjd: 59003, origin: `${prefix}cmd|' /C calc'!A0` }) });
    expect(again.status).toBe(200);
  }
  const all = (await server.request('GET', `/api/sources/${OBJ}/photometry`, { query: { output: 'csv' } })).text;
  for (const cell of all.split('\n').flatMap((l) => l.split(','))) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+@\t]|^-[^0-9.]/);
});

test('the OpenAPI document states every upload field’s range', async () => {
  const doc = (await server.request('GET', '/api/openapi.json')).body;
  const fields = doc.paths['/api/photometry'].post.requestBody.content['application/json'].schema.properties;
  expect(fields.mjd.anyOf[0]).toMatchObject({ type: 'number', minimum: -100_000, maximum: 100_000 });
  expect(fields.ra.anyOf[0]).toMatchObject({ minimum: -360, maximum: 720 });
  expect(fields.zp.anyOf[0]).toMatchObject({ minimum: -60, maximum: 60 });
  expect(fields.instrument_id.anyOf[0]).toMatchObject({ type: 'integer', maximum: 2 ** 31 - 1 });
  expect(fields.origin.anyOf[0]).toMatchObject({ type: 'string', maxLength: 200 });
  expect(fields.altdata.description).toMatch(/4096 bytes/);
  expect(fields.mag.anyOf[1]).toMatchObject({ type: 'array', maxItems: 10_000 });
  expect(fields.ref_zp.anyOf[0]).toMatchObject({ minimum: -60, maximum: 60 });
});
