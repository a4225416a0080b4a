// The list under the plot: each spectrum with its colour, when and with what it was taken, a toggle
// to hide it (the keyboard's way to do what clicking the legend does), and its downloads.
import { Fragment, useState } from 'react';
import { apiErrorOf, formatUtc, type ApiError, FormError } from '@skyportal/sdk/web';
import type { Spectrum } from '../types';
import { useLazySpectrumAsStoredQuery } from './api';
import { originalFile, saveFile, spectrumCsv } from './download';
import { byObservation, colourForIndex, spectrumName } from './series';
import { SpectrumDetails } from './SpectrumDetails';

interface Props {
  sourceId: string;
  spectra: Spectrum[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
}

const personName = (p: { username: string; first_name: string | null; last_name: string | null } | null) =>
  p ? [p.first_name, p.last_name].filter(Boolean).join(' ') || p.username : '—';

/** A loop, not Math.min(...w): an echelle spectrum's 10^5 pixels as arguments overflow the stack. */
function range(spectrum: Spectrum): string {
  let min = Infinity;
  let max = -Infinity;
  for (const w of spectrum.wavelengths) {
    if (w < min) min = w;
    if (w > max) max = w;
  }
  return Number.isFinite(min) ? `${Math.round(min)}–${Math.round(max)}` : '—';
}

export function SpectraTable({ sourceId, spectra, hidden, onToggle }: Props) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [fetchStored, { isFetching }] = useLazySpectrumAsStoredQuery();
  const [error, setError] = useState<string | null>(null);

  // The panel holds the normalised fluxes: a download fetches the spectrum as stored.
  async function download(spectrum: Spectrum, original: boolean) {
    setError(null);
    try {
      const stored = await fetchStored(spectrum.id, true).unwrap();
      saveFile((original && originalFile(stored)) || spectrumCsv(stored));
    } catch (failure) {
      setError(`Could not download spectrum ${spectrum.id}: ${apiErrorOf(failure as ApiError)?.message ?? 'failed'}`);
    }
  }

  return (
    <>
      <div className="spectra-table-scroll" tabIndex={0} role="region" aria-label="Spectra of this source (scrolls)">
        <table className="sp-table spectra-table" data-testid="spectra-table" aria-label="Spectra of this source">
          <thead>
            <tr>
              <th>Shown</th>
              <th>Observed (UTC)</th>
              <th>Telescope / instrument</th>
              <th className="sp-num">Pixels</th>
              <th className="sp-num">Range (Å)</th>
              <th>PI / owner</th>
              <th>Download</th>
              <th>
                <span className="sp-muted">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {byObservation(spectra).map((spectrum, index) => {
              const key = String(spectrum.id);
              const name = spectrumName(spectrum);
              const expanded = open.has(spectrum.id);
              const detailsId = `spectrum-${spectrum.id}-details`;
              return (
                <Fragment key={key}>
                  <tr data-testid="spectrum-row">
                    <td>
                      <label className="spectra-line-toggle">
                        <input type="checkbox" checked={!hidden.has(key)} onChange={() => onToggle(key)} aria-label={`Show ${name}`} />
                        <span aria-hidden="true" className="spectra-swatch spectra-swatch--spectrum" style={{ background: colourForIndex(index) }} />
                      </label>
                    </td>
                    <td className="sp-mono">{formatUtc(spectrum.observed_at)}</td>
                    <td>
                      {spectrum.telescope_name} / {spectrum.instrument_name}
                      {spectrum.label ? <span className="sp-muted"> · {spectrum.label}</span> : null}
                    </td>
                    <td className="sp-num">{spectrum.wavelengths.length}</td>
                    <td className="sp-num">{range(spectrum)}</td>
                    <td>{spectrum.pis.length ? spectrum.pis.map(personName).join(', ') : (spectrum.external_pi ?? personName(spectrum.owner))}</td>
                    <td>
                      <span style={{ display: 'inline-flex', gap: '0.3rem' }}>
                        <button
                          type="button"
                          className="sp-button sp-button--quiet"
                          disabled={isFetching}
                          aria-label={`Download ${name} as CSV`}
                          onClick={() => void download(spectrum, false)}
                        >
                          CSV
                        </button>
                        {spectrum.original_file_filename ? (
                          <button
                            type="button"
                            className="sp-button sp-button--quiet"
                            disabled={isFetching}
                            aria-label={`Download ${name} as uploaded (${spectrum.original_file_filename})`}
                            onClick={() => void download(spectrum, true)}
                          >
                            File
                          </button>
                        ) : null}
                      </span>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="sp-button sp-button--quiet"
                        aria-expanded={expanded}
                        aria-controls={expanded ? detailsId : undefined}
                        aria-label={`Details of ${name}`}
                        onClick={() => {
                          const next = new Set(open);
                          if (expanded) next.delete(spectrum.id);
                          else next.add(spectrum.id);
                          setOpen(next);
                        }}
                      >
                        {expanded ? 'Hide' : 'Details'}
                      </button>
                    </td>
                  </tr>
                  {expanded ? (
                    <tr id={detailsId}>
                      <td colSpan={8}>
                        <SpectrumDetails sourceId={sourceId} spectrum={spectrum} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <FormError error={error} />
    </>
  );
}
