// The panel's few styles of its own (remotes ship no CSS files), added once when the plugin loads.
const CSS = `
.survey-links { display: flex; flex-direction: column; gap: 0.6rem; }
.survey-links__position { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.75rem; }
.survey-links__group { display: grid; grid-template-columns: minmax(6rem, 8rem) 1fr; gap: 0.5rem; align-items: baseline; }
@media (max-width: 600px) { .survey-links__group { grid-template-columns: 1fr; } }
.survey-links__group h3 { margin: 0; font-size: 0.85rem; font-weight: 600; color: var(--sp-muted); }
.survey-links__list { display: flex; flex-wrap: wrap; gap: 0.35rem; list-style: none; margin: 0; padding: 0; }
.survey-links__link { display: inline-block; padding: 0.15rem 0.6rem; border: 1px solid var(--sp-border); border-radius: 999px; text-decoration: none; white-space: nowrap; }
.survey-links__link:hover, .survey-links__link:focus-visible { background: var(--sp-accent-soft); border-color: var(--sp-accent); }
`;

let added = false;

export function addStyles(): void {
  if (added || typeof document === 'undefined') return;
  added = true;
  const style = document.createElement('style');
  style.dataset.plugin = 'survey-links';
  style.textContent = CSS;
  document.head.append(style);
}
