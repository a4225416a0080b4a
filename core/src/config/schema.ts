import { z } from 'zod';

const pluginEntry = z.object({
  enabled: z.boolean().default(true),
  /** npm package providing the plugin (default `@skyportal/plugin-<name>`); `package` replaces one. */
  package: z.string().optional(),
  /** A folder holding the plugin, relative to the working directory (alternative to `package`). */
  path: z.string().optional(),
  options: z.record(z.string(), z.unknown()).default({}),
});

export const configSchema = z.object({
  server: z
    .object({
      port: z.coerce.number().int().min(0).max(65535).default(5000),
      host: z.string().default('0.0.0.0'),
      publicUrl: z.string().url().default('http://localhost:5000'),
      /** Behind an ingress: trust X-Forwarded-* headers. */
      trustProxy: z.boolean().default(false),
      /** Grace period for in-flight requests on shutdown. */
      shutdownTimeoutMs: z.number().int().positive().default(10_000),
      jsonBodyLimit: z.string().default('1mb'),
      /** Open WebSockets one user may hold on one process (a page shares one; more is refused with 429). */
      maxSocketsPerUser: z.number().int().positive().default(64),
    })
    .prefault({}),
  database: z
    .object({
      /** Any PostgreSQL server; when unset, an embedded server is started. */
      url: z.string().optional(),
      embedded: z
        .object({
          dataDir: z.string().default('.data/postgres'),
          port: z.coerce.number().int().default(5433),
          user: z.string().default('skyportal'),
          password: z.string().default('skyportal'),
        })
        .prefault({}),
      name: z.string().default('skyportal'),
      pool: z.object({ min: z.number().int().min(0).default(0), max: z.number().int().min(1).default(10) }).prefault({}),
    })
    .prefault({}),
  auth: z
    .object({
      /** Keys that sign cookies (first signs, all verify). Unset: generated once and kept in the database. */
      cookieKeys: z.array(z.string().min(16)).optional(),
      sessionTtlHours: z
        .number()
        .positive()
        .default(24 * 14),
      /** Force Secure cookies. Without it they are Secure on an https publicUrl, or per request over https (a trusted proxy's X-Forwarded-Proto). */
      secureCookies: z.boolean().default(false),
      local: z.object({ enabled: z.boolean().default(true) }).prefault({}),
      oidc: z
        .object({
          enabled: z.boolean().default(false),
          issuer: z.string().url().optional(),
          clientId: z.string().optional(),
          clientSecret: z.string().optional(),
          scope: z.string().default('openid email profile'),
          /** Display name of the provider on the login page. */
          label: z.string().default('Single sign-on'),
          /** Allow http:// issuers (tests and local providers only). */
          allowInsecure: z.boolean().default(false),
          /** Roles of an account created at its first OIDC login. */
          newUserRoles: z.array(z.enum(['Super admin', 'Group admin', 'Full user', 'View only'])).default(['Full user']),
        })
        .prefault({})
        .refine((oidc) => !oidc.enabled || (oidc.issuer && oidc.clientId), {
          message: 'issuer and clientId are required when OIDC is enabled',
          path: ['issuer'],
        }),
      admin: z
        .object({
          username: z.string().default('admin'),
          email: z.string().optional(),
          password: z.string().optional(),
          /** Fixed token for automation (SKYPORTAL_ADMIN_TOKEN); otherwise one is printed once. */
          token: z.string().min(8).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Prometheus metrics at /metrics. Never public: served on the main port only to callers with
   * `Authorization: Bearer <token>`, and without one on `port` alone (an internal port the
   * ingress does not route). Neither set: no /metrics at all.
   */
  metrics: z
    .object({
      /** A second listener serving only /metrics (e.g. 9464), for a scraper inside the cluster. */
      port: z.coerce.number().int().min(0).max(65535).optional(),
      /** Bearer token that opens /metrics on the main port (SKYPORTAL_METRICS_TOKEN or its _FILE). */
      token: z.string().min(16).optional(),
    })
    .prefault({}),
  groups: z.object({ sitewideName: z.string().default('Sitewide Group') }).prefault({}),
  web: z
    .object({
      /** The built host app served at `/` (a folder); unset or missing: API only. */
      hostDir: z.string().optional(),
    })
    .prefault({}),
  log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).prefault({}),
  demo: z.boolean().default(false),
  plugins: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'plugin names are lowercase words'), pluginEntry).default({}),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type PluginConfigEntry = z.output<typeof pluginEntry>;
