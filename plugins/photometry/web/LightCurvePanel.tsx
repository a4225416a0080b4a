import { useEffect, useRef, useState } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import { apiErrorOf, ErrorCard } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useSourcePhotometryQuery } from './api';
import { drawLightCurve, preloadBokeh, type DrawnPlot } from './plot';
import { PointsTable } from './PointsTable';
import { formatChosen, selectFormat } from './slice';
import type { DisplayUnit, LightCurve } from './types';

export function LightCurvePanel({ sourceId }: SourceSlotProps) {
  const format = useSelector(selectFormat);
  const dispatch = useDispatch();
  const path = `/api/sources/${encodeURIComponent(sourceId)}/photometry`;
  // New points announced over the WebSocket invalidate this cache entry: it refetches, and redraws.
  const { currentData: curve, error: failure, isLoading: loading } = useSourcePhotometryQuery(sourceId);
  const error = apiErrorOf(failure);
  // Bokeh downloads in parallel with the points rather than after them (most sources have some).
  useEffect(preloadBokeh, []);

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
          {curve ? `${curve.count} points` : loading ? 'Loading…' : ''}
        </span>
        <a href={`${path}?format=mag&output=csv`} download={`${sourceId}_photometry.csv`} style={{ marginLeft: 'auto' }}>
          Download CSV
        </a>
      </div>
      {error ? <ErrorCard pluginName="photometry" title="Could not load photometry" message={error.message} /> : null}
      {curve && curve.count === 0 ? <p className="sp-muted">No photometry yet.</p> : null}
      {curve && curve.count > 0 ? <LightCurvePlot curve={curve} format={format} /> : null}
      {curve && curve.count > 0 ? <PointsTable curve={curve} format={format} /> : null}
    </div>
  );
}

function LightCurvePlot({ curve, format }: { curve: LightCurve; format: DisplayUnit }) {
  const container = useRef<HTMLDivElement>(null);
  const [drawError, setDrawError] = useState<string | null>(null);

  useEffect(() => {
    const element = container.current!;
    let cancelled = false;
    let drawn: DrawnPlot | null = null;
    const filters = [...new Set(curve.photometry.filter)].sort();
    element.dataset.points = String(curve.count);
    element.dataset.filters = filters.join(',');
    element.dataset.drawn = 'false';
    drawLightCurve(element, curve, format).then(
      (plot) => {
        if (cancelled) return plot.remove();
        drawn = plot;
        element.dataset.legend = plot.legendLabels.join(',');
        element.dataset.backend = plot.backend;
        element.dataset.drawn = 'true';
        // For bench/source-page and anyone profiling: when this light curve was first painted.
        performance.mark('lightcurve-drawn', { detail: { points: curve.count } });
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
  }, [curve, format]);

  return (
    <>
      {drawError ? <ErrorCard pluginName="photometry" title="Could not draw the light curve" message={drawError} /> : null}
      <div ref={container} className="photometry-plot" data-testid="lightcurve-plot" style={{ minHeight: 420 }} />
    </>
  );
}
