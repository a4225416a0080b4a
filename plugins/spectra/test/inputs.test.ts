/**
 * Bad input to the spectra routes: each row is a request, the status it gets and the field its
 * message names; after each, no spectrum, group link or person link was stored or changed.
 */
import { startTestServer, tryBadInput, uniqueId, type BadInput, type TestServer } from '@skyportal/test-kit';
import { demoText, makeSource, makeSpectrograph } from './helpers.js';

let server: TestServer;
let instrument: number;
let objId: string;
let spectrumId: number;
const TABLES = ['spectra', 'spectrum_groups', 'spectrum_people'];

beforeAll(async () => {
  // Small limits, so the bounds are reached with small requests.
  server = await startTestServer({ plugins: ['sources', { plugin: new URL('..', import.meta.url), options: { maxPixels: 1000, maxFileBytes: 50_000 } }] });
  const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  instrument = await makeSpectrograph(server);
  objId = await makeSource(server, [sitewide]);
  spectrumId = (await server.request('POST', '/api/spectra', { body: spectrum() })).body.data.id;
});

function spectrum(fields: Record<string, unknown> = {}) {
  return { obj_id: objId, instrument_id: instrument, observed_at: '2021-04-03T02:28:19', wavelengths: [4000, 5000, 6000], fluxes: [1, 2, 3], ...fields };
}
const post = (body: unknown, field: string, status = 400): BadInput => ({ method: 'POST', path: '/api/spectra', body, field, status });
const put = (body: unknown, field: string, status = 400): BadInput => ({ method: 'PUT', path: `/api/spectra/${spectrumId}`, body, field, status });
const ascii = (fields: Record<string, unknown>, field: string, path = '/api/spectra/ascii'): BadInput => ({
  method: 'POST',
  path,
  body: { ascii: '4000 1\n5000 2\n6000 3\n', filename: 'x.txt', obj_id: objId, instrument_id: instrument, observed_at: '2021-04-03', ...fields },
  field,
  status: 400,
});
const { wavelengths: _w, ...withoutWavelengths } = spectrum();

const CASES: [string, () => BadInput][] = [
  ['no wavelengths', () => post(withoutWavelengths, 'wavelengths')],
  ['fluxes not lined up with wavelengths', () => post(spectrum({ fluxes: [1, 2] }), 'fluxes')],
  ['errors not lined up', () => post(spectrum({ errors: [0.1] }), 'errors')],
  ['a negative wavelength', () => post(spectrum({ wavelengths: [4000, -5000, 6000] }), 'wavelengths[1]')],
  ['a zero wavelength', () => post(spectrum({ wavelengths: [0, 5000, 6000] }), 'wavelengths[0]')],
  ['a wavelength that is text', () => post(spectrum({ wavelengths: [4000, '5000', 6000] }), 'wavelengths[1]')],
  ['a null flux', () => post(spectrum({ fluxes: [1, null, 3] }), 'fluxes[1]')],
  ['a negative error', () => post(spectrum({ errors: [0.1, -0.1, 0.1] }), 'errors[1]')],
  [
    'more pixels than allowed',
    () => post(spectrum({ wavelengths: Array.from({ length: 1001 }, (_, i) => i + 1), fluxes: Array(1001).fill(1) }), 'wavelengths'),
  ],
  ['no pixels at all', () => post(spectrum({ wavelengths: [], fluxes: [] }), 'wavelengths')],
  ['an unknown type (SkyPortal: Must be one of)', () => post(spectrum({ type: 'rainbow' }), 'type')],
  ['unknown units', () => post(spectrum({ units: 'mJy' }), 'units')],
  ['a date that is no date', () => post(spectrum({ observed_at: '2021-02-30' }), 'observed_at')],
  ['no instrument_id (not a database error)', () => post(spectrum({ instrument_id: undefined }), 'instrument_id')],
  ['an instrument that does not exist', () => post(spectrum({ instrument_id: 2_000_000 }), 'instrument_id')],
  ['a source nobody saved', () => post(spectrum({ obj_id: 'no-such-source' }), 'obj_id')],
  ['a group that does not exist', () => post(spectrum({ group_ids: [2_000_000] }), 'group_ids')],
  ['group_ids that is neither a list nor "all"', () => post(spectrum({ group_ids: 'some' }), 'group_ids')],
  ['a reducer who does not exist', () => post(spectrum({ reduced_by: [2_000_000] }), 'reduced_by')],
  ['an external PI without a point of contact', () => post(spectrum({ external_pi: 'Someone Else' }), 'external_pi')],
  ['an unknown field', () => post(spectrum({ magnitude: 3 }), 'body')],
  ['a follow-up request (none exist here)', () => post(spectrum({ followup_request_id: 3 }), 'followup_request_id')],
  ['altdata that is not an object', () => post(spectrum({ altdata: [1, 2] }), 'altdata')],
  ['altdata larger than 256 KiB', () => post(spectrum({ altdata: { notes: 'x'.repeat(300_000) } }), 'altdata')],
  ['a label of 501 characters', () => post(spectrum({ label: 'x'.repeat(501) }), 'label')],
  ['PUT: owner_id is not changeable', () => put({ owner_id: 1 }, 'body')],
  ['PUT: wavelengths that no longer line up', () => put({ wavelengths: [4000, 5000] }, 'fluxes')],
  ['PUT: a source nobody saved', () => put({ obj_id: 'no-such-source' }, 'obj_id')],
  ['ASCII: rows of different widths (SkyPortal’s .bad file)', () => ascii({ ascii: '4000 1 0.1\n5000 2\n' }, 'ascii')],
  ['ASCII: a flux that is not a number, named by line', () => ascii({ ascii: '# header\n4000 1\n5000 lots\n' }, 'fluxes')],
  ['ASCII: a negative wavelength', () => ascii({ ascii: '4000 1\n-5000 2\n' }, 'wavelengths')],
  ['ASCII: one column', () => ascii({ ascii: '4000\n5000\n' }, 'ascii')],
  ['ASCII: only a header', () => ascii({ ascii: '# OBJECT = x\n' }, 'ascii')],
  ['ASCII: an error column the file lacks', () => ascii({ fluxerr_column: 2 }, 'fluxerr_column')],
  ['ASCII: a negative column', () => ascii({ wave_column: -1 }, 'wave_column')],
  ['ASCII: a file over the size limit', () => ascii({ ascii: '4000 1\n'.repeat(8000) }, 'ascii')],
  ['ASCII: more rows than pixels allowed', () => ascii({ ascii: '4000 1\n'.repeat(1001) }, 'ascii')],
  ['ASCII: no filename', () => ascii({ filename: undefined }, 'filename')],
  ['ASCII: parse with an unknown field', () => ascii({}, 'body', '/api/spectra/parse/ascii')],
  [
    'list: an instrument id that is text (SkyPortal’s words)',
    () => ({ method: 'GET', path: '/api/spectra', query: { instrumentIDs: 'free text' }, field: 'instrumentIDs', status: 400 }),
  ],
  [
    'list: an instrument that does not exist',
    () => ({ method: 'GET', path: '/api/spectra', query: { instrumentIDs: `${instrument}, 2000000` }, field: 'instrumentIDs', status: 400 }),
  ],
  ['list: an unknown type', () => ({ method: 'GET', path: '/api/spectra', query: { type: 'rainbow' }, field: 'type', status: 400 })],
  ['list: a date that is no date', () => ({ method: 'GET', path: '/api/spectra', query: { observedAfter: 'yesterday' }, field: 'observedAfter', status: 400 })],
  [
    'source route: an unknown normalization',
    () => ({ method: 'GET', path: `/api/sources/${objId}/spectra`, query: { normalization: 'max' }, field: 'normalization', status: 400 }),
  ],
  [
    'sources: hasSpectrumAfter that is no date',
    () => ({ method: 'GET', path: '/api/sources', query: { hasSpectrumAfter: 'soon' }, field: 'hasSpectrumAfter', status: 400 }),
  ],
];

