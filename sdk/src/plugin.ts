import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Knex } from './knex-types.js';
import type { PluginRouter } from './routes.js';
import type { HookRegistry } from './hooks.js';
import type { LiveHub } from './live.js';
import type { Principal } from './access.js';

/** What a plugin may reach of other plugins: only what it declared in `dependsOn`. */
export interface PluginServices {
  /** Offer a service to plugins that depend on this one. */
  provide<T>(name: string, service: T): void;
  /** A service of a plugin listed in `dependsOn` (or of core: `config`, `logger`, `db`...). */
  get<T>(plugin: string, name: string): T;
}

/** Read-only facts about the running site a plugin may use. */
export interface SiteInfo {
  version: string;
  publicUrl: string;
  sitewideGroupId: number;
}

/** Core services a plugin may call in-process (bulk paths, scripts, other plugins). */
export interface CoreUsers {
  /** The principal of a user as if they had signed in (for in-process work on their behalf). */
  principalFor(userId: number): Promise<Principal>;
}

export interface PluginContext<Options> {
  name: string;
  options: Options;
  router: PluginRouter;
  hooks: HookRegistry;
  services: PluginServices;
  db: Knex;
  logger: Logger;
  live: LiveHub;
  site: SiteInfo;
  users: CoreUsers;
}

export interface PluginDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** Plugins that must be enabled and registered first; their hooks and services become reachable. */
  dependsOn?: readonly string[];
  options?: Schema;
  /** ACLs this plugin introduces or relies on; core creates the ones it does not know. */
  acls?: readonly string[];
  /** Folder of knex migrations (`.ts`/`.js` exporting `up`/`down`), run as `<plugin>/<file>`. */
  migrations?: URL;
  register(ctx: PluginContext<z.output<Schema>>): void | Promise<void>;
  bootstrap?(ctx: PluginContext<z.output<Schema>>): void | Promise<void>;
  destroy?(ctx: PluginContext<z.output<Schema>>): void | Promise<void>;
}

const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Declares a backend plugin. Misuse fails here, at import, with the plugin's name in the message,
 * rather than somewhere in the registry at startup.
 */
export function definePlugin<Schema extends z.ZodType>(definition: PluginDefinition<Schema>): PluginDefinition<Schema> {
  const name = definition?.name;
  if (typeof name !== 'string' || !PLUGIN_NAME.test(name)) {
    throw new Error(`definePlugin: name must match ${PLUGIN_NAME} (got ${JSON.stringify(name)})`);
  }
  if (typeof definition.register !== 'function') {
    throw new Error(`definePlugin(${name}): register must be a function`);
  }
  for (const dep of definition.dependsOn ?? []) {
    if (dep === name) throw new Error(`definePlugin(${name}): a plugin cannot depend on itself`);
  }
  return Object.freeze({ ...definition, dependsOn: Object.freeze([...(definition.dependsOn ?? [])]) });
}

export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PluginDefinition).name === 'string' &&
    typeof (value as PluginDefinition).register === 'function'
  );
}
