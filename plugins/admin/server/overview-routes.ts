import type { AuditLog, Knex, PluginRouter, SiteOperations } from '@skyportal/sdk';
import { inputs, pageQuery, z } from '@skyportal/sdk';
import type { HealthReport, PluginsOverview } from '../types.js';

/** Read-only pages: the audit log, the plugins, the site's health. */
export function overviewRoutes(router: PluginRouter, deps: { db: Knex; audit: AuditLog; operations: SiteOperations }): void {
  const { db, audit, operations } = deps;

  router.get(
    '/api/admin/audit',
    {
      access: { acl: 'Manage users' },
      summary: 'The audit log of admin changes, newest first',
      tags: ['admin'],
      query: pageQuery.extend({
        actorId: inputs.dbId.optional().describe('Changes made by this user'),
        action: z
          .string()
          .regex(/^[a-z][a-z0-9.-]*$/, 'an action (user.create) or a prefix ending in a dot (user.)')
          .max(100)
          .optional(),
        targetType: inputs.identifier(50).optional().describe('user, group, token, invitation, ...'),
        targetId: inputs.text(100).optional(),
        source: inputs.identifier(100).optional().describe('core, or the plugin that recorded it'),
        since: inputs.isoDate().optional(),
        until: inputs.isoDate().optional(),
      }),
    },
    async ({ query }) => ({ ...(await audit.list(query)), pageNumber: query.pageNumber, numPerPage: query.numPerPage }),
  );

  router.get(
    '/api/admin/plugins',
    { access: { acl: 'System admin' }, summary: 'Enabled plugins, versions, options (secrets hidden) and web load errors', tags: ['admin'] },
    async (): Promise<PluginsOverview> => ({ plugins: operations.plugins(), webLoadErrors: await operations.webLoadErrors() }),
  );

  router.get(
    '/api/admin/health',
    { access: { acl: 'System admin' }, summary: 'Database, migrations, WebSocket clients per process, job queues', tags: ['admin'] },
    async (): Promise<HealthReport> => {
      const started = performance.now();
      let database: HealthReport['database'];
      try {
        await db.raw('SELECT 1');
        database = { reachable: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
      } catch (error) {
        database = { reachable: false, latencyMs: null, error: (error as Error).message };
      }
      const [migrations, websockets] = await Promise.all([database.reachable ? operations.migrations() : [], operations.sockets()]);
      return { database, migrations, websockets, jobQueues: [], jobQueuesNote: 'No job queues yet: background workers come with a later issue.' };
    },
  );
}
