import WebSocket from 'ws';
import { startTestServer, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'templates/plugin'] });
});
afterAll(() => server.stop());

/** Signs in like a browser; returns the cookie header and the CSRF token the page would read. */
async function login(username: string, password: string) {
  const res = await server.request('POST', '/api/auth/login', { token: null, body: { username, password } });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('skyportal.csrf='))?.split('=')[1];
  return { status: res.status, cookie: cookies.join('; '), csrf, setCookies: res.headers.getSetCookie() };
}

describe('browser sessions', () => {
  test('login sets an httpOnly signed session cookie and a readable CSRF cookie', async () => {
    const user = await server.createUser({ password: 'correct horse battery' });
    const session = await login(user.username, 'correct horse battery');
    expect(session.status).toBe(200);
    expect(session.setCookies.find((c) => c.startsWith('skyportal.sid='))).toMatch(/httponly/i);
    expect(session.setCookies.find((c) => c.startsWith('skyportal.csrf='))).not.toMatch(/httponly/i);
    const profile = await server.request('GET', '/api/internal/profile', { token: null, headers: { cookie: session.cookie } });
    expect(profile.body.data.username).toBe(user.username);
  });

  test('a wrong password is 401 and sets no session', async () => {
    const user = await server.createUser({ password: 'correct horse battery' });
    const session = await login(user.username, 'wrong');
    expect(session.status).toBe(401);
    expect(session.cookie).not.toContain('skyportal.sid=');
  });

  test('a cookie-authenticated write without the CSRF header is refused; with it, it passes', async () => {
    const user = await server.createUser({ password: 'correct horse battery' });
    const session = await login(user.username, 'correct horse battery');
    const body = { name: 'from the browser', acls: [] };
    const without = await server.request('POST', '/api/internal/tokens', { token: null, headers: { cookie: session.cookie }, body });
    expect(without.status).toBe(403);
    expect(without.body.message).toMatch(/CSRF/);
    const withHeader = await server.request('POST', '/api/internal/tokens', {
      token: null,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf! },
      body,
    });
    expect(withHeader.status).toBe(200);
  });

  test('after 10 wrong passwords the account is refused (429) even with the right one, others are not', async () => {
    const user = await server.createUser({ password: 'correct horse battery' });
    for (let i = 0; i < 10; i++) expect((await login(user.username, `guess-${i}`)).status).toBe(401);
    const blocked = await server.request('POST', '/api/auth/login', { token: null, body: { username: user.username, password: 'correct horse battery' } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/Too many failed sign-ins/);
    const other = await server.createUser({ password: 'another good password' });
    expect((await login(other.username, 'another good password')).status).toBe(200);
  });

  test('a forged session cookie (bad signature) is not accepted', async () => {
    const res = await server.request('GET', '/api/internal/profile', { token: null, headers: { cookie: 'skyportal.sid=abc; skyportal.sid.sig=forged' } });
    expect(res.status).toBe(401);
  });

  test("logout closes that session's open WebSockets", async () => {
    const user = await server.createUser({ password: 'correct horse battery' });
    const session = await login(user.username, 'correct horse battery');
    const origin = new URL(server.url);
    const socket = new WebSocket(`ws://${origin.host}/websocket`, { headers: { cookie: session.cookie, origin: server.url } });
    await new Promise((resolve, reject) => {
      socket.once('message', resolve);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
    });
    const closed = new Promise<number>((resolve, reject) => {
      socket.once('close', (code) => resolve(code));
      setTimeout(() => reject(new Error('the socket stayed open after logout')), 5000).unref();
    });
    await server.request('POST', '/api/auth/logout', { token: null, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf! } });
    expect(await closed).toBe(4401);
  });

  test('logout without the CSRF header is refused (403) and the session goes on', async () => {
    const user = await server.createUser({ password: 'correct horse battery' });
    const session = await login(user.username, 'correct horse battery');
    const out = await server.request('POST', '/api/auth/logout', { token: null, headers: { cookie: session.cookie } });
    expect(out.status).toBe(403);
    expect(out.body.message).toMatch(/CSRF/);
    expect(out.headers.getSetCookie()).toEqual([]);
    const still = await server.request('GET', '/api/internal/profile', { token: null, headers: { cookie: session.cookie } });
    expect(still.body.data.username).toBe(user.username);
  });

  test('logout ends the session', async () => {
    const user = await server.createUser({ password: 'correct horse battery' });
    const session = await login(user.username, 'correct horse battery');
    const out = await server.request('POST', '/api/auth/logout', { token: null, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf! } });
    expect(out.status).toBe(200);
    const after = await server.request('GET', '/api/internal/profile', { token: null, headers: { cookie: session.cookie } });
    expect(after.status).toBe(401);
  });
});

