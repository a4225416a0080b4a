import { Writable } from 'node:stream';
import { startTestServer } from '@skyportal/test-kit';

const slow = 'core/test/fixtures/plugins/slow';

test('stop lets an in-flight request finish, then refuses new connections', async () => {
  const { url, app } = await startTestServer({ plugins: [slow] });
  const inFlight = fetch(`${url}/api/slow?ms=400`).then(async (res) => ({ status: res.status, body: await res.json() }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stopped = app.stop();
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(answer.body.data.waited).toBe(400);
  await stopped;
  await expect(fetch(`${url}/api/health`)).rejects.toThrow();
});

test('tokens, passwords and cookies never reach the logs', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { createLogger } = await import('@skyportal/core');
  const server = await startTestServer({ plugins: [slow], config: { log: { level: 'debug' } }, logger: createLogger('debug', {}, sink) });
  const { url } = server;
  const secret = 'super-secret-password-123';
  // A real token (the route needs System admin), so the handler runs and logs the body.
  const tokenValue = server.adminToken;
  await fetch(`${url}/api/slow/log`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `token ${tokenValue}`, cookie: 'skyportal.sid=cookie-secret-789' },
    body: JSON.stringify({ password: secret, token: tokenValue, nested: { token: tokenValue, password: secret } }),
  });
  // A SkyPortal script revoking a token by its secret, in the path.
  const made = await fetch(`${url}/api/internal/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `token ${tokenValue}` },
    body: JSON.stringify({ name: 'doomed', acls: [] }),
  });
  const doomed = ((await made.json()) as { data: { token_id: string } }).data.token_id;
  const revoked = await fetch(`${url}/api/internal/tokens/${doomed}`, { method: 'DELETE', headers: { authorization: `token ${tokenValue}` } });
  expect(revoked.status).toBe(200);
  await fetch(`${url}/api/internal/tokens/${doomed}`, { method: 'GET', headers: { authorization: `token ${tokenValue}` } });
  await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: secret }),
  });
  await server.stop();
  const text = lines.join('');
  expect(text).toContain('logged by the slow plugin');
  expect(text).not.toContain(secret);
  expect(text).not.toContain(tokenValue);
  expect(text).not.toContain('cookie-secret-789');
  expect(text).not.toContain(doomed);
  expect(text).toContain('/api/internal/tokens/[redacted]');
});
