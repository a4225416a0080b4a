import { Link } from 'react-router-dom';
import { apiErrorOf, ErrorCard, formatUtc, useProfile } from '@skyportal/sdk/web';
import type { UserNotification } from '../types';
import { useDeleteNotificationMutation, useMarkAllNotificationsReadMutation, useMarkNotificationMutation, useNotificationsQuery } from './api';

/** The signed-in user's notifications, kept current over `user:<id>` (new ones arrive live). */
export function useMyNotifications() {
  const profile = useProfile();
  const query = useNotificationsQuery(profile?.id ?? 0, { skip: !profile });
  const unread = (query.data ?? []).filter((notification) => !notification.viewed).length;
  return { ...query, unread };
}

/** Only paths inside the site become links: a notification's url is ours, never another site. */
const inSite = (url: string | null): url is string => !!url && url.startsWith('/') && !url.startsWith('//');

function NotificationRow({ notification }: { notification: UserNotification }) {
  const [mark] = useMarkNotificationMutation();
  const [remove] = useDeleteNotificationMutation();
  const read = () => {
    if (!notification.viewed) void mark({ id: notification.id, viewed: true });
  };
  return (
    <li className={notification.viewed ? 'comments-notification' : 'comments-notification comments-notification--unread'} data-testid="notification">
      <div className="comments-notification__text">
        {notification.viewed ? null : <span className="sp-chip sp-chip--accent">new</span>}
        {/* Plain text, as stored: React escapes it. */}
        {inSite(notification.url) ? (
          <Link to={notification.url} onClick={read}>
            {notification.text}
          </Link>
        ) : (
          <span>{notification.text}</span>
        )}
        <time dateTime={notification.created_at} className="sp-muted">
          {' '}
          {formatUtc(notification.created_at)} UTC
        </time>
      </div>
      <div className="comments-notification__actions">
        <button type="button" className="sp-button sp-button--quiet" onClick={() => mark({ id: notification.id, viewed: !notification.viewed })}>
          {notification.viewed ? 'Mark unread' : 'Mark read'}
        </button>
        <button
          type="button"
          className="sp-button sp-button--danger"
          onClick={() => remove(notification.id)}
          aria-label={`Delete notification: ${notification.text}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** The list with its "mark all read": the notifications page, and the bell's panel (`limit`). */
export function NotificationList({ limit }: { limit?: number }) {
  const { data, error: failure, unread } = useMyNotifications();
  const [markAll, { isLoading: marking }] = useMarkAllNotificationsReadMutation();
  const error = apiErrorOf(failure);
  if (error) return <ErrorCard pluginName="comments" title="Could not load your notifications" message={error.message} />;
  if (!data) return <p className="sp-muted">Loading…</p>;
  const shown = limit ? data.slice(0, limit) : data;
  return (
    <div className="comments-notifications">
      <div className="sp-toolbar">
        <span data-testid="unread-count" role="status">
          {unread === 0 ? 'No unread notifications' : unread === 1 ? '1 unread notification' : `${unread} unread notifications`}
        </span>
        {unread > 0 ? (
          <button type="button" className="sp-button sp-button--secondary" onClick={() => markAll()} disabled={marking}>
            Mark all read
          </button>
        ) : null}
      </div>
      {shown.length === 0 ? (
        <p className="sp-muted">Nothing yet: you are notified here when someone @mentions you.</p>
      ) : (
        <ul className="comments-notification-list" aria-label="Notifications">
          {shown.map((notification) => (
            <NotificationRow key={notification.id} notification={notification} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** `/notifications`. */
export function NotificationsPage() {
  return (
    <div className="sp-page">
      <h1>Notifications</h1>
      <section className="sp-card" aria-label="Your notifications">
        <NotificationList />
      </section>
    </div>
  );
}
