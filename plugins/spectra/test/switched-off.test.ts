/**
 * The site as shipped (every plugin of config/default.yaml, with its options) with spectra switched
 * off, as an admin would (`spectra: { enabled: false }`): the others start, load their demo data and
 * serve as before, and nothing of spectra is left behind (no routes, no tables, no fields).
 */
import { readFileSync } from 'node:fs';
import { coreHooks } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';
import { parse } from 'yaml';

type PluginEntry = { enabled?: boolean; options?: Record<string, unknown> };
const shipped: Record<string, PluginEntry> = parse(readFileSync(new URL('../../../config/default.yaml', import.meta.url), 'utf8')).plugins;
const others = Object.entries(shipped).filter(([name, entry]) => name !== 'spectra' && entry.enabled !== false);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    plugins: others.map(([name, entry]) => (entry.options ? { plugin: name, options: entry.options } : name)),
    config: { plugins: { spectra: { enabled: false } } },
  });
});

test('the shipped config enables spectra, and the site starts without it', async () => {
  expect(shipped.spectra?.enabled).toBe(true);
  const plugins = (await server.request('GET', '/api/plugins', { token: null })).body.data.plugins.map((p: { name: string }) => p.name);
  expect(plugins).toEqual(expect.arrayContaining(['sources', 'photometry']));
  expect(plugins).not.toContain('spectra');
});

test("spectra's routes and tables are gone", async () => {
  for (const path of ['/api/spectra', '/api/spectrum', '/api/spectra/1', '/api/sources/ZTF21aaqjmps/spectra']) {
    expect((await server.request('GET', path)).status).toBe(404);
  }
  expect((await server.request('POST', '/api/spectra/parse/ascii', { body: { ascii: '4000 1\n4001 2\n' } })).status).toBe(404);
  expect(await server.knex.schema.hasTable('spectra')).toBe(false);
});

test('sources and photometry work as before: demo data, a new source with its light curve, the list', async () => {
  const admin = (await server.request('GET', '/api/internal/profile')).body.data;
  await server.app.hooks.of(coreHooks.loadDemo).promise({ admin: (await server.app.principals.forSession(admin.id))! });
  const demo = await server.request('GET', '/api/sources/ZTF18aabcvnq/photometry');
  expect(demo.status).toBe(200);
  expect(demo.body.data).toHaveLength(497);

  const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  const objId = uniqueId('obj');
  expect((await server.request('POST', '/api/sources', { body: { id: objId, ra: 202.505, dec: 13.411, group_ids: [sitewide] } })).status).toBe(200);
  const ztf = (await server.request('GET', '/api/instrument', { query: { name: 'ZTF' } })).body.data[0].id;
  const points = await server.request('POST', '/api/photometry', {
    body: {
      obj_id: objId,
      instrument_id: ztf,
      mjd: [59000, 59001],
      filter: 'ztfg',
      magsys: 'ab',
      flux: [120, 140],
      fluxerr: [5, 5],
      zp: 23.9,
      group_ids: [sitewide],
    },
  });
  expect(points.status).toBe(200);
  const source = await server.request('GET', `/api/sources/${objId}`, { query: { includePhotometry: 'true', includeSpectrumExists: 'true' } });
  expect(source.status).toBe(200);
  expect(source.body.data.photometry).toHaveLength(2);
  // Nobody adds spectrum_exists: the field is absent, not a false claim that there is no spectrum.
  expect(source.body.data).not.toHaveProperty('spectrum_exists');
  const listed = await server.request('GET', '/api/sources', { query: { sourceID: objId } });
  expect(listed.status).toBe(200);
  expect(listed.body.data.sources.map((s: { id: string }) => s.id)).toEqual([objId]);
});
