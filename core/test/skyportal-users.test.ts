// Users, their roles and ACLs, and one's own profile, as SkyPortal's routes have them, with the
// rules that keep accounts safe: Manage users never reaches a system admin, a token never edits its owner.
import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const get = (id: number, token?: string) => server.request('GET', `/api/user/${id}`, { token });

describe('GET/PATCH/DELETE /api/user/{id}', () => {
  test('a user reads as roles, direct ACLs, effective permissions and single-user group', async () => {
    const user = await server.createUser({ roles: ['View only'] });
    const read = (await get(user.id)).body.data;
    expect(read).toMatchObject({
      id: user.id,
      username: user.username,
      roles: ['View only'],
      acls: [],
      permissions: [],
      affiliations: [],
      expiration_date: null,
    });
    expect(read.single_user_group).toEqual({ id: user.singleUserGroupId, name: user.username });
    expect((await get(user.id, user.token)).status).toBe(200);
  });

  test("another user's account reads like a missing one (SkyPortal's 400) to those without Manage users", async () => {
    const a = await server.createUser();
    const b = await server.createUser();
    const hidden = await get(b.id, a.token);
    expect(hidden.status).toBe(400);
    expect(hidden.body.message).toBe(`Cannot find user with ID ${b.id}.`);
    expect((await get(999_999, a.token)).body.message).toBe('Cannot find user with ID 999999.');
  });

  test('PATCH changes names, affiliations and the expiry date; identity fields are not touched', async () => {
    const user = await server.createUser();
    const res = await server.request('PATCH', `/api/user/${user.id}`, {
      body: { first_name: 'Vera', affiliations: ['Caltech'], expirationDate: '2030-01-02', id: 1, username: 'hijacked' },
    });
    expect(res.status).toBe(200);
    const read = (await get(user.id)).body.data;
    expect(read).toMatchObject({ id: user.id, username: user.username, first_name: 'Vera', affiliations: ['Caltech'] });
    expect(read.expiration_date).toBe('2030-01-02T00:00:00.000');
    await server.request('PATCH', `/api/user/${user.id}`, { body: { expirationDate: null } });
    expect((await get(user.id)).body.data.expiration_date).toBeNull();
    expect((await server.request('PATCH', `/api/user/${user.id}`, { body: { expirationDate: 'soon' } })).status).toBe(400);
  });

  test('an expired account acts no more: its token is refused at once and it cannot sign in', async () => {
    const user = await server.createUser({ password: 'a long enough password' });
    expect((await get(user.id, user.token)).status).toBe(200);
    await server.request('PATCH', `/api/user/${user.id}`, { body: { expirationDate: '2001-01-01T00:00:00Z' } });
    expect((await get(user.id, user.token)).status).toBe(401);
    const session = await server.signIn(user.username, 'a long enough password');
    expect(session.status).toBe(401);
    await server.request('PATCH', `/api/user/${user.id}`, { body: { expirationDate: '' } });
    expect((await get(user.id, user.token)).status).toBe(200);
  });

  test('Manage users does not reach a system admin: no expiry, no demotion, no deletion (403)', async () => {
    const manager = await server.createUser({ roles: ['Full user'], acls: ['Manage users'] });
    const admin = await server.createUser({ roles: ['Super admin'] });
    const as = { token: manager.token };
    expect((await server.request('PATCH', `/api/user/${admin.id}`, { ...as, body: { expirationDate: '2001-01-01' } })).status).toBe(403);
    expect((await server.request('DELETE', `/api/user/${admin.id}/roles/Super admin`, as)).status).toBe(403);
    expect((await server.request('DELETE', `/api/user/${admin.id}`, as)).status).toBe(403);
    expect((await get(admin.id, admin.token)).body.data.roles).toEqual(['Super admin']);
    // An ordinary account it does manage.
    const other = await server.createUser();
    expect((await server.request('PATCH', `/api/user/${other.id}`, { ...as, body: { last_name: 'Rubin' } })).status).toBe(200);
  });

  test('a deleted user answers 400, as SkyPortal', async () => {
    const user = await server.createUser();
    expect((await server.request('DELETE', `/api/user/${user.id}`)).status).toBe(200);
    expect((await get(user.id)).status).toBe(400);
    expect((await server.request('DELETE', `/api/user/${user.id}`)).status).toBe(400);
  });
});

