/**
 * The SDK test kit: a real SkyPortal app (real Postgres, real HTTP on a free port, real WebSockets)
 * with only the plugins under test, in a database of its own that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { createApp, loadConfig, mergeConfig, type SkyPortalApp } from '@skyportal/core';
import { createDatabase, databaseUrlOn, dropDatabase } from './postgres.js';

export { freePort } from './postgres.js';

export interface TestServerOptions {
  /** Plugins to enable, with their config entries; every other configured plugin is disabled. */
  plugins?: Record<string, { options?: Record<string, unknown>; path?: string; package?: string }>;
  /** Any other config on top (server, auth, ...). */
  config?: Record<string, unknown>;
  /** Reuse a database (restart tests); by default a new one is made. */
  databaseName?: string;
  /** Keep the database when the server stops (restart tests). */
  keepDatabase?: boolean;
}

export interface TestUser {
  id: number;
  username: string;
  token: string;
  singleUserGroupId: number;
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
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

export interface TestServer {
  url: string;
  app: SkyPortalApp;
  knex: SkyPortalApp['knex'];
  databaseName: string;
  adminToken: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  createUser(options?: { username?: string; roles?: string[]; groupIds?: number[]; tokenAcls?: string[]; password?: string }): Promise<TestUser>;
  createGroup(name: string, members?: number[], admins?: number[]): Promise<number>;
  /** Signs in through POST /api/auth/login, as the web app does. */
  signIn(username: string, password: string): Promise<TestSession>;
  /** A WebSocket client authenticated by token, resolved once the server welcomed it. */
  connect(token: string): Promise<WebSocket>;
  stop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.SKYPORTAL_TEST_DATABASE_URL;
  if (!url) throw new Error('SKYPORTAL_TEST_DATABASE_URL is not set: run tests through jest (its global setup starts Postgres)');
  return url;
}

export function databaseUrl(name: string): string {
  return databaseUrlOn(adminUrl(), name);
}

export async function createTestDatabase(name?: string): Promise<string> {
  return (await createDatabase(adminUrl(), name)).name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  await dropDatabase(adminUrl(), name);
}

/** The config a test server runs with (exported for tests that start apps themselves). */
export function testConfig(databaseName: string, options: TestServerOptions = {}, adminToken?: string) {
  const base = loadConfig({ env: 'test', environment: {} });
  const plugins: Record<string, unknown> = {};
  for (const name of Object.keys(base.plugins)) plugins[name] = { enabled: false };
  for (const [name, entry] of Object.entries(options.plugins ?? {})) plugins[name] = { enabled: true, ...entry };
  return loadConfig({
    env: 'test',
    environment: {},
    overrides: mergeConfig(
      {
        database: { url: databaseUrl(databaseName) },
        auth: { admin: { token: adminToken }, cookieKeys: ['test-cookie-key-0123456789abcdef'] },
        plugins,
      },
      options.config,
    ),
  });
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const databaseName = options.databaseName ?? (await createTestDatabase());
  const adminToken = `admin-${randomBytes(16).toString('hex')}`;
  const app = await createApp(testConfig(databaseName, options, adminToken));
  const url = await app.start();
  let counter = 0;

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

  const server: TestServer = {
    url,
    app,
    knex: app.knex,
    databaseName,
    adminToken,
    request,
    async createUser(opts = {}) {
      const username = opts.username ?? `user${++counter}_${randomBytes(3).toString('hex')}`;
      const created = expectOk<{ id: number; single_user_group_id: number }>(
        await request('POST', '/api/user', { body: { username, roles: opts.roles ?? ['Full user'], password: opts.password } }),
        'create user',
      );
      for (const groupId of opts.groupIds ?? []) {
        expectOk(await request('POST', `/api/groups/${groupId}/users`, { body: { userID: created.id } }), 'add to group');
      }
      const acls =
        opts.tokenAcls ??
        (await app
          .knex('role_acls')
          .whereIn('role_id', opts.roles ?? ['Full user'])
          .distinct()
          .pluck('acl_id'));
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
    connect(token) {
      return new Promise((resolve, reject) => {
        const socket = new WebSocket(`${url.replace('http', 'ws')}/websocket`, { headers: { authorization: `token ${token}` } });
        socket.once('message', () => resolve(socket)); // the welcome
        socket.once('error', reject);
        socket.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: ${res.statusCode}`)));
      });
    },
    async stop() {
      await app.stop();
      if (!options.keepDatabase) await dropTestDatabase(databaseName);
    },
  };
  return server;
}

/** The next live message on `socket` that `match` accepts; rejects after `timeoutMs`. */
export function nextMessage(socket: WebSocket, match: (message: any) => boolean, timeoutMs = 3000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(new Error(`no matching live message within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString());
      if (!match(message)) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
  });
}

/**
 * A fingerprint of each table's rows (count and md5 of their text): the same before and after a
 * request means it stored, changed and deleted nothing there. `last_used_at` is left out: signing
 * a request in with a token touches it, whatever the request.
 */
export async function tableDigests(knex: SkyPortalApp['knex'], tables: readonly string[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await knex.raw(
      `SELECT count(*) AS n, md5(coalesce(string_agg((to_jsonb(t) - 'last_used_at')::text, E'\\n' ORDER BY (to_jsonb(t) - 'last_used_at')::text), '')) AS digest FROM ?? AS t`,
      [table],
    );
    digests[table] = `${rows[0].n} rows, ${rows[0].digest}`;
  }
  return digests;
}

/** One bad request of a table-driven test: what is sent, the status expected, the field its message must name. */
export interface BadInput {
  method: string;
  path: string;
  query?: RequestOptions['query'];
  body?: unknown;
  /** Sent instead of the admin token. */
  token?: string;
  status: number;
  /** The field the message names: `ra`, `group_ids[0]`, `altdata.note`. */
  field: string;
}

/**
 * Sends a bad request and reports what a test checks: its status, its message, whether the message
 * names the field (as a field: `field:`, `field[...` or `field.`), and the tables whose rows changed.
 */
export async function tryBadInput(server: TestServer, input: BadInput, tables: readonly string[]) {
  const before = await tableDigests(server.knex, tables);
  const response = await server.request(input.method, input.path, { query: input.query, body: input.body, token: input.token });
  const after = await tableDigests(server.knex, tables);
  const message = typeof response.body === 'object' && response.body ? String(response.body.message) : response.text;
  const escaped = input.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    status: response.status,
    message,
    namesField: new RegExp(`(^|[\\s:;,(])${escaped}(:|\\[|\\.)`).test(message),
    changedTables: tables.filter((table) => before[table] !== after[table]),
  };
}
