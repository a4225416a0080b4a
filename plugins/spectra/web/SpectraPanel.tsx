// The source page's spectra panel: every spectrum of the source on one plot (normalised to its
// median), element lines moved by a redshift and an expansion velocity, smoothing, the list of
// spectra with their downloads, and an upload form whose file is previewed before it is saved.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { apiErrorOf, ErrorCard, useProfile } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useSourceSpectraQuery } from './api';
import { LineControls, type LineSettings } from './LineControls';
import { LINE_GROUPS, observedWavelengths, restFrameWavelength } from './lines';
import { drawSpectra, preloadBokeh, type CursorListener, type LineLayer, type SpectraPlot } from './plot';
import { medianNormalised, seriesOf, type SpectrumSeries } from './series';
import { smooth } from './smoothing';
import { SpectraTable } from './SpectraTable';
import { PANEL_CSS } from './styles';
import { UploadForm, type UploadPreview } from './UploadForm';

/** Shown when the panel opens: the Balmer series, which nearly every spectrum is checked against first. */
const DEFAULT_LINES = ['H'];

export function SpectraPanel({ sourceId, source }: SourceSlotProps) {
  // A new source starts from its own redshift and the default lines.
  return <SpectraPanelFor key={sourceId} sourceId={sourceId} source={source} />;
}

function SpectraPanelFor({ sourceId, source }: SourceSlotProps) {
  // New spectra announced over the WebSocket invalidate this cache entry: it refetches, and redraws.
  const { currentData, error: failure, isLoading } = useSourceSpectraQuery(sourceId);
  const error = apiErrorOf(failure);
  const spectra = currentData?.spectra;
  const canUpload = useProfile()?.acls.includes('Upload data') ?? false;
  // Bokeh downloads in parallel with the spectra rather than after them.
  useEffect(preloadBokeh, []);

  const initialZ = source.redshift ?? 0;
  const [settings, setSettings] = useState<LineSettings>({
    redshift: { text: String(initialZ), value: initialZ },
    velocity: { text: '0', value: 0 },
    smoothing: { kind: 'none', width: 5 },
    shown: new Set(DEFAULT_LINES),
  });
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [preview, setPreview] = useState<UploadPreview | null>(null);
  const [uploading, setUploading] = useState(false);

  const series = useMemo(() => {
    const drawn = seriesOf(spectra ?? [], settings.smoothing);
    if (preview) {
      drawn.push({
        key: 'preview',
        name: `Preview: ${preview.filename}`,
        colour: '#111827',
        dashed: true,
        wavelength: preview.parsed.wavelengths,
        flux: smooth(medianNormalised(preview.parsed.fluxes), settings.smoothing.kind, settings.smoothing.width),
      });
    }
    return drawn;
  }, [spectra, preview, settings.smoothing]);

  const layers = useMemo<LineLayer[]>(
    () =>
      LINE_GROUPS.map((group) => ({
        id: group.id,
        colour: group.colour,
        visible: settings.shown.has(group.id),
        positions: observedWavelengths(group, settings.redshift.value, settings.velocity.value),
        labels: group.lines.map((l) => l.label),
      })),
    [settings.shown, settings.redshift.value, settings.velocity.value],
  );

  return (
    <div className="spectra-panel">
      <style href="skyportal-spectra-panel" precedence="default">
        {PANEL_CSS}
      </style>
      {error ? <ErrorCard pluginName="spectra" title="Could not load spectra" message={error.message} /> : null}
      {isLoading ? <p className="sp-muted">Loading spectra…</p> : null}
      {spectra && spectra.length === 0 && !preview ? (
        <p className="sp-muted" data-testid="spectra-empty">
          No spectra of this source yet{canUpload ? ': upload one below.' : '.'}
        </p>
      ) : null}
      {series.length > 0 ? (
        <>
          <LineControls settings={settings} onChange={setSettings} />
          <SpectraPlotView series={series} layers={layers} redshift={settings.redshift.value} hidden={hidden} />
        </>
      ) : null}
      {spectra && spectra.length > 0 ? (
        <SpectraTable
          sourceId={sourceId}
          spectra={spectra}
          hidden={hidden}
          onToggle={(key) => {
            const next = new Set(hidden);
            if (next.has(key)) next.delete(key);
            else next.add(key);
            setHidden(next);
          }}
        />
      ) : null}
      {canUpload ? (
        <details className="spectra-upload" onToggle={(event) => event.currentTarget.open && setUploading(true)}>
          <summary>Upload a spectrum</summary>
          {/* Mounted once opened (and kept, so closing it loses no choices): pages nobody uploads on never ask for instruments. */}
          {uploading ? <UploadForm source={source} onPreview={setPreview} /> : null}
        </details>
      ) : null}
    </div>
  );
}

