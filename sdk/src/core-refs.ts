// What core offers plugins: these refs and nothing else. Core's config (with its secrets), its
// principal cache and its plugin registry are not reachable from a plugin.
import type { Logger } from 'pino';
import type { Knex } from './knex-types.js';
import type { LiveHub } from './live.js';
import type { Principal } from './access.js';
import { createServiceRef, defineHook } from './refs.js';

/** Read-only facts about the running site. */
export interface SiteInfo {
  version: string;
  publicUrl: string;
  sitewideGroupId: number;
}

/** Acting for a user in-process (alert ingestion, scripts): their rights as if they had signed in. */
export interface PrincipalLookup {
  /** The user's principal, or undefined if there is no such user. */
  principalFor(userId: number): Promise<Principal | undefined>;
}

export const coreServices = Object.freeze({
  /** The plugin's own logger (labelled `plugin: <name>`); a route handler's `log` adds the request id. */
  logger: createServiceRef<Logger>({ id: 'core.logger', scope: 'plugin' }),
  /** The plugin's database handle (knex on the shared pool, labelled with the plugin's name). */
  db: createServiceRef<Knex>({ id: 'core.db', scope: 'plugin' }),
  /** Live messages to WebSocket subscribers, on every process. */
  live: createServiceRef<LiveHub>({ id: 'core.live' }),
  site: createServiceRef<SiteInfo>({ id: 'core.site' }),
  principals: createServiceRef<PrincipalLookup>({ id: 'core.principals' }),
  /** The caller of the current request: a route handler's `user`. */
  principal: createServiceRef<Principal>({ id: 'core.principal', scope: 'request' }),
});

export interface UserCreatedEvent {
  userId: number;
}

/** Fired inside the deleting transaction: a plugin deletes its rows of that user with `trx`. */
export interface UserDeletedEvent {
  userId: number;
  trx: Knex.Transaction;
}

/** Fired inside the deleting transaction: a plugin deletes its rows of that group with `trx`. */
export interface GroupDeletedEvent {
  groupId: number;
  trx: Knex.Transaction;
}

export interface LoadDemoEvent {
  /** The initial admin, as whom demo data is stored. */
  admin: Principal;
}

export const coreHooks = Object.freeze({
  /** After a new user is committed. */
  userCreated: defineHook<UserCreatedEvent>({ id: 'core.userCreated', kind: 'asyncParallel' }),
  userDeleted: defineHook<UserDeletedEvent>({ id: 'core.userDeleted', kind: 'asyncSeries' }),
  groupDeleted: defineHook<GroupDeletedEvent>({ id: 'core.groupDeleted', kind: 'asyncSeries' }),
  /** `skyportal start --demo` and `skyportal load-demo`: taps run in plugin load order. */
  loadDemo: defineHook<LoadDemoEvent>({ id: 'core.loadDemo', kind: 'asyncSeries' }),
});
