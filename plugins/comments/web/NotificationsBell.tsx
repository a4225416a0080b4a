import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Link } from 'react-router-dom';
import { NotificationList, useMyNotifications } from './Notifications';

/** Shown in the bell's panel; the rest are on /notifications. */
const IN_PANEL = 6;

/**
 * `topbar.items`: a bell with the unread count, live over `user:<id>`; it opens the latest
 * notifications (a disclosure: Escape or a click outside closes it, focus returns to the bell).
 */
export function NotificationsBell() {
  const { unread } = useMyNotifications();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return undefined;
    const outside = (event: globalThis.MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && open) {
      setOpen(false);
      button.current?.focus();
    }
  }

  // Following a link in the panel leaves it behind.
  function onPanelClick(event: MouseEvent) {
    if ((event.target as Element).closest('a')) setOpen(false);
  }

  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <div className="comments-bell" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="comments-bell__button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        data-testid="notifications-bell"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          width="20"
          height="20"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {unread > 0 ? (
          <span className="comments-bell__badge" data-testid="notifications-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <div id={panelId} className="comments-bell__panel" hidden={!open} role="region" aria-label="Latest notifications" onClick={onPanelClick}>
        {open ? (
          <>
            <NotificationList limit={IN_PANEL} />
            <Link to="/notifications" className="comments-bell__all">
              All notifications
            </Link>
          </>
        ) : null}
      </div>
    </div>
  );
}
