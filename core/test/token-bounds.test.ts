import { startTestServer, type TestServer, type TestSession, type TestUser } from '@skyportal/test-kit';

// A token is never more than its ACLs: group adminship and token ownership only narrow what the
// token's ACLs allow, they never add to them.
let server: TestServer;
let groupAdmin: TestUser;
let browser: TestSession;
let groupId: number;
let noAcls: string;
const password = 'correct horse battery';

beforeAll(async () => {
  server = await startTestServer();
  groupAdmin = await server.createUser({ roles: ['Group admin'], password });
  groupId = await server.createGroup(`bounded-${Date.now()}`, [], [groupAdmin.id]);
  browser = await server.signIn(groupAdmin.username, password);
  const made = await browser.request('POST', '/api/internal/tokens', { body: { name: 'read only', acls: [] } });
  expect(made.status).toBe(200);
  noAcls = made.body.data.token_id;
});
afterAll(() => server.stop());

const groupAsAdmin = async () => (await server.request('GET', `/api/groups/${groupId}`)).body.data;

describe("a group admin's token without ACLs", () => {
  test('cannot rename the group (401), and the name stays', async () => {
    const before = await groupAsAdmin();
    const res = await server.request('PATCH', `/api/groups/${groupId}`, { token: noAcls, body: { name: 'taken over' } });
    expect(res.status).toBe(401);
    expect(res.body.data).toEqual({ missing_acl: 'Upload data' });
    expect((await groupAsAdmin()).name).toBe(before.name);
  });

  test('cannot add a user as group admin (401), and they are not added', async () => {
    const outsider = await server.createUser();
    const res = await server.request('POST', `/api/groups/${groupId}/users`, { token: noAcls, body: { userID: outsider.id, admin: true } });
    expect(res.status).toBe(401);
    expect((await groupAsAdmin()).users.map((u: { id: number }) => u.id)).not.toContain(outsider.id);
    expect((await server.request('GET', `/api/groups/${groupId}`, { token: outsider.token })).status).toBe(400);
  });

  test('cannot delete the group (401), and it stays', async () => {
    const res = await server.request('DELETE', `/api/groups/${groupId}`, { token: noAcls });
    expect(res.status).toBe(401);
    expect(await server.knex('groups').where({ id: groupId }).first('id')).toEqual({ id: groupId });
  });

  test("cannot list, mint or revoke its owner's tokens (401), by id or by secret", async () => {
    const other = await browser.request('POST', '/api/internal/tokens', { body: { name: 'pipeline', acls: ['Upload data'] } });
    const { id, token_id: secret } = other.body.data;
    for (const path of [`/api/internal/tokens/${id}`, `/api/internal/tokens/${secret}`]) {
      const res = await server.request('DELETE', path, { token: noAcls });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/signed-in session/);
    }
    expect((await server.request('GET', '/api/internal/profile', { token: secret })).status).toBe(200);
    expect((await server.request('GET', '/api/internal/tokens', { token: noAcls })).status).toBe(401);
    const minted = await server.request('POST', '/api/internal/tokens', { token: noAcls, body: { name: 'successor', acls: [] } });
    expect(minted.status).toBe(401);
    expect(await server.knex('tokens').where({ user_id: groupAdmin.id, name: 'successor' }).first()).toBeUndefined();
    // Even a token with every ACL its owner has cannot: token management needs the session.
    const full = await server.request('DELETE', `/api/internal/tokens/${id}`, { token: groupAdmin.token });
    expect(full.status).toBe(401);
  });
});

describe('what group admins and tokens with the right ACLs still do', () => {
  test('the admin signed in renames the group; their Upload data token adds members (as SkyPortal)', async () => {
    const renamed = await browser.request('PATCH', `/api/groups/${groupId}`, { body: { description: 'ours' } });
    expect(renamed.status).toBe(200);
    expect((await groupAsAdmin()).description).toBe('ours');
    const uploadOnly = (await browser.request('POST', '/api/internal/tokens', { body: { name: 'uploads', acls: ['Upload data'] } })).body.data.token_id;
    const member = await server.createUser();
    const added = await server.request('POST', `/api/groups/${groupId}/users`, { token: uploadOnly, body: { userID: member.id } });
    expect(added.status).toBe(200);
    // Deleting the group needs Manage groups on the token, as well as adminship.
    expect((await server.request('DELETE', `/api/groups/${groupId}`, { token: uploadOnly })).status).toBe(401);
  });

  test('a member leaves a group with a token without ACLs; removing someone else needs the ACL and adminship', async () => {
    const leaver = await server.createUser({ password });
    const stayer = await server.createUser();
    await server.request('POST', `/api/groups/${groupId}/users`, { body: { userID: leaver.id } });
    await server.request('POST', `/api/groups/${groupId}/users`, { body: { userID: stayer.id } });
    const leaverBrowser = await server.signIn(leaver.username, password);
    const readOnly = (await leaverBrowser.request('POST', '/api/internal/tokens', { body: { name: 'ro', acls: [] } })).body.data.token_id;
    const other = await server.request('DELETE', `/api/groups/${groupId}/users/${stayer.id}`, { token: readOnly });
    expect(other.status).toBe(401);
    const notAdmin = await server.request('DELETE', `/api/groups/${groupId}/users/${stayer.id}`, { token: leaver.token });
    expect(notAdmin.status).toBe(403);
    expect((await groupAsAdmin()).users.map((u: { id: number }) => u.id)).toContain(stayer.id);
    const left = await server.request('DELETE', `/api/groups/${groupId}/users/${leaver.id}`, { token: readOnly });
    expect(left.status).toBe(200);
    expect((await groupAsAdmin()).users.map((u: { id: number }) => u.id)).not.toContain(leaver.id);
  });

  test('a system admin token manages tokens (automation); a session manages its own', async () => {
    const user = await server.createUser({ password });
    const made = await server.request('POST', '/api/internal/tokens', { body: { name: 'for a script', acls: ['Comment'], user_id: user.id } });
    expect(made.status).toBe(200);
    const mine = await server.signIn(user.username, password);
    const listed = await mine.request('GET', '/api/internal/tokens');
    expect(listed.body.data.map((t: { name: string }) => t.name)).toContain('for a script');
    expect((await mine.request('DELETE', `/api/internal/tokens/${made.body.data.id}`)).status).toBe(200);
    expect((await server.request('GET', '/api/internal/profile', { token: made.body.data.token_id })).status).toBe(401);
  });

  test('the OpenAPI document shows what each write needs', async () => {
    const paths = (await server.request('GET', '/api/openapi.json', { token: null })).body.paths;
    expect(paths['/api/groups/{id}'].delete['x-skyportal-access']).toEqual({ acl: 'Manage groups' });
    expect(paths['/api/groups/{id}/users/{user_id}'].delete['x-skyportal-access']).toEqual({ acl: 'Upload data', self: 'user_id' });
    expect(paths['/api/internal/tokens'].post['x-skyportal-access']).toEqual({ account: 'session', orAcl: 'System admin' });
    expect(paths['/api/auth/login'].post['x-skyportal-access']).toEqual({ account: 'sign-in' });
  });
});
