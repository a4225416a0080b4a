import { mjdNow } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useSourcePhotometryQuery } from './api';

/**
 * One line in the source header: how many points, and the latest detection with how long ago.
 * It reads the same cache entry as the light-curve panel, so the page still fetches the points once.
 */
export function PhotometrySummary({ sourceId }: SourceSlotProps) {
  const { currentData: curve } = useSourcePhotometryQuery(sourceId);
  if (!curve) return null;
  let latest: number | undefined;
  const { mjd, filter } = curve.photometry;
  for (let i = 0; i < curve.count; i++) if (curve.mag[i] != null && (latest === undefined || mjd[i]! > mjd[latest]!)) latest = i;
  return (
    <p className="sp-muted" data-testid="photometry-summary">
      <span data-testid="photometry-summary-count">{curve.count === 1 ? '1 point' : `${curve.count} points`}</span>
      {latest !== undefined ? (
        <>
          {' · last detected at '}
          <span className="sp-mono">
            {curve.mag[latest]!.toFixed(2)} mag ({filter[latest]})
          </span>
          {`, MJD ${mjd[latest]!.toFixed(2)}, ${Math.max(0, mjdNow() - mjd[latest]!).toFixed(1)} days ago`}
        </>
      ) : null}
    </p>
  );
}
