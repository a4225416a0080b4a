/**
 * A real SkyPortal app for a test (real Postgres, real HTTP on a free port, real WebSockets) with
 * only the plugins under test, in a database of its own that is dropped when it stops.
 */
import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import type { Logger } from 'pino';
import { createApp, type SkyPortalApp } from '@skyportal/core';
import { track } from './cleanup.js';
import { testConfig } from './config.js';
import { createTestDatabase } from './database.js';
import { uniqueId } from './fixtures.js';
import { openSocket, subscribe, type Subscription } from './live.js';
import { pluginsUnderTest, type PluginSpec } from './plugins.js';

export interface TestServerOptions {
  /** The plugins to enable, and only these: names, packages, folders or definitions (see PluginSpec). */
  plugins?: readonly PluginSpec[];
  /** Config on top of the kit's built-in one (server, auth, plugins' entries...), as in a YAML file. */
  config?: Record<string, unknown>;
  /** Where the app logs (a test that reads the logs passes its own pino logger). */
  logger?: Logger;
  /**
   * Another app process on `replicaOf`'s database (same admin token), as a second replica of a
   * site: the database stays until `replicaOf` stops, which stops this one first.
   */
  replicaOf?: TestServer;
}

export interface TestUser {
  id: number;
  username: string;
  /** An API token with every ACL of the user's roles (or `tokenAcls`). */
  token: string;
  singleUserGroupId: number;
}

/** Two groups of one user each: alice is in groupA only, bob in groupB only (plus the sitewide group). */
export interface TwoGroups {
  alice: TestUser;
  bob: TestUser;
  groupA: number;
  groupB: number;
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  /** Default: the admin's token; `null` sends no credentials. */
  token?: string | null;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
}

/** A signed-in browser: its requests carry the session cookie and, on writes, the CSRF header. */
export interface TestSession {
  status: number;
  cookie: string;
  csrf: string | undefined;
  request<T = any>(method: string, path: string, options?: Omit<RequestOptions, 'token'>): Promise<TestResponse<T>>;
}

export interface CreateUserOptions {
  username?: string;
  /** Default: `Full user`. */
  roles?: string[];
  groupIds?: number[];
  /** Streams given to the user, before they join `groupIds` (a member holds every stream of their groups). */
  streamIds?: number[];
  /** ACLs granted to the user directly, beyond their roles' (a plugin's own ACLs, which no role carries). */
  acls?: string[];
  /** The token's ACLs (default: all of the user's). */
  tokenAcls?: string[];
  password?: string;
}

export interface TestServer {
  url: string;
  app: SkyPortalApp;
  knex: SkyPortalApp['knex'];
  databaseUrl: string;
  adminToken: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  createUser(options?: CreateUserOptions): Promise<TestUser>;
  /** A group with these members (and group admins); group names are unique on a site (see uniqueId). */
  createGroup(name: string, members?: number[], admins?: number[]): Promise<number>;
  /** An alert stream (the admin creates it), given to these users; → its id. */
  createStream(name: string, userIds?: number[]): Promise<number>;
  /** Signs in through POST /api/auth/login, as the web app does. */
  signIn(username: string, password: string): Promise<TestSession>;
  /** The usual visibility set-up: two users, each alone in a group of their own (roles and acls as createUser's). */
  twoGroupsWithUsers(options?: { roles?: string[]; acls?: string[] }): Promise<TwoGroups>;
  /**
   * Subscribes to a live channel as `token` (default: the admin); rejects if the server refuses.
   * `after`: on a resumable channel, the id of the last message seen (the server sends what followed).
   */
  subscribe(channel: string, options?: { token?: string; after?: number }): Promise<Subscription>;
  /** A bare WebSocket client authenticated by token, resolved once the server welcomed it. */
  connect(token: string): Promise<WebSocket>;
  /** Closes its sockets, stops the app, drops the database. Safe to call twice; done after the test file anyway. */
  stop(): Promise<void>;
}

