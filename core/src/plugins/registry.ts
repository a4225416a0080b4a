import semver from 'semver';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { PluginContext, PluginDefinition, PluginMetrics } from '@skyportal/sdk';
import { REMOTE_ENTRY_FILE, remoteNameFor } from '@skyportal/sdk/federation';
import type { Config } from '../config/schema.js';
import { describeIssues, pluginNameProblem } from '@skyportal/sdk';
import type { RouteTable } from '../http/route-table.js';
import type { MigrationSet } from '../db/migrate.js';
import { inCodePlugin, resolvePlugin, type ResolvedPlugin } from './resolve.js';
import { orderByDependencies } from './order.js';
import { CORE_VERSION } from '../version.js';
import type { AuditTrail } from '../audit/audit-log.js';
import type { HookStore } from './hooks.js';
import type { ServiceScopes } from './services.js';

interface LoadedPlugin extends ResolvedPlugin {
  options: unknown;
  dependsOn: readonly string[];
  /** Its optional dependencies (whether enabled or not): their refs are reachable. */
  optionalDependsOn: readonly string[];
  context?: PluginContext<unknown>;
}

export interface RegistryDeps {
  knex: Knex;
  logger: Logger;
  routes: RouteTable;
  hooks: HookStore;
  services: ServiceScopes;
  audit: AuditTrail;
  /** Each plugin's counters in /metrics (`coreServices.metrics`). */
  metrics: (plugin: string) => PluginMetrics;
}

/**
 * Reads the plugin section of the config: resolves each enabled plugin, checks its host version
 * range and options, and orders them by dependency. Then runs `register` for all, `bootstrap` for
 * all, and `destroy` in reverse. Every failure names the plugin.
 */
export class PluginRegistry {
  private plugins: LoadedPlugin[] = [];
  private phase: 'new' | 'loaded' | 'registered' | 'bootstrapped' | 'destroyed' = 'new';

  /**
   * `inCode`: definitions handed over in code (tests), enabled whatever the config says of their
   * name; their options still come from `plugins.<name>.options`.
   */
  async load(config: Config, inCode: readonly PluginDefinition[] = []): Promise<void> {
    const given = new Set(inCode.map((definition) => definition.name));
    const enabled = Object.entries(config.plugins).filter(([name, entry]) => entry.enabled && !given.has(name));
    const disabled = new Set(
      Object.entries(config.plugins)
        .filter(([name, e]) => !e.enabled && !given.has(name))
        .map(([name]) => name),
    );
    const resolved = [...(await Promise.all(enabled.map(([name, entry]) => resolvePlugin(name, entry)))), ...inCode.map(inCodePlugin)];
    const loaded: LoadedPlugin[] = resolved.map((plugin) => {
      // A definition need not come from definePlugin (a plain object will do): check its name here too.
      const nameProblem = pluginNameProblem(plugin.name);
      if (nameProblem) throw new Error(`Plugin "${plugin.name}": ${nameProblem}`);
      if (plugin.engines && !semver.satisfies(CORE_VERSION, plugin.engines, { includePrerelease: true })) {
        throw new Error(`Plugin "${plugin.name}" (${plugin.packageName}@${plugin.version}) needs SkyPortal core ${plugin.engines}, this is ${CORE_VERSION}`);
      }
      const raw = config.plugins[plugin.name]?.options ?? {};
      let options: unknown = raw;
      if (plugin.definition.options) {
        const result = plugin.definition.options.safeParse(raw);
        if (!result.success) throw new Error(`Plugin "${plugin.name}": invalid options: ${describeIssues(result.error, `plugins.${plugin.name}.options`)}`);
        options = result.data;
      }
      return { ...plugin, options, dependsOn: plugin.definition.dependsOn ?? [], optionalDependsOn: plugin.definition.optionalDependsOn ?? [] };
    });
    // Optional dependencies that are enabled order like required ones; absent ones are skipped.
    const names = new Set(loaded.map((plugin) => plugin.name));
    const ordered = orderByDependencies(
      loaded.map((plugin) => ({ name: plugin.name, dependsOn: plugin.dependsOn, after: plugin.optionalDependsOn.filter((dep) => names.has(dep)) })),
      disabled,
    );
    const byName = new Map(loaded.map((plugin) => [plugin.name, plugin]));
    this.plugins = ordered.map(({ name }) => byName.get(name)!);
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

  async register(deps: RegistryDeps): Promise<void> {
    if (this.phase !== 'loaded') throw new Error(`Plugins cannot register in phase ${this.phase}`);
    const enabled = new Set(this.plugins.map((plugin) => plugin.name));
    for (const plugin of this.plugins) {
      // Its own logger and db handle (the shared pool, labelled for query events) in its own scope.
      deps.services.addPlugin(
        plugin.name,
        deps.logger.child({ plugin: plugin.name }),
        deps.knex.withUserParams({ plugin: plugin.name }),
        deps.audit.forSource(plugin.name),
        deps.metrics(plugin.name),
      );
      const context: PluginContext<unknown> = {
        name: plugin.name,
        options: plugin.options,
        router: deps.routes.routerFor(plugin.name),
        hooks: deps.hooks.viewFor(plugin.name, [...plugin.dependsOn, ...plugin.optionalDependsOn]),
        services: deps.services.viewFor(plugin.name, [...plugin.dependsOn, ...plugin.optionalDependsOn], enabled),
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
      dependsOn: p.dependsOn,
      optionalDependsOn: p.optionalDependsOn,
      remote: p.webDir ? { name: remoteNameFor(p.name), entry: `/plugins/${p.name}/${REMOTE_ENTRY_FILE}` } : null,
    }));
  }
}
