import { startTestServer, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('API tokens and ACLs', () => {
  test('the admin token from SKYPORTAL_ADMIN_TOKEN reads the profile', async () => {
    const res = await server.request('GET', '/api/internal/profile');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('success');
    expect(res.body.data.username).toBe('admin');
    expect(res.body.data.acls).toContain('System admin');
  });

  test('no credentials: 401 with the error envelope', async () => {
    const res = await server.request('GET', '/api/internal/profile', { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 'error', message: expect.any(String) });
  });

  test('a wrong token is 401', async () => {
    const res = await server.request('GET', '/api/internal/profile', { token: 'not-a-token' });
    expect(res.status).toBe(401);
  });

  test('a view-only user gets 401 naming the ACL on a write that needs one (as SkyPortal)', async () => {
    const viewer = await server.createUser({ roles: ['View only'] });
    const res = await server.request('POST', '/api/groups', { token: viewer.token, body: { name: 'viewers-group' } });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/Upload data/);
    expect(res.body.data).toEqual({ missing_acl: 'Upload data' });
    expect(await server.knex('groups').where({ name: 'viewers-group' }).first()).toBeUndefined();
  });

  const password = 'correct horse battery';

  test('a token cannot be given ACLs its owner lacks (400 naming acls)', async () => {
    const user = await server.createUser({ roles: ['Full user'], password });
    const browser = await server.signIn(user.username, password);
    const res = await browser.request('POST', '/api/internal/tokens', { body: { name: 'x', acls: ['System admin'] } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^acls: /);
  });

  test('a token limited to Comment does not carry Upload data', async () => {
    const user = await server.createUser({ roles: ['Full user'], password });
    const browser = await server.signIn(user.username, password);
    const made = await browser.request('POST', '/api/internal/tokens', { body: { name: 'comment only', acls: ['Comment'] } });
    expect(made.status).toBe(200);
    const profile = await server.request('GET', '/api/internal/profile', { token: made.body.data.token_id });
    expect(profile.body.data.acls).toEqual(['Comment']);
  });

  test('a revoked token fails at once', async () => {
    const user = await server.createUser({ password });
    const browser = await server.signIn(user.username, password);
    const made = await browser.request('POST', '/api/internal/tokens', { body: { name: 'temp', acls: [] } });
    const secret = made.body.data.token_id as string;
    expect((await server.request('GET', '/api/internal/profile', { token: secret })).status).toBe(200);
    const listed = await browser.request('GET', '/api/internal/tokens');
    expect(JSON.stringify(listed.body.data)).not.toContain(secret); // secrets are never listed
    // last_used_at is written off the request path: give it a moment.
    let lastUsed = null;
    for (let i = 0; i < 40 && !lastUsed; i++) {
      const tokens = await browser.request('GET', '/api/internal/tokens');
      lastUsed = tokens.body.data.find((t: { id: string }) => t.id === made.body.data.id).last_used_at;
      if (!lastUsed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lastUsed).not.toBeNull();
    const revoke = await browser.request('DELETE', `/api/internal/tokens/${made.body.data.id}`);
    expect(revoke.status).toBe(200);
    expect((await server.request('GET', '/api/internal/profile', { token: secret })).status).toBe(401);
  });

  test("a user cannot revoke another user's token (404)", async () => {
    const alice = await server.createUser({ password });
    const bob = await server.createUser({ password });
    const made = await (await server.signIn(alice.username, password)).request('POST', '/api/internal/tokens', { body: { name: 'a', acls: [] } });
    const res = await (await server.signIn(bob.username, password)).request('DELETE', `/api/internal/tokens/${made.body.data.id}`);
    expect(res.status).toBe(404);
    expect((await server.request('GET', '/api/internal/profile', { token: made.body.data.token_id })).status).toBe(200);
  });
});

describe('bad input', () => {
  test('bad JSON is 400', async () => {
    const res = await server.request('POST', '/api/groups', { body: '{"name": ' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/Invalid JSON/);
  });

  test('a field of the wrong type is 400 naming the field', async () => {
    const res = await server.request('POST', '/api/groups', { body: { name: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/name: /);
  });

  test('an unknown role is 400 naming roles', async () => {
    const res = await server.request('POST', '/api/user', { body: { username: 'x1', roles: ['Wizard'] } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/roles/);
  });
});
