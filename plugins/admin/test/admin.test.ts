import { definePlugin, z } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';

// The admin plugin on a real server, with a plugin whose options hold secrets.
const vault = definePlugin({
  name: 'vault',
  options: z.object({
    endpoint: z.string(),
    apiKey: z.string(),
    signing: z.object({ passphrase: z.string(), rounds: z.number() }),
    // Marked secret by its schema, whatever its key.
    bucket: z.string().meta({ secret: true }),
  }),
  register() {},
});
const VAULT_OPTIONS = {
  endpoint: 'https://vault.example.org',
  apiKey: 'AK-0123456789',
  signing: { passphrase: 'open sesame', rounds: 3 },
  bucket: 'b-secret-name',
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: [new URL('..', import.meta.url), { plugin: vault, options: VAULT_OPTIONS }] });
});

const PASSWORD = 'correct horse battery';

async function userWithPassword(acls: string[] = []) {
  return server.createUser({ username: uniqueId('u'), password: PASSWORD, acls });
}

async function auditOf(query: Record<string, string | number>) {
  const res = await server.request('GET', '/api/admin/audit', { query });
  expect(res.status).toBe(200);
  return res.body.data as {
    entries: { action: string; actor_id: number | null; target_id: string; details: Record<string, unknown>; via: string; source: string }[];
    totalMatches: number;
  };
}

test('a plain user reaches no admin route (401 naming the ACL), and bad input is a 400 naming the field', async () => {
  const plain = await userWithPassword();
  for (const [method, path] of [
    ['GET', '/api/admin/audit'],
    ['GET', '/api/admin/plugins'],
    ['GET', '/api/admin/health'],
    ['GET', '/api/admin/invitations'],
    ['POST', '/api/admin/invitations'],
    ['DELETE', '/api/admin/invitations/1'],
  ] as const) {
    const res = await server.request(method, path, { token: plain.token, body: method === 'POST' ? { username: uniqueId('x') } : undefined });
    expect([method, path, res.status]).toEqual([method, path, 401]);
    expect(res.body.message).toMatch(/needs the ACL/);
  }
  // A session without System admin may not list everyone's tokens.
  const session = await server.signIn(plain.username, PASSWORD);
  expect((await session.request('GET', '/api/internal/tokens', { query: { all: 'true' } })).status).toBe(403);

  const bad = await server.request('POST', '/api/admin/invitations', { body: { username: uniqueId('x'), expiresInHours: 0 } });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/expiresInHours/);
  const badRole = await server.request('POST', '/api/admin/invitations', { body: { username: uniqueId('x'), roles: ['Emperor'] } });
  expect(badRole.status).toBe(400);
  expect(badRole.body.message).toMatch(/^roles: /);
  const badAudit = await server.request('GET', '/api/admin/audit', { query: { actorId: 'me' } });
  expect(badAudit.status).toBe(400);
  expect(badAudit.body.message).toMatch(/actorId/);
});

test('a disabled user cannot sign in, and their sessions, tokens and sockets stop working until enabled again', async () => {
  const user = await userWithPassword();
  const session = await server.signIn(user.username, PASSWORD);
  expect((await session.request('GET', '/api/internal/profile')).status).toBe(200);
  expect((await server.request('GET', '/api/internal/profile', { token: user.token })).status).toBe(200);

  const socket = await server.connect(user.token);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

  expect((await server.request('PATCH', `/api/user/${user.id}`, { body: { disabled: true } })).status).toBe(200);
  // Their open socket is closed too: the account acts no more anywhere.
  expect(await closed).toBeGreaterThan(0);
  const login = await server.signIn(user.username, PASSWORD);
  expect(login.status).toBe(401);
  expect((await session.request('GET', '/api/internal/profile')).status).toBe(401);
  expect((await server.request('GET', '/api/internal/profile', { token: user.token })).status).toBe(401);
  const listed = await server.request('GET', '/api/user', { query: { search: user.username } });
  expect(listed.body.data.users).toEqual([expect.objectContaining({ id: user.id, disabled_at: expect.any(String) })]);

  expect((await server.request('PATCH', `/api/user/${user.id}`, { body: { disabled: false } })).status).toBe(200);
  expect((await server.request('GET', '/api/internal/profile', { token: user.token })).status).toBe(200);
  expect((await server.signIn(user.username, PASSWORD)).status).toBe(200);

  const actions = (await auditOf({ targetType: 'user', targetId: String(user.id) })).entries.map((e) => e.action);
  expect(actions.slice(0, 2)).toEqual(['user.enable', 'user.disable']);
  const self = await server.request('PATCH', `/api/user/${(await server.request('GET', '/api/internal/profile')).body.data.id}`, { body: { disabled: true } });
  expect(self.status).toBe(400);
  expect(self.body.message).toMatch(/^disabled: /);
});

