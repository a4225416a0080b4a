import { mjdNow } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useSourcePhotometryQuery } from './api';

/**
 * One line in the source header: how many points, and the latest detection with how long ago.
 * It reads the same cache entry as the light-curve panel, so the page still fetches the points once.
 */
export function PhotometrySummary({ sourceId }: SourceSlotProps) {
  const { currentData: points } = useSourcePhotometryQuery(sourceId);
  if (!points) return null;
  let latest: (typeof points)[number] | undefined;
  for (const point of points) if (point.mag != null && (!latest || point.mjd > latest.mjd)) latest = point;
  return (
    <p className="sp-muted" data-testid="photometry-summary">
      <span data-testid="photometry-summary-count">{points.length === 1 ? '1 point' : `${points.length} points`}</span>
      {latest ? (
        <>
          {' · last detected at '}
          <span className="sp-mono">
            {latest.mag!.toFixed(2)} mag ({latest.filter})
          </span>
          {`, MJD ${latest.mjd.toFixed(2)}, ${Math.max(0, mjdNow() - latest.mjd).toFixed(1)} days ago`}
        </>
      ) : null}
    </p>
  );
}
