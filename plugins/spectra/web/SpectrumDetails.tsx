// A spectrum's details, opened from its row in the list: who took and reduced it, its groups, its
// header keywords, and the `spectrum.panels` slot other plugins fill (the comments plugin's comments).
import { formatUtc, Slot, type SlotFrame } from '@skyportal/sdk/web';
import type { Spectrum, SpectrumPerson, SpectrumSlotProps } from '../types';

const SpectrumCard: SlotFrame = ({ entry, children }) => (
  <section
    className="sp-card"
    data-testid={`spectrum-panel-${entry.pluginName}.${entry.id}`}
    aria-label={entry.title ?? entry.id}
    style={{ marginTop: '0.5rem' }}
  >
    <h3 className="sp-card__title">{entry.title ?? entry.id}</h3>
    {children}
  </section>
);

const people = (list: SpectrumPerson[], external: string | null) =>
  [...list.map((p) => [p.first_name, p.last_name].filter(Boolean).join(' ') || p.username), ...(external ? [external] : [])].join(', ') || '—';

/** A header value as text: FITS cards with a comment are `{value, comment}`. */
function keywordText(value: unknown): string {
  if (value && typeof value === 'object' && 'value' in value) {
    const card = value as { value: unknown; comment?: unknown };
    return `${keywordText(card.value)}${card.comment ? `  / ${String(card.comment)}` : ''}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function SpectrumDetails({ sourceId, spectrum }: { sourceId: string; spectrum: Spectrum }) {
  const keywords = Object.entries(spectrum.altdata ?? {});
  const slotProps: SpectrumSlotProps = { sourceId, spectrumId: spectrum.id, spectrum };
  return (
    <div data-testid="spectrum-details" className="spectra-details">
      <dl className="sp-facts">
        <dt>Type</dt>
        <dd>{spectrum.type}</dd>
        <dt>Units</dt>
        <dd>{spectrum.units ?? 'arbitrary'}</dd>
        <dt>Observers</dt>
        <dd>{people(spectrum.observers, spectrum.external_observer)}</dd>
        <dt>Reduced by</dt>
        <dd>{people(spectrum.reducers, spectrum.external_reducer)}</dd>
        <dt>Uploaded</dt>
        <dd>
          {formatUtc(spectrum.created_at)} UTC{spectrum.owner ? ` by ${spectrum.owner.username}` : ''}
          {spectrum.original_file_filename ? ` from ${spectrum.original_file_filename}` : ''}
        </dd>
        {spectrum.origin ? (
          <>
            <dt>Origin</dt>
            <dd>{spectrum.origin}</dd>
          </>
        ) : null}
        <dt>Groups</dt>
        <dd>{spectrum.groups.map((g) => g.nickname || g.name).join(', ') || '—'}</dd>
      </dl>
      {keywords.length ? (
        <details style={{ marginTop: '0.4rem' }}>
          <summary>Header keywords ({keywords.length})</summary>
          <dl className="sp-facts sp-mono" style={{ fontSize: '0.8rem', maxHeight: 240, overflow: 'auto', marginTop: '0.3rem' }} tabIndex={0}>
            {keywords.map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt>{key}</dt>
                <dd>{keywordText(value)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      <Slot name="spectrum.panels" props={slotProps} frame={SpectrumCard} />
    </div>
  );
}