describe('groups', () => {
  test('every user has a single-user group and is in the sitewide group', async () => {
    const user = await server.createUser();
    const res = await server.request('GET', `/api/user/${user.id}`, { token: user.token });
    expect(res.body.data.single_user_group).toMatchObject({ id: user.singleUserGroupId, name: user.username });
    const sitewide = await server.request('GET', '/api/groups/public', { token: user.token });
    expect(sitewide.body.data.name).toBe('Sitewide Group');
    const mine = await server.request('GET', '/api/groups', { token: user.token });
    expect(mine.body.data.user_groups.map((g: { id: number }) => g.id)).toContain(sitewide.body.data.id);
  });

  test("a user never sees another group's rows, through any route (404, not 403; a group: SkyPortal's 400)", async () => {
    const insider = await server.createUser();
    const outsider = await server.createUser();
    const groupId = await server.createGroup(`secret-${Date.now()}`, [insider.id]);
    const objId = `secret${Date.now()}`;
    expect((await server.request('POST', '/api/sources', { body: { id: objId, ra: 1, dec: 1, group_ids: [groupId] } })).status).toBe(200);
    const note = await server.request('POST', '/api/example/notes', { body: { obj_id: objId, text: 'classified', group_ids: [groupId] } });
    const id = note.body.data.id;
    expect((await server.request('GET', `/api/example/notes/${id}`, { token: insider.token })).status).toBe(200);
    const hidden = await server.request('GET', `/api/example/notes/${id}`, { token: outsider.token });
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('classified');
    const hiddenGroup = await server.request('GET', `/api/groups/${groupId}`, { token: outsider.token });
    expect(hiddenGroup.status).toBe(400);
    expect(hiddenGroup.body.message).toBe(`Cannot find Group with id ${groupId}`);
    // A group that exists but is not yours reads exactly like one that does not exist.
    const missing = await server.request('GET', `/api/groups/99999`, { token: outsider.token });
    expect(missing.status).toBe(400);
    expect(missing.body.message.replace('99999', 'N')).toBe(hiddenGroup.body.message.replace(String(groupId), 'N'));
  });

  test("a group member who is not a group admin cannot add members (SkyPortal's 400, not accessible); a group admin can", async () => {
    const admin = await server.createUser();
    const member = await server.createUser();
    const newcomer = await server.createUser();
    const groupId = await server.createGroup(`club-${Date.now()}`, [member.id], [admin.id]);
    const denied = await server.request('POST', `/api/groups/${groupId}/users`, { token: member.token, body: { userID: newcomer.id } });
    expect(denied.status).toBe(400);
    expect(denied.body.message).toMatch(/not accessible/);
    expect((await server.request('GET', `/api/groups/${groupId}`)).body.data.users.map((u: { id: number }) => u.id)).not.toContain(newcomer.id);
    const added = await server.request('POST', `/api/groups/${groupId}/users`, { token: admin.token, body: { userID: newcomer.id } });
    expect(added.status).toBe(200);
    // Membership takes effect at once for the newcomer's existing token.
    expect((await server.request('GET', `/api/groups/${groupId}`, { token: newcomer.token })).status).toBe(200);
    const removed = await server.request('DELETE', `/api/groups/${groupId}/users/${newcomer.id}`, { token: admin.token });
    expect(removed.status).toBe(200);
    expect((await server.request('GET', `/api/groups/${groupId}`, { token: newcomer.token })).status).toBe(400);
  });

  test('a full user (no Manage groups) may start a group and is its admin; a view-only user may not', async () => {
    const founder = await server.createUser();
    const name = `collab-${Date.now()}`;
    const created = await server.request('POST', '/api/groups', { token: founder.token, body: { name } });
    expect(created.status).toBe(200);
    const group = (await server.request('GET', `/api/groups/${created.body.data.id}`, { token: founder.token })).body.data;
    expect(group.users).toEqual([expect.objectContaining({ id: founder.id, admin: true })]);
    const viewer = await server.createUser({ roles: ['View only'] });
    expect((await server.request('POST', '/api/groups', { token: viewer.token, body: { name: `${name}-v` } })).status).toBe(401);
  });

  test("the sitewide group cannot be deleted (403, in SkyPortal's words)", async () => {
    const sitewide = await server.request('GET', '/api/groups/public');
    const res = await server.request('DELETE', `/api/groups/${sitewide.body.data.id}`);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/^Cannot find Group with id/);
    expect((await server.request('GET', `/api/groups/${sitewide.body.data.id}`)).status).toBe(200);
  });
});

