// The scanning page's own styles (remotes ship no CSS files): added to the page once, when the
// plugin loads. Colours come from the host's theme variables (and the page's own --scan-* ones,
// which the night view redefines); cutouts and the light curve sit on near-black, as astronomers
// view images. Secondary text is #475467 (AA on white), #a9b4c4 at night (AA on #111a2b).
const CSS = `
.scan-page { --scan-text: var(--sp-text); --scan-text2: #475467; --scan-label: #344054; --scan-kbd-bg: #f9fafb; --scan-kbd-border: #98a2b3;
  --scan-soft: #f2f4f7; --scan-card: var(--sp-surface); --scan-border: var(--sp-border); color: var(--scan-text); }
/* Night view: the page dims to the dark of the top bar, for a dark-adapted eye; contrast stays AA. */
body.scan-night { background: #0b1220; }
.scan-page--night { --scan-text: #e4e7ec; --scan-text2: #a9b4c4; --scan-label: #cfd8e6; --scan-kbd-bg: #1d2939; --scan-kbd-border: #667085;
  --scan-soft: #1d2939; --scan-card: #111a2b; --scan-border: #2b3a52; --sp-accent: #7fb2ff; --sp-accent-soft: #1b2c47; --sp-text: #e4e7ec;
  --sp-muted: #a9b4c4; }
.scan-page--night .sp-card, .scan-page--night .scan-settings input, .scan-page--night .scan-settings select { background: var(--scan-card); color: var(--scan-text);
  border-color: var(--scan-border); }
.scan-page--night .sp-button { background: #2f6fba; border-color: #2f6fba; }
.scan-page--night .sp-button--quiet { background: transparent; color: var(--scan-text); border-color: var(--scan-border); }
.scan-page--night .scan-button--save { background: #067647; border-color: #067647; }
.scan-page--night .scan-button--reject { background: transparent; color: #fda29b; border-color: #7a271a; }
.scan-page--night .scan-button--reject kbd { background: transparent !important; color: #fda29b !important; border-color: #7a271a !important; }
.scan-page--night .scan-chip { background: #1b2c47; color: #b9d3f5; border-color: #2f4a73; }
.scan-page--night .scan-chip--saved, .scan-page--night .scan-badge--saved { background: #053321; color: #75e0a7; border-color: #085d3a; }
.scan-page--night .scan-badge--rejected { background: #55160c; color: #fda29b; }
.scan-page--night .scan-arrivals { background: #1b2c47; color: #dbe8fb; border-color: #2f6fba; }
.scan-page--night a { color: #8fbfff; }
.scan-page--night .scan-lc--empty { background: var(--scan-soft); }
.scan-page--night .scan-settings input { color-scheme: dark; }
.scan-page--night .sp-form label, .scan-page--night .scan-check { color: var(--scan-label); }
.scan-page--night .scan-card--active { box-shadow: 0 0 0 1px var(--sp-accent); }

.scan-page { gap: 0.75rem; }
.scan-page__title { display: flex; align-items: baseline; flex-wrap: wrap; gap: 0.25rem 1rem; }
.scan-page__title h1 { margin: 0; }
.scan-page__title p { margin: 0; color: var(--scan-text2); }
.scan-page__title .sp-button { margin-left: auto; }
.scan-page__title .sp-button[aria-pressed='true'] { border-color: var(--sp-accent); color: var(--sp-accent); font-weight: 600; }
.scan-links details { display: inline; }
.scan-links summary { cursor: pointer; color: var(--sp-accent); }
.scan-links details[open] { display: contents; }
.scan-settings { gap: 0.5rem; }
.scan-settings fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 1rem; }
.scan-settings legend { font-weight: 600; font-size: 0.85rem; color: var(--scan-label); padding: 0; margin-right: 0.5rem; float: left; }
.scan-settings__group { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 0.75rem; padding: 0.15rem 0.6rem;
  border: 1px solid var(--scan-border); border-radius: 999px; }
.scan-settings__group-name { font-size: 0.8rem; font-weight: 600; color: var(--scan-text2); }
.scan-settings__hint { font-size: 0.8rem; color: var(--scan-text2); }
.scan-settings__row { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.5rem 1rem; }
.scan-form label.scan-check, .sp-form label.scan-check, .scan-check { flex-direction: row; display: inline-flex; align-items: center; gap: 0.35rem;
  font-size: 0.9rem; color: var(--sp-text); cursor: pointer; }
.scan-check input { width: 1rem; height: 1rem; margin: 0; accent-color: var(--sp-accent); }
.scan-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; font-size: 0.85rem; color: var(--scan-label); }
.scan-legend__title { font-size: 0.85rem; margin: 0; color: var(--scan-label); }
.scan-legend dl { display: flex; flex-wrap: wrap; gap: 0.25rem 0.9rem; margin: 0; }
.scan-legend dl div { display: inline-flex; align-items: center; gap: 0.3rem; }
.scan-legend dt, .scan-legend dd { margin: 0; }
.scan-page kbd { font-family: var(--sp-mono); font-size: 0.78em; line-height: 1; padding: 0.15em 0.4em; border-radius: 4px; border: 1px solid var(--scan-kbd-border);
  border-bottom-width: 2px; background: var(--scan-kbd-bg); color: var(--scan-text); white-space: nowrap; }
.scan-page .sp-button kbd { margin-left: 0.35rem; background: rgba(255, 255, 255, 0.18); border-color: rgba(255, 255, 255, 0.55); color: inherit; }
.scan-page .sp-button--quiet kbd { background: var(--scan-kbd-bg); border-color: var(--scan-kbd-border); color: var(--scan-text); }
.scan-arrivals:empty { display: none; }
.scan-arrivals { position: sticky; top: 0.5rem; z-index: 2; display: flex; align-items: center; gap: 1rem; padding: 0.5rem 0.9rem;
  border: 1px solid #7fb2ff; border-radius: var(--sp-radius); background: #eaf2fe; color: #123a6b; font-weight: 600;
  box-shadow: 0 2px 8px rgba(16, 24, 40, 0.12); }
.scan-empty { margin: 0; color: var(--scan-text2); }
.scan-list { display: flex; flex-direction: column; gap: 0.75rem; }
.scan-list[aria-busy='true'] { opacity: 0.7; }
.scan-card { background: var(--scan-card); border: 1px solid var(--scan-border); border-left: 4px solid var(--scan-border); border-radius: var(--sp-radius);
  padding: 0.7rem 0.9rem; display: flex; flex-direction: column; gap: 0.6rem; scroll-margin: 4rem 0 1rem; }
.scan-card--active { border-color: var(--sp-accent); border-left-color: var(--sp-accent); box-shadow: 0 0 0 1px var(--sp-accent), 0 4px 14px rgba(16, 24, 40, 0.1); }
.scan-card:focus { outline: none; }
.scan-card:focus-visible { outline: 3px solid #f79009; outline-offset: 2px; }
.scan-card--saved { border-left-color: #12b76a; }
.scan-card--rejected { border-left-color: #d92d20; }
.scan-card--rejected .scan-card__body, .scan-card--skipped .scan-card__body { opacity: 0.55; }
.scan-card--skipped { border-left-color: var(--scan-kbd-border); }
.scan-card__header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1rem; }
.scan-card__position { font-variant-numeric: tabular-nums; color: var(--scan-text2); min-width: 3.5rem; }
.scan-card__name { font-size: 1.2rem; margin: 0; letter-spacing: 0.01em; }
.scan-card__passed { font-variant-numeric: tabular-nums; }
.scan-card__passed .sp-muted { color: var(--scan-text2); }
.scan-card__filters { display: inline-flex; flex-wrap: wrap; gap: 0.3rem; }
.scan-chip { display: inline-block; border-radius: 999px; padding: 0 0.6rem; font-size: 0.8rem; line-height: 1.5rem; background: var(--sp-accent-soft);
  color: #163d6b; border: 1px solid #b9cbe3; }
.scan-chip--saved { background: #ecfdf3; color: #05603a; border-color: #abefc6; }
.scan-badge { margin-left: auto; border-radius: 4px; padding: 0.1rem 0.6rem; font-weight: 700; font-size: 0.85rem; }
.scan-badge--saved { background: #d1fadf; color: #05603a; }
.scan-badge--rejected { background: #fee4e2; color: #912018; }
.scan-badge--skipped { background: var(--scan-soft); color: var(--scan-label); }
.scan-badge--saving, .scan-badge--rejecting { background: var(--scan-soft); color: var(--scan-label); font-weight: 600; }
.scan-card__body { display: grid; grid-template-columns: auto minmax(280px, 360px) minmax(220px, 1fr); gap: 0.9rem 1.25rem; align-items: start; }
@media (max-width: 1100px) { .scan-card__body { grid-template-columns: auto 1fr; } .scan-card__side { grid-column: 1 / -1; } }
@media (max-width: 720px) { .scan-card__body { grid-template-columns: 1fr; } }
.scan-stamps { display: flex; gap: 0.5rem; }
.scan-stamp { margin: 0; display: flex; flex-direction: column; align-items: center; gap: 0.2rem; }
.scan-stamp figcaption { font-size: 0.8rem; color: var(--scan-text2); }
.scan-stamp__frame { position: relative; width: 132px; height: 132px; border-radius: 4px; overflow: hidden; background: #0b1220; border: 1px solid #344054; }
.scan-stamp__frame img { display: block; width: 100%; height: 100%; object-fit: contain; image-rendering: pixelated; }
.scan-stamp__cross { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
.scan-stamp__cross line { stroke: #ff5a36; stroke-width: 1.6; stroke-linecap: round; vector-effect: non-scaling-stroke; }
.scan-stamp__missing { display: flex; width: 100%; height: 100%; align-items: center; justify-content: center; color: #98a2b3; font-size: 0.8rem;
  background: repeating-linear-gradient(45deg, #101828, #101828 6px, #1d2939 6px, #1d2939 12px); }
.scan-lc { margin: 0; display: flex; flex-direction: column; gap: 0.2rem; }
.scan-lc svg { width: 100%; height: auto; display: block; }
.scan-lc__plot { fill: #0b1220; }
.scan-lc__grid { stroke: #344054; stroke-width: 0.6; }
.scan-lc__label { fill: var(--scan-text2); font-size: 11px; font-family: system-ui, sans-serif; font-variant-numeric: tabular-nums; }
.scan-lc__limit { fill: none; stroke-width: 1.3; opacity: 0.85; }
.scan-lc circle { stroke: #0b1220; stroke-width: 0.8; }
.scan-lc__legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; font-size: 0.78rem; color: var(--scan-label); }
.scan-lc__legend > span { display: inline-flex; align-items: center; gap: 0.3rem; }
.scan-lc__swatch { display: inline-block; width: 0.65rem; height: 0.65rem; border-radius: 50%; }
.scan-lc__triangle { font-size: 0.7rem; }
.scan-lc--empty { display: flex; align-items: center; justify-content: center; height: 150px; border-radius: 4px; background: var(--scan-soft); color: var(--scan-text2); }
.scan-card__side { display: flex; flex-direction: column; gap: 0.5rem; min-width: 0; }
.scan-scores { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
.scan-scores th, .scan-scores td { padding: 0.12rem 0.5rem 0.12rem 0; text-align: left; vertical-align: baseline; }
.scan-scores th { font-weight: 600; color: var(--scan-text); }
.scan-scores__num { text-align: right !important; font-weight: 600; font-size: 1rem; min-width: 4.5rem; }
.scan-scores__text { overflow-wrap: anywhere; max-width: 14rem; }
.scan-scores__origin { color: var(--scan-text2); font-size: 0.78rem; }
.scan-links { display: flex; flex-wrap: wrap; gap: 0.25rem 0.8rem; list-style: none; margin: 0; padding: 0; font-size: 0.88rem; }
.scan-links a:focus-visible, .scan-card button:focus-visible, .scan-check input:focus-visible, .scan-settings input:focus-visible, .scan-settings select:focus-visible {
  outline: 2px solid var(--sp-accent); outline-offset: 2px; }
.scan-card__actions { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.25rem; border-top: 1px solid var(--scan-border); padding-top: 0.55rem; }
.scan-card__groups { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.9rem; }
.scan-card__groups legend { float: left; font-size: 0.85rem; font-weight: 600; color: var(--scan-label); margin-right: 0.5rem; padding: 0; }
.scan-card__buttons { display: flex; gap: 0.5rem; margin-left: auto; }
.scan-button--save { background: #067647; border-color: #067647; }
.scan-button--reject { background: #fff; color: #b42318; border-color: #f1b8b2; }
.scan-button--reject kbd { background: #fef3f2 !important; border-color: #f1b8b2 !important; color: #912018 !important; }
.scan-card__error { width: 100%; }
`;

let added = false;

export function addStyles(): void {
  if (added || typeof document === 'undefined') return;
  added = true;
  const style = document.createElement('style');
  style.dataset.plugin = 'candidates';
  style.textContent = CSS;
  document.head.append(style);
}
