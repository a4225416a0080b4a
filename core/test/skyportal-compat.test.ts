// SkyPortal's conventions where its clients check them (README, "Compatibility with SkyPortal"):
// timestamps, 401 wording, "Missing required parameter", and the group routes as SkyPortal has them.
import { startTestServer, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const NAIVE_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${++counter}`;

describe('conventions', () => {
  test('timestamps are naive ISO 8601 in UTC, without a zone, as SkyPortal writes them', async () => {
    const before = Date.now();
    const { id } = (await server.request('POST', '/api/groups', { body: { name: unique('dated') } })).body.data;
    const group = (await server.request('GET', `/api/groups/${id}`)).body.data;
    expect(group.created_at).toMatch(NAIVE_UTC);
    // Read as UTC it is the moment of creation (the database's clock, within a minute of ours).
    expect(Math.abs(Date.parse(`${group.created_at}Z`) - before)).toBeLessThan(60_000);
    const listed = (await server.request('GET', '/api/groups')).body.data.all_groups.find((g: { id: number }) => g.id === id);
    expect(listed.created_at).toBe(group.created_at);
  });

  test('a missing ACL is 401 and says Unauthorized, naming the ACL', async () => {
    const viewer = await server.createUser({ roles: ['View only'] });
    const res = await server.request('POST', '/api/groups', { token: viewer.token, body: { name: unique('nope') } });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Unauthorized: this action needs the ACL: Upload data');
    expect((await server.request('GET', '/api/groups', { token: 'not-a-token' })).body.message).toMatch(/^Unauthorized/);
  });

  test('an absent or empty required field is a "Missing required parameter", naming the field', async () => {
    const empty = await server.request('POST', '/api/groups', { body: { name: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('Invalid body: name: Missing required parameter (must not be empty)');
    const absent = await server.request('POST', '/api/groups', { body: { description: 'no name' } });
    expect(absent.body.message).toBe('Invalid body: name: Missing required parameter (expected string)');
  });
});

describe('groups as SkyPortal has them', () => {
  test('GET /api/groups?name= lists the groups of that name the caller may find; a private one of others is not', async () => {
    const name = unique('by-name');
    const { id } = (await server.request('POST', '/api/groups', { body: { name } })).body.data;
    const found = await server.request('GET', '/api/groups', { query: { name } });
    expect(found.body.data).toEqual([expect.objectContaining({ id, name })]);
    const outsider = await server.createUser();
    const secret = unique('private');
    await server.request('POST', '/api/groups', { body: { name: secret, private: true } });
    expect((await server.request('GET', '/api/groups', { token: outsider.token, query: { name: secret } })).body.data).toEqual([]);
    expect((await server.request('GET', '/api/groups', { token: outsider.token, query: { name } })).body.data).toHaveLength(1);
  });

  test('user_groups include the single-user group; user_accessible_groups never do', async () => {
    const user = await server.createUser();
    const groupId = await server.createGroup(unique('mine'), [user.id]);
    const data = (await server.request('GET', '/api/groups', { token: user.token })).body.data;
    expect(data.user_groups.map((g: { id: number }) => g.id)).toEqual(expect.arrayContaining([groupId, user.singleUserGroupId]));
    expect(data.user_accessible_groups.map((g: { id: number }) => g.id)).toContain(groupId);
    expect(data.user_accessible_groups.some((g: { single_user_group: boolean }) => g.single_user_group)).toBe(false);
  });

  test('GET /api/groups/{id}?includeGroupUsers=False leaves the members out', async () => {
    const groupId = await server.createGroup(unique('members'));
    expect((await server.request('GET', `/api/groups/${groupId}`)).body.data.users).toEqual(expect.any(Array));
    const without = await server.request('GET', `/api/groups/${groupId}`, { query: { includeGroupUsers: 'False' } });
    expect(without.status).toBe(200);
    expect(without.body.data).not.toHaveProperty('users');
    expect((await server.request('GET', `/api/groups/${groupId}`, { query: { includeGroupUsers: 'perhaps' } })).status).toBe(400);
  });

  test('PUT /api/groups/{id} changes the fields given, as PATCH does', async () => {
    const groupId = await server.createGroup(unique('before'));
    const name = unique('after');
    expect((await server.request('PUT', `/api/groups/${groupId}`, { body: { name } })).status).toBe(200);
    expect((await server.request('GET', `/api/groups/${groupId}`)).body.data.name).toBe(name);
    const member = await server.createUser({ groupIds: [groupId] });
    expect((await server.request('PUT', `/api/groups/${groupId}`, { token: member.token, body: { name: unique('x') } })).status).toBe(403);
  });

  test('a deleted group (and a hidden one) answers 400 "Cannot find Group with id"', async () => {
    const groupId = await server.createGroup(unique('gone'));
    expect((await server.request('DELETE', `/api/groups/${groupId}`)).status).toBe(200);
    const gone = await server.request('GET', `/api/groups/${groupId}`);
    expect(gone.status).toBe(400);
    expect(gone.body.message).toBe(`Cannot find Group with id ${groupId}`);
  });
});

describe('group members', () => {
  test('adding a member twice is refused: flags change with PATCH', async () => {
    const user = await server.createUser();
    const groupId = await server.createGroup(unique('twice'), [user.id]);
    const again = await server.request('POST', `/api/groups/${groupId}/users`, { body: { userID: user.id, admin: true } });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already a member/);
    const members = (await server.request('GET', `/api/groups/${groupId}`)).body.data.users;
    expect(members.find((u: { id: number }) => u.id === user.id).admin).toBe(false);
  });

  test('no one is added to a single-user group ("It is a single user group")', async () => {
    const owner = await server.createUser();
    const other = await server.createUser();
    const res = await server.request('POST', `/api/groups/${owner.singleUserGroupId}/users`, { body: { userID: other.id } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/It is a single user group/);
  });

  test("a group admin changes a member's admin and can-save flags with PATCH; at least one is needed", async () => {
    const admin = await server.createUser();
    const member = await server.createUser();
    const groupId = await server.createGroup(unique('flags'), [member.id], [admin.id]);
    const promoted = await server.request('PATCH', `/api/groups/${groupId}/users`, { token: admin.token, body: { userID: member.id, admin: true } });
    expect(promoted.status).toBe(200);
    const limited = await server.request('PATCH', `/api/groups/${groupId}/users`, { token: admin.token, body: { userID: member.id, canSave: false } });
    expect(limited.body.data).toMatchObject({ admin: true, can_save: false });
    const row = (await server.request('GET', `/api/groups/${groupId}`)).body.data.users.find((u: { id: number }) => u.id === member.id);
    expect(row).toMatchObject({ admin: true, can_save: false });
    // The member's own profile says so too (what a page offering "save to" reads).
    const own = (await server.request('GET', '/api/internal/profile', { token: member.token })).body.data.groups;
    expect(own.find((g: { id: number }) => g.id === groupId)).toMatchObject({ admin: true, can_save: false });
    const neither = await server.request('PATCH', `/api/groups/${groupId}/users`, { token: admin.token, body: { userID: member.id } });
    expect(neither.status).toBe(400);
    expect(neither.body.message).toMatch(/^admin, canSave: Missing required parameter/);
    const stranger = await server.createUser();
    const notMember = await server.request('PATCH', `/api/groups/${groupId}/users`, { token: admin.token, body: { userID: stranger.id, admin: true } });
    expect(notMember.status).toBe(400);
    expect(notMember.body.message).toMatch(/is not a member/);
  });

  test("a member who is not the group's admin cannot change flags: 400 not accessible, nothing changes", async () => {
    const member = await server.createUser();
    const other = await server.createUser();
    const groupId = await server.createGroup(unique('noflags'), [member.id, other.id]);
    const res = await server.request('PATCH', `/api/groups/${groupId}/users`, { token: member.token, body: { userID: other.id, admin: true } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not accessible/);
    const row = (await server.request('GET', `/api/groups/${groupId}`)).body.data.users.find((u: { id: number }) => u.id === other.id);
    expect(row.admin).toBe(false);
  });

  test('usersFromGroups copies the members of groups the caller is in, and only those', async () => {
    const admin = await server.createUser();
    const a = await server.createUser();
    const b = await server.createUser();
    const source = await server.createGroup(unique('from'), [a.id, b.id, admin.id]);
    const hidden = await server.createGroup(unique('hidden'), [b.id]);
    const target = await server.createGroup(unique('to'), [], [admin.id]);
    const refused = await server.request('POST', `/api/groups/${target}/usersFromGroups`, { token: admin.token, body: { fromGroupIDs: [source, hidden] } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(new RegExp(`Cannot find group\\(s\\) ${hidden} of fromGroupIDs`));
    const copied = await server.request('POST', `/api/groups/${target}/usersFromGroups`, { token: admin.token, body: { fromGroupIDs: [source] } });
    expect(copied.status).toBe(200);
    const members = (await server.request('GET', `/api/groups/${target}`)).body.data.users.map((u: { id: number }) => u.id);
    expect(members).toEqual(expect.arrayContaining([a.id, b.id, admin.id]));
    // The new members see the group at once.
    expect((await server.request('GET', `/api/groups/${target}`, { token: a.token })).status).toBe(200);
    const notAdmin = await server.request('POST', `/api/groups/${target}/usersFromGroups`, { token: a.token, body: { fromGroupIDs: [source] } });
    expect(notAdmin.status).toBe(400);
  });

  test('no one leaves their single-user group or the sitewide group (403)', async () => {
    const user = await server.createUser();
    const own = await server.request('DELETE', `/api/groups/${user.singleUserGroupId}/users/${user.id}`, { token: user.token });
    expect(own.status).toBe(403);
    expect(own.body.message).toBe('Cannot remove a user from their single user group.');
    const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
    expect((await server.request('DELETE', `/api/groups/${sitewide}/users/${user.id}`)).status).toBe(403);
    expect((await server.request('GET', `/api/groups/${user.singleUserGroupId}`, { token: user.token })).status).toBe(200);
  });
});
