/**
 * DESIGN.md's dependency rules, checked on the import statements of the source tree: the compiler
 * cannot enforce them (packages resolve each other through node_modules), so this test does.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).flatMap((name) => {
    const file = path.join(full, name);
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    if (statSync(file).isDirectory()) return sourceFiles(path.join(dir, name));
    return /\.(ts|tsx|mjs)$/.test(name) ? [path.join(dir, name)] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const pattern = /(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  return [...text.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Every import of `files` that `forbidden` matches, as "file: specifier". */
function violations(files: string[], forbidden: (specifier: string, file: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden(spec, file))
      .map((spec) => `${file}: ${spec}`),
  );
}

const plugins = readdirSync(path.join(root, 'plugins'));

/** Whether a relative import of `file` lands inside the repository folder `folder`. */
function reaches(file: string, spec: string, folder: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = path.relative(root, path.resolve(root, path.dirname(file), spec));
  return target === folder || target.startsWith(`${folder}/`);
}

test('core never imports a plugin or the host app', () => {
  const found = violations(
    sourceFiles('core/src'),
    (spec, file) =>
      spec.startsWith('@skyportal/plugin-') || spec.startsWith('@skyportal/host-app') || reaches(file, spec, 'plugins') || reaches(file, spec, 'host-app'),
  );
  expect(found).toEqual([]);
});

test("a plugin's server part imports the SDK and the plugins it depends on, never core", () => {
  for (const plugin of plugins) {
    const manifest = JSON.parse(readFileSync(path.join(root, 'plugins', plugin, 'package.json'), 'utf8'));
    const allowed = new Set(Object.keys(manifest.dependencies ?? {}));
    const files = [...sourceFiles(`plugins/${plugin}/server`), ...sourceFiles(`plugins/${plugin}/migrations`)];
    const found = violations(
      files,
      (spec, file) =>
        spec.startsWith('@skyportal/core') ||
        reaches(file, spec, 'core') ||
        (spec.startsWith('@skyportal/plugin-') && !allowed.has(spec.split('/').slice(0, 2).join('/'))),
    );
    expect({ plugin, found }).toEqual({ plugin, found: [] });
  }
});

test("a plugin's web part never imports server code", () => {
  for (const plugin of plugins) {
    const found = violations(
      sourceFiles(`plugins/${plugin}/web`),
      (spec, file) => spec.startsWith('@skyportal/core') || /^@skyportal\/plugin-[^/]+\/server/.test(spec) || reaches(file, spec, `plugins/${plugin}/server`),
    );
    expect({ plugin, found }).toEqual({ plugin, found: [] });
  }
});

test('the host app never imports a plugin: plugins reach the page only at run time', () => {
  const found = violations(sourceFiles('host-app/src'), (spec, file) => spec.startsWith('@skyportal/plugin-') || reaches(file, spec, 'plugins'));
  expect(found).toEqual([]);
});

const importsCore = (spec: string, file: string) => spec.startsWith('@skyportal/core') || reaches(file, spec, 'core');

test('the SDK never imports core, none of it: contracts, web part, webpack helpers', () => {
  expect(sourceFiles('sdk').length).toBeGreaterThan(10);
  expect(violations(sourceFiles('sdk'), importsCore)).toEqual([]);
});

test('of the packages, only the test kit depends on core (it starts a real app); plugins test through it', () => {
  const packageDirs = ['sdk', 'test-kit', 'host-app', ...plugins.map((p) => `plugins/${p}`), 'templates/plugin'];
  const dependents = packageDirs.filter((dir) => {
    const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    return Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies }).includes('@skyportal/core');
  });
  expect(dependents).toEqual(['test-kit']);
  // A plugin's tests included: they reach core only through the kit.
  const pluginFiles = [...plugins.flatMap((p) => sourceFiles(`plugins/${p}`)), ...sourceFiles('templates/plugin'), ...sourceFiles('host-app/src')];
  expect(violations(pluginFiles, importsCore)).toEqual([]);
  expect(violations(sourceFiles('test-kit/src'), importsCore).length).toBeGreaterThan(0);
});

/** Files git would ship: every text file a fresh clone has (no node_modules, builds or data folders). */
function shippedTextFiles(dir = ''): string[] {
  return readdirSync(path.join(root, dir || '.')).flatMap((name) => {
    const relative = dir ? path.join(dir, name) : name;
    if (['node_modules', 'dist', '.git', '.data', '.test-results'].includes(name) || name.startsWith('.tsbuild')) return [];
    if (statSync(path.join(root, relative)).isDirectory()) return shippedTextFiles(relative);
    return /\.(ts|tsx|mjs|cjs|js|json|ya?ml|sh|md)$/.test(name) || name === 'run' ? [relative] : [];
  });
}

