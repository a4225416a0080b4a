/**
 * The site as shipped (every plugin of config/default.yaml, with its options) with thumbnails
 * switched off: the others start and serve as before, and nothing of thumbnails is left (no routes,
 * no table, no field on sources).
 */
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '@skyportal/test-kit';
import { parse } from 'yaml';
import { makeSource } from './helpers.js';

type PluginEntry = { enabled?: boolean; options?: Record<string, unknown> };
const shipped: Record<string, PluginEntry> = parse(readFileSync(new URL('../../../config/default.yaml', import.meta.url), 'utf8')).plugins;
const others = Object.entries(shipped).filter(([name, entry]) => name !== 'thumbnails' && entry.enabled !== false);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    plugins: others.map(([name, entry]) => (entry.options ? { plugin: name, options: entry.options } : name)),
    config: { plugins: { thumbnails: { enabled: false } } },
  });
});

test('the shipped config enables thumbnails, and the site starts without it', async () => {
  expect(shipped.thumbnails?.enabled).toBe(true);
  const plugins = (await server.request('GET', '/api/plugins', { token: null })).body.data.plugins.map((p: { name: string }) => p.name);
  expect(plugins).toContain('sources');
  expect(plugins).not.toContain('thumbnails');
});

test('its routes, table and source field are gone; sources serve as before', async () => {
  expect((await server.request('GET', '/api/thumbnail/1')).status).toBe(404);
  expect((await server.request('POST', '/api/thumbnail', { body: { obj_id: 'x', data: 'AAAA', ttype: 'new' } })).status).toBe(404);
  expect(await server.knex.schema.hasTable('thumbnails')).toBe(false);
  const objId = await makeSource(server, []);
  const source = await server.request('GET', `/api/sources/${objId}`, { query: { includeThumbnails: 'true' } });
  expect(source.status).toBe(200);
  expect(source.body.data.id).toBe(objId);
  expect(source.body.data.thumbnails).toBeUndefined();
  // An obj without thumbnails is deleted as before.
  expect((await server.request('DELETE', `/api/objs/${objId}`)).status).toBe(200);
});
