import type { ScanPoint } from './model';
import { describeLightCurve, FRAME, layoutLightCurve } from './lightcurve';

/**
 * The card's small light curve, drawn as SVG: a glance for a scanner, not the source page's
 * interactive plot (the photometry plugin's BokehJS panel reads a source's own photometry route,
 * which an unsaved candidate does not have, and costs a megabyte per page). Hover a point for its
 * values; a screen reader hears a summary.
 */
export function LightCurve({ objId, points }: { objId: string; points: ScanPoint[] | undefined }) {
  const layout = layoutLightCurve(points);
  const summary = describeLightCurve(points);
  if (!layout) {
    return (
      <div className="scan-lc scan-lc--empty" data-testid="scan-lightcurve-empty">
        No photometry
      </div>
    );
  }
  const { width, height, left, right, top, bottom } = FRAME;
  return (
    <figure className="scan-lc" data-testid="scan-lightcurve">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Light curve of ${objId}: ${summary}`}>
        <title>{`Light curve of ${objId}: ${summary}`}</title>
        <rect className="scan-lc__plot" x={left} y={top} width={width - left - right} height={height - top - bottom} />
        {layout.yTicks.map((tick) => (
          <g key={`y${tick.value}`}>
            <line className="scan-lc__grid" x1={left} x2={width - right} y1={tick.at} y2={tick.at} />
            <text className="scan-lc__label" x={left - 4} y={tick.at} textAnchor="end" dominantBaseline="middle">
              {tick.label}
            </text>
          </g>
        ))}
        {layout.xTicks.map((tick) => (
          <g key={`x${tick.value}`}>
            <line className="scan-lc__grid" x1={tick.at} x2={tick.at} y1={top} y2={height - bottom} />
            <text className="scan-lc__label" x={tick.at} y={height - bottom + 13} textAnchor="middle">
              {tick.label}
            </text>
          </g>
        ))}
        <text className="scan-lc__label" x={width - right} y={height - 2} textAnchor="end">
          days before the newest point
        </text>
        {layout.limits.map((mark, index) => (
          <path
            key={`l${index}`}
            className="scan-lc__limit"
            d={`M${mark.x - 4},${mark.y - 3} L${mark.x + 4},${mark.y - 3} L${mark.x},${mark.y + 4} Z`}
            stroke={mark.colour}
            data-testid="scan-lc-limit"
          >
            <title>{mark.title}</title>
          </path>
        ))}
        {layout.detections.map((mark, index) => (
          <g key={`d${index}`} data-testid="scan-lc-detection">
            <line x1={mark.x} x2={mark.x} y1={mark.yTop} y2={mark.yBottom} stroke={mark.colour} strokeWidth={1.2} />
            <circle cx={mark.x} cy={mark.y} r={3} fill={mark.colour}>
              <title>{mark.title}</title>
            </circle>
          </g>
        ))}
      </svg>
      <figcaption className="scan-lc__legend">
        {layout.filters.map(({ filter, colour }) => (
          <span key={filter}>
            <span className="scan-lc__swatch" style={{ background: colour }} aria-hidden="true" />
            {filter}
          </span>
        ))}
        <span>
          <span className="scan-lc__triangle" aria-hidden="true">
            ▽
          </span>
          upper limit
        </span>
        <span className="sp-muted">mag (AB)</span>
      </figcaption>
    </figure>
  );
}
