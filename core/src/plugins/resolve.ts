import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPluginDefinition, type PluginDefinition } from '@skyportal/sdk';
import type { PluginConfigEntry } from '../config/schema.js';
import { parsePagePreloads, type PagePreload } from './page-preloads.js';

export interface ResolvedPlugin {
  name: string;
  definition: PluginDefinition;
  packageName: string;
  version: string;
  description: string;
  /** Host versions the plugin supports (`skyportal.engines` in its package.json). */
  engines: string | undefined;
  /** Folder of its built web remote, if it has a web part. */
  webDir: string | undefined;
  /** API answers its pages ask for first (`skyportal.preload`), hinted on those pages' HTML. */
  preloads: PagePreload[];
}

interface PackageJson {
  name?: string;
  version?: string;
  description?: string;
  skyportal?: { engines?: string; web?: string; preload?: unknown };
}

const require = createRequire(import.meta.url);

/** Where a plugin comes from: a folder, or an npm package (default `@skyportal/plugin-<name>`). */
export type PluginSource = Pick<PluginConfigEntry, 'path' | 'package'>;

function packageDirOf(entry: PluginSource, name: string): string {
  if (entry.path) return path.resolve(entry.path);
  const packageName = entry.package ?? `@skyportal/plugin-${name}`;
  try {
    // Resolve from the working directory first (the site's own node_modules), then from core.
    const fromCwd = createRequire(path.join(process.cwd(), 'noop.js'));
    let manifest: string;
    try {
      manifest = fromCwd.resolve(`${packageName}/package.json`);
    } catch {
      manifest = require.resolve(`${packageName}/package.json`);
    }
    return path.dirname(manifest);
  } catch {
    throw new Error(`Plugin "${name}": package ${packageName} is not installed (npm install ${packageName}, or set plugins.${name}.path)`);
  }
}

/** Reads a plugin package's manifest and imports its server part, whatever name it defines. */
async function importPlugin(dir: string, label: string): Promise<{ manifest: PackageJson; definition: PluginDefinition; serverEntry: string }> {
  const manifestPath = path.join(dir, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`Plugin "${label}": no package.json in ${dir}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageJson;
  const serverEntry = ['server/index.ts', 'server/index.js', 'dist/server/index.js'].map((f) => path.join(dir, f)).find(existsSync);
  if (!serverEntry) throw new Error(`Plugin "${label}": ${dir} has no server/index.ts or server/index.js`);
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(serverEntry).href);
  } catch (error) {
    throw new Error(`Plugin "${label}": importing ${serverEntry} failed: ${(error as Error).message}`, { cause: error });
  }
  const definition = module.default;
  if (!isPluginDefinition(definition)) {
    throw new Error(`Plugin "${label}": ${serverEntry} must export default definePlugin({...})`);
  }
  return { manifest, definition, serverEntry };
}

/**
 * The name a plugin folder or package defines (what its config entry must be called). For tools
 * that are handed a plugin by location, such as the test kit.
 */
export async function pluginNameOf(source: PluginSource): Promise<string> {
  const label = source.path ?? source.package ?? '?';
  return (await importPlugin(packageDirOf(source, label), label)).definition.name;
}

/** Finds a configured plugin's package, reads its manifest and imports its server part. */
export async function resolvePlugin(name: string, entry: PluginSource): Promise<ResolvedPlugin> {
  const dir = packageDirOf(entry, name);
  const { manifest, definition } = await importPlugin(dir, name);
  // A config entry may point a name at another package (replacing a plugin); the name must agree.
  if (definition.name !== name) {
    throw new Error(`Plugin "${name}": ${manifest.name ?? dir} defines a plugin named "${definition.name}"`);
  }
  return {
    name,
    definition,
    packageName: manifest.name ?? name,
    version: manifest.version ?? '0.0.0',
    description: manifest.description ?? '',
    engines: manifest.skyportal?.engines,
    webDir: manifest.skyportal?.web ? path.join(dir, manifest.skyportal.web) : undefined,
    preloads: parsePagePreloads(name, manifest.skyportal?.preload),
  };
}

/** A plugin handed over as a definition in code (tests): no package, so no version, range or web part. */
export function inCodePlugin(definition: PluginDefinition): ResolvedPlugin {
  return {
    name: definition.name,
    definition,
    packageName: definition.name,
    version: '0.0.0',
    description: '',
    engines: undefined,
    webDir: undefined,
    preloads: [],
  };
}
