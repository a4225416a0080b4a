import { LRUCache } from 'lru-cache';
import type { Knex } from 'knex';
import type { Principal } from '@skyportal/sdk';
import type { ClusterBus } from '../cluster/bus.js';

interface UserFacts {
  id: number;
  username: string;
  acls: Set<string>;
  roles: string[];
  groupIds: number[];
  adminGroupIds: number[];
  singleUserGroupId: number;
  /** The streams given to the user (`stream_users`). */
  streamIds: number[];
  /** Epoch ms after which the account is expired (it has no principal), or null. */
  expiresAt: number | null;
  /** An admin disabled the account: it has no principal until enabled again. */
  disabled: boolean;
  sessionPrincipal?: Principal;
}

/** An expired or disabled account acts no more: no session, no token, no socket. */
function expired(facts: UserFacts): boolean {
  return facts.disabled || (facts.expiresAt !== null && Date.now() >= facts.expiresAt);
}

/** Bus topic: a user's rights or credentials changed (payload `{userId?}`; none means everyone). */
export const CREDENTIALS_CHANGED = 'auth.invalidate';

interface TokenEntry {
  userId: number;
  tokenId: string;
  acls: string[];
  touchedAt: number;
  principal?: { facts: UserFacts; value: Principal };
}

/**
 * Loads what a user may do and see (ACLs, roles, groups, streams), cached per process so an authenticated
 * request that touches no table costs no query. Any change to a user's roles, ACLs, groups, streams or
 * tokens calls `invalidate`, which reaches every process through the cluster bus.
 */
export class Principals {
  private readonly users = new LRUCache<number, UserFacts>({ max: 10_000, ttl: 60_000 });
  /** Entries are keyed by token hash; `false` remembers a hash that matched nothing. */
  private readonly tokens = new LRUCache<string, TokenEntry | false>({
    max: 10_000,
    ttl: 60_000,
  });
  /** When this process last wrote each user's last activity (epoch ms). */
  private readonly activityWritten = new LRUCache<number, number>({ max: 10_000 });

  constructor(
    private readonly knex: Knex,
    private readonly bus: ClusterBus,
  ) {
    bus.on(CREDENTIALS_CHANGED, (payload) => this.drop(payload as { userId?: number }));
  }

  private drop({ userId }: { userId?: number }): void {
    if (userId === undefined) {
      this.users.clear();
      this.tokens.clear();
      return;
    }
    this.users.delete(userId);
    for (const [hash, entry] of this.tokens.entries()) {
      if (entry && entry.userId === userId) this.tokens.delete(hash);
    }
    // A revoked token's negative entry can't exist yet; new tokens are never cached negatively
    // because a hash is only looked up after the token was handed out.
  }

  /** Forget cached facts of one user (or everyone) in every process. */
  async invalidate(userId?: number): Promise<void> {
    await this.bus.publish(CREDENTIALS_CHANGED, { userId });
  }

  async facts(userId: number): Promise<UserFacts | undefined> {
    const cached = this.users.get(userId);
    if (cached) return cached;
    const user = await this.knex('users').where({ id: userId }).first('id', 'username', 'expiration_date', 'disabled_at');
    if (!user) return undefined;
    const [roleRows, aclRows, groupRows, streamRows] = await Promise.all([
      this.knex('user_roles').where({ user_id: userId }).select('role_id'),
      this.knex
        .select('acl_id')
        .from('user_acls')
        .where({ user_id: userId })
        .union((q) =>
          q.select('role_acls.acl_id').from('role_acls').join('user_roles', 'user_roles.role_id', 'role_acls.role_id').where('user_roles.user_id', userId),
        ),
      this.knex('group_users')
        .join('groups', 'groups.id', 'group_users.group_id')
        .where('group_users.user_id', userId)
        .select('groups.id', 'groups.name', 'groups.single_user_group', 'group_users.admin'),
      this.knex('stream_users').where({ user_id: userId }).orderBy('stream_id').pluck('stream_id'),
    ]);
    const acls = new Set<string>(aclRows.map((r) => r.acl_id));
    const single = groupRows.find((g) => g.single_user_group && g.name === user.username);
    const facts: UserFacts = {
      id: user.id,
      username: user.username,
      roles: roleRows.map((r) => r.role_id),
      acls,
      groupIds: groupRows.map((g) => g.id),
      adminGroupIds: groupRows.filter((g) => g.admin).map((g) => g.id),
      singleUserGroupId: single?.id ?? -1,
      streamIds: streamRows,
      expiresAt: user.expiration_date ? new Date(user.expiration_date).getTime() : null,
      disabled: user.disabled_at !== null,
    };
    this.users.set(userId, facts);
    return facts;
  }

  async forSession(userId: number): Promise<Principal | undefined> {
    const facts = await this.facts(userId);
    if (!facts || expired(facts)) return undefined;
    this.active(userId);
    return (facts.sessionPrincipal ??= Object.freeze(toPrincipal(facts, facts.acls, 'session')));
  }

  async forTokenHash(hash: string): Promise<Principal | undefined> {
    let entry = this.tokens.get(hash);
    if (entry === undefined) {
      const row = await this.knex('tokens').where({ token_hash: hash }).first('id', 'user_id', 'acls');
      entry = row ? { userId: row.user_id, tokenId: row.id, acls: row.acls, touchedAt: 0 } : false;
      this.tokens.set(hash, entry);
    }
    if (!entry) return undefined;
    this.touch(entry);
    const facts = await this.facts(entry.userId);
    if (!facts || expired(facts)) return undefined;
    this.active(entry.userId);
    // Built once per (token, facts): the facts object is replaced whenever the user changes.
    if (entry.principal?.facts !== facts) {
      // A token never exceeds its owner's current ACLs: demoting the owner demotes the token.
      const acls = new Set(entry.acls.filter((acl) => facts.acls.has(acl)));
      entry.principal = { facts, value: Object.freeze({ ...toPrincipal(facts, acls, 'token'), tokenId: entry.tokenId }) };
    }
    return entry.principal.value;
  }

  /** Records when a token was last used, at most once a minute per process, off the request path. */
  private touch(entry: { tokenId: string; touchedAt: number }): void {
    const now = Date.now();
    if (now - entry.touchedAt < 60_000) return;
    entry.touchedAt = now;
    this.knex('tokens')
      .where({ id: entry.tokenId })
      .update({ last_used_at: new Date(now) })
      .catch(() => undefined);
  }

  /**
   * Records that a user is active (a request, a socket), at most once a minute per user and
   * process, off the request path: an admin sees last activity to the minute for one UPDATE a minute.
   */
  private active(userId: number): void {
    const now = Date.now();
    if (now - (this.activityWritten.get(userId) ?? 0) < 60_000) return;
    this.activityWritten.set(userId, now);
    this.knex('user_activity')
      .insert({ user_id: userId, last_activity_at: new Date(now) })
      .onConflict('user_id')
      .merge()
      .catch(() => undefined);
  }

  /** Forget a token hash now in this process, and everywhere through the owner's invalidation. */
  async revokeToken(hash: string, userId: number): Promise<void> {
    this.tokens.delete(hash);
    await this.invalidate(userId);
  }
}

function toPrincipal(facts: UserFacts, acls: Set<string>, via: Principal['via']): Principal {
  return {
    id: facts.id,
    username: facts.username,
    acls,
    roles: facts.roles,
    groupIds: facts.groupIds,
    adminGroupIds: facts.adminGroupIds,
    singleUserGroupId: facts.singleUserGroupId,
    streamIds: facts.streamIds,
    isSystemAdmin: acls.has('System admin'),
    via,
  };
}
