import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';

/**
 * The request's logger, labelled with its id, made on first use: most requests never log, and a
 * pino child (with redaction) per request costs more than the rest of a small request.
 */
export function requestLogger(ctx: Context): Logger {
  return (ctx.state.log ??= (ctx.state.baseLogger as Logger).child({ requestId: ctx.state.requestId }));
}

/**
 * The path as it may be logged. SkyPortal's scripts revoke a token by putting its secret in the
 * path (`DELETE /api/internal/tokens/<secret>`); our clients use the token's id, but whatever
 * follows that prefix is never logged.
 */
export function loggablePath(path: string): string {
  return path.replace(/^(\/api\/internal\/tokens\/)[^/]+/i, '$1[redacted]');
}

/** A request id (kept from X-Request-Id when a proxy set one) on the response and every log line. */
export function requestLog(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.baseLogger = logger;
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const level = ctx.status >= 500 ? 'error' : 'debug';
      if (logger.isLevelEnabled(level)) {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        requestLogger(ctx)[level]({ method: ctx.method, path: loggablePath(ctx.path), status: ctx.status, ms, user: ctx.state.user?.id }, 'request');
      }
    }
  };
}
