import type { z } from 'zod';
import type { Context } from 'koa';
import type { Access, Principal } from './access.js';
import type { Knex } from './knex-types.js';
import type { Logger } from 'pino';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  /** Required (see `Access`): a route without it, or a write naming no ACL, fails at startup. */
  access: Access;
  summary: string;
  description?: string;
  tags?: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Schema of `data` in the success envelope, for the OpenAPI document. */
  response?: z.ZodType;
  /** Request body limit for this route (bulk uploads need more than the default). */
  bodyLimit?: string;
  /**
   * The handler reads the body itself, as it arrives, from `ctx.req` (a bulk upload streamed rather
   * than held whole): the core parses nothing and `body` only documents it. The handler then keeps
   * to `bodyLimit` and makes the checks the core makes of a body (storable text, bounded nesting).
   */
  streamBody?: boolean;
}

export interface RouteRequest<P, Q, B, U> {
  user: U;
  params: P;
  query: Q;
  body: B;
  db: Knex;
  log: Logger;
  /** The raw Koa context, for headers, streaming and non-JSON output. */
  ctx: Context;
}

/**
 * A handler returns the `data` of the success envelope. Returning `undefined` leaves `ctx.body` as
 * the handler set it (CSV downloads, redirects).
 */
export type RouteHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, A extends Access> = (
  req: RouteRequest<z.output<P>, z.output<Q>, z.output<B>, A extends 'public' | { account: 'sign-in' } ? Principal | null : Principal>,
) => unknown | Promise<unknown>;

type Register = <P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, A extends Access = Access>(
  path: string,
  spec: RouteSpec<P, Q, B> & { access: A },
  handler: RouteHandler<P, Q, B, A>,
) => void;

/** Routes of one plugin (or of core). Paths are absolute (`/api/sources/:id`). */
export interface PluginRouter {
  get: Register;
  post: Register;
  put: Register;
  patch: Register;
  delete: Register;
}
