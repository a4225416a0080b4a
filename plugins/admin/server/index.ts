import { coreServices, definePlugin, z } from '@skyportal/sdk';
import { invitationRoutes } from './invitations.js';
import { overviewRoutes } from './overview-routes.js';

export * from '../types.js';

/**
 * The admin pages' backend. Users, roles, ACLs, groups and tokens are changed through core's own
 * routes (one way to do each); this plugin adds what core lacks: invitations by link, the audit
 * log's reading, plugins with their options (secrets hidden) and the site's health.
 */
export default definePlugin({
  name: 'admin',
  options: z
    .object({
      // How long an invitation link may be made to last: a month at most by default.
      maxInvitationHours: z
        .number()
        .int()
        .positive()
        .max(24 * 365)
        .default(24 * 30),
    })
    .default({ maxInvitationHours: 24 * 30 }),
  acls: ['Manage users', 'Manage groups', 'System admin'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, services, options }) {
    const db = services.get(coreServices.db);
    const audit = services.get(coreServices.audit);
    invitationRoutes(router, {
      db,
      audit,
      accounts: services.get(coreServices.accounts),
      publicUrl: services.get(coreServices.site).publicUrl,
      maxHours: options.maxInvitationHours,
    });
    overviewRoutes(router, { db, audit, operations: services.get(coreServices.operations) });
  },
});