interface PlotProps {
  series: SpectrumSeries[];
  layers: LineLayer[];
  redshift: number;
  hidden: ReadonlySet<string>;
}

/**
 * Owns the Bokeh figure: built again when the set of spectra changes (one arrived, a preview
 * appeared), otherwise updated in place so zoom and pan survive moving a slider.
 */
function SpectraPlotView({ series, layers, redshift, hidden }: PlotProps) {
  const container = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLOutputElement>(null);
  const [plot, setPlot] = useState<SpectraPlot | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  // The latest values, for the draw (which runs only when the spectra change) and the cursor.
  const latest = useRef({ series, layers, redshift, hidden });
  useLayoutEffect(() => {
    latest.current = { series, layers, redshift, hidden };
  });
  const seriesKeys = series.map((s) => `${s.key}:${s.wavelength.length}`).join(',');

  useEffect(() => {
    const element = container.current!;
    let cancelled = false;
    let drawn: SpectraPlot | null = null;
    element.dataset.drawn = 'false';
    const onCursor: CursorListener = (at) => {
      if (readout.current) readout.current.textContent = at ? describeCursor(at, latest.current.layers, latest.current.redshift) : '';
    };
    const { series: s, layers: l, redshift: z } = latest.current;
    drawSpectra(element, s, l, z, onCursor).then(
      (handle) => {
        if (cancelled) return handle.remove();
        drawn = handle;
        handle.setHidden(latest.current.hidden);
        element.dataset.drawn = 'true';
        setPlot(handle);
        setDrawError(null);
      },
      (failure: Error) => {
        if (!cancelled) setDrawError(failure.message);
      },
    );
    return () => {
      cancelled = true;
      drawn?.remove();
      setPlot(null);
    };
  }, [seriesKeys]);

  useEffect(() => plot?.setSeries(series), [plot, series]);
  useEffect(() => plot?.setLines(layers, redshift), [plot, layers, redshift]);
  useEffect(() => plot?.setHidden(hidden), [plot, hidden]);

  return (
    <>
      {drawError ? <ErrorCard pluginName="spectra" title="Could not draw the spectra" message={drawError} /> : null}
      <div ref={container} className="spectra-plot" data-testid="spectra-plot" style={{ minHeight: 440 }} />
      <output ref={readout} className="spectra-readout" data-testid="spectra-readout" aria-label="Cursor position" />
    </>
  );
}

/** The cursor readout: observed and rest-frame wavelength, flux, and the nearest line shown. */
export function describeCursor(at: { wavelength: number; flux: number }, layers: LineLayer[], redshift: number): string {
  let nearest: { label: string; at: number } | null = null;
  for (const layer of layers) {
    if (!layer.visible) continue;
    layer.positions.forEach((position, i) => {
      if (!nearest || Math.abs(position - at.wavelength) < Math.abs(nearest.at - at.wavelength)) nearest = { label: layer.labels[i]!, at: position };
    });
  }
  const parts = [`λ ${at.wavelength.toFixed(1)} Å`, `rest ${restFrameWavelength(at.wavelength, redshift).toFixed(1)} Å`, `flux ${at.flux.toFixed(3)}`];
  const near = nearest as { label: string; at: number } | null;
  if (near && Math.abs(near.at - at.wavelength) < 40) parts.push(`near ${near.label} (${near.at.toFixed(1)} Å)`);
  return parts.join(' · ');
}
