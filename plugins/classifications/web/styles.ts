// The plugin's few styles of its own (remotes ship no CSS files): added to the page once, when the
// plugin loads. Everything else uses the host's sp-* classes.
// Secondary text is #475467, not --sp-muted: it sits on tinted chips and highlighted options, where the muted grey falls short of WCAG AA contrast.
const CSS = `
.classif-header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; }
.classif-chips { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; margin: 0; padding: 0; }
.classif-chip { display: inline-flex; white-space: nowrap; max-width: 100%; align-items: stretch; border: 1px solid #b9cbe3; border-radius: 999px; background: var(--sp-accent-soft);
  color: #163d6b; font-size: 0.85rem; line-height: 1.6rem; overflow: hidden; }
.classif-chip--ml { background: #f1edfb; border-color: #cbbdf0; color: #41297a; border-style: dashed; }
.classif-chip__label { display: inline-flex; align-items: baseline; gap: 0.35rem; padding: 0 0.55rem 0 0.7rem; }
.classif-chip__name { font-weight: 650; }
.classif-chip__probability { font-family: var(--sp-mono); font-size: 0.8rem; }
.classif-chip__taxonomy { color: #475467; font-size: 0.75rem; }
.classif-chip__ml { text-decoration: none; font-size: 0.65rem; font-weight: 700; letter-spacing: 0.05em; padding: 0 0.3rem; margin-left: 0.3rem;
  border-radius: 3px; background: #5b3fb0; color: #fff; line-height: 1.1rem; align-self: center; cursor: help; }
.classif-chip__votes { display: inline-flex; border-left: 1px solid rgba(22, 61, 107, 0.18); }
.classif-vote { font: inherit; font-size: 0.78rem; border: 0; background: transparent; color: inherit; cursor: pointer; padding: 0 0.45rem;
  font-variant-numeric: tabular-nums; }
.classif-vote + .classif-vote { border-left: 1px solid rgba(22, 61, 107, 0.12); }
.classif-vote:hover:not(:disabled) { background: rgba(31, 95, 168, 0.12); }
.classif-vote:focus-visible { outline: 2px solid var(--sp-accent); outline-offset: -2px; }
.classif-vote:disabled { cursor: default; opacity: 0.6; }
.classif-vote--up[aria-pressed='true'] { background: #d1fadf; color: #05603a; font-weight: 700; }
.classif-vote--down[aria-pressed='true'] { background: #fee4e2; color: #912018; font-weight: 700; }
.classif-chip__error { padding: 0 0.5rem; font-size: 0.75rem; align-self: center; }
.classif-panel { display: flex; flex-direction: column; gap: 1rem; }
.classif-form__row { display: grid; grid-template-columns: minmax(12rem, 16rem) minmax(16rem, 1fr) minmax(8rem, 10rem); gap: 0.75rem; align-items: start; }
@media (max-width: 760px) { .classif-form__row { grid-template-columns: 1fr; } }
.classif-form__probability, .classif-picker { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.85rem; color: #344054; position: relative; }
.classif-form__probability input, .classif-picker input { font: inherit; font-size: 0.9rem; padding: 0.3rem 0.5rem; border: 1px solid var(--sp-border); border-radius: 4px; }
.classif-form__probability input[aria-invalid='true'] { border-color: var(--sp-danger); background: var(--sp-danger-soft); }
.classif-form__probability .sp-form__error { font-size: 0.8rem; }
.classif-form__actions { display: flex; align-items: center; gap: 0.75rem; }
.classif-picker__list { position: absolute; z-index: 10; left: 0; right: 0; top: 3.6rem; max-height: 18rem; overflow-y: auto; margin: 0; padding: 0.25rem 0;
  list-style: none; background: var(--sp-surface); border: 1px solid var(--sp-border); border-radius: 4px; box-shadow: 0 6px 16px rgba(16, 24, 40, 0.16);
  min-width: 18rem; }
.classif-picker__option { display: flex; justify-content: space-between; gap: 0.75rem; padding: 0.25rem 0.6rem; cursor: pointer; color: var(--sp-text); }
.classif-picker__option--active { background: var(--sp-accent-soft); }
.classif-picker__name { font-weight: 600; white-space: nowrap; }
.classif-picker__path { color: #475467; font-size: 0.8rem; text-align: right; }
.classif-picker__none { padding: 0.25rem 0.6rem; color: var(--sp-muted); font-style: italic; }
.classif-picker__chosen { font-size: 0.78rem; min-height: 1.1rem; }
.sp-form--inline .classif-picker { width: 15rem; }
.sp-form--inline .classif-picker__list { top: 3.4rem; }
.classif-table { border: 1px solid var(--sp-border); border-radius: 4px; }
.classif-table__path { font-size: 0.78rem; }
.classif-confirm { display: inline-flex; gap: 0.4rem; }
.classif-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

let added = false;

export function addStyles(): void {
  if (added || typeof document === 'undefined') return;
  added = true;
  const style = document.createElement('style');
  style.dataset.plugin = 'classifications';
  style.textContent = CSS;
  document.head.append(style);
}
