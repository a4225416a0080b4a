/**
 * The plugin template, proved as a plugin author outside this repository meets it: generated with
 * `skyportal create-plugin` into a temporary folder, the workspace packages it needs installed
 * there as npm tarballs (`npm pack`), type-checked with tsc, its own tests run with the test kit
 * (which starts its own PostgreSQL there), and loaded by a real `skyportal start` by `path:`.
 * The steps share the folder and run in order; each names what failed.
 */
import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@skyportal/test-kit';
import { startPortalProcess, type PortalProcess } from '@skyportal/test-kit/process';

const exec = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const NAME = 'moon-notes';
/** The packages the template's package.json needs, and the ones they need. */
const WORKSPACES = { '@skyportal/sdk': 'sdk', '@skyportal/core': 'core', '@skyportal/test-kit': 'test-kit', '@skyportal/plugin-sources': 'plugins/sources' };

// Outside the repository, readable by the postgres system user when run as root (mkdtemp is 0700).
const work = mkdtempSync(path.join(tmpdir(), 'skyportal-plugin-proof-'));
chmodSync(work, 0o755);
const dir = path.join(work, NAME);
const timings: Record<string, number> = {};

/** A command as a person types it in the plugin's folder: none of this run's npm or database settings. */
async function run(step: string, command: string, args: string[], cwd = dir, timeoutMs = 300_000) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$|NODE_OPTIONS$|DATABASE_URL$|SKYPORTAL_)/.test(key)));
  const started = Date.now();
  try {
    return await exec(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stderr ?? ''}\n${(stdout ?? '').slice(-4000)}`, { cause: error });
  } finally {
    timings[step] = Date.now() - started;
  }
}

let database: TestDatabase | undefined;
let portal: PortalProcess | undefined;
afterAll(async () => {
  await portal?.stop();
  await database?.drop();
  console.log(`template proof, ms per step: ${JSON.stringify(timings)}`);
  if (!process.env.KEEP_TEMPLATE_PROOF) rmSync(work, { recursive: true, force: true });
});

test('skyportal create-plugin writes the plugin into a folder outside the repository', async () => {
  expect(path.relative(repo, dir).startsWith('..')).toBe(true);
  const { stdout } = await run('create-plugin', process.execPath, [path.join(repo, 'core/bin/skyportal.js'), 'create-plugin', NAME, '--dir', dir], repo);
  expect(stdout).toContain(`Created @skyportal/plugin-${NAME} in ${dir}`);
  expect(JSON.parse(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')).references).toBeUndefined();
});

test('the workspace packages it needs install there from npm pack tarballs, as from a registry', async () => {
  const packs = path.join(work, 'packs');
  mkdirSync(packs);
  const { stdout } = await run(
    'npm pack',
    'npm',
    ['pack', '--json', '--pack-destination', packs, ...Object.values(WORKSPACES).flatMap((w) => ['-w', w])],
    repo,
  );
  const tarballs = Object.fromEntries(
    (JSON.parse(stdout) as { name: string; filename: string }[]).map((p) => [p.name, `file:${path.join(packs, p.filename)}`]),
  );
  expect(Object.keys(tarballs).sort()).toEqual(Object.keys(WORKSPACES).sort());

  // Its @skyportal dependencies, and theirs (core needs the sdk), come from the tarballs.
  const manifestFile = path.join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  for (const section of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(manifest[section])) if (tarballs[name]) manifest[section][name] = tarballs[name];
  }
  manifest.overrides = tarballs;
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  await run('npm install', 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir, 540_000);

  for (const name of Object.keys(WORKSPACES)) {
    const installed = path.join(dir, 'node_modules', name);
    expect({ name, symlink: lstatSync(installed).isSymbolicLink() }).toEqual({ name, symlink: false });
    expect(path.relative(repo, realpathSync(installed)).startsWith('..')).toBe(true);
  }
});

test('it type-checks with tsc against the installed packages', async () => {
  const { stdout } = await run('tsc', 'npm', ['run', 'typecheck']);
  expect(stdout).toContain('tsc -p tsconfig.json');
});

test('its own tests pass with the test kit, which starts its own PostgreSQL there', async () => {
  const report = path.join(work, 'plugin-tests.json');
  await run('its tests', 'npm', ['test', '--', '--json', `--outputFile=${report}`]);
  const results = JSON.parse(readFileSync(report, 'utf8'));
  const declared = readFileSync(path.join(repo, 'templates/plugin/test/example.test.ts'), 'utf8').match(/^test\(/gm)!.length;
  expect({ passed: results.numPassedTests, failed: results.numFailedTests, suites: results.numTotalTestSuites }).toEqual({
    passed: declared,
    failed: 0,
    suites: 1,
  });
});

test('a portal started with path: pointing at the folder loads it: its route, migration and service work', async () => {
  const started = Date.now();
  database = await createTestDatabase();
  const adminToken = 'template-proof-admin-token-0123456789';
  portal = await startPortalProcess({
    cwd: dir,
    bin: path.join(dir, 'node_modules/@skyportal/core/bin/skyportal.js'),
    databaseUrl: database.url,
    config: { plugins: { sources: { enabled: true }, [NAME]: { path: dir, options: { greeting: 'Clear skies' } } } },
    env: { SKYPORTAL_ADMIN_TOKEN: adminToken },
  });
  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${portal!.url}${route}`, {
      method,
      headers: { authorization: `token ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  expect((await api('GET', `/api/${NAME}/hello`)).body.data).toEqual({ message: `Clear skies from the ${NAME} plugin` });
  const plugins = (await api('GET', '/api/plugins')).body.data.plugins;
  expect(plugins.map((p: { name: string }) => p.name)).toEqual(['sources', NAME]);
  expect(plugins[1]).toMatchObject({ package: `@skyportal/plugin-${NAME}`, version: '0.1.0', dependsOn: ['sources'] });

  const sitewide = (await api('GET', '/api/groups/public')).body.data.id;
  expect((await api('POST', '/api/sources', { id: 'SN2011fe', ra: 210.774, dec: 54.2737, group_ids: [sitewide] })).status).toBe(200);
  const note = await api('POST', `/api/${NAME}/notes`, { obj_id: 'SN2011fe', text: 'Ia, bright', group_ids: [sitewide] });
  expect(note.status).toBe(200);
  expect((await api('GET', `/api/${NAME}/notes?obj_id=SN2011fe`)).body.data).toEqual([expect.objectContaining({ id: note.body.data.id, text: 'Ia, bright' })]);
  timings.portal = Date.now() - started;
});
