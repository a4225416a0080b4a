import { Link } from 'react-router-dom';
import { apiErrorOf, decToSexagesimal, ErrorCard, formatUtc, raToSexagesimal } from '@skyportal/sdk/web';
import { useSourceListQuery } from './api';

/** Home card: how many sources the user's groups hold, and the ten saved last (one request for both). */
export function LatestSourcesWidget() {
  const { data, error: failure } = useSourceListQuery({ numPerPage: 10, sortBy: 'saved_at', sortOrder: 'desc' });
  const error = apiErrorOf(failure);
  if (error) return <ErrorCard pluginName="sources" title="Could not load the latest sources" message={error.message} />;
  if (!data) return <p className="sp-muted">Loading…</p>;
  return (
    <>
      <p>
        <Link to="/sources" data-testid="stat-sources">
          {data.totalMatches === 1 ? '1 source' : `${data.totalMatches} sources`} in your groups
        </Link>
      </p>
      {data.sources.length === 0 ? (
        <p className="sp-muted">No sources saved yet.</p>
      ) : (
        <table className="sp-table" data-testid="latest-sources" aria-label="Latest sources">
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
                  {source.ra === null || source.dec === null ? '—' : `${raToSexagesimal(source.ra)} ${decToSexagesimal(source.dec)}`}
                </td>
                <td className="sp-nowrap">{formatUtc(source.saved_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