test('last activity is recorded when a user acts', async () => {
  // A new account, never used: no activity.
  const username = uniqueId('idle');
  const user = { id: (await server.request('POST', '/api/user', { body: { username, password: PASSWORD } })).body.data.id };
  expect((await server.request('GET', `/api/user/${user.id}`)).body.data.last_activity_at).toBeNull();
  const session = await server.signIn(username, PASSWORD);
  await session.request('GET', '/api/internal/profile');
  let seen: string | null = null;
  for (let i = 0; i < 50 && !seen; i++) {
    seen = (await server.request('GET', `/api/user/${user.id}`)).body.data.last_activity_at;
    if (!seen) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // SkyPortal's timestamps are UTC without a zone.
  expect(Math.abs(Date.now() - new Date(`${seen}Z`).getTime())).toBeLessThan(60_000);
});

test('an invitation link works once, only until it expires, and never shows its secret again', async () => {
  const { groupA } = await server.twoGroupsWithUsers();
  const username = uniqueId('invitee');
  const created = await server.request('POST', '/api/admin/invitations', {
    body: { username, first_name: 'Vera', acls: ['Upload data'], groupIDs: [groupA], expiresInHours: 2 },
  });
  expect(created.status).toBe(200);
  const { token, url, id } = created.body.data;
  expect(url).toBe(`${server.app.config.server.publicUrl.replace(/\/$/, '')}/invite#${token}`);
  const listed = await server.request('GET', '/api/admin/invitations');
  expect(listed.body.data.find((i: { id: number }) => i.id === id)).toMatchObject({ username, status: 'pending', acls: ['Upload data'] });
  expect(listed.text).not.toContain(token);

  expect((await server.request('POST', '/api/admin/invitations/preview', { token: null, body: { token } })).body.data).toMatchObject({
    username,
    first_name: 'Vera',
  });
  const short = await server.request('POST', '/api/admin/invitations/accept', { token: null, body: { token, password: 'short' } });
  expect(short.status).toBe(400);
  expect(short.body.message).toMatch(/password/);

  const accepted = await server.request('POST', '/api/admin/invitations/accept', { token: null, body: { token, password: PASSWORD } });
  expect(accepted.status).toBe(200);
  const session = await server.signIn(username, PASSWORD);
  expect(session.status).toBe(200);
  const profile = (await session.request('GET', '/api/internal/profile')).body.data;
  expect(profile.permissions ?? profile.acls).toContain('Upload data');
  expect((await server.request('GET', `/api/groups/${groupA}`)).body.data.users.map((u: { username: string }) => u.username)).toContain(username);

  const again = await server.request('POST', '/api/admin/invitations/accept', { token: null, body: { token, password: PASSWORD } });
  expect(again.status).toBe(400);
  expect(again.body.message).toMatch(/^token: /);

  // Expired: the link stops working at its expiry.
  const later = await server.request('POST', '/api/admin/invitations', { body: { username: uniqueId('late') } });
  await server
    .knex('admin_invitations')
    .where({ id: later.body.data.id })
    .update({ expires_at: new Date(Date.now() - 1000) });
  const expired = await server.request('POST', '/api/admin/invitations/accept', { token: null, body: { token: later.body.data.token, password: PASSWORD } });
  expect(expired.status).toBe(400);
  expect(expired.body.message).toMatch(/^token: /);

  // Revoked: the same.
  const revokedOne = await server.request('POST', '/api/admin/invitations', { body: { username: uniqueId('rev') } });
  expect((await server.request('DELETE', `/api/admin/invitations/${revokedOne.body.data.id}`)).status).toBe(200);
  expect(
    (await server.request('POST', '/api/admin/invitations/accept', { token: null, body: { token: revokedOne.body.data.token, password: PASSWORD } })).status,
  ).toBe(400);

  const log = await auditOf({ action: 'invitation.' });
  expect(log.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['invitation.create', 'invitation.accept', 'invitation.revoke']));
  // Recorded through coreServices.audit: labelled with the plugin's name.
  expect(new Set(log.entries.map((e) => e.source))).toEqual(new Set(['admin']));
  const accept = log.entries.find((e) => e.action === 'invitation.accept')!;
  expect(accept).toMatchObject({ actor_id: accepted.body.data.id, target_id: String(accepted.body.data.id) });
  const everything = await server.request('GET', '/api/admin/audit', { query: { numPerPage: 500 } });
  for (const secret of [token, later.body.data.token, PASSWORD]) expect(everything.text).not.toContain(secret);
});

