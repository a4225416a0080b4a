/**
 * Bad input to the user, token and sign-in routes: each row is a request, the status it gets and
 * the field its message names; after each, no row of the account tables changed.
 */
import { startTestServer, tryBadInput, type BadInput, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
const TABLES = ['users', 'groups', 'group_users', 'user_roles', 'user_acls', 'tokens', 'sessions'];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const newUser = (body: Record<string, unknown>, field: string): BadInput => ({
  method: 'POST',
  path: '/api/user',
  body: { username: 'fresh', ...body },
  status: 400,
  field,
});
const newToken = (body: Record<string, unknown>, field: string): BadInput => ({
  method: 'POST',
  path: '/api/internal/tokens',
  body: { name: 't', acls: [], ...body },
  status: 400,
  field,
});
const signIn = (body: Record<string, unknown>, field: string): BadInput => ({ method: 'POST', path: '/api/auth/login', body, token: '', status: 400, field });

const CASES: [string, BadInput][] = [
  ['user id past int4', { method: 'GET', path: '/api/user/99999999999', status: 400, field: 'id' }],
  ['user id past int4 (DELETE)', { method: 'DELETE', path: '/api/user/99999999999', status: 400, field: 'id' }],
  ['user id past int4 (roles)', { method: 'POST', path: '/api/user/4294967297/roles', body: { roleIds: ['Full user'] }, status: 400, field: 'id' }],
  ['user id in hex', { method: 'GET', path: '/api/user/0x10', status: 400, field: 'id' }],
  ['groupIDs past int4', newUser({ groupIDs: [99999999999] }, 'groupIDs[0]')],
  ['pageNumber past int4', { method: 'GET', path: '/api/user', query: { pageNumber: '99999999999' }, status: 400, field: 'pageNumber' }],
  ['numPerPage in hex', { method: 'GET', path: '/api/user', query: { numPerPage: '0x10' }, status: 400, field: 'numPerPage' }],
  ['NUL in a username', newUser({ username: 'ab\u0000' }, 'username')],
  ['a username of zero-width spaces', newUser({ username: '\u200b\u200b' }, 'username')],
  ['an invisible character inside a username', newUser({ username: 'ali\u200bce' }, 'username')],
  ['a lone surrogate in a username', newUser({ username: 'bob\udc00' }, 'username')],
  ['a 101-character username', newUser({ username: 'u'.repeat(101) }, 'username')],
  ['NUL in a first name', newUser({ first_name: 'Ann\u0000' }, 'first_name')],
  ['a 5,000-character last name', newUser({ last_name: 'l'.repeat(5000) }, 'last_name')],
  ['a 300-character email', newUser({ contact_email: `${'e'.repeat(290)}@example.org` }, 'contact_email')],
  ['a 2,000-character password', newUser({ password: 'p'.repeat(2000) }, 'password')],
  ['an unknown role', newUser({ roles: ['Emperor'] }, 'roles[0]')],
  ['token user_id past int4', newToken({ user_id: 99999999999 }, 'user_id')],
  ['NUL in a token name', newToken({ name: 'n\u0000' }, 'name')],
  ['a token name of zero-width spaces', newToken({ name: '\u200b\u200b' }, 'name')],
  ['a 5,000-character ACL name', newToken({ acls: ['a'.repeat(5000)] }, 'acls[0]')],
  ['NUL in a token id (DELETE)', { method: 'DELETE', path: '/api/internal/tokens/x%00y', status: 400, field: 'id' }],
  ['NUL in the login username', signIn({ username: 'admin\u0000', password: 'whatever-password' }, 'username')],
  ['a lone surrogate in the login username', signIn({ username: '\ud800', password: 'whatever-password' }, 'username')],
  ['a 5,000-character login username', signIn({ username: 'a'.repeat(5000), password: 'whatever-password' }, 'username')],
  ['a 100,000-character password at sign-in', signIn({ username: 'admin', password: 'p'.repeat(100_000) }, 'password')],
];

test.each(CASES)('%s', async (_name, input) => {
  expect((await tryBadInput(server, input, TABLES)).problems).toEqual([]);
});

test('a username is stored NFC-normalised: the composed and decomposed spellings are one account', async () => {
  const first = await server.request('POST', '/api/user', { body: { username: 'jose\u0301' } });
  expect(first.status).toBe(200);
  const user = await server.request('GET', `/api/user/${first.body.data.id}`);
  expect(user.body.data.username).toBe('josé');
  const second = await server.request('POST', '/api/user', { body: { username: 'josé' } });
  expect(second.status).toBe(409);
  expect(second.body.message).toMatch(/^username: /);
});
