import type { z } from 'zod';
import type { PluginRouter } from './routes.js';
import type { PluginHooks } from './hooks.js';
import type { ServiceRef } from './refs.js';

/** What a plugin reaches of core and of other plugins: refs of core, its own, and of its `dependsOn` and `optionalDependsOn`. */
export interface PluginServices {
  /** Offer one of this plugin's own refs to the plugins that depend on it (once). */
  provide<T>(ref: ServiceRef<T>, service: T): void;
  /** A service by ref: core's (`coreServices`), this plugin's, or one of a plugin in `dependsOn`. */
  get<T>(ref: ServiceRef<T>): T;
  /** A service of a plugin in `optionalDependsOn`: undefined when that plugin is not enabled. */
  getOptional<T>(ref: ServiceRef<T>): T | undefined;
}

export interface PluginContext<Options> {
  name: string;
  options: Options;
  router: PluginRouter;
  hooks: PluginHooks;
  services: PluginServices;
}

export interface PluginDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** Plugins that must be enabled and registered first; their hooks and services become reachable. */
  dependsOn?: readonly string[];
  /**
   * Plugins used when they are enabled (comments on spectra, say): registered first when present,
   * their refs reachable (`services.getOptional` is undefined when they are off); switching one off
   * never stops this plugin.
   */
  optionalDependsOn?: readonly string[];
  options?: Schema;
  /** ACLs this plugin introduces or relies on; core creates the ones it does not know. */
  acls?: readonly string[];
  /** Folder of knex migrations (`.ts`/`.js` exporting `up`/`down`), run as `<plugin>/<file>`. */
  migrations?: URL;
  register(ctx: PluginContext<z.output<Schema>>): void | Promise<void>;
  bootstrap?(ctx: PluginContext<z.output<Schema>>): void | Promise<void>;
  destroy?(ctx: PluginContext<z.output<Schema>>): void | Promise<void>;
}

/** What a plugin may be called: its config key, route prefix, ref owner and table prefix. */
export const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;

/** `core` owns core's refs: a plugin by that name could provide core's services in core's place. */
export function pluginNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !PLUGIN_NAME.test(name)) return `name must match ${PLUGIN_NAME} (got ${JSON.stringify(name)})`;
  if (name === 'core') return 'the name "core" is reserved for core';
  return undefined;
}

/**
 * Declares a backend plugin. Misuse fails here, at import, with the plugin's name in the message,
 * rather than somewhere in the registry at startup.
 */
export function definePlugin<Schema extends z.ZodType>(definition: PluginDefinition<Schema>): PluginDefinition<Schema> {
  const name = definition?.name;
  const problem = pluginNameProblem(name);
  if (problem) throw new Error(`definePlugin: ${problem}`);
  if (typeof definition.register !== 'function') {
    throw new Error(`definePlugin(${name}): register must be a function`);
  }
  for (const dep of [...(definition.dependsOn ?? []), ...(definition.optionalDependsOn ?? [])]) {
    if (dep === name) throw new Error(`definePlugin(${name}): a plugin cannot depend on itself`);
  }
  return Object.freeze({
    ...definition,
    dependsOn: Object.freeze([...(definition.dependsOn ?? [])]),
    optionalDependsOn: Object.freeze([...(definition.optionalDependsOn ?? [])]),
  });
}

export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PluginDefinition).name === 'string' &&
    typeof (value as PluginDefinition).register === 'function'
  );
}
