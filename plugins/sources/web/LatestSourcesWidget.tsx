import { Link } from 'react-router-dom';
import { decToSexagesimal, ErrorCard, formatUtc, raToSexagesimal, useApiQuery, type SourceSummary } from '@skyportal/sdk/web';

export function LatestSourcesWidget() {
  const { data, error } = useApiQuery<{ sources: SourceSummary[] }>('/api/sources', {
    numPerPage: 10,
    sortBy: 'saved_at',
    sortOrder: 'desc',
  });
  if (error) return <ErrorCard pluginName="sources" title="Could not load the latest sources" message={error.message} />;
  if (!data) return <p className="sp-muted">Loading…</p>;
  if (data.sources.length === 0) return <p className="sp-muted">No sources saved yet.</p>;
  return (
    <table className="sp-table" data-testid="latest-sources">
      <thead>
        <tr>
          <th>Name</th>
          <th>Position</th>
          <th>Saved</th>
        </tr>
      </thead>
      <tbody>
        {data.sources.map((source) => (
          <tr key={source.id}>
            <td>
              <Link className="sp-mono" to={`/source/${encodeURIComponent(source.id)}`}>
                {source.id}
              </Link>
            </td>
            <td className="sp-mono sp-nowrap">
              {raToSexagesimal(source.ra)} {decToSexagesimal(source.dec)}
            </td>
            <td className="sp-nowrap">{formatUtc(source.saved_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
