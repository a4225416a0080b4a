/**
 * Bad input to the sources, telescope and instrument routes: each row is a request, the status it
 * gets and the field its message names; after each, no row of the plugin's tables changed.
 */
import { startTestServer, tryBadInput, type BadInput, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
let sitewide: number;
let telescopeId: number;
const TABLES = ['objs', 'sources', 'telescopes', 'instruments'];
const SAVED = 'inputs_saved_source';

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources'] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  telescopeId = (await server.request('POST', '/api/telescope', { body: { name: 'Inputs telescope', nickname: 'IT', diameter: 1 } })).body.data.id;
  expect((await server.request('POST', '/api/sources', { body: { id: SAVED, ra: 10, dec: 10, group_ids: [sitewide] } })).status).toBe(200);
});
afterAll(() => server.stop());

const source = (body: Record<string, unknown>, field: string): BadInput => ({
  method: 'POST',
  path: '/api/sources',
  body: { id: 'inputs_new_source', ra: 10, dec: 10, ...body },
  status: 400,
  field,
});
const search = (query: Record<string, string>, field: string): BadInput => ({ method: 'GET', path: '/api/sources', query, status: 400, field });
const change = (body: Record<string, unknown>, field: string): BadInput => ({ method: 'PATCH', path: `/api/sources/${SAVED}`, body, status: 400, field });
const telescope = (body: Record<string, unknown>, field: string): BadInput => ({
  method: 'POST',
  path: '/api/telescope',
  body: { name: 'Bad telescope', nickname: 'BT', diameter: 1, ...body },
  status: 400,
  field,
});
const instrument =
  (body: Record<string, unknown>, field: string): (() => BadInput) =>
  () => ({
    method: 'POST',
    path: '/api/instrument',
    body: { name: 'Bad instrument', type: 'imager', filters: ['ztfg'], telescope_id: telescopeId, ...body },
    status: 400,
    field,
  });

