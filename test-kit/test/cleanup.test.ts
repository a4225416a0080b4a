import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** Runs fixtures/left-running.fixture.ts in a jest of its own; returns what its server was. */
async function runLeftRunningFixture(env: NodeJS.ProcessEnv): Promise<{ url: string; databaseUrl: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kit-cleanup-'));
  const report = path.join(dir, 'report.json');
  try {
    // A jest that does not exit (a server or Postgres left running) fails here by timeout.
    await run(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '-c', 'test-kit/test/fixtures/jest.config.js'], {
      cwd: root,
      env: { ...env, KIT_REPORT_FILE: report, NODE_OPTIONS: '--experimental-vm-modules' },
      timeout: 45_000,
    });
    return JSON.parse(readFileSync(report, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function databaseExists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.SKYPORTAL_TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [new URL(url).pathname.slice(1)])).rowCount === 1;
  } finally {
    await client.end();
  }
}

test('a server a test file left running is stopped after the file, its database dropped', async () => {
  const { url, databaseUrl } = await runLeftRunningFixture(process.env);
  expect(new URL(databaseUrl).port).toBe(new URL(process.env.SKYPORTAL_TEST_DATABASE_URL!).port); // the run's shared server
  await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  expect(await databaseExists(databaseUrl)).toBe(false);
});

test('with no Postgres given, the kit starts a scratch one for the file and shuts it down after', async () => {
  const env = { ...process.env };
  delete env.SKYPORTAL_TEST_DATABASE_URL;
  delete env.DATABASE_URL;
  const { url, databaseUrl } = await runLeftRunningFixture(env);
  expect(new URL(databaseUrl).port).not.toBe(new URL(process.env.SKYPORTAL_TEST_DATABASE_URL!).port);
  await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  const client = new pg.Client({ connectionString: databaseUrl });
  await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
});
