/**
 * SkyPortal's notification routes: `GET /api/internal/notifications[/{id}]`, `PATCH` (mark read
 * or unread, one or all) and `DELETE` (one or all). A caller reaches only their own.
 */
import { inputs, pageQuery, z, type PluginRouter } from '@skyportal/sdk';
import { compat } from '@skyportal/sdk';
import { listNotifications, notificationsOf, oneNotification } from './store.js';

/**
 * Marking one's own notifications is an action on one's own account: from the browser, or with a
 * token that may comment (a bot reading its mentions), not with any token.
 */
const OWN_NOTIFICATIONS = { account: 'session', orAcl: 'Comment' } as const;
const idParams = z.object({ id: inputs.dbId });
const viewedBody = z.object({ viewed: z.boolean() }).strict();
const listQuery = pageQuery.extend({ viewed: inputs.flag().optional().describe('Only read (true) or unread (false) ones') });
const missing = (id: number) => compat.cannotFind(`UserNotification with ID: ${id}`);

export function notificationRoutes(router: PluginRouter): void {
  const tags = ['notifications'];
  router.get(
    '/api/internal/notifications',
    { access: 'authenticated', tags, summary: 'Your notifications, newest first', query: listQuery },
    ({ user, query, db }) => listNotifications(db, user.id, query, query.viewed),
  );
  router.get(
    '/api/internal/notifications/:id',
    { access: 'authenticated', tags, summary: 'One of your notifications', params: idParams },
    async ({ user, params, db }) => {
      const found = await oneNotification(db, user.id, params.id);
      if (!found) throw missing(params.id);
      return found;
    },
  );
  router.patch(
    '/api/internal/notifications',
    { access: OWN_NOTIFICATIONS, tags, summary: 'Mark all your notifications read (or unread)', body: viewedBody },
    async ({ user, body, db }) => {
      await notificationsOf(db, user.id).update({ viewed: body.viewed, modified: db.fn.now() });
      return {};
    },
  );
  router.patch(
    '/api/internal/notifications/:id',
    { access: OWN_NOTIFICATIONS, tags, summary: 'Mark one of your notifications read (or unread)', params: idParams, body: viewedBody },
    async ({ user, params, body, db }) => {
      const changed = await notificationsOf(db, user.id).where({ id: params.id }).update({ viewed: body.viewed, modified: db.fn.now() });
      if (!changed) throw missing(params.id);
      return {};
    },
  );
  router.delete('/api/internal/notifications', { access: OWN_NOTIFICATIONS, tags, summary: 'Delete all your notifications' }, async ({ user, db }) => {
    await notificationsOf(db, user.id).delete();
    return {};
  });
  router.delete(
    '/api/internal/notifications/:id',
    { access: OWN_NOTIFICATIONS, tags, summary: 'Delete one of your notifications', params: idParams },
    async ({ user, params, db }) => {
      if (!(await notificationsOf(db, user.id).where({ id: params.id }).delete())) throw missing(params.id);
      return {};
    },
  );
}
