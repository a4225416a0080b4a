import { decToSexagesimal, formatDegrees, raToSexagesimal } from '@skyportal/sdk/web';

export function Coordinates({ ra, dec }: { ra: number; dec: number }) {
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
