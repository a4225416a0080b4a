import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPluginDefinition, type PluginDefinition } from '@skyportal/sdk';
import type { PluginConfigEntry } from '../config/schema.js';

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
}

interface PackageJson {
  name?: string;
  version?: string;
  description?: string;
  skyportal?: { engines?: string; web?: string };
}

const require = createRequire(import.meta.url);

function packageDirOf(entry: PluginConfigEntry, name: string): string {
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

/** Finds a configured plugin's package, reads its manifest and imports its server part. */
export async function resolvePlugin(name: string, entry: PluginConfigEntry): Promise<ResolvedPlugin> {
  const dir = packageDirOf(entry, name);
  const manifestPath = path.join(dir, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`Plugin "${name}": no package.json in ${dir}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageJson;
  const serverEntry = ['server/index.ts', 'server/index.js', 'dist/server/index.js'].map((f) => path.join(dir, f)).find(existsSync);
  if (!serverEntry) throw new Error(`Plugin "${name}": ${dir} has no server/index.ts or server/index.js`);
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(serverEntry).href);
  } catch (error) {
    throw new Error(`Plugin "${name}": importing ${serverEntry} failed: ${(error as Error).message}`, { cause: error });
  }
  const definition = module.default;
  if (!isPluginDefinition(definition)) {
    throw new Error(`Plugin "${name}": ${serverEntry} must export default definePlugin({...})`);
  }
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
  };
}
