import type { z } from 'zod';
import type { HttpMethod, PluginRouter, RouteHandler, RouteSpec } from '@skyportal/sdk';
import { accessProblem } from './access.js';

export interface RouteEntry {
  method: HttpMethod;
  path: string;
  spec: RouteSpec;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: RouteHandler<any, any, any, any>;
  /** `core` or the plugin that registered the route. */
  owner: string;
}

/**
 * Every route of the app, with the ACL it declares. A route without a valid `access`, or a write
 * that names no ACL, fails here, when it is registered during startup, naming the route and its owner.
 */
export class RouteTable {
  readonly entries: RouteEntry[] = [];
  private readonly seen = new Set<string>();

  routerFor(owner: string): PluginRouter {
    const add = (method: HttpMethod) => (path: string, spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>, handler: RouteEntry['handler']) => {
      const where = `${method.toUpperCase()} ${path} (${owner})`;
      const problem = accessProblem(method, spec?.access);
      if (problem) throw new Error(`Route ${where} ${problem}`);
      if (!path.startsWith('/')) throw new Error(`Route ${where}: path must start with /`);
      if (typeof handler !== 'function') throw new Error(`Route ${where}: handler must be a function`);
      const key = `${method} ${path}`;
      if (this.seen.has(key)) throw new Error(`Route ${where} is already registered`);
      this.seen.add(key);
      this.entries.push({ method, path, spec, handler, owner });
    };
    return { get: add('get'), post: add('post'), put: add('put'), patch: add('patch'), delete: add('delete') } as PluginRouter;
  }
}