test('the token list holds every user’s tokens and never a secret; an admin revokes any of them', async () => {
  const { alice, bob } = await server.twoGroupsWithUsers();
  const all = await server.request('GET', '/api/internal/tokens', { query: { all: 'true' } });
  expect(all.status).toBe(200);
  const owners = all.body.data.map((t: { owner_username: string }) => t.owner_username);
  expect(owners).toEqual(expect.arrayContaining([alice.username, bob.username]));
  for (const secret of [alice.token, bob.token, server.adminToken]) expect(all.text).not.toContain(secret);
  expect(all.text).not.toContain('token_hash');
  const alices = all.body.data.find((t: { owner_username: string }) => t.owner_username === alice.username);
  expect(Object.keys(alices).sort()).toEqual(['acls', 'created_at', 'created_by_id', 'id', 'last_used_at', 'name', 'owner_username', 'user_id']);

  expect((await server.request('DELETE', `/api/internal/tokens/${alices.id}`)).status).toBe(200);
  expect((await server.request('GET', '/api/internal/profile', { token: alice.token })).status).toBe(401);
  expect((await server.request('GET', '/api/internal/profile', { token: bob.token })).status).toBe(200);
  const [revoke] = (await auditOf({ action: 'token.revoke', targetId: alices.id })).entries;
  expect(revoke).toMatchObject({ target_id: alices.id, details: { owner_id: alice.id }, source: 'core' });
});

test('changes made through core’s routes are in the audit log, with who and what, and a refused change leaves none', async () => {
  const admin = (await server.request('GET', '/api/internal/profile')).body.data;
  const created = await server.request('POST', '/api/user', { body: { username: uniqueId('aud'), password: 'a secret password' } });
  const userId = created.body.data.id;
  await server.request('POST', `/api/user/${userId}/acls`, { body: { aclIds: ['Upload data'] } });
  await server.request('DELETE', `/api/user/${userId}/acls/Upload%20data`);
  await server.request('POST', `/api/user/${userId}/roles`, { body: { roleIds: ['View only'] } });
  const group = await server.request('POST', '/api/groups', { body: { name: uniqueId('grp') } });
  const groupId = group.body.data.id;
  await server.request('POST', `/api/groups/${groupId}/users`, { body: { userID: userId } });
  await server.request('PATCH', `/api/groups/${groupId}/users`, { body: { userID: userId, admin: true } });
  await server.request('DELETE', `/api/groups/${groupId}/users/${userId}`);
  const minted = await server.request('POST', '/api/internal/tokens', { body: { name: 'for the audit', acls: [], user_id: userId } });
  // Refused: nothing changes, nothing is recorded.
  expect((await server.request('DELETE', `/api/user/${userId}/acls/Upload%20data`)).status).toBe(400);

  const onUser = (await auditOf({ targetType: 'user', targetId: String(userId) })).entries;
  expect(onUser.map((e) => e.action)).toEqual(['user.role.grant', 'user.acl.revoke', 'user.acl.grant', 'user.create']);
  expect(onUser[2]).toMatchObject({ actor_id: admin.id, via: 'token', source: 'core', details: { acls: ['Upload data'] } });
  const onGroup = (await auditOf({ targetType: 'group', targetId: String(groupId) })).entries;
  expect(onGroup.map((e) => e.action)).toEqual(['group.member.remove', 'group.member.update', 'group.member.add', 'group.create']);
  expect((await auditOf({ action: 'token.create', targetId: minted.body.data.id })).entries).toHaveLength(1);
  const byAdmin = await auditOf({ actorId: admin.id, action: 'user.', numPerPage: 2 });
  expect(byAdmin.entries).toHaveLength(2);
  expect(byAdmin.totalMatches).toBeGreaterThanOrEqual(4);

  const text = (await server.request('GET', '/api/admin/audit', { query: { numPerPage: 500 } })).text;
  expect(text).not.toContain('a secret password');
  expect(text).not.toContain(minted.body.data.token_id);
});

