import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginNameOf, type PluginSource } from '@skyportal/core';
import { isPluginDefinition, PLUGIN_NAME, type PluginDefinition } from '@skyportal/sdk';

/**
 * A plugin to start a test server with:
 * - a plugin name (`'sources'`): its package `@skyportal/plugin-<name>`, as a config entry without `package:` finds it;
 * - a scoped package name (`'@observatory/skyportal-notes'`);
 * - a folder: a path (`'plugins/photometry'`, relative to the working directory) or a `file:` URL
 *   (`new URL('..', import.meta.url)`: the plugin a test file belongs to, wherever it lives);
 * - a definition in code: `definePlugin({...})`;
 * - any of these with options: `{ plugin: 'photometry', options: { maxRowsPerPost: 1000 } }`.
 */
export type PluginSpec = PluginRef | { plugin: PluginRef; options?: Record<string, unknown> };
type PluginRef = string | URL | PluginDefinition;

export interface PluginsUnderTest {
  /** The config's `plugins:` section. */
  entries: Record<string, { enabled: true; options?: Record<string, unknown> } & PluginSource>;
  definitions: PluginDefinition[];
}

function sourceOf(ref: string | URL): PluginSource & { name?: string } {
  if (ref instanceof URL) return { path: fileURLToPath(ref) };
  if (PLUGIN_NAME.test(ref)) return { name: ref };
  if (ref.startsWith('@')) return { package: ref };
  return { path: path.resolve(ref) };
}

export async function pluginsUnderTest(specs: readonly PluginSpec[]): Promise<PluginsUnderTest> {
  const entries: PluginsUnderTest['entries'] = {};
  const definitions: PluginDefinition[] = [];
  for (const spec of specs) {
    const { plugin, options } = typeof spec === 'object' && 'plugin' in spec ? spec : { plugin: spec, options: undefined };
    let name: string;
    let source: PluginSource = {};
    if (isPluginDefinition(plugin)) {
      name = plugin.name;
      definitions.push(plugin);
    } else {
      const { name: given, ...where } = sourceOf(plugin);
      source = where;
      name = given ?? (await pluginNameOf(where));
    }
    if (entries[name]) throw new Error(`startTestServer: plugin "${name}" is given twice`);
    entries[name] = { enabled: true, ...source, ...(options ? { options } : {}) };
  }
  return { entries, definitions };
}
