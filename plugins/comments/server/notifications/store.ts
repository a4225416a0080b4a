/**
 * Per-user notifications: stored one row per recipient and announced on `user:<id>`. Each user
 * reads and clears only their own. (The ROADMAP moves per-user notifications into core; this
 * service and the routes below are the contract that move keeps.)
 */
import type { Knex, LiveHub } from '@skyportal/sdk';
import type { NewNotification, NotificationAddedMessage, NotificationsService, UserNotification } from '../../types.js';

const COLUMNS = ['id', 'user_id', 'kind as notification_type', 'text', 'url', 'viewed', 'created_at', 'modified'];

/** The caller's notifications (`user_notifications`), and nobody else's. */
export const notificationsOf = (db: Knex, userId: number) => db('user_notifications').where({ user_id: userId });

export async function listNotifications(db: Knex, userId: number, page: { pageNumber: number; numPerPage: number }, viewed?: boolean) {
  const query = notificationsOf(db, userId).select(COLUMNS);
  if (viewed !== undefined) query.where({ viewed });
  return query
    .orderBy('id', 'desc')
    .offset((page.pageNumber - 1) * page.numPerPage)
    .limit(page.numPerPage) as Promise<UserNotification[]>;
}

export async function oneNotification(db: Knex, userId: number, id: number): Promise<UserNotification | undefined> {
  return notificationsOf(db, userId).where({ id }).first(COLUMNS);
}

export function notificationStore(db: Knex, live: LiveHub): NotificationsService {
  return {
    async notify(userIds, notification: NewNotification) {
      const recipients = [...new Set(userIds)];
      if (!recipients.length) return;
      const rows: UserNotification[] = await db('user_notifications')
        .insert(recipients.map((user_id) => ({ user_id, kind: notification.kind, text: notification.text, url: notification.url })))
        .returning(COLUMNS);
      await Promise.all(
        rows.map((row) =>
          live.publish(`user:${row.user_id}`, { type: 'notifications.added', data: row } satisfies NotificationAddedMessage, { userIds: [row.user_id] }),
        ),
      );
    },
  };
}
