import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import compress from 'koa-compress';
import type { Logger } from 'pino';
import type { Knex } from 'knex';
import { coreHooks, coreServices, stringifyWithExactIntegers, type AuditLog, type LiveHub, type PluginDefinition } from '@skyportal/sdk';
import type { Config } from './config/schema.js';
import { createLogger } from './logger.js';
import { openDatabase, type Database } from './db/database.js';
import { coreMigrations, migrate } from './db/migrate.js';
import { cookieKeys, ensureSitewideGroup, seedRolesAndAcls } from './db/seed.js';
import { ClusterBus } from './cluster/bus.js';
import { Principals } from './auth/principals.js';
import { Sessions } from './auth/sessions.js';
import { Users } from './auth/users.js';
import { ROLES } from './auth/acls.js';
import { authenticate } from './auth/authenticate.js';
import { upgradeAuthenticator } from './auth/upgrade.js';
import { authRoutes } from './auth/auth-routes.js';
import { userRoutes } from './auth/user-routes.js';
import { profileRoutes } from './auth/profile-routes.js';
import { tokenRoutes } from './auth/token-routes.js';
import { groupRoutes } from './groups/routes.js';
import { streamRoutes } from './streams/routes.js';
import { WebSocketHub } from './ws/hub.js';
import { RouteTable } from './http/route-table.js';
import { mountRoutes } from './http/mount.js';
import { errorEnvelope } from './http/envelope.js';
import { requestLog } from './http/request-log.js';
import { openApiDocument } from './http/openapi.js';
import { apiDocs, hostApp, pluginAssets } from './http/static.js';
import { systemRoutes } from './http/system-routes.js';
import { Metrics } from './http/metrics.js';
import { Drain } from './http/drain.js';
import { securityHeaders } from './http/security-headers.js';
import { PluginRegistry } from './plugins/registry.js';
import { CORE_VERSION } from './version.js';
import { HookStore } from './plugins/hooks.js';
import { ServiceScopes } from './plugins/services.js';
import { ensureInitialAdmin, type InitialAdmin } from './auth/initial-admin.js';
import { AuditTrail } from './audit/audit-log.js';
import { siteOperations } from './operations/site-operations.js';
import { loadErrorRoutes } from './operations/load-error-routes.js';

export interface SkyPortalApp {
  app: Koa;
  server: http.Server;
  config: Config;
  knex: Knex;
  logger: Logger;
  /** Every hook of the app by ref (the CLI fires `coreHooks.loadDemo`; tests tap plugins' hooks). */
  hooks: HookStore;
  /** Core's user accounts and their rights (the CLI creates users and tokens). */
  users: Users;
  principals: Principals;
  /** Core's audit log (the CLI records what it changes). */
  audit: AuditLog;
  /** The WebSocket hub (tests publish through it). */
  live: LiveHub;
  /** Set on the very first start: the admin's credentials, to be shown once. */
  initialAdmin: InitialAdmin | undefined;
  /** This process's Prometheus metrics (served per `config.metrics`). */
  metrics: Metrics;
  /** The internal metrics listener's port once started, when `metrics.port` is set. */
  metricsPort: number | undefined;
  /** Listens on `config.server.port` (0: any free port); resolves to the base URL. */
  start(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, closes sockets, plugins and the database. */
  stop(): Promise<void>;
}

export interface CreateAppOptions {
  logger?: Logger;
  /** Run migrations and seeding (default true; `false` when a migration Job already did). */
  migrate?: boolean;
  /** Plugins given as definitions in code (tests), enabled beside the configured ones. */
  plugins?: readonly PluginDefinition[];
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|[\w.+-]+\+json)|image\/svg\+xml)/;

/**
 * koa-compress reads the response length, for which Koa stringifies an object body, and then the
 * body is stringified again to be sent: a 10,000-point light curve would be serialised twice.
 * Turning a plain object or array body into its JSON text once, on the way out, lets both reuse
 * it. Content-Type stays the JSON one that setting the object already chose.
 */
