import type { Knex } from './knex-types.js';
import { badRequest, forbidden } from './errors.js';

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
  /**
   * The alert streams whose data the caller may see: those given to the user (`stream_users`),
   * loaded and cached with the groups. System admins see every stream's data whatever it holds.
   */
  streamIds: readonly number[];
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
 *   its owner's tokens); `'own'` is any signed-in caller, session or token, choosing for their own
 *   account what the site offers everyone (joining an auto-join stream): the handler refuses
 *   anything beyond the caller's own account to callers without the ACL it names, with
 *   SkyPortal's 400 "Insufficient permissions".
 */
export type Access = 'public' | 'authenticated' | AclAccess | AccountAccess;
export interface AclAccess {
  acl: string;
  self?: string;
}
export interface AccountAccess {
  account: 'sign-in' | 'session' | 'own';
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
  /** A row owned by the caller is visible to them whatever its groups and streams. */
  ownerColumn?: string;
  /**
   * Rows made from alert streams: the second condition (see `StreamScope`). Alone (no
   * `groupColumn` or `via`), it is the only condition: for rows seen by whoever sees their obj
   * (thumbnails), which the caller checks.
   */
  streams?: StreamScope;
}

/**
 * How rows name the streams they were made from: a nullable column on the queried table
 * (`thumbnails.stream_id`, null = from no stream), or a link table (`via`: rows of `table` whose
 * `foreignKey = rowId`, the stream in `streamColumn`, default `stream_id`; no link = from no stream).
 */
export type StreamScope = (
  { column: string; via?: never } | { via: { table: string; foreignKey: string; rowId: string; streamColumn?: string }; column?: never }
) & {
  /**
   * A caller holding every stream of a row (it has at least one) sees it without sharing a group
   * with it: SkyPortal's rule for photometry, whose stream members read the stream's points.
   */
  grants?: boolean;
};

/** Where `query` (a subquery builder) limits to rows whose every stream is one of `mine`. */
function streamsAllMine(query: Knex.QueryBuilder, scope: StreamScope, mine: number[]): void {
  if (scope.column !== undefined) {
    query.where((q) => q.whereNull(scope.column).orWhereIn(scope.column, mine));
    return;
  }
  const { table, foreignKey, rowId, streamColumn = 'stream_id' } = scope.via;
  // No link, or none outside the caller's streams (an empty list makes every link foreign).
  query.whereNotExists((sub) =>
    sub.select(sub.client.raw('1')).from(table).whereRaw('??.?? = ??', [table, foreignKey, rowId]).whereNotIn(`${table}.${streamColumn}`, mine),
  );
}

/** Where `query` limits to rows made from at least one stream (all of them the caller's, with `streamsAllMine`). */
function fromSomeStream(query: Knex.QueryBuilder, scope: StreamScope, mine: number[]): void {
  if (scope.column !== undefined) {
    query.orWhereIn(scope.column, mine);
    return;
  }
  const { table, foreignKey, rowId } = scope.via;
  query.orWhereExists((sub) => sub.select(sub.client.raw('1')).from(table).whereRaw('??.?? = ??', [table, foreignKey, rowId]));
}

/**
 * The one place that limits a query to what the caller may see. Two conditions:
 * 1. groups: rows linked to one of the caller's groups;
 * 2. streams (with `options.streams`): every stream a row was made from is one of the caller's
 *    (a row from no stream passes); with `streams.grants`, holding a row's streams also satisfies 1.
 * A row owned by the caller (`ownerColumn`) passes both. System admins see everything. Every
 * plugin query that reads group-owned data goes through here.
 */
export function scopeToGroups<Q extends Knex.QueryBuilder>(query: Q, user: Principal, options: ScopeOptions): Q {
  const groups = accessibleGroupIds(user);
  if (groups === null) return query;
  const ids = [...groups];
  const { streams } = options;
  const mine = [...user.streamIds];
  // Rows without groups of their own (a thumbnail is seen by whoever sees its obj, which the
  // caller checks): only the stream condition.
  const groupless = !options.groupColumn && !options.via && streams !== undefined;
  query.where((outer) => {
    outer.orWhere((visible) => {
      if (!groupless) {
        visible.where((reach) => {
          if (options.groupColumn) reach.orWhereIn(options.groupColumn, ids);
          if (options.via) {
            const { table, foreignKey, rowId, groupColumn = 'group_id' } = options.via;
            reach.orWhereExists((sub) =>
              sub.select(sub.client.raw('1')).from(table).whereRaw('??.?? = ??', [table, foreignKey, rowId]).whereIn(`${table}.${groupColumn}`, ids),
            );
          }
          if (streams?.grants) fromSomeStream(reach, streams, mine);
          if (!options.groupColumn && !options.via) reach.whereRaw('false');
        });
      }
      if (streams) streamsAllMine(visible, streams, mine);
    });
    if (options.ownerColumn) outer.orWhere(options.ownerColumn, user.id);
  });
  return query;
}

/**
 * The stream ids a caller may attach data to (`stream_ids` of a photometry upload): every one must
 * be among their streams, else a 400 naming `field` and the ids. System admins may name any: the
 * caller checks that the streams exist (a foreign key refuses the others).
 */
export function checkStreamAccess(user: Principal, requested: readonly number[], field = 'stream_ids'): number[] {
  const unique = [...new Set(requested)];
  if (user.isSystemAdmin) return unique;
  const mine = new Set(user.streamIds);
  const foreign = unique.filter((id) => !mine.has(id));
  if (foreign.length) throw badRequest(`${field}: no access to stream(s) ${foreign.join(', ')} (or no such stream)`);
  return unique;
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
