import type { Context } from 'koa';
import type { Principal } from '@skyportal/sdk';
import { forbidden } from '@skyportal/sdk';
import type { Principals } from './principals.js';
import { CSRF_HEADER, type Sessions } from './sessions.js';
import { sha256 } from './secrets.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token of an `Authorization: token <token>` header (SkyPortal's scheme), if that is what it holds. */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  return header ? /^token\s+(\S+)$/i.exec(header.trim())?.[1] : undefined;
}

/**
 * Finds the caller: `Authorization: token <token>` first (scripts), then the session cookie
 * (browsers). Cookie-authenticated writes must echo the session's CSRF token in a header.
 * Returns null when there are no credentials or they are not valid.
 */
export async function authenticate(ctx: Context, principals: Principals, sessions: Sessions): Promise<Principal | null> {
  const header = ctx.get('authorization');
  if (header) {
    const token = tokenFromAuthorization(header);
    return token ? ((await principals.forTokenHash(sha256(token))) ?? null) : null;
  }
  const session = await sessions.read(ctx);
  if (!session) return null;
  if (!SAFE_METHODS.has(ctx.method) && ctx.get(CSRF_HEADER) !== session.csrfToken) {
    throw forbidden('CSRF token missing or wrong: send the skyportal.csrf cookie value in the X-CSRF-Token header');
  }
  return (await principals.forSession(session.userId)) ?? null;
}
