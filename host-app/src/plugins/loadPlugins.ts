// Discovers plugin remotes from the server and loads them in isolation: every failure point is
// caught per plugin and turned into a named FailedPlugin, never into a broken page.
import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import { frontendPluginProblems, type FailedPlugin, type FrontendPlugin } from '@skyportal/sdk/web';
import { pluginManifest, type PluginManifestEntry } from '../api';
import { injectPluginReducer, store } from '../store';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadOne(entry: PluginManifestEntry): Promise<FrontendPlugin> {
  const remote = entry.remote!;
  const module = await loadRemote<{ default?: unknown }>(`${remote.name}/plugin`);
  const candidate = module?.default;
  const problems = frontendPluginProblems(candidate);
  if (problems.length > 0) throw new Error(`its default export is not a frontend plugin: ${problems.join('; ')}`);
  const plugin = candidate as FrontendPlugin;
  if (plugin.name !== entry.name) throw new Error(`it declares the name "${plugin.name}"`);
  for (const [key, reducer] of Object.entries(plugin.reducers)) injectPluginReducer(plugin.name, key, reducer);
  return plugin;
}

export async function loadPlugins(): Promise<{ plugins: FrontendPlugin[]; failed: FailedPlugin[] }> {
  let manifest: PluginManifestEntry[];
  try {
    manifest = (await store.dispatch(pluginManifest.initiate(undefined, { subscribe: false })).unwrap()).plugins;
  } catch (error) {
    return { plugins: [], failed: [{ name: '(plugin list)', reason: `could not fetch /api/plugins: ${(error as { message?: string }).message}` }] };
  }
  const withWeb = manifest.filter((entry) => entry.remote);
  registerRemotes(
    withWeb.map((entry) => ({
      name: entry.remote!.name,
      entry: new URL(entry.remote!.entry, window.location.origin).href,
    })),
    { force: true },
  );
  const results = await Promise.allSettled(withWeb.map(loadOne));
  const plugins: FrontendPlugin[] = [];
  const failed: FailedPlugin[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') plugins.push(result.value);
    else failed.push({ name: withWeb[index].name, reason: reasonOf(result.reason) });
  });
  return { plugins, failed };
}
