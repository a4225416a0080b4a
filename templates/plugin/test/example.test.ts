import { startTestServer, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: [{ plugin: new URL('..', import.meta.url), options: { greeting: 'Clear skies' } }] });
});
afterAll(() => server.stop());

test('the plugin answers with its configured option', async () => {
  const res = await server.request('GET', '/api/example/hello', { token: null });
  expect(res.status).toBe(200);
  expect(res.body.data.message).toBe('Clear skies from the example plugin');
});

test('its ACL is known to the site and held by super admins only', async () => {
  const acls = await server.request('GET', '/api/acls');
  expect(acls.body.data).toContain('Write notes');
  const user = await server.createUser({ roles: ['Full user'] });
  const res = await server.request('POST', '/api/example/notes', { token: user.token, body: { text: 'hi', group_ids: [user.singleUserGroupId] } });
  expect(res.status).toBe(401);
});

test('a note is visible through its group only (404 for others)', async () => {
  const writer = await server.createUser();
  const other = await server.createUser();
  await server.request('POST', `/api/user/${writer.id}/roles`, { body: { roleIds: ['Super admin'] } });
  const made = await server.request('POST', '/api/example/notes', { body: { text: 'seen by writer', group_ids: [writer.singleUserGroupId] } });
  expect(made.status).toBe(200);
  const id = made.body.data.id;
  expect((await server.request('GET', `/api/example/notes/${id}`, { token: writer.token })).status).toBe(200);
  expect((await server.request('GET', `/api/example/notes/${id}`, { token: other.token })).status).toBe(404);
});

test('its migrations are recorded under the plugin name', async () => {
  const names = await server.knex('knex_migrations').pluck('name');
  expect(names).toEqual(expect.arrayContaining(['core/001_core.ts', 'example/001_notes.ts']));
});
