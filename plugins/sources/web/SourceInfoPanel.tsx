import { decToSexagesimal, equatorialToGalactic, formatDegrees, formatUtc, raToSexagesimal } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '../types';

/** The sources plugin's own panel on its page: position in three systems, redshift, who saved it where. */
export function SourceInfoPanel({ source }: SourceSlotProps) {
  const known = source.ra !== null && source.dec !== null;
  const { l, b } = known ? equatorialToGalactic(source.ra!, source.dec!) : { l: null, b: null };
  return (
    <div className="sp-columns" data-testid="source-info">
      <dl className="sp-facts">
        <dt>RA</dt>
        <dd>
          {formatDegrees(source.ra)}° <span className="sp-mono sp-muted">{raToSexagesimal(source.ra ?? NaN)}</span>
        </dd>
        <dt>Dec</dt>
        <dd>
          {formatDegrees(source.dec)}° <span className="sp-mono sp-muted">{decToSexagesimal(source.dec ?? NaN)}</span>
        </dd>
        <dt>Galactic l, b</dt>
        <dd>
          {formatDegrees(l, 5)}°, {formatDegrees(b, 5)}°
        </dd>
        <dt>Redshift</dt>
        <dd>{source.redshift ?? '—'}</dd>
        <dt>Created</dt>
        <dd>{formatUtc(source.created_at)}</dd>
      </dl>
      <table className="sp-table" aria-label="Saved to groups">
        <thead>
          <tr>
            <th>Group</th>
            <th>Saved by</th>
            <th>Saved</th>
          </tr>
        </thead>
        <tbody>
          {source.groups.map((group) => (
            <tr key={group.id}>
              <td>{group.name}</td>
              <td>{group.saved_by?.username ?? '—'}</td>
              <td className="sp-nowrap">{formatUtc(group.saved_at ?? source.saved_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