test('plugins are listed with versions and their options with secrets hidden; web load errors as browsers report them', async () => {
  const user = await userWithPassword();
  const session = await server.signIn(user.username, PASSWORD);
  const unknown = await session.request('POST', '/api/plugins/load-errors', { body: { plugin: 'nope', message: 'x' } });
  expect(unknown.status).toBe(400);
  expect(unknown.body.message).toMatch(/^plugin: /);
  for (let i = 0; i < 2; i++) {
    expect((await session.request('POST', '/api/plugins/load-errors', { body: { plugin: 'admin', message: 'Loading script failed (404)' } })).status).toBe(200);
  }

  const res = await server.request('GET', '/api/admin/plugins');
  expect(res.status).toBe(200);
  const byName = Object.fromEntries(res.body.data.plugins.map((p: { name: string }) => [p.name, p]));
  expect(byName.admin).toMatchObject({ version: '0.1.0', package: '@skyportal/plugin-admin', web: true, options: { maxInvitationHours: 720 } });
  expect(byName.vault.options).toEqual({
    endpoint: 'https://vault.example.org',
    apiKey: '(hidden)',
    signing: { passphrase: '(hidden)', rounds: 3 },
    bucket: '(hidden)',
  });
  for (const secret of ['AK-0123456789', 'open sesame', 'b-secret-name']) expect(res.text).not.toContain(secret);
  expect(res.body.data.webLoadErrors).toEqual([expect.objectContaining({ plugin: 'admin', message: 'Loading script failed (404)', count: 2 })]);
});

test('health: the database, migrations applied per owner, WebSocket clients of every process, no job queues yet', async () => {
  const replica = await startTestServer({ plugins: [new URL('..', import.meta.url), { plugin: vault, options: VAULT_OPTIONS }], replicaOf: server });
  const user = await userWithPassword();
  const sockets = [await server.connect(user.token), await replica.connect(user.token), await replica.connect(user.token)];
  const res = await server.request('GET', '/api/admin/health');
  expect(res.status).toBe(200);
  const health = res.body.data;
  expect(health.database).toMatchObject({ reachable: true, latencyMs: expect.any(Number) });
  const owners = Object.fromEntries(health.migrations.map((m: { owner: string }) => [m.owner, m]));
  expect(owners.core.pending).toEqual([]);
  expect(owners.core.applied.map((m: { name: string }) => m.name)).toContain('core/004_audit_log.ts');
  expect(owners.admin).toMatchObject({ applied: [expect.objectContaining({ name: 'admin/001_invitations.ts' })], pending: [] });
  expect(health.websockets).toHaveLength(2);
  expect(health.websockets.find((p: { self: boolean }) => p.self)).toMatchObject({ clients: 1, users: 1 });
  expect(health.websockets.find((p: { self: boolean }) => !p.self)).toMatchObject({ clients: 2, users: 1 });
  expect(health.jobQueues).toEqual([]);
  for (const socket of sockets) socket.close();
  await replica.stop();
});
