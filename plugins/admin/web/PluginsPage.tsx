import { FormError } from '@skyportal/sdk/web';
import { useAdminPluginsQuery } from './api';
import { errorText, when } from './common';

/** Enabled plugins with versions and options (secrets hidden by the server), and web parts that failed in browsers. */
export function PluginsPage() {
  const { data, error } = useAdminPluginsQuery();
  return (
    <div className="admin-page">
      <FormError error={errorText(error)} />
      <section className="sp-card" aria-label="Web parts that failed to load">
        <h2 className="sp-card__title">Web load errors</h2>
        {data && data.webLoadErrors.length === 0 ? <p className="sp-muted">No browser has reported a web part that failed to load.</p> : null}
        {data?.webLoadErrors.length ? (
          <table className="sp-table">
            <thead>
              <tr>
                <th>Plugin</th>
                <th>Error</th>
                <th>Reports</th>
                <th>First seen</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {data.webLoadErrors.map((failure) => (
                <tr key={`${failure.plugin}:${failure.message}`}>
                  <td className="sp-mono">{failure.plugin}</td>
                  <td>{failure.message}</td>
                  <td className="sp-num">{failure.count}</td>
                  <td>{when(failure.first_seen_at)}</td>
                  <td>{when(failure.last_seen_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="sp-card" aria-label="Enabled plugins">
        <h2 className="sp-card__title">Enabled plugins</h2>
        <table className="sp-table">
          <thead>
            <tr>
              <th>Plugin</th>
              <th>Version</th>
              <th>Depends on</th>
              <th>Web part</th>
              <th>Options</th>
            </tr>
          </thead>
          <tbody>
            {data?.plugins.map((plugin) => (
              <tr key={plugin.name} data-testid={`plugin-${plugin.name}`}>
                <td>
                  <span className="sp-mono">{plugin.name}</span>
                  <br />
                  <span className="sp-muted">{plugin.package}</span>
                </td>
                <td className="sp-mono">{plugin.version}</td>
                <td>{[...plugin.dependsOn, ...plugin.optionalDependsOn.map((name) => `${name} (optional)`)].join(', ') || '—'}</td>
                <td>{plugin.web ? 'yes' : 'no'}</td>
                <td>
                  <pre className="admin-options">{JSON.stringify(plugin.options ?? {}, null, 2)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
