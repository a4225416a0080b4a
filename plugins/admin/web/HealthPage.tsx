import { FormError } from '@skyportal/sdk/web';
import { useAdminHealthQuery } from './api';
import { errorText, when } from './common';

/** The database, migrations per owner, WebSocket clients of every process, job queues. */
export function HealthPage() {
  const { data, error, refetch, isFetching } = useAdminHealthQuery();
  return (
    <div className="admin-page">
      <FormError error={errorText(error)} />
      <button type="button" className="sp-button sp-button--secondary" onClick={() => refetch()} disabled={isFetching}>
        Check again
      </button>
      {data ? (
        <>
          <section className="sp-card" aria-label="Database">
            <h2 className="sp-card__title">Database</h2>
            <p data-testid="health-database">
              {data.database.reachable ? `Reachable · ${data.database.latencyMs} ms for a round trip` : `Unreachable: ${data.database.error}`}
            </p>
          </section>
          <section className="sp-card" aria-label="Migrations">
            <h2 className="sp-card__title">Migrations</h2>
            <table className="sp-table">
              <thead>
                <tr>
                  <th>Owner</th>
                  <th>Applied</th>
                  <th>Latest</th>
                  <th>Pending</th>
                </tr>
              </thead>
              <tbody>
                {data.migrations.map((set) => {
                  const latest = set.applied[set.applied.length - 1];
                  return (
                    <tr key={set.owner} data-testid={`migrations-${set.owner}`}>
                      <td className="sp-mono">{set.owner}</td>
                      <td className="sp-num">{set.applied.length}</td>
                      <td>{latest ? `${latest.name} (${when(latest.at)})` : '—'}</td>
                      <td>{set.pending.length ? set.pending.join(', ') : 'none'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <section className="sp-card" aria-label="WebSocket clients">
            <h2 className="sp-card__title">WebSocket clients per process</h2>
            <table className="sp-table">
              <thead>
                <tr>
                  <th>Process</th>
                  <th>Sockets</th>
                  <th>Users</th>
                </tr>
              </thead>
              <tbody>
                {data.websockets.map((process) => (
                  <tr key={process.processId}>
                    <td className="sp-mono">
                      {process.processId.slice(0, 8)}
                      {process.self ? ' (this one)' : ''}
                    </td>
                    <td className="sp-num">{process.clients}</td>
                    <td className="sp-num">{process.users}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="sp-card" aria-label="Job queues">
            <h2 className="sp-card__title">Job queues</h2>
            <p className="sp-muted">{data.jobQueues.length ? null : data.jobQueuesNote}</p>
          </section>
        </>
      ) : null}
    </div>
  );
}
