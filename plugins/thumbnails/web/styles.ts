// The plugin's few styles of its own (remotes ship no CSS files): added to the page once, when the
// plugin loads. Everything else uses the host's sp-* classes.
const CSS = `
.thumbnails-row { display: flex; flex-wrap: wrap; gap: 0.75rem; list-style: none; margin: 0.75rem 0 0; padding: 0; }
.thumbnails-row figure { margin: 0; display: flex; flex-direction: column; align-items: center; gap: 0.25rem; }
.thumbnails-row figcaption { font-size: 0.8rem; color: var(--sp-muted); max-width: 7.5rem; text-align: center; }
.thumbnails-stamp { position: relative; display: block; width: 7.5rem; height: 7.5rem; padding: 0; border: 1px solid var(--sp-border);
  border-radius: 4px; background: #0b1220; cursor: zoom-in; overflow: hidden; }
.thumbnails-stamp:focus-visible { outline: 2px solid var(--sp-accent); outline-offset: 2px; }
.thumbnails-stamp img, .thumbnails-large img { display: block; width: 100%; height: 100%; object-fit: contain; image-rendering: auto; }
.thumbnails-crosshair { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
.thumbnails-crosshair line { stroke: #ff5a36; stroke-width: 1.6; stroke-linecap: round; vector-effect: non-scaling-stroke; }
.thumbnails-placeholder { display: flex; align-items: center; justify-content: center; width: 100%; height: 100%; padding: 0.4rem;
  color: #98a2b3; font-size: 0.75rem; text-align: center; background: repeating-linear-gradient(45deg, #101828, #101828 6px, #1d2939 6px, #1d2939 12px); }
.thumbnails-dialog { max-width: min(92vw, 560px); }
.thumbnails-dialog__header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-bottom: 0.6rem; }
.thumbnails-dialog__header h2 { margin: 0; font-size: 1.1rem; }
.thumbnails-large img { image-rendering: pixelated; }
.thumbnails-large { position: relative; width: min(80vw, 480px); height: min(80vw, 480px); background: #0b1220; border-radius: 4px; overflow: hidden; }
.thumbnails-dialog__meta { margin: 0.5rem 0 0; font-size: 0.85rem; }
`;

let added = false;

export function addStyles(): void {
  if (added || typeof document === 'undefined') return;
  added = true;
  const style = document.createElement('style');
  style.dataset.plugin = 'thumbnails';
  style.textContent = CSS;
  document.head.append(style);
}