/** The replicas started on each test server's database, stopped before it drops the database. */
const replicasOf = new WeakMap<TestServer, Set<TestServer>>();

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { entries, definitions } = await pluginsUnderTest(options.plugins ?? []);
  const primary = options.replicaOf;
  const database = primary ? undefined : await createTestDatabase();
  const databaseUrl = primary?.databaseUrl ?? database!.url;
  const adminToken = primary?.adminToken ?? `admin-${randomBytes(16).toString('hex')}`;
  let app: SkyPortalApp | undefined;
  let url: string;
  try {
    app = await createApp(testConfig({ databaseUrl, adminToken, plugins: entries, config: options.config }), { logger: options.logger, plugins: definitions });
    url = await app.start();
  } catch (error) {
    await app?.stop();
    await database?.drop();
    throw error;
  }
  const started = app;

  const request = async <T>(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse<T>> => {
    const target = new URL(path, url);
    for (const [key, value] of Object.entries(opts.query ?? {})) if (value !== undefined) target.searchParams.set(key, String(value));
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? adminToken : opts.token;
    if (token) headers.authorization = `token ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(target, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: CSV, HTML */
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  };

  const expectOk = <T>(response: TestResponse<any>, what: string): T => {
    if (response.status !== 200) throw new Error(`${what} failed: ${response.status} ${response.text}`);
    return response.body.data as T;
  };

  const sockets = new Set<{ close(): unknown }>();
  const replicas = new Set<TestServer>();
  let stopping: Promise<void> | undefined;

  const server: TestServer = {
    url,
    app: started,
    knex: started.knex,
    databaseUrl,
    adminToken,
    request,
    async createUser(opts = {}) {
      const roles = opts.roles ?? ['Full user'];
      const username = opts.username ?? uniqueId('user');
      const created = expectOk<{ id: number; single_user_group_id: number }>(
        await request('POST', '/api/user', { body: { username, roles, password: opts.password } }),
        'create user',
      );
      for (const streamId of opts.streamIds ?? []) {
        expectOk(await request('POST', `/api/streams/${streamId}/users`, { body: { user_id: created.id } }), 'give stream');
      }
      for (const groupId of opts.groupIds ?? []) {
        expectOk(await request('POST', `/api/groups/${groupId}/users`, { body: { userID: created.id } }), 'add to group');
      }
      if (opts.acls?.length) {
        expectOk(await request('POST', `/api/user/${created.id}/acls`, { body: { aclIds: opts.acls } }), 'grant ACLs');
      }
      const roleAcls: string[] = await started.knex('role_acls').whereIn('role_id', roles).distinct().pluck('acl_id');
      const acls = opts.tokenAcls ?? [...new Set([...roleAcls, ...(opts.acls ?? [])])];
      const token = expectOk<{ token_id: string }>(
        await request('POST', '/api/internal/tokens', { body: { name: 'test', acls, user_id: created.id } }),
        'create token',
      );
      return { id: created.id, username, token: token.token_id, singleUserGroupId: created.single_user_group_id };
    },
    async createGroup(name, members = [], admins = []) {
      const { id } = expectOk<{ id: number }>(await request('POST', '/api/groups', { body: { name, group_admins: admins } }), 'create group');
      for (const userID of members) expectOk(await request('POST', `/api/groups/${id}/users`, { body: { userID } }), 'add member');
      return id;
    },
    async createStream(name, userIds = []) {
      const { id } = expectOk<{ id: number }>(await request('POST', '/api/streams', { body: { name } }), 'create stream');
      for (const user_id of userIds) expectOk(await request('POST', `/api/streams/${id}/users`, { body: { user_id } }), 'give stream');
      return id;
    },
    async signIn(username, password) {
      const res = await request('POST', '/api/auth/login', { token: null, body: { username, password } });
      const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
      const cookie = cookies.join('; ');
      const csrf = cookies.find((c) => c.startsWith('skyportal.csrf='))?.split('=')[1];
      return {
        status: res.status,
        cookie,
        csrf,
        request: (method, path, opts = {}) =>
          request(method, path, {
            ...opts,
            token: null,
            headers: { cookie, ...(csrf && !['GET', 'HEAD'].includes(method.toUpperCase()) ? { 'x-csrf-token': csrf } : {}), ...opts.headers },
          }),
      };
    },
    async twoGroupsWithUsers({ roles, acls } = {}) {
      const alice = await server.createUser({ roles, acls, username: uniqueId('alice') });
      const bob = await server.createUser({ roles, acls, username: uniqueId('bob') });
      const groupA = await server.createGroup(uniqueId('groupA'), [alice.id]);
      const groupB = await server.createGroup(uniqueId('groupB'), [bob.id]);
      return { alice, bob, groupA, groupB };
    },
    async subscribe(channel, { token = adminToken, after } = {}) {
      const subscription = await subscribe({ url, token, channel, after });
      sockets.add(subscription);
      return subscription;
    },
    async connect(token) {
      const socket = await openSocket(url, token);
      sockets.add(socket);
      return socket;
    },
    stop() {
      stopping ??= (async () => {
        forget();
        for (const replica of replicas) await replica.stop();
        for (const socket of sockets) socket.close();
        await started.stop();
        await database?.drop();
      })();
      return stopping;
    },
  };
  const forget = track(server);
  replicasOf.set(server, replicas);
  if (primary) replicasOf.get(primary)?.add(server);
  return server;
}
