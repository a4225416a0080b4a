import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, loadConfig, shippedPluginsOff } from '@skyportal/core';
import { createTestDatabase, freePort, type TestDatabase } from '@skyportal/test-kit';

const run = promisify(execFile);
const cli = path.resolve('core/bin/skyportal.js');

test('an embedded database survives a restart with all its data', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'skyportal-restart-'));
  chmodSync(dir, 0o755);
  const pgPort = await freePort();
  const config = loadConfig({
    env: 'test',
    environment: {},
    overrides: {
      database: { embedded: { dataDir: path.join(dir, 'pg'), port: pgPort } },
      auth: { admin: { token: 'restart-admin-token-1' } },
      plugins: {
        sources: { enabled: true },
        photometry: { enabled: false },
        'alert-stream': { enabled: false },
        example: { enabled: true, path: 'templates/plugin' },
      },
    },
  });
  try {
    const first = await createApp(config);
    const url = await first.start();
    const headers = { authorization: 'token restart-admin-token-1', 'content-type': 'application/json' };
    await fetch(`${url}/api/sources`, { method: 'POST', headers, body: JSON.stringify({ id: 'SN2011fe', ra: 210.774, dec: 54.2737, group_ids: [1] }) });
    const created = await fetch(`${url}/api/example/notes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ obj_id: 'SN2011fe', text: 'kept', group_ids: [1] }),
    });
    const { data } = await created.json();
    await first.stop();

    const second = await createApp(config);
    const url2 = await second.start();
    const read = await fetch(`${url2}/api/example/notes/${data.id}`, { headers });
    expect(read.status).toBe(200);
    expect((await read.json()).data.text).toBe('kept');
    expect(second.initialAdmin).toBeUndefined(); // the admin was made once, on the first start
    await second.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('skyportal CLI', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...process.env,
      DATABASE_URL: database.url,
      SKYPORTAL_ENV: 'test',
      SKYPORTAL_CONFIG: 'core/test/fixtures/example-only.yaml',
      NODE_OPTIONS: '',
    };
  });
  afterAll(() => database.drop());

  test('migrate applies core and plugin migrations alone, then reports up to date', async () => {
    const first = await run('node', [cli, 'migrate'], { env });
    expect(first.stdout).toContain('core/001_core.ts');
    expect(first.stdout).toContain('example/001_notes.ts');
    const second = await run('node', [cli, 'migrate'], { env });
    expect(second.stdout).toContain('Database is up to date.');
  });

  test('plugins list shows what the config enables', async () => {
    const { stdout } = await run('node', [cli, 'plugins', 'list'], { env });
    expect(stdout).toMatch(/^sources\s+@skyportal\/plugin-sources@0\.1\.0\n/m);
    expect(stdout).toMatch(/^example\s+@skyportal\/plugin-example@0\.1\.0\s+\(after sources\)/m);
    expect(stdout).toMatch(/disabled: photometry, alert-stream$/m);
  });

  test('create-user and create-token give a working token', async () => {
    await run('node', [cli, 'create-user', 'cli-astronomer', '--role', 'Full user'], { env });
    const { stdout } = await run('node', [cli, 'create-token', 'cli-astronomer', 'script', '--acl', 'Comment'], { env });
    const token = stdout.trim().split('\n').pop()!;
    const app = await createApp(
      loadConfig({
        env: 'test',
        environment: {},
        overrides: {
          database: { url: database.url },
          plugins: shippedPluginsOff(),
        },
      }),
    );
    const url = await app.start();
    const res = await fetch(`${url}/api/internal/profile`, { headers: { authorization: `token ${token}` } });
    const body = await res.json();
    // The shell's changes are in the audit log too, by no user ("system"), without the token's secret.
    const { entries } = await app.audit.list({ pageNumber: 1, numPerPage: 10 });
    await app.stop();
    expect(body.data.username).toBe('cli-astronomer');
    expect(body.data.acls).toEqual(['Comment']);
    expect(entries.map((e) => [e.action, e.target_name, e.via, e.actor_id])).toEqual([
      ['token.create', 'script', 'system', null],
      ['user.create', 'cli-astronomer', 'system', null],
    ]);
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  test('an invalid config stops with a message naming the key', async () => {
    const failed = await run('node', [cli, 'migrate'], { env: { ...env, PORT: 'not-a-port' } }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/server\.port/);
  });
});
