import type { Access, HttpMethod, Principal } from '@skyportal/sdk';
import { ApiError, hasAcl, unauthorized } from '@skyportal/sdk';

/**
 * The one place that decides whether a caller may reach a route, from the route's declared
 * `access` (see `Access` in the SDK). Handlers only narrow further (ownership, group adminship).
 */

const WRITES = new Set<HttpMethod>(['post', 'put', 'patch', 'delete']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

/**
 * Why a declaration is refused at startup, or undefined when it is fine. A write must name the
 * ACL it needs, or be an action on the caller's own account: 'public' and 'authenticated' would let
 * a token without ACLs (or a View only user) change data.
 */
export function accessProblem(method: HttpMethod, access: unknown): string | undefined {
  const valid =
    access === 'public' ||
    access === 'authenticated' ||
    (isObject(access) && typeof access.acl === 'string' && access.acl !== '' && optionalString(access.self) && !('account' in access)) ||
    (isObject(access) &&
      (access.account === 'sign-in' || access.account === 'session' || access.account === 'own') &&
      optionalString(access.orAcl) &&
      !('acl' in access));
  if (!valid) return "declares no access: set access to 'public', 'authenticated', { acl } or { account }";
  if (WRITES.has(method) && (access === 'public' || access === 'authenticated')) {
    return `is a write and declares access '${access}': name the ACL it needs ({ acl }), or { account } for an action on the caller's own account`;
  }
  return undefined;
}

/** Whether a route runs without a caller (and treats bad credentials as none). */
export function allowsAnonymous(access: Access): boolean {
  return access === 'public' || (typeof access === 'object' && 'account' in access && access.account === 'sign-in');
}

/**
 * Throws unless `user` may call a route declared with `access`. As SkyPortal, a caller without the
 * ACL gets 401; `data.missing_acl` tells it apart from missing credentials (a browser stays signed in).
 * Every 401 message starts with SkyPortal's word for it, `Unauthorized`, which its clients look for.
 */
export function enforceAccess(access: Access, user: Principal | null, params: Record<string, string | undefined>, hasCredentials: boolean): void {
  if (allowsAnonymous(access)) return;
  if (!user) throw unauthorized(hasCredentials ? 'Unauthorized: invalid or revoked token' : 'Unauthorized: authentication required');
  if (typeof access !== 'object') return;
  if ('acl' in access) {
    if (access.self !== undefined && params[access.self] === String(user.id)) return;
    if (!hasAcl(user, access.acl)) throw new ApiError(401, `Unauthorized: this action needs the ACL: ${access.acl}`, { missing_acl: access.acl });
    return;
  }
  if (access.account === 'own' || user.via === 'session') return;
  if (access.orAcl !== undefined && hasAcl(user, access.orAcl)) return;
  throw new ApiError(
    401,
    `Unauthorized: this action needs a signed-in session${access.orAcl ? ` (or a token with ${access.orAcl})` : ''}: a token cannot do it`,
    {
      missing_acl: access.orAcl ?? null,
    },
  );
}

/** The declaration in words, for the OpenAPI document. */
export function describeAccess(access: Access): string {
  if (access === 'public') return 'public';
  if (access === 'authenticated') return 'any signed-in caller';
  if ('acl' in access) return `ACL: ${access.acl}${access.self ? ` (none to act on your own ${access.self})` : ''}`;
  if (access.account === 'sign-in') return 'anyone (signs in)';
  if (access.account === 'own') return `any signed-in caller, for their own account${access.orAcl ? ` (others: ${access.orAcl})` : ''}`;
  return `a signed-in browser session${access.orAcl ? `, or a token with ${access.orAcl}` : ''}`;
}
