// The plugin's few styles of its own (remotes ship no CSS files): added to the page once, when the
// plugin loads. Everything else uses the host's sp-* classes.
const CSS = `
.comments-panel { display: flex; flex-direction: column; gap: 0.75rem; }
.comments-textarea { font: inherit; width: 100%; padding: 0.4rem 0.5rem; border: 1px solid var(--sp-border); border-radius: 4px; resize: vertical; }
.comments-form__actions { justify-content: space-between; }
.comments-list, .comments-notification-list, .chat-messages, .chat-rooms ul { list-style: none; margin: 0; padding: 0; }
.comments-item { border-top: 1px solid var(--sp-border); padding: 0.6rem 0; }
.comments-item__meta, .chat-message__meta { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; }
.comments-item__actions { margin-left: auto; display: inline-flex; gap: 0.4rem; }
.comments-item__attachment { margin: 0.25rem 0 0; }
.comments-author .sp-chip { margin-left: 0.4rem; }
.comments-markdown { overflow-wrap: anywhere; }
.comments-markdown > :first-child { margin-top: 0.25rem; }
.comments-markdown > :last-child { margin-bottom: 0; }
.comments-markdown pre { background: #f7f9fb; padding: 0.4rem 0.6rem; border-radius: 4px; overflow-x: auto; }
.comments-markdown code { font-family: var(--sp-mono); font-size: 0.9em; }
.comments-markdown blockquote { margin: 0.25rem 0; padding-left: 0.75rem; border-left: 3px solid var(--sp-border); color: var(--sp-muted); }
.comments-mention { position: relative; }
.comments-mention-tag { color: var(--sp-accent); background: var(--sp-accent-soft); border-radius: 3px; padding: 0 0.15rem; }
.comments-mention__list { position: absolute; z-index: 10; left: 0; top: 100%; min-width: 14rem; margin: 2px 0 0; padding: 0.25rem 0; list-style: none;
  background: var(--sp-surface); border: 1px solid var(--sp-border); border-radius: 4px; box-shadow: 0 4px 12px rgba(16, 24, 40, 0.15); }
.comments-mention__option { padding: 0.2rem 0.6rem; cursor: pointer; }
.comments-mention__option--active { background: var(--sp-accent-soft); }
.comments-notification { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; padding: 0.45rem 0; border-top: 1px solid var(--sp-border); }
.comments-notification--unread .comments-notification__text > a, .comments-notification--unread .comments-notification__text > span:not(.sp-chip) { font-weight: 600; }
.comments-notification__text time { white-space: nowrap; }
.comments-notification__text .sp-chip { margin: 0 0.4rem 0 0; }
.comments-notification__actions { margin-left: auto; display: inline-flex; gap: 0.4rem; }
.comments-bell { position: relative; display: flex; align-items: center; }
.comments-bell__button { position: relative; display: inline-flex; align-items: center; background: transparent; border: 1px solid transparent; border-radius: 4px;
  color: #cfd8e6; cursor: pointer; padding: 0.2rem 0.35rem; }
.comments-bell__button:hover, .comments-bell__button[aria-expanded='true'] { color: #fff; border-color: #3b4d6b; }
.comments-bell__button:focus-visible { outline: 2px solid #7fb2ff; outline-offset: 1px; }
.comments-bell__badge { position: absolute; top: -0.3rem; right: -0.45rem; min-width: 1.15rem; padding: 0 0.25rem; border-radius: 999px;
  background: #d92d20; color: #fff; font-size: 0.7rem; font-weight: 700; line-height: 1.15rem; text-align: center; }
.comments-bell__panel { position: absolute; right: 0; top: calc(100% + 0.5rem); z-index: 20; width: min(26rem, 92vw); max-height: 70vh; overflow-y: auto;
  background: var(--sp-surface); color: var(--sp-text); border: 1px solid var(--sp-border); border-radius: var(--sp-radius);
  box-shadow: 0 8px 24px rgba(16, 24, 40, 0.2); padding: 0.75rem 0.9rem; }
/* The panel sits in the dark top bar: undo the bar's link and quiet-button colours inside it. */
.sp-topbar .comments-bell__panel a, .sp-topbar .comments-bell__panel a:hover { color: var(--sp-accent); padding: 0; border: 0; }
.sp-topbar .comments-bell__panel a:hover { text-decoration: underline; }
.sp-topbar .comments-bell__panel .sp-button--quiet { color: var(--sp-text); border-color: var(--sp-border); }
.comments-bell__all { display: inline-block; margin-top: 0.5rem; }
.chat-layout { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr; gap: 1rem; align-items: start; }
@media (max-width: 700px) { .chat-layout { grid-template-columns: 1fr; } }
.chat-rooms li a { display: block; padding: 0.3rem 0.4rem; border-radius: 4px; }
.chat-rooms li a.active { background: var(--sp-accent-soft); font-weight: 600; }
.chat-room { display: flex; flex-direction: column; gap: 0.5rem; min-width: 0; }
.chat-room__header h2 { margin: 0; }
.chat-room__present, .chat-room__typing { margin: 0; min-height: 1.3em; }
.chat-log { height: min(60vh, 560px); overflow-y: auto; border: 1px solid var(--sp-border); border-radius: 4px; padding: 0.25rem 0.75rem; }
.chat-log__older { margin: 0.4rem auto; display: block; }
.chat-message { padding: 0.35rem 0; border-bottom: 1px solid #eef1f5; }
.chat-form { display: flex; flex-direction: column; gap: 0.25rem; }
.chat-form__label { font-size: 0.85rem; color: #344054; }
.chat-form__row { display: flex; gap: 0.5rem; align-items: flex-end; }
.chat-form__row .comments-mention { flex: 1; }
`;

let added = false;

export function addStyles(): void {
  if (added || typeof document === 'undefined') return;
  added = true;
  const style = document.createElement('style');
  style.dataset.plugin = 'comments';
  style.textContent = CSS;
  document.head.append(style);
}