async function serialiseJsonOnce(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  await next();
  const { body } = ctx;
  if (body === null || typeof body !== 'object') return;
  const prototype = Object.getPrototypeOf(body);
  // Integers past 2^53 that plugins wrap with `exactInteger` are written as their exact digits.
  if (Array.isArray(body) || prototype === Object.prototype || prototype === null) ctx.body = stringifyWithExactIntegers(body);
}

/** Builds a whole app from a config: no global state, so one process can hold several. */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<SkyPortalApp> {
  const logger = options.logger ?? createLogger(config.log.level);
  const registry = new PluginRegistry();
  await registry.load(config, options.plugins);

  const database: Database = await openDatabase(config, logger);
  // Steps run first to last on shutdown: later resources are added at the front.
  const cleanup: (() => Promise<void>)[] = [() => database.close()];
  try {
    return await assemble(config, options, logger, registry, database, cleanup);
  } catch (error) {
    for (const step of cleanup) await step().catch(() => undefined);
    throw error;
  }
}

async function assemble(
  config: Config,
  options: CreateAppOptions,
  logger: Logger,
  registry: PluginRegistry,
  database: Database,
  cleanup: (() => Promise<void>)[],
): Promise<SkyPortalApp> {
  const { knex } = database;
  if (options.migrate !== false) {
    const applied = await migrate(knex, [coreMigrations, ...registry.migrations()]);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  }
  const knownAcls = await seedRolesAndAcls(knex, registry.acls());
  const sitewideGroupId = await ensureSitewideGroup(knex, config.groups.sitewideName);

  const bus = new ClusterBus(database.url, knex, logger);
  await bus.start();
  cleanup.unshift(() => bus.stop());

  const principals = new Principals(knex, bus);
  const httpsSite = config.auth.secureCookies || new URL(config.server.publicUrl).protocol === 'https:';
  const sessions = new Sessions(knex, bus, config.auth.sessionTtlHours, httpsSite);
  const hooks = new HookStore();
  const userCreated = hooks.provideCore(coreHooks.userCreated);
  hooks.provideCore(coreHooks.loadDemo);
  hooks.provideCore(coreHooks.command);
  hooks.provideCore(coreHooks.groupDeleted);
  hooks.provideCore(coreHooks.groupStreamRemoving);
  hooks.provideCore(coreHooks.streamDeleted);
  hooks.provideCore(coreHooks.userDeleted);
  const users = new Users(
    knex,
    principals,
    () => sitewideGroupId,
    // The user is committed by now: a failing listener is a plugin's bug, logged, never the request's failure.
    (userId) => userCreated.promise({ userId }).catch((error) => logger.error({ err: error, userId }, 'a core.userCreated listener failed')),
  );
  const initialAdmin = await ensureInitialAdmin(knex, users, config);

  const app = new Koa({ proxy: config.server.trustProxy });
  app.keys = await cookieKeys(knex, config.auth.cookieKeys);
  const hub = new WebSocketHub(bus, logger, upgradeAuthenticator(app, principals, sessions), config.server.maxSocketsPerUser);

  // Only what the SDK declares in coreServices: never the config (secrets), the caches or the registry.
  const services = new ServiceScopes();
  services.provideCore(coreServices.live, hub);
  services.provideCore(coreServices.site, { version: CORE_VERSION, publicUrl: config.server.publicUrl, sitewideGroupId });
  services.provideCore(coreServices.principals, { principalFor: (userId) => principals.forSession(userId) });
  services.provideCore(coreServices.accounts, {
    create: (trx, input) => users.create(input, trx),
    announceCreated: (userId) => users.announceCreated(userId),
    roles: () => ROLES,
    acls: () => knownAcls,
  });
  services.provideCore(coreServices.operations, siteOperations({ knex, bus, hub, registry, migrationSets: () => [coreMigrations, ...registry.migrations()] }));
  const audit = new AuditTrail(knex);
  const coreAudit = audit.forSource('core');
  const metrics = new Metrics({ websockets: () => hub.connectionCount, knex });
  services.addPlugin('core', logger, knex, coreAudit, metrics.forPlugin('core'));

  const routes = new RouteTable();
  const core = routes.routerFor('core');
  authRoutes(core, { knex, config, users, sessions, logger });
  userRoutes(core, { knex, users, principals, hooks, audit: coreAudit, knownAcls: () => knownAcls });
  profileRoutes(core, { knex, principals });
  tokenRoutes(core, { knex, users, principals, audit: coreAudit });
  groupRoutes(core, { knex, principals, hooks, audit: coreAudit, sitewideGroupId: () => sitewideGroupId });
  streamRoutes(core, { knex, principals, hooks, audit: coreAudit });
  systemRoutes(core, { knex, registry, config, hub, openapi: () => openApi });
  loadErrorRoutes(core, { knex, registry });

  await registry.register({ knex, logger, routes, hooks, services, audit, metrics: (plugin) => metrics.forPlugin(plugin) });
  const openApi = openApiDocument(routes.entries, { title: 'SkyPortal', version: CORE_VERSION });

  const router = mountRoutes(routes, (ctx) => authenticate(ctx, principals, sessions), services, config.server.jsonBodyLimit);
  const webDirs = new Map(registry.list.filter((p) => p.webDir).map((p) => [p.name, p.webDir!]));
  const pagePreloads = registry.list.flatMap((p) => p.preloads);

  app.use(requestLog(logger));
  app.use(metrics.middleware());
  app.use(metrics.guardedRoute(config.metrics.token));
  // Text and JSON responses over 1 KB go out compressed (brotli or gzip, whichever the client
  // takes): a 10,000-point light curve, 5.7 MB of JSON, goes as ~0.3 MB. Brotli at quality 1: on
  // that body it took ~20 ms against ~115 ms at koa-compress's default 4, for a file 5 % larger.
  // The web app's files come precompressed from the build (koa-send picks the .br/.gz beside
  // them), so they cost nothing here. WebSocket upgrades never reach Koa.
  app.use(compress({ threshold: 1024, filter: (type) => COMPRESSIBLE.test(type), br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }));
  app.use(serialiseJsonOnce);
  app.use(errorEnvelope);
  app.use(securityHeaders());
  app.use(apiDocs());
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(pluginAssets(webDirs));
  app.use(hostApp(config.web.hostDir, pagePreloads));

  await registry.bootstrap();
  cleanup.unshift(() => registry.destroy(logger));

  // What escapes the middleware (a response stream failing mid-way) is logged with its request.
  app.on('error', (error, ctx) => logger.error({ err: error, requestId: ctx?.state?.requestId }, 'response failed'));
  const server = http.createServer(app.callback());
  server.on('upgrade', (request, socket, head) => void hub.handleUpgrade(request, socket, head));
  // Long uploads are fine; idle keep-alive sockets must not hold shutdown.
  server.keepAliveTimeout = 5_000;
  const drain = new Drain(server);

  const sweeper = setInterval(() => void sessions.purgeExpired().catch((error) => logger.warn({ err: error }, 'expired sessions not purged')), 3600_000);
  sweeper.unref();

  let stopping: Promise<void> | undefined;
  let metricsListener: Awaited<ReturnType<Metrics['listen']>> | undefined;
  return {
    app,
    server,
    config,
    knex,
    logger,
    hooks,
    users,
    principals,
    audit: coreAudit,
    live: hub,
    initialAdmin,
    metrics,
    get metricsPort() {
      return metricsListener?.port;
    },
    async start() {
      if (config.metrics.port !== undefined) metricsListener = await metrics.listen(config.metrics.port, config.server.host);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.server.port, config.server.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      logger.info({ port }, 'SkyPortal listening');
      return url;
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(sweeper);
        await metricsListener?.close();
        // Stop accepting; requests on their way and in progress are answered (see Drain).
        const closed = drain.close();
        // Keep-alive sockets become idle as their last response ends: close them as they do.
        const reaper = setInterval(() => drain.reapIdle(), 50);
        await hub.close();
        const grace = setTimeout(() => server.closeAllConnections(), config.server.shutdownTimeoutMs);
        await closed;
        clearInterval(reaper);
        clearTimeout(grace);
        for (const step of cleanup) await step().catch((error) => logger.error({ err: error }, 'shutdown step failed'));
        logger.info('SkyPortal stopped');
      })();
      return stopping;
    },
  };
}
