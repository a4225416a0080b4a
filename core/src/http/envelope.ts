import type { Context, Next } from 'koa';
import { ApiError } from '@skyportal/sdk';
import { requestLogger } from './request-log.js';
import { CORE_VERSION } from '../version.js';
import { databaseInputError } from './database-errors.js';

export function success(ctx: Context, data: unknown): void {
  ctx.type = 'application/json';
  ctx.body = { status: 'success', data, version: CORE_VERSION };
}

function failure(ctx: Context, status: number, message: string, data: Record<string, unknown> = {}): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = { status: 'error', message, data };
}

/** Every error becomes SkyPortal's envelope; unexpected ones are logged and answered as 500. */
export async function errorEnvelope(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
      failure(ctx, 404, `No route ${ctx.method} ${ctx.path}`);
    }
  } catch (error) {
    const log = ctx.state.baseLogger ? requestLogger(ctx) : undefined;
    if (error instanceof ApiError) {
      failure(ctx, error.status, error.message, error.data);
      return;
    }
    const refused = databaseInputError(error);
    if (refused) {
      log?.error({ err: error, status: refused.status }, 'input reached the database unchecked: bound it in the route schema');
      failure(ctx, refused.status, refused.message, refused.data);
      return;
    }
    const status = (error as { status?: number; expose?: boolean }).status;
    if (status && status >= 400 && status < 500) {
      failure(ctx, status, (error as Error).message);
      return;
    }
    log?.error({ err: error }, 'request failed');
    failure(ctx, 500, 'Internal server error', { request_id: ctx.state.requestId });
  }
}