const CASES: [string, BadInput | (() => BadInput)][] = [
  // ids beyond the column's range
  ['group_ids past int4', source({ group_ids: [99999999999] }, 'group_ids[0]')],
  ['group_ids past int4 in a search', search({ group_ids: '1,99999999999' }, 'group_ids[1]')],
  ['group_id past int4 (DELETE)', { method: 'DELETE', path: `/api/sources/${SAVED}`, query: { group_id: '99999999999' }, status: 400, field: 'group_id' }],
  ['telescope id past int4', { method: 'GET', path: '/api/telescope/99999999999', status: 400, field: 'id' }],
  ['instrument id past int4', { method: 'GET', path: '/api/instrument/99999999999', status: 400, field: 'id' }],
  ['telescope_id past int4', instrument({ telescope_id: 99999999999 }, 'telescope_id')],
  ['telescope_id that wraps to 1 in 32 bits', instrument({ telescope_id: 4294967297 }, 'telescope_id')],
  // source ids: NUL, invisible, surrogates, length
  ['NUL in a source id', source({ id: 'a\u0000b' }, 'id')],
  ['a source id of two zero-width spaces', source({ id: '\u200b\u200b' }, 'id')],
  ['a zero-width space inside a source id', source({ id: 'ZTF21\u200baaqjmps' }, 'id')],
  ['a lone surrogate as a source id', source({ id: '\ud800' }, 'id')],
  ['a 3,000-character source id', source({ id: 's'.repeat(3000) }, 'id')],
  ['a slash in a source id', source({ id: 'a/b' }, 'id')],
  ['NUL in a source id in the path', { method: 'GET', path: '/api/sources/ab%00c', status: 400, field: 'id' }],
  ['NUL in sourceID', search({ sourceID: 'ZTF\u0000' }, 'sourceID')],
  // positions: ra within [-360, 720] everywhere (then normalised), refused beyond
  ['ra 720.5', source({ ra: 720.5 }, 'ra')],
  ['ra -361', source({ ra: -361 }, 'ra')],
  ['ra 1e300', source({ ra: 1e300 }, 'ra')],
  ['dec 91', source({ dec: 91 }, 'dec')],
  ['ra as text', source({ ra: '10' }, 'ra')],
  ['redshift -5', source({ redshift: -5 }, 'redshift')],
  ['redshift -1', source({ redshift: -1 }, 'redshift')],
  ['redshift 1e308', source({ redshift: 1e308 }, 'redshift')],
  ['PATCH ra 721', change({ ra: 721 }, 'ra')],
  ['PATCH redshift -5', change({ redshift: -5 }, 'redshift')],
  ['cone ra 1e300', search({ ra: '1e300', dec: '0', radius: '1' }, 'ra')],
  ['cone ra 721', search({ ra: '721', dec: '0', radius: '1' }, 'ra')],
  ['cone ra -1e300', search({ ra: '-1e300', dec: '0', radius: '1' }, 'ra')],
  ['cone ra in hex', search({ ra: '0x10', dec: '0', radius: '1' }, 'ra')],
  ['cone radius 0', search({ ra: '1', dec: '0', radius: '0' }, 'radius')],
  ['cone radius 1e308', search({ ra: '1', dec: '0', radius: '1e308' }, 'radius')],
  // dates outside PostgreSQL's (and ISO's) range
  ['savedAfter in year -200000', search({ savedAfter: '-200000-01-01T00:00:00Z' }, 'savedAfter')],
  ['savedBefore in year 275760', search({ savedBefore: '+275760-09-13T00:00:00Z' }, 'savedBefore')],
  ['savedAfter that does not exist', search({ savedAfter: '2021-02-30' }, 'savedAfter')],
  ['createdOrModifiedAfter that is not a date', search({ createdOrModifiedAfter: 'last tuesday' }, 'createdOrModifiedAfter')],
  // SkyPortal's own check (its test): a 104th month
  ['savedBefore with month 104', search({ savedBefore: '2020-104-01T00:00:01.2412' }, 'savedBefore')],
  ['minRedshift of -1', search({ minRedshift: '-1' }, 'minRedshift')],
  ['sortBy an unknown column', search({ sortBy: 'password' }, 'sortBy')],
  ['sortBy altdata without a key', search({ sortBy: 'altdata.' }, 'sortBy')],
  ['a hasTNSname that is no flag', search({ hasTNSname: 'maybe' }, 'hasTNSname')],
  ['NUL in rejectedSourceIDs', search({ rejectedSourceIDs: 'a,b\u0000' }, 'rejectedSourceIDs')],
  // the other Obj fields
  ['ra_dis 800', source({ ra_dis: 800 }, 'ra_dis')],
  ['a 1 MB obj altdata', source({ altdata: { blob: 'x'.repeat(1_000_000) } }, 'altdata')],
  ['a 20 KB obj altdata (PATCH)', change({ altdata: { blob: 'x'.repeat(20_000) } }, 'altdata')],
  ['altdata that is a list', source({ altdata: [1, 2] }, 'altdata')],
  ['transient as text', source({ transient: 'no' }, 'transient')],
  ['an alias of zero-width spaces', source({ alias: ['\u200b'] }, 'alias[0]')],
  ['a negative redshift_error', change({ redshift_error: -1 }, 'redshift_error')],
  ['a saver_per_group_id keyed by no group id', source({ saver_per_group_id: { public: 1 } }, 'saver_per_group_id')],
  ['pageNumber in hex', search({ pageNumber: '0x10' }, 'pageNumber')],
  // telescopes and instruments
  ['elevation -1e308', telescope({ elevation: -1e308 }, 'elevation')],
  ['lat 91', telescope({ lat: 91 }, 'lat')],
  ['diameter below 0', telescope({ diameter: -1 }, 'diameter')],
  ['a 5,000-character telescope name', telescope({ name: 'T'.repeat(5000) }, 'name')],
  ['NUL in a nickname', telescope({ nickname: 'N\u0000' }, 'nickname')],
  ['NUL in a telescope name query', { method: 'GET', path: '/api/telescope', query: { name: 'x\u0000' }, status: 400, field: 'name' }],
  ['an instrument name of zero-width spaces', instrument({ name: '\u200b\u200b' }, 'name')],
  ['NUL in a filter', instrument({ filters: ['ztfg\u0000'] }, 'filters[0]')],
  ['an unknown filter', instrument({ filters: ['ztfg', 'nosuch'] }, 'filters[1]')],
];

