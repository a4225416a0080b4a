import { useEffect, useRef, useState } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import { ErrorCard, useApiQuery, useLiveChannel, type SourceSlotProps } from '@skyportal/sdk/web';
import { drawLightCurve, preloadBokeh, type DrawnPlot } from './plot';
import { PointsTable } from './PointsTable';
import { formatChosen, selectFormat } from './slice';
import type { PhotometryPoint } from './types';

// Only what the plot and the table show: a fifth of the full SkyPortal payload for a long light curve.
const PANEL_FIELDS = 'id,obj_id,mjd,filter,instrument_id,instrument_name,origin,magsys,mag,magerr,limiting_mag,flux,fluxerr,zp,ra,dec';

export function LightCurvePanel({ sourceId }: SourceSlotProps) {
  const format = useSelector(selectFormat);
  const dispatch = useDispatch();
  const path = `/api/sources/${encodeURIComponent(sourceId)}/photometry`;
  const { data: points, error, loading, reload } = useApiQuery<PhotometryPoint[]>(path, { format, magsys: 'ab', fields: PANEL_FIELDS });
  // Bokeh downloads in parallel with the points rather than after them (most sources have some).
  useEffect(preloadBokeh, []);

  // New points arrive over the page's shared socket; refetching keeps one code path for drawing.
  useLiveChannel(`source:${sourceId}`, (message) => {
    if (message.type === 'photometry.added') reload();
  });

  return (
    <div className="photometry-panel">
      <div className="sp-toolbar">
        <div role="group" aria-label="Plot units">
          {(['mag', 'flux'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className={`sp-button ${format === option ? '' : 'sp-button--secondary'}`}
              aria-pressed={format === option}
              onClick={() => dispatch(formatChosen(option))}
            >
              {option === 'mag' ? 'Magnitude' : 'Flux'}
            </button>
          ))}
        </div>
        <span className="sp-muted" data-testid="photometry-count">
          {points ? `${points.length} points` : loading ? 'Loading…' : ''}
        </span>
        <a href={`${path}?format=mag&output=csv`} download={`${sourceId}_photometry.csv`} style={{ marginLeft: 'auto' }}>
          Download CSV
        </a>
      </div>
      {error ? <ErrorCard pluginName="photometry" title="Could not load photometry" message={error.message} /> : null}
      {points && points.length === 0 ? <p className="sp-muted">No photometry yet.</p> : null}
      {points && points.length > 0 ? <LightCurvePlot points={points} format={format} /> : null}
      {points && points.length > 0 ? <PointsTable points={points} format={format} /> : null}
    </div>
  );
}

function LightCurvePlot({ points, format }: { points: PhotometryPoint[]; format: 'mag' | 'flux' }) {
  const container = useRef<HTMLDivElement>(null);
  const [drawError, setDrawError] = useState<string | null>(null);

  useEffect(() => {
    const element = container.current!;
    let cancelled = false;
    let drawn: DrawnPlot | null = null;
    const filters = [...new Set(points.map((p) => p.filter))].sort();
    element.dataset.points = String(points.length);
    element.dataset.filters = filters.join(',');
    element.dataset.drawn = 'false';
    drawLightCurve(element, points, format).then(
      (plot) => {
        if (cancelled) return plot.remove();
        drawn = plot;
        element.dataset.legend = plot.legendLabels.join(',');
        element.dataset.backend = plot.backend;
        element.dataset.drawn = 'true';
        // For bench/source-page and anyone profiling: when this light curve was first painted.
        performance.mark('lightcurve-drawn', { detail: { points: points.length } });
        setDrawError(null);
      },
      (failure: Error) => {
        if (!cancelled) setDrawError(failure.message);
      },
    );
    return () => {
      cancelled = true;
      drawn?.remove();
    };
  }, [points, format]);

  return (
    <>
      {drawError ? <ErrorCard pluginName="photometry" title="Could not draw the light curve" message={drawError} /> : null}
      <div ref={container} className="photometry-plot" data-testid="lightcurve-plot" style={{ minHeight: 420 }} />
    </>
  );
}
