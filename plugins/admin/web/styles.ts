// The plugin's few styles of its own (remotes ship no CSS files), added once when it loads.
const CSS = `
.admin-page { display: flex; flex-direction: column; gap: 1rem; }
.admin-inline { display: inline-flex; gap: 0.3rem; margin-top: 0.3rem; }
.admin-chip-x { border: none; background: none; cursor: pointer; padding: 0 0.1rem; font: inherit; color: inherit; }
.admin-chip--danger { background: #fef3f2; color: var(--sp-danger); }
.admin-link { word-break: break-all; }
.admin-options { margin: 0; font-size: 0.8rem; white-space: pre-wrap; }
.admin-details { font-size: 0.8rem; overflow-wrap: anywhere; max-width: 28rem; }
.admin-list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; }
.admin-selected { font-weight: 600; text-decoration: underline; }
.admin-invite__form { max-width: 28rem; }
`;

let added = false;
export function addStyles(): void {
  if (added || typeof document === 'undefined') return;
  added = true;
  const style = document.createElement('style');
  style.dataset.plugin = 'admin';
  style.textContent = CSS;
  document.head.appendChild(style);
}
