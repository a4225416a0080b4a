import { SHORTCUTS } from './keys';

/** The keyboard shortcuts, always on the page (from the same table the key handler reads). */
export function ShortcutLegend() {
  return (
    <section className="scan-legend" aria-label="Keyboard shortcuts">
      <h2 className="scan-legend__title">Keys</h2>
      <dl>
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.action}>
            <dt>
              <kbd>{shortcut.label}</kbd>
            </dt>
            <dd>{shortcut.description}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
