/**
 * Bad input to the group routes: each row is a request, the status it gets and the field its
 * message names; after each, no row of any group table changed.
 */
import { startTestServer, tryBadInput, type BadInput, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
let groupId: number;
const TABLES = ['groups', 'group_users', 'users'];
const OTHER = { name: 'Existing group', nickname: 'existing' };

beforeAll(async () => {
  server = await startTestServer();
  groupId = await server.createGroup('Group under test');
  await server.request('POST', '/api/groups', { body: OTHER });
});
afterAll(() => server.stop());

/** JSON text nested `levels` deep (as text: some JSON.stringify stacks are shallower than the server's limit). */
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const post = (body: unknown, field: string, status = 400): BadInput => ({ method: 'POST', path: '/api/groups', body, status, field });
const patch = (body: unknown, field: string, status = 400): BadInput => ({ method: 'PATCH', path: `/api/groups/${groupId}`, body, status, field });

const CASES: [string, BadInput | (() => BadInput)][] = [
  // ids beyond the column's range (int4): a 400, not a query that fails
  ['group id past int4', { method: 'GET', path: '/api/groups/99999999999', status: 400, field: 'id' }],
  ['group id past int4 (DELETE)', { method: 'DELETE', path: '/api/groups/99999999999', status: 400, field: 'id' }],
  ['group id in hex', { method: 'GET', path: '/api/groups/0x10', status: 400, field: 'id' }],
  ['group id 0', { method: 'GET', path: '/api/groups/0', status: 400, field: 'id' }],
  ['group_admins past int4', post({ name: 'g-admins', group_admins: [99999999999] }, 'group_admins[0]')],
  ['userID past int4', () => ({ method: 'POST', path: `/api/groups/${groupId}/users`, body: { userID: 99999999999 }, status: 400, field: 'userID' })],
  ['user_id past int4 in the path', () => ({ method: 'DELETE', path: `/api/groups/${groupId}/users/4294967297`, status: 400, field: 'user_id' })],
  // NUL in text, paths and queries
  ['NUL in a name', post({ name: 'a\u0000b' }, 'name')],
  ['NUL in a description', post({ name: 'nul-desc', description: 'x\u0000' }, 'description')],
  ['NUL in a key', post({ name: 'nul-key', 'k\u0000': 1 }, '["k\\u0000"]')],
  ['NUL in the path', { method: 'GET', path: '/api/groups/1%00', status: 400, field: 'id' }],
  ['NUL in a query', { method: 'GET', path: '/api/groups', query: { includeSingleUserGroups: 'true\u0000' }, status: 400, field: 'includeSingleUserGroups' }],
  // lengths and Unicode where text names things
  ['a 5,000-character name', post({ name: 'x'.repeat(5000) }, 'name')],
  ['a 5,000-character name (PATCH)', () => patch({ name: 'x'.repeat(5000) }, 'name')],
  ['a 200-character nickname', post({ name: 'long-nick', nickname: 'n'.repeat(200) }, 'nickname')],
  ['a name of two zero-width spaces', post({ name: '\u200b\u200b' }, 'name')],
  ['a name of spaces', () => patch({ name: '   ' }, 'name')],
  ['a lone surrogate in a name', post({ name: 'x\ud800' }, 'name')],
  ['a control character in a name', post({ name: 'bell\u0007' }, 'name')],
  ['a 20,000-character description', post({ name: 'long-desc', description: 'd'.repeat(20_000) }, 'description')],
  // JSON nested 5,000 deep
  ['JSON nested 5,000 deep', post(`{"name":"deep","description":${deep(5000)}}`, 'description')],
  ['JSON nested 33 deep', post(`{"name":"deep","description":${deep(32)}}`, 'description')],
  // unique names: 409 naming the field
  ['PATCH to an existing name', () => patch({ name: OTHER.name }, 'name', 409)],
  ['PATCH to an existing nickname', () => patch({ nickname: OTHER.nickname }, 'nickname', 409)],
  ['POST an existing name', post({ name: OTHER.name }, 'name', 409)],
];

test.each(CASES)('%s', async (_name, row) => {
  const input = typeof row === 'function' ? row() : row;
  expect((await tryBadInput(server, input, TABLES)).problems).toEqual([]);
});

test('names are stored NFC-normalised and trimmed, so one name is one group', async () => {
  const decomposed = '  Cafe\u0301 observers ';
  const made = await server.request('POST', '/api/groups', { body: { name: decomposed } });
  expect(made.status).toBe(200);
  const group = await server.request('GET', `/api/groups/${made.body.data.id}`);
  expect(group.body.data.name).toBe('Café observers');
  const again = await server.request('POST', '/api/groups', { body: { name: 'Café observers' } });
  expect(again.status).toBe(409);
  expect(again.body.message).toMatch(/^name: /);
});

test('the OpenAPI document states the bounds of group fields', async () => {
  const doc = (await server.request('GET', '/api/openapi.json')).body;
  const body = doc.paths['/api/groups'].post.requestBody.content['application/json'].schema;
  expect(body.properties.name).toMatchObject({ type: 'string', maxLength: 200, minLength: 1 });
  expect(body.properties.description).toMatchObject({ maxLength: 10_000 });
  expect(body.properties.group_admins.items).toMatchObject({ type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 });
  const id = doc.paths['/api/groups/{id}'].get.parameters.find((p: { name: string }) => p.name === 'id');
  expect(id.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 });
});
