import semver from 'semver';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { asValue, type AwilixContainer } from 'awilix';
import type { CoreUsers, LiveHub, PluginContext, PluginServices, SiteInfo } from '@skyportal/sdk';
import type { Config } from '../config/schema.js';
import { describeIssues } from '../http/validation.js';
import type { RouteTable } from '../http/route-table.js';
import type { MigrationSet } from '../db/migrate.js';
import { resolvePlugin, type ResolvedPlugin } from './resolve.js';
import { orderByDependencies } from './order.js';
import type { HookStore } from './hooks.js';

export const CORE_VERSION = '0.1.0';

interface LoadedPlugin extends ResolvedPlugin {
  options: unknown;
  dependsOn: readonly string[];
  context?: PluginContext<unknown>;
}

export interface RegistryDeps {
  knex: Knex;
  logger: Logger;
  routes: RouteTable;
  hooks: HookStore;
  live: LiveHub;
  container: AwilixContainer;
  site: SiteInfo;
  users: CoreUsers;
}

/**
 * Reads the plugin section of the config: resolves each enabled plugin, checks its host version
 * range and options, and orders them by dependency. Then runs `register` for all, `bootstrap` for
 * all, and `destroy` in reverse. Every failure names the plugin.
 */
export class PluginRegistry {
  private plugins: LoadedPlugin[] = [];
  private phase: 'new' | 'loaded' | 'registered' | 'bootstrapped' | 'destroyed' = 'new';

  async load(config: Config): Promise<void> {
    const enabled = Object.entries(config.plugins).filter(([, entry]) => entry.enabled);
    const disabled = new Set(
      Object.entries(config.plugins)
        .filter(([, e]) => !e.enabled)
        .map(([name]) => name),
    );
    const resolved = await Promise.all(enabled.map(([name, entry]) => resolvePlugin(name, entry)));
    const loaded: LoadedPlugin[] = resolved.map((plugin) => {
      if (plugin.engines && !semver.satisfies(CORE_VERSION, plugin.engines, { includePrerelease: true })) {
        throw new Error(`Plugin "${plugin.name}" (${plugin.packageName}@${plugin.version}) needs SkyPortal core ${plugin.engines}, this is ${CORE_VERSION}`);
      }
      const raw = config.plugins[plugin.name]!.options;
      let options: unknown = raw;
      if (plugin.definition.options) {
        const result = plugin.definition.options.safeParse(raw);
        if (!result.success) throw new Error(`Plugin "${plugin.name}": invalid options: ${describeIssues(result.error, `plugins.${plugin.name}.options`)}`);
        options = result.data;
      }
      return { ...plugin, options, dependsOn: plugin.definition.dependsOn ?? [] };
    });
    this.plugins = orderByDependencies(loaded, disabled);
    this.phase = 'loaded';
  }

  get list(): readonly LoadedPlugin[] {
    return this.plugins;
  }

  acls(): string[] {
    return [...new Set(this.plugins.flatMap((p) => p.definition.acls ?? []))];
  }

  migrations(): MigrationSet[] {
    return this.plugins.filter((p) => p.definition.migrations).map((p) => ({ owner: p.name, folder: p.definition.migrations }));
  }

  private services(owner: LoadedPlugin, container: AwilixContainer): PluginServices {
    const readable = new Set(owner.definition.dependsOn ?? []);
    return {
      provide: (name, service) => container.register(`${owner.name}.${name}`, asValue(service)),
      get: (plugin, name) => {
        if (plugin !== 'core' && plugin !== owner.name && !readable.has(plugin)) {
          throw new Error(`Plugin "${owner.name}" asks for ${plugin}.${name} but does not list "${plugin}" in dependsOn`);
        }
        const key = plugin === 'core' ? name : `${plugin}.${name}`;
        if (!container.hasRegistration(key)) throw new Error(`Plugin "${owner.name}": no service ${key}`);
        return container.resolve(key);
      },
    };
  }

  async register(deps: RegistryDeps): Promise<void> {
    if (this.phase !== 'loaded') throw new Error(`Plugins cannot register in phase ${this.phase}`);
    for (const plugin of this.plugins) {
      const context: PluginContext<unknown> = {
        name: plugin.name,
        options: plugin.options,
        router: deps.routes.routerFor(plugin.name),
        hooks: deps.hooks.viewFor(plugin.name, plugin.definition.dependsOn ?? []),
        services: this.services(plugin, deps.container),
        db: deps.knex,
        logger: deps.logger.child({ plugin: plugin.name }),
        live: deps.live,
        site: deps.site,
        users: deps.users,
      };
      plugin.context = context;
      await this.step(plugin, 'register', () => plugin.definition.register(context));
    }
    this.phase = 'registered';
  }

  async bootstrap(): Promise<void> {
    if (this.phase !== 'registered') throw new Error(`Plugins cannot bootstrap in phase ${this.phase}`);
    for (const plugin of this.plugins) await this.step(plugin, 'bootstrap', () => plugin.definition.bootstrap?.(plugin.context!));
    this.phase = 'bootstrapped';
  }

  async destroy(logger: Logger): Promise<void> {
    if (this.phase === 'destroyed' || this.phase === 'new') return;
    this.phase = 'destroyed';
    for (const plugin of [...this.plugins].reverse()) {
      if (!plugin.context) continue;
      try {
        await plugin.definition.destroy?.(plugin.context);
      } catch (error) {
        logger.error({ err: error, plugin: plugin.name }, 'plugin destroy failed');
      }
    }
  }

  private async step(plugin: LoadedPlugin, phase: string, run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw new Error(`Plugin "${plugin.name}" failed in ${phase}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** `GET /api/plugins`: what the host app loads. */
  manifest() {
    return this.plugins.map((p) => ({
      name: p.name,
      version: p.version,
      package: p.packageName,
      description: p.description,
      dependsOn: p.definition.dependsOn ?? [],
      remote: p.webDir ? { name: `plugin_${p.name.replace(/-/g, '_')}`, entry: `/plugins/${p.name}/remoteEntry.js` } : null,
    }));
  }
}
