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

/** What a route requires: no one, any signed-in caller, or a named ACL. */
export type Access = 'public' | 'authenticated' | { acl: string };

export function hasAcl(user: Principal, acl: string): boolean {
  return user.isSystemAdmin || user.acls.has(acl);
}

export function requireAcl(user: Principal, acl: string): void {
  if (!hasAcl(user, acl)) throw forbidden(`Missing ACL: ${acl}`);
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
