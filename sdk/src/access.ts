import type { Knex } from './knex-types.js';
import { forbidden } from './errors.js';

/** The authenticated caller of a request or WebSocket. */
export interface Principal {
  id: number;
  username: string;
  /** Effective ACLs: the user's (through roles and direct grants), narrowed by the token if any. */
  acls: ReadonlySet<string>;
  roles: readonly string[];
  /** Every group the user is a member of, including the sitewide and single-user groups. */
  groupIds: readonly number[];
  /** Groups the user administers. */
  adminGroupIds: readonly number[];
  singleUserGroupId: number;
  /** Holders of `System admin` see every row. */
  isSystemAdmin: boolean;
  via: 'session' | 'token';
  tokenId?: string;
}

/**
 * What a route requires, declared in its spec and checked by core before the handler runs (the
 * handler then only narrows: ownership, group adminship). A token is never more than its ACLs.
 * - `'public'`, `'authenticated'`: reads only. A write (POST, PUT, PATCH, DELETE) declaring one of
 *   these stops startup.
 * - `{ acl }`: the caller holds this ACL (a token: the token does). Every write declares one.
 *   `self` names a path parameter: a caller acting on their own user id there needs no ACL
 *   (leaving a group).
 * - `{ account }`: the one named exception for writes, an action on the caller's own account:
 *   `'sign-in'` needs no caller yet (login); `'session'` needs a signed-in browser session, never
 *   a token, unless the token holds `orAcl` (token management: a token must not mint or revoke
 *   its owner's tokens).
 */
export type Access = 'public' | 'authenticated' | AclAccess | AccountAccess;
export interface AclAccess {
  acl: string;
  self?: string;
}
export interface AccountAccess {
  account: 'sign-in' | 'session';
  orAcl?: string;
}

/** For narrowing inside a handler (a holder of Manage sources may change others' points); the ACL a route needs is declared in its spec and checked by core. */
export function hasAcl(user: Principal, acl: string): boolean {
  return user.isSystemAdmin || user.acls.has(acl);
}

/** The groups whose rows the caller may see; `null` means all (system admin). */
export function accessibleGroupIds(user: Principal): readonly number[] | null {
  return user.isSystemAdmin ? null : user.groupIds;
}

export interface ScopeOptions {
  /**
   * Either the group column on the queried table itself (`sources.group_id`), or a link table
   * (`via`) joining rows to groups with `via.foreignKey = rowId`.
   */
  groupColumn?: string;
  via?: { table: string; foreignKey: string; rowId: string; groupColumn?: string };
  /** A row owned by the caller is visible to them whatever its groups. */
  ownerColumn?: string;
}

/**
 * The one place that limits a query to what the caller may see: rows linked to one of the
 * caller's groups (or owned by them). System admins see everything. Every plugin query that reads
 * group-owned data goes through here.
 */
export function scopeToGroups<Q extends Knex.QueryBuilder>(query: Q, user: Principal, options: ScopeOptions): Q {
  const groups = accessibleGroupIds(user);
  if (groups === null) return query;
  const ids = [...groups];
  query.where((inner) => {
    if (options.groupColumn) {
      inner.orWhereIn(options.groupColumn, ids);
    }
    if (options.via) {
      const { table, foreignKey, rowId, groupColumn = 'group_id' } = options.via;
      inner.orWhereExists((sub) =>
        sub.select(sub.client.raw('1')).from(table).whereRaw('??.?? = ??', [table, foreignKey, rowId]).whereIn(`${table}.${groupColumn}`, ids),
      );
    }
    if (options.ownerColumn) inner.orWhere(options.ownerColumn, user.id);
    if (!options.groupColumn && !options.via && !options.ownerColumn) inner.whereRaw('false');
  });
  return query;
}

/** The subset of `requested` group ids the caller may write to; every id must be one of theirs. */
export function checkWritableGroups(user: Principal, requested: readonly number[], field = 'group_ids'): number[] {
  const unique = [...new Set(requested)];
  if (user.isSystemAdmin) return unique;
  const mine = new Set(user.groupIds);
  const foreign = unique.filter((id) => !mine.has(id));
  if (foreign.length) throw forbidden(`${field}: not a member of group(s) ${foreign.join(', ')}`);
  return unique;
}

/**
 * Limits a query to rows linked (through `groupColumn`) to groups the caller is not in: what a
 * change would reach beyond the caller's groups. An edit to shared data (an obj's position, a
 * point someone else owns) is allowed only when this is empty; for system admins it always is.
 */
export function beyondCallerGroups<Q extends Knex.QueryBuilder>(query: Q, user: Principal, groupColumn: string): Q {
  if (user.isSystemAdmin) query.whereRaw('false');
  else query.whereNotIn(groupColumn, [...user.groupIds]);
  return query;
}
