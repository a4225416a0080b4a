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

/** One admin change, as a plugin or core records it. Never put secrets (passwords, token values) in it. */
export interface AuditEntry {
  /** `<noun>.<verb>`: `user.create`, `user.acl.grant`, `group.member.add`, `token.revoke`, `invitation.create`. */
  action: string;
  /** What was changed: `user`, `group`, `token`, `invitation`, or a plugin's own noun. */
  targetType: string;
  targetId?: string | number | null;
  /** A readable name of the target (a username, a group's name), kept when the target is gone. */
  targetName?: string | null;
  /** What changed (ACL names, flags). Keys that look secret (password, secret, token, key) are dropped. */
  details?: Record<string, unknown>;
}

/** An entry as the log holds it. */
export interface AuditRecord {
  id: number;
  at: string;
  actor_id: number | null;
  actor_username: string | null;
  /** `session`, `token`, or `system` (no caller: the CLI, an invitation being accepted). */
  via: string;
  /** `core` or the plugin that recorded it. */
  source: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target_name: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  actorId?: number;
  /** An action, or a prefix ending in `.` (`user.`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  source?: string;
  since?: Date;
  until?: Date;
  pageNumber: number;
  numPerPage: number;
}

/**
 * The audit log of admin changes: who, what, when, on what. Record inside the transaction of the
 * change (`db` = its `trx`), so the entry exists exactly when the change does.
 */
export interface AuditLog {
  record(db: Knex, actor: Principal | null, entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<{ entries: AuditRecord[]; totalMatches: number }>;
}

/** An enabled plugin as admins see it: its options with secrets hidden. */
export interface PluginDetails {
  name: string;
  package: string;
  version: string;
  description: string;
  dependsOn: readonly string[];
  optionalDependsOn: readonly string[];
  acls: readonly string[];
  /** Whether it has a web part. */
  web: boolean;
  /** Its validated options; values the schema marks secret (`.meta({ secret: true })`) or whose key looks secret are `"(hidden)"`. */
  options: unknown;
}

/** What one app process holds open, as it answered over the cluster bus. */
export interface ProcessSockets {
  processId: string;
  /** The process that asked. */
  self: boolean;
  clients: number;
  users: number;
}

/** A plugin's web part that failed to load in browsers, as the host app reported it. */
export interface WebLoadError {
  plugin: string;
  message: string;
  count: number;
  first_seen_at: string;
  last_seen_at: string;
  user_agent: string | null;
}

export interface MigrationState {
  /** `core` or a plugin's name. */
  owner: string;
  applied: { name: string; at: string }[];
  pending: string[];
}

/** Facts about the running site for its admins (the admin plugin's pages). */
export interface SiteOperations {
  plugins(): PluginDetails[];
  /** Migrations applied and pending, core's first, then each enabled plugin's. */
  migrations(): Promise<MigrationState[]>;
  /** Every process's WebSocket clients: those that answer within `timeoutMs`. */
  sockets(timeoutMs?: number): Promise<ProcessSockets[]>;
  webLoadErrors(): Promise<WebLoadError[]>;
}

export interface NewAccount {
  username: string;
  contact_email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  /** Stored only as an argon2 hash. */
  password?: string;
  /** Default `['Full user']`. */
  roles?: string[];
  acls?: string[];
  /** Groups to join beside the sitewide one (ids that are not single-user groups; others are skipped). */
  groupIds?: number[];
}

/** Creating accounts as core does (single-user group, sitewide membership), for invitations. */
export interface Accounts {
  /** In the caller's transaction; after it commits, call `announceCreated` (fires `core.userCreated`). */
  create(trx: Knex.Transaction, input: NewAccount): Promise<{ id: number; singleUserGroupId: number }>;
  announceCreated(userId: number): Promise<void>;
  /** The site's roles and ACLs (core's and plugins'). */
  roles(): readonly string[];
  acls(): readonly string[];
}

/**
 * Counters a plugin keeps in the site's Prometheus metrics (/metrics), labelled with its name.
 * Ingest is what an observatory watches: how many points, spectra or alerts came in.
 */
export interface PluginMetrics {
  /** Adds `count` (default 1) to `skyportal_ingested_total{plugin, kind}`; `kind` is a lowercase word. */
  ingested(kind: string, count?: number): void;
}

export const coreServices = Object.freeze({
  /** The plugin's own logger (labelled `plugin: <name>`); a route handler's `log` adds the request id. */
  logger: createServiceRef<Logger>({ id: 'core.logger', scope: 'plugin' }),
  /** The plugin's database handle (knex on the shared pool, labelled with the plugin's name). */
  db: createServiceRef<Knex>({ id: 'core.db', scope: 'plugin' }),
  /** Live messages to WebSocket subscribers, on every process. */
  live: createServiceRef<LiveHub>({ id: 'core.live' }),
  site: createServiceRef<SiteInfo>({ id: 'core.site' }),
  /** The plugin's counters in /metrics (labelled with its name). */
  metrics: createServiceRef<PluginMetrics>({ id: 'core.metrics', scope: 'plugin' }),
  principals: createServiceRef<PrincipalLookup>({ id: 'core.principals' }),
  /** The audit log; entries recorded through it are labelled with the plugin's name. */
  audit: createServiceRef<AuditLog>({ id: 'core.audit', scope: 'plugin' }),
  accounts: createServiceRef<Accounts>({ id: 'core.accounts' }),
  /** Plugins with their options (secrets hidden), migrations, WebSocket clients per process, web load errors. */
  operations: createServiceRef<SiteOperations>({ id: 'core.operations' }),
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

/**
 * Fired inside the transaction removing a stream from a group: a plugin whose rows need the pair
 * (a group's filter reading the stream) refuses by throwing an `ApiError`, or deletes them with `trx`.
 */
export interface GroupStreamRemovingEvent {
  groupId: number;
  streamId: number;
  trx: Knex.Transaction;
}

/**
 * Fired inside the transaction deleting a stream, before its row goes: a plugin deletes what was
 * made from the stream with `trx` (nobody holds it any more, so nobody may see that data), or
 * lets a foreign key with ON DELETE CASCADE do it.
 */
export interface StreamDeletedEvent {
  streamId: number;
  trx: Knex.Transaction;
}

export interface LoadDemoEvent {
  /** The initial admin, as whom demo data is stored. */
  admin: Principal;
}

/**
 * `skyportal <command> ...` for a command core does not know: a plugin's own CLI command
 * (`skyportal alerts ingest PATH`). The app is created (database, plugins) but serves no HTTP.
 * A tap that owns `args[0]` runs it and returns its exit code; others return `undefined`.
 */
export interface CommandEvent {
  /** The words after `skyportal` (`['alerts', 'ingest', 'alerts.tar.gz']`). */
  args: readonly string[];
  /** Output for people: `stdout` for results, `stderr` for progress and errors (a TTY or not). */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export const coreHooks = Object.freeze({
  /** After a new user is committed. */
  userCreated: defineHook<UserCreatedEvent>({ id: 'core.userCreated', kind: 'asyncParallel' }),
  userDeleted: defineHook<UserDeletedEvent>({ id: 'core.userDeleted', kind: 'asyncSeries' }),
  groupDeleted: defineHook<GroupDeletedEvent>({ id: 'core.groupDeleted', kind: 'asyncSeries' }),
  groupStreamRemoving: defineHook<GroupStreamRemovingEvent>({ id: 'core.groupStreamRemoving', kind: 'asyncSeries' }),
  streamDeleted: defineHook<StreamDeletedEvent>({ id: 'core.streamDeleted', kind: 'asyncSeries' }),
  /** `skyportal start --demo` and `skyportal load-demo`: taps run in plugin load order. */
  loadDemo: defineHook<LoadDemoEvent>({ id: 'core.loadDemo', kind: 'asyncSeries' }),
  /** A plugin's CLI command: the first tap returning an exit code (a number) ran it. */
  command: defineHook<CommandEvent>({ id: 'core.command', kind: 'asyncSeriesBail' }),
});