/** A path that leaves the repository for the workspace's shared folder: `../shared`, or joined as `'..', 'shared'`. */
const OUTSIDE_REFERENCE = /\.\.[\\/]+shared\b|['"]\.\.['"]\s*,\s*['"]shared['"]/;

test('the outside-reference rule catches the forms a path to ../shared takes', () => {
  for (const planted of [
    "readFileSync('../shared/data/x.csv')",
    "path.resolve(here, '../../../../shared/data/photometry')",
    "path.resolve(repoRoot, '..', 'shared', 'data')",
    'cat ..\\shared\\data',
  ]) {
    expect({ planted, caught: OUTSIDE_REFERENCE.test(planted) }).toEqual({ planted, caught: true });
  }
  expect(OUTSIDE_REFERENCE.test("import { sharedModules } from '@skyportal/sdk/webpack'")).toBe(false);
});

test('nothing in the repository refers to ../shared: a fresh clone stands on its own', () => {
  const self = path.relative(root, import.meta.filename);
  const found = shippedTextFiles()
    .filter((file) => file !== self && file !== 'package-lock.json')
    .filter((file) => OUTSIDE_REFERENCE.test(readFileSync(path.join(root, file), 'utf8')));
  expect(found).toEqual([]);
});

/** Core's tables, read off core's migrations. */
function coreTables(): Set<string> {
  const text = sourceFiles('core/src/db/migrations')
    .map((file) => readFileSync(path.join(root, file), 'utf8'))
    .join('\n');
  return new Set([...text.matchAll(/createTable\(\s*'(\w+)'|CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g)].map((m) => (m[1] ?? m[2])!));
}

/** Where a migration's text touches core's schema beyond `users.id`, `groups.id` and `streams.id`. */
function coreSchemaUses(text: string, tables: Set<string>): string[] {
  const found: string[] = [];
  const references = [
    ...text.matchAll(/references\(\s*'(\w+)\.(\w+)'\s*\)/g),
    ...text.matchAll(/REFERENCES\s+(\w+)\s*\(\s*(\w+)\s*\)/gi),
    ...text.matchAll(/\.references\(\s*'(\w+)'\s*\)\s*\.inTable\(\s*'(\w+)'\s*\)/g),
  ];
  for (const [, a, b] of references) {
    const [table, column] = text.includes(`.inTable('${b}')`) ? [b!, a!] : [a!, b!];
    if (tables.has(table) && !(['users', 'groups', 'streams'].includes(table) && column === 'id')) found.push(`references ${table}.${column}`);
  }
  for (const [, table] of text.matchAll(/\bON\s+(\w+)\s+(?:REFERENCING|FOR|EXECUTE)/gi)) if (tables.has(table!)) found.push(`trigger on ${table}`);
  for (const [, table] of text.matchAll(/ALTER\s+TABLE\s+(?:ONLY\s+)?(\w+)/gi)) if (tables.has(table!)) found.push(`alters ${table}`);
  for (const [, table] of text.matchAll(/(?:alterTable|table)\(\s*'(\w+)'/g)) if (tables.has(table!)) found.push(`alters ${table}`);
  return found;
}

test("a plugin's migrations reference only users.id, groups.id and streams.id of core's schema, and put no triggers on it", () => {
  const tables = coreTables();
  expect([...tables]).toEqual(expect.arrayContaining(['users', 'groups', 'group_users', 'tokens']));
  // The rule, proved on planted migrations.
  expect(coreSchemaUses("t.integer('owner_id').references('users.id')", tables)).toEqual([]);
  expect(coreSchemaUses('group_id integer REFERENCES groups(id)', tables)).toEqual([]);
  expect(coreSchemaUses("t.integer('stream_id').references('streams.id')", tables)).toEqual([]);
  expect(coreSchemaUses("t.integer('x').references('stream_users.user_id')", tables)).toEqual(['references stream_users.user_id']);
  expect(coreSchemaUses("t.integer('x').references('group_users.user_id')", tables)).toEqual(['references group_users.user_id']);
  expect(coreSchemaUses('CREATE TRIGGER t AFTER DELETE ON groups REFERENCING OLD TABLE AS gone', tables)).toEqual(['trigger on groups']);
  expect(coreSchemaUses("knex.schema.alterTable('users', (t) => t.text('x'))", tables)).toEqual(['alters users']);
  const pluginDirs = [...plugins.map((p) => `plugins/${p}`), 'templates/plugin'];
  for (const dir of pluginDirs) {
    // A later migration may undo an earlier one (dropping a trigger): judge what the `up`s leave.
    const ups = sourceFiles(`${dir}/migrations`).map((file) => readFileSync(path.join(root, file), 'utf8').split(/export async function down/)[0]!);
    const dropped = new Set(ups.flatMap((text) => [...text.matchAll(/DROP TRIGGER (?:IF EXISTS )?\w+ ON (\w+)/g)].map((m) => `trigger on ${m[1]}`)));
    const found = ups.flatMap((text) => coreSchemaUses(text, tables)).filter((use) => !dropped.has(use));
    expect({ dir, found }).toEqual({ dir, found: [] });
  }
});

/** The relative imports of a package's shipped files that land on a file its `files` list leaves out. */
function unshippedImports(packageDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, packageDir, 'package.json'), 'utf8'));
  const files: string[] | undefined = manifest.files;
  if (!files) return [];
  const shipped = (relative: string) => files.some((entry) => relative === entry || relative.startsWith(`${entry.replace(/\/$/, '')}/`));
  return sourceFiles(packageDir)
    .map((file) => path.relative(packageDir, file))
    .filter((relative) => shipped(relative) && !/\.test\.tsx?$/.test(relative))
    .flatMap((relative) =>
      importsOf(path.join(packageDir, relative))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => path.normalize(path.join(path.dirname(relative), spec)).replace(/\.js$/, '.ts'))
        .filter((target) => !target.startsWith('..') && !shipped(target))
        .map((target) => `${packageDir}/${relative} imports ${target}, which package.json "files" leaves out`),
    );
}

test('what a package ships imports only what it ships (npm pack leaves the rest behind)', () => {
  const packages = ['sdk', 'core', 'test-kit', ...plugins.map((p) => `plugins/${p}`), 'templates/plugin'].filter((dir) =>
    existsSync(path.join(root, dir, 'package.json')),
  );
  expect(packages.flatMap(unshippedImports)).toEqual([]);
});
