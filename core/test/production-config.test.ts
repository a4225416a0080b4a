import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, createLogger, loadConfig, shippedPluginsOff, ConfigError, type SkyPortalApp } from '@skyportal/core';
import { createTestDatabase, type TestDatabase } from '@skyportal/test-kit';

// The production layer as the image runs it: config/default.yaml + config/production.yaml, with
// secrets from mounted files (<NAME>_FILE), behind a TLS proxy.
const configDir = path.resolve(import.meta.dirname, '../../config');
let secrets: string;

beforeAll(() => {
  secrets = mkdtempSync(path.join(tmpdir(), 'skyportal-secrets-'));
});
afterAll(() => rmSync(secrets, { recursive: true, force: true }));

function secretFile(name: string, content: string): string {
  const file = path.join(secrets, name);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

describe('secrets from <NAME>_FILE', () => {
  test('each secret is read from the file its _FILE variable names, without the trailing newline', () => {
    const config = loadConfig({
      dir: configDir,
      env: 'production',
      environment: {
        PUBLIC_URL: 'https://portal.example.org',
        DATABASE_URL_FILE: secretFile('db', 'postgres://app:s3cret@db:5432/skyportal\n'),
        SKYPORTAL_COOKIE_KEYS_FILE: secretFile('keys', 'first-key-0123456789abcdef,older-key-0123456789abcdef\n'),
        SKYPORTAL_ADMIN_PASSWORD_FILE: secretFile('admin', 'correct horse battery staple'),
        OIDC_CLIENT_SECRET_FILE: secretFile('oidc', 'oidc-client-secret\r\n'),
        SKYPORTAL_METRICS_TOKEN_FILE: secretFile('metrics', 'metrics-token-0123456789\n'),
      },
    });
    expect(config.database.url).toBe('postgres://app:s3cret@db:5432/skyportal');
    expect(config.auth.cookieKeys).toEqual(['first-key-0123456789abcdef', 'older-key-0123456789abcdef']);
    expect(config.auth.admin.password).toBe('correct horse battery staple');
    expect(config.auth.oidc.clientSecret).toBe('oidc-client-secret');
    expect(config.metrics.token).toBe('metrics-token-0123456789');
    // The production layer itself.
    expect(config.server.trustProxy).toBe(true);
    expect(config.server.publicUrl).toBe('https://portal.example.org');
    expect(config.metrics.port).toBe(9464);
  });

  test('a variable and its _FILE both set is refused, naming them', () => {
    const environment = { SKYPORTAL_ADMIN_PASSWORD: 'one', SKYPORTAL_ADMIN_PASSWORD_FILE: secretFile('two', 'two') };
    expect(() => loadConfig({ dir: configDir, environment })).toThrow(
      new ConfigError('Set SKYPORTAL_ADMIN_PASSWORD or SKYPORTAL_ADMIN_PASSWORD_FILE, not both'),
    );
  });

  test('an unreadable secret file names the variable and the path, never a content', () => {
    const missing = path.join(secrets, 'absent');
    expect(() => loadConfig({ dir: configDir, environment: { DATABASE_URL_FILE: missing } })).toThrow(`DATABASE_URL_FILE: cannot read ${missing} (ENOENT)`);
  });

  test('TRUST_PROXY takes true or false only', () => {
    expect(loadConfig({ dir: configDir, environment: { TRUST_PROXY: 'true' } }).server.trustProxy).toBe(true);
    expect(loadConfig({ dir: configDir, environment: { TRUST_PROXY: '0' } }).server.trustProxy).toBe(false);
    expect(() => loadConfig({ dir: configDir, environment: { TRUST_PROXY: 'maybe' } })).toThrow('TRUST_PROXY must be true or false (got "maybe")');
  });
});

describe('a production site behind a TLS proxy', () => {
  let database: TestDatabase;
  let app: SkyPortalApp;
  let url: string;
  const logged: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      dir: configDir,
      env: 'production',
      environment: {
        PORT: '0',
        METRICS_PORT: '0',
        PUBLIC_URL: 'https://portal.example.org',
        DATABASE_URL_FILE: secretFile('db-url', `${database.url}\n`),
        SKYPORTAL_ADMIN_PASSWORD_FILE: secretFile('admin-password', 'a long admin passphrase\n'),
        SKYPORTAL_COOKIE_KEYS_FILE: secretFile('cookie-keys', 'production-cookie-key-0123456789'),
      },
      overrides: { server: { host: '127.0.0.1' }, plugins: { ...shippedPluginsOff(configDir), sources: { enabled: true } } },
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged.push(String(chunk));
        done();
      },
    });
    app = await createApp(config, { logger: createLogger('debug', {}, sink) });
    url = await app.start();
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const signIn = (headers: Record<string, string>) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username: 'admin', password: 'a long admin passphrase' }),
    });

  test('the admin signs in with the password from its file and gets Secure cookies over the proxy hop', async () => {
    // TLS ended at the proxy: the app's own hop is plain http, as in a cluster.
    const res = await signIn({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().filter((c) => /^skyportal\.(sid|csrf)=/.test(c));
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*secure/i);
  });

  test('logs are JSON lines and never carry the secrets read from files', async () => {
    await signIn({ 'x-forwarded-proto': 'https' });
    await fetch(`${url}/api/no-such-route`);
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(() => JSON.parse(line)).not.toThrow();
    const all = logged.join('');
    expect(all).not.toContain('a long admin passphrase');
    expect(all).not.toContain('production-cookie-key');
    expect(all).not.toContain(database.url);
  });

  test('metrics are served on the internal port and not on the public one', async () => {
    const internal = await fetch(`http://127.0.0.1:${app.metricsPort}/metrics`);
    expect(internal.status).toBe(200);
    expect(await internal.text()).toContain('skyportal_http_requests_total');
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });
});