describe('HTTP conventions', () => {
  test('security headers and a request id are on every response', async () => {
    const res = await server.request('GET', '/api/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-request-id')).toMatch(/[\w-]{8,}/);
    const page = await server.request('GET', '/', { token: null });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  test('the OpenAPI document describes the routes from the same schemas', async () => {
    const res = await server.request('GET', '/api/openapi.json', { token: null });
    expect(res.body.openapi).toBe('3.1.0');
    const post = res.body.paths['/api/groups'].post;
    expect(post['x-skyportal-access']).toEqual({ acl: 'Upload data' });
    expect(post.requestBody.content['application/json'].schema.properties.name.type).toBe('string');
    expect(res.body.paths['/api/example/notes/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });

  test('/api/sysinfo answers as SkyPortal clients expect', async () => {
    const res = await server.request('GET', '/api/sysinfo', { token: null });
    expect(res.body.status).toBe('success');
    expect(res.body.data).toHaveProperty('invitationsEnabled');
  });
});

describe('Secure cookies follow the site', () => {
  const signIn = async (config: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const site = await startTestServer({ config });
    try {
      await site.createUser({ username: 'carol', password: 'correct horse battery' });
      const res = await site.request('POST', '/api/auth/login', { token: null, headers, body: { username: 'carol', password: 'correct horse battery' } });
      expect(res.status).toBe(200);
      return res.headers.getSetCookie().filter((c) => /^skyportal\.(sid|csrf)=/.test(c));
    } finally {
      await site.stop();
    }
  };

  test('an https public URL makes every session cookie Secure, even when TLS ends at a proxy', async () => {
    const cookies = await signIn({ server: { publicUrl: 'https://portal.example.org' } });
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*secure/i);
  });

  test('a trusted proxy saying https makes them Secure; plain http does not', async () => {
    const proxied = await signIn({ server: { trustProxy: true } }, { 'x-forwarded-proto': 'https' });
    for (const cookie of proxied) expect(cookie).toMatch(/;\s*secure/i);
    const plain = await signIn({ server: { trustProxy: true } });
    for (const cookie of plain) expect(cookie).not.toMatch(/;\s*secure/i);
    // An untrusted client cannot claim https for itself; it gets no Secure cookie either way, and no error.
    const untrusted = await signIn({}, { 'x-forwarded-proto': 'https' });
    for (const cookie of untrusted) expect(cookie).not.toMatch(/;\s*secure/i);
  });
});
