import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import type { Principal } from '@skyportal/sdk';
import { requestLogger } from './request-log.js';
import { ApiError, badRequest } from '@skyportal/sdk';
import { allowsAnonymous, enforceAccess } from './access.js';
import type { RouteEntry, RouteTable } from './route-table.js';
import { parseOrThrow, requireStorable } from './validation.js';
import { success } from './envelope.js';
import type { ServiceScopes } from '../plugins/services.js';

export type Authenticator = (ctx: Context) => Promise<Principal | null>;

/** `/api/sources/{id}` (OpenAPI) and `/api/sources/:id` (router) name the same route. */
function toRouterPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function jsonBody(limit: string) {
  // Only routes that declare a body parse one; GET and DELETE too (SkyPortal's clients send a JSON
  // body with GET /api/photometry/range and others).
  const parse = bodyParser({
    enableTypes: ['json', 'form', 'text'],
    parsedMethods: ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'],
    jsonLimit: limit,
    textLimit: limit,
    formLimit: limit,
    encoding: 'utf-8',
  });
  return async (ctx: Context, next: Next) => {
    try {
      await parse(ctx, async () => undefined);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 413) throw new ApiError(413, `Request body larger than ${limit}`);
      throw badRequest(`Invalid JSON body: ${(error as Error).message}`);
    }
    if (typeof ctx.request.body === 'string' && ctx.request.body.length && ctx.is('json') === false && ctx.is('text/*')) {
      // Scripts often post JSON with a text content type; accept it if it parses.
      try {
        ctx.request.body = JSON.parse(ctx.request.body);
      } catch {
        throw badRequest('Invalid JSON body');
      }
    }
    await next();
  };
}

function handle(entry: RouteEntry, authenticateCaller: Authenticator, services: ServiceScopes, defaultLimit: string) {
  const { spec } = entry;
  const parseBody = jsonBody(spec.bodyLimit ?? defaultLimit);
  // The route owner's db handle is one per plugin: resolved once here, not per request (a
  // per-request container cost more than the rest of a small request's route path).
  const db = services.pluginDb(entry.owner);
  return async (ctx: Context) => {
    // A route open to anonymous callers treats bad or half credentials as none rather than failing.
    const user = allowsAnonymous(spec.access) ? await authenticateCaller(ctx).catch(() => null) : await authenticateCaller(ctx);
    enforceAccess(spec.access, user, ctx.params ?? {}, Boolean(ctx.get('authorization')));
    const params = parseOrThrow(spec.params, requireStorable(ctx.params, 'path parameter'), 'path parameter');
    const query = parseOrThrow(spec.query, requireStorable(ctx.query, 'query parameter'), 'query parameter');
    let body: unknown;
    // A streamed body is the handler's to read (RouteSpec.streamBody).
    if (spec.body && !spec.streamBody) {
      await parseBody(ctx, async () => undefined);
      body = parseOrThrow(spec.body, requireStorable(ctx.request.body ?? {}, 'body'), 'body');
    }
    ctx.state.user = user;
    const data = await entry.handler({
      user,
      params,
      query,
      body,
      db,
      ctx,
      // The request's logger, labelled with its id, made on first use (most requests never log).
      get log() {
        return requestLogger(ctx);
      },
    });
    if (data !== undefined) success(ctx, data);
  };
}

/** Builds the Koa router from the route table: auth, ACL, validation, envelope. */
export function mountRoutes(table: RouteTable, authenticateCaller: Authenticator, services: ServiceScopes, bodyLimit: string): Router {
  const router = new Router();
  for (const entry of table.entries) {
    router[entry.method](toRouterPath(entry.path), handle(entry, authenticateCaller, services, bodyLimit));
  }
  return router;
}