describe('roles and ACLs of a user', () => {
  test('an ACL granted directly shows in acls and permissions (a token may then carry it); revoking takes it back', async () => {
    const user = await server.createUser({ roles: ['View only'] });
    const annotateToken = () => server.request('POST', '/api/internal/tokens', { body: { name: 'annotate', acls: ['Annotate'], user_id: user.id } });
    expect((await annotateToken()).status).toBe(400);
    expect((await server.request('POST', `/api/user/${user.id}/acls`, { body: { aclIds: ['Annotate'] } })).status).toBe(200);
    const read = (await get(user.id)).body.data;
    expect(read.acls).toEqual(['Annotate']);
    expect(read.permissions).toEqual(['Annotate']);
    expect((await annotateToken()).status).toBe(200);
    expect((await server.request('DELETE', `/api/user/${user.id}/acls/Annotate`)).status).toBe(200);
    expect((await get(user.id)).body.data.acls).toEqual([]);
    expect((await server.request('DELETE', `/api/user/${user.id}/acls/Annotate`)).status).toBe(400);
  });

  test('unknown ACLs, a string for the list, and callers without Manage users are refused', async () => {
    const user = await server.createUser();
    const unknown = await server.request('POST', `/api/user/${user.id}/acls`, { body: { aclIds: ['DefinitelyNotARealACL'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^aclIds: Invalid ACL id\(s\): DefinitelyNotARealACL/);
    expect((await server.request('POST', `/api/user/${user.id}/acls`, { body: { aclIds: 'Annotate' } })).status).toBe(400);
    expect((await server.request('POST', `/api/user/${user.id}/acls`, { token: user.token, body: { aclIds: ['Annotate'] } })).status).toBe(401);
    const manager = await server.createUser({ acls: ['Manage users'] });
    const escalate = await server.request('POST', `/api/user/${manager.id}/acls`, { token: manager.token, body: { aclIds: ['System admin'] } });
    expect(escalate.status).toBe(403);
    expect((await get(manager.id)).body.data.permissions).not.toContain('System admin');
  });

  test('roles: granted and taken; an unknown one is named in the 400', async () => {
    const user = await server.createUser();
    expect((await server.request('POST', `/api/user/${user.id}/roles`, { body: { roleIds: ['Group admin'] } })).status).toBe(200);
    expect((await get(user.id)).body.data.roles).toEqual(['Full user', 'Group admin']);
    expect((await server.request('DELETE', `/api/user/${user.id}/roles/Group admin`)).status).toBe(200);
    expect((await get(user.id)).body.data.roles).toEqual(['Full user']);
    const unknown = await server.request('POST', `/api/user/${user.id}/roles`, { body: { roleIds: ['DefinitelyNotARealRole'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('DefinitelyNotARealRole');
    expect((await server.request('POST', `/api/user/${user.id}/roles`, { body: { roleIds: 'Group admin' } })).status).toBe(400);
    expect((await server.request('DELETE', `/api/user/${user.id}/roles/Group admin`)).status).toBe(400);
  });

  test('GET /api/roles and /api/acls answer any signed-in caller', async () => {
    const viewer = await server.createUser({ roles: ['View only'] });
    const roles = (await server.request('GET', '/api/roles', { token: viewer.token })).body.data;
    expect(roles.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['Super admin', 'Full user', 'View only']));
    expect(roles.find((r: { id: string }) => r.id === 'Super admin').acls).toContain('System admin');
    expect((await server.request('GET', '/api/acls', { token: viewer.token })).body.data).toEqual(
      expect.arrayContaining(['Comment', 'Annotate', 'Upload data']),
    );
  });
});

describe('PATCH /api/internal/profile', () => {
  test('from a session: names, contact, affiliations; preferences merge key by key', async () => {
    const user = await server.createUser({ password: 'a long enough password' });
    const session = await server.signIn(user.username, 'a long enough password');
    const patch = (body: unknown) => session.request('PATCH', '/api/internal/profile', { body });
    expect((await patch({ first_name: 'Henrietta', contact_email: 'hl@example.org', affiliations: ['Harvard'] })).status).toBe(200);
    expect((await patch({ preferences: { photometryButtons: { a: 1 }, theme: 'dark' } })).status).toBe(200);
    expect((await patch({ preferences: { photometryButtons: { b: 2 } } })).status).toBe(200);
    const profile = (await session.request('GET', '/api/internal/profile')).body.data;
    expect(profile).toMatchObject({ first_name: 'Henrietta', contact_email: 'hl@example.org', affiliations: ['Harvard'] });
    expect(profile.preferences).toEqual({ photometryButtons: { a: 1, b: 2 }, theme: 'dark' });
    expect((await patch({ contact_email: '' })).status).toBe(200);
    expect((await session.request('GET', '/api/internal/profile')).body.data.contact_email).toBeNull();
  });

  test('a new username renames the single-user group with it; a taken one is 409 and nothing changes', async () => {
    const user = await server.createUser({ password: 'a long enough password' });
    const other = await server.createUser();
    const session = await server.signIn(user.username, 'a long enough password');
    const renamed = uniqueId('renamed');
    expect((await session.request('PATCH', '/api/internal/profile', { body: { username: renamed } })).status).toBe(200);
    const group = (await server.request('GET', `/api/groups/${user.singleUserGroupId}`)).body.data;
    expect(group.name).toBe(renamed);
    expect((await session.request('GET', '/api/internal/profile')).body.data.username).toBe(renamed);
    const clash = await session.request('PATCH', '/api/internal/profile', { body: { username: other.username, first_name: 'Not saved' } });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toMatch(/^username:/);
    const after = (await get(user.id)).body.data;
    expect(after.username).toBe(renamed);
    expect(after.first_name).not.toBe('Not saved');
  });

  test('a token (without System admin) cannot change its owner’s account (401)', async () => {
    const user = await server.createUser();
    const res = await server.request('PATCH', '/api/internal/profile', { token: user.token, body: { username: uniqueId('stolen') } });
    expect(res.status).toBe(401);
    expect((await get(user.id)).body.data.username).toBe(user.username);
  });
});