test.each(CASES)('%s: 400 naming the field, nothing stored', async (_name, make) => {
  expect((await tryBadInput(server, make(), TABLES)).problems).toEqual([]);
});

test("SkyPortal's words where its clients look for them", async () => {
  const type = await server.request('POST', '/api/spectra', { body: spectrum({ type: 'rainbow' }) });
  expect(type.body.message).toContain('Must be one of: source, host, host_center.');
  const listType = await server.request('GET', '/api/spectra', { query: { type: 'rainbow' } });
  expect(listType.body.message).toContain('not in list of allowed spectrum types');
  expect((await server.request('GET', '/api/spectra', { query: { instrumentIDs: 'free text' } })).body.message).toContain(
    'Could not parse all elements to integers',
  );
  expect((await server.request('GET', '/api/spectra', { query: { instrumentIDs: '2000000' } })).body.message).toContain('Not all Instrument IDs');
});

test("SkyPortal's bad Keck file (a row with one column too many) is refused naming its line", async () => {
  // The real file with one data row given a ninth column, as SkyPortal's own .bad test file has.
  // Its header and first 200 rows (this server takes files of 50 kB).
  const all = demoText('ZTF20abpuxna_20200915_Keck1_v1.ascii').split('\n');
  const first = all.findIndex((line) => line.trim() && !line.startsWith('#'));
  const lines = all.slice(0, first + 200);
  const row = first + 40;
  lines[row] = `${lines[row]}  7`;
  const res = await server.request('POST', '/api/spectra/parse/ascii', { body: { ascii: lines.join('\n'), fluxerr_column: 3 } });
  expect(res.status).toBe(400);
  expect(res.body.message).toBe(`ascii: line ${row + 1} has 9 columns, expected 8 as on line ${row - 39}`);
});

test('a user who is not in the group gets 403 naming group_ids, and nothing is stored', async () => {
  const outsider = await server.createUser({ username: uniqueId('outsider'), roles: ['Full user'] });
  const group = await server.createGroup(uniqueId('closed'));
  expect((await tryBadInput(server, { ...post(spectrum({ group_ids: [group] }), 'group_ids', 403), token: outsider.token }, TABLES)).problems).toEqual([]);
});
