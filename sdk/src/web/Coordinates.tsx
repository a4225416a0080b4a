import { decToSexagesimal, formatDegrees, raToSexagesimal } from './format';

/** A position as astronomers read it: degrees, then sexagesimal (hours for RA). */
export function Coordinates({ ra, dec }: { ra: number | null; dec: number | null }) {
  if (ra === null || dec === null) return <span className="sp-muted">—</span>;
  return (
    <span className="sp-coords" data-testid="coordinates">
      <span>
        {formatDegrees(ra)} {formatDegrees(dec)}
      </span>
      <span className="sp-muted sp-mono">
        {raToSexagesimal(ra)} {decToSexagesimal(dec)}
      </span>
    </span>
  );
}
