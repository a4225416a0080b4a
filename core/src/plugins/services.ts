import { asValue, createContainer, InjectionMode, type AwilixContainer } from 'awilix';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { coreServices, type AuditLog, type PluginMetrics, type PluginServices, type ServiceRef } from '@skyportal/sdk';
import { checkReach } from './reach.js';

/**
 * Services by ref id in awilix containers with two scopes (and the request's, below), as Backstage scopes its services:
 * the root holds what is one per app (core's live hub, site facts, principal lookup, and every
 * service a plugin provides); each plugin's scope holds its own logger and database handle. What
 * exists per request (the caller, the request's logger) core's router hands to each handler
 * directly: a container per request was the largest cost of a small request. A plugin's view checks who may reach
 * what, and never hands out anything but refs: core's config, caches and registry are not in it.
 */
export class ServiceScopes {
  private readonly root: AwilixContainer = createContainer({ injectionMode: InjectionMode.PROXY, strict: true });
  private readonly plugins = new Map<string, AwilixContainer>();

  /** One of core's root services. */
  provideCore<T>(ref: ServiceRef<T>, value: T): void {
    if (ref.owner !== 'core' || ref.scope !== 'root') throw new Error(`provideCore: ${ref.id} is not a root service of core`);
    this.root.register(ref.id, asValue(value));
  }

  /** The scope of a plugin (or of core's own routes), with its labelled logger, db handle, audit log and counters. */
  addPlugin(name: string, logger: Logger, db: Knex, audit: AuditLog, metrics: PluginMetrics): void {
    const scope = this.root.createScope();
    scope.register({
      [coreServices.logger.id]: asValue(logger),
      [coreServices.db.id]: asValue(db),
      [coreServices.audit.id]: asValue(audit),
      [coreServices.metrics.id]: asValue(metrics),
    });
    this.plugins.set(name, scope);
  }

  private scopeOf(name: string): AwilixContainer {
    const scope = this.plugins.get(name);
    if (!scope) throw new Error(`No service scope for "${name}"`);
    return scope;
  }

  /**
   * The db handle of a plugin's (or core's) routes. What exists per request (the caller, the
   * request's logger) is handed to each handler by core's router, not kept in a container.
   */
  pluginDb(owner: string): Knex {
    return this.scopeOf(owner).resolve<Knex>(coreServices.db.id);
  }

  /**
   * What plugin `name` sees: `provide` its own refs, `get` those of core, itself and the plugins it
   * may reach (`dependsOn` and `optionalDependsOn`); `getOptional` is undefined for a plugin not in `enabled`.
   */
  viewFor(name: string, dependsOn: readonly string[], enabled: ReadonlySet<string> = new Set()): PluginServices {
    const scope = this.scopeOf(name);
    const get = <T>(ref: ServiceRef<T>): T => {
      checkReach(name, dependsOn, ref, 'service');
      if (ref.scope === 'request') throw new Error(`Plugin "${name}": "${ref.id}" exists per request; a route handler has it (user, log)`);
      if (!scope.hasRegistration(ref.id)) {
        throw new Error(`Plugin "${name}": no service "${ref.id}" (plugin "${ref.owner}" must provide it in register)`);
      }
      return scope.resolve<T>(ref.id);
    };
    return {
      provide: (ref, service) => {
        if (ref.owner !== name) throw new Error(`Plugin "${name}" provides service "${ref.id}", which belongs to "${ref.owner}"`);
        if (ref.scope !== 'root') throw new Error(`Plugin "${name}": service "${ref.id}" must have root scope to be provided`);
        if (this.root.hasRegistration(ref.id)) throw new Error(`Plugin "${name}" provides service "${ref.id}" twice`);
        this.root.register(ref.id, asValue(service));
      },
      get,
      getOptional: <T>(ref: ServiceRef<T>): T | undefined => {
        checkReach(name, dependsOn, ref, 'service');
        return ref.owner === 'core' || ref.owner === name || enabled.has(ref.owner) ? get(ref) : undefined;
      },
    };
  }
}