test.each(CASES)('%s', async (_name, row) => {
  const input = typeof row === 'function' ? row() : row;
  expect((await tryBadInput(server, input, TABLES)).problems).toEqual([]);
});

test('source ids are NFC-normalised: the decomposed spelling reads the same source', async () => {
  const composed = 'SN2024caf\u00e9';
  expect((await server.request('POST', '/api/sources', { body: { id: 'SN2024cafe\u0301', ra: 1, dec: 1, group_ids: [sitewide] } })).status).toBe(200);
  expect((await server.request('GET', `/api/sources/${encodeURIComponent(composed)}`)).body.data.id).toBe(composed);
  expect((await server.request('GET', `/api/sources/${encodeURIComponent('SN2024cafe\u0301')}`)).status).toBe(200);
});

test('ra is normalised into [0, 360) on every route: 360 and 720 are 0, -10 is 350, 500 is 140', async () => {
  const cases: [number, number][] = [
    [360, 0],
    [720, 0],
    [-10, 350],
    [500, 140],
    [-360, 0],
  ];
  for (const [given, stored] of cases) {
    const id = `inputs_ra_${String(given).replace('-', 'm')}`;
    expect((await server.request('POST', '/api/sources', { body: { id, ra: given, dec: 0, group_ids: [sitewide] } })).status).toBe(200);
    expect((await server.request('GET', `/api/sources/${id}`)).body.data.ra).toBe(stored);
  }
  expect((await server.request('PATCH', '/api/sources/inputs_ra_360', { body: { ra: -10 } })).status).toBe(200);
  expect((await server.request('GET', '/api/sources/inputs_ra_360')).body.data.ra).toBe(350);
  // A cone centred at 710 is the cone centred at 350.
  const cone = await server.request('GET', '/api/sources', { query: { ra: '710', dec: '0', radius: '0.001', sourceID: 'inputs_ra_' } });
  expect(cone.body.data.sources.map((s: { id: string }) => s.id).sort()).toEqual(['inputs_ra_360', 'inputs_ra_m10']);
});

test('ISO dates at the ends of the range are accepted (a date alone, a space before the time)', async () => {
  const res = await server.request('GET', '/api/sources', { query: { savedAfter: '2000-01-01', savedBefore: '9999-12-31 23:59:59' } });
  expect(res.status).toBe(200);
  expect(res.body.data.sources.map((s: { id: string }) => s.id)).toContain(SAVED);
});

test('the OpenAPI document states ranges and lengths', async () => {
  const doc = (await server.request('GET', '/api/openapi.json')).body;
  const body = doc.paths['/api/sources'].post.requestBody.content['application/json'].schema;
  expect(body.properties.ra).toMatchObject({ minimum: -360, maximum: 720 });
  expect(body.properties.ra.description).toMatch(/normalised into \[0, 360\)/);
  expect(body.properties.dec).toMatchObject({ minimum: -90, maximum: 90 });
  expect(body.properties.id).toMatchObject({ maxLength: 200 });
  const cone = Object.fromEntries(doc.paths['/api/sources'].get.parameters.map((p: { name: string; schema: unknown }) => [p.name, p.schema]));
  expect(cone.ra).toMatchObject({ minimum: -360, maximum: 720 });
  expect(cone.radius).toMatchObject({ exclusiveMinimum: 0, maximum: 180 });
  const telescopeBody = doc.paths['/api/telescope'].post.requestBody.content['application/json'].schema;
  expect(telescopeBody.properties.elevation.anyOf ?? [telescopeBody.properties.elevation]).toContainEqual(expect.objectContaining({ minimum: -11_000 }));
});
