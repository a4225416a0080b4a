import { NavLink, Route, Routes } from 'react-router-dom';
import { PluginErrorBoundary, useSlot } from '@skyportal/sdk/web';

/** The admin frame: pages contributed by plugins (slot admin.pages), mounted at /admin/<path or id>. */
export function AdminPage() {
  const pages = useSlot('admin.pages');
  const pathOf = (entry: { id: string; path?: string }) => (entry.path ?? entry.id).replace(/^\//, '');
  return (
    <div className="sp-page">
      <h1>Administration</h1>
      {pages.length === 0 ? <p className="sp-muted">No plugin offers an admin page.</p> : null}
      <nav className="sp-tabs" aria-label="Administration">
        {pages.map((entry) => (
          <NavLink key={`${entry.pluginName}.${entry.id}`} to={`/admin/${pathOf(entry)}`}>
            {entry.title ?? entry.id}
          </NavLink>
        ))}
      </nav>
      <Routes>
        {pages.map(({ component: Page, ...entry }) => (
          <Route
            key={`${entry.pluginName}.${entry.id}`}
            path={`${pathOf(entry)}/*`}
            element={
              <PluginErrorBoundary pluginName={entry.pluginName} label={`admin.pages ${entry.id}`}>
                <Page />
              </PluginErrorBoundary>
            }
          />
        ))}
      </Routes>
    </div>
  );
}
