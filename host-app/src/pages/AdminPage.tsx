import { NavLink, Route, Routes } from 'react-router-dom';
import { PluginErrorBoundary } from '@skyportal/sdk/web';
import { useSlot } from '../plugins/registry';

/** Admin pages contributed by plugins (slot admin.pages), mounted at /admin/<path or id>. */
export function AdminPage() {
  const pages = useSlot<Record<string, never>>('admin.pages');
  const pathOf = (entry: { id: string; path?: string }) => (entry.path ?? entry.id).replace(/^\//, '');
  return (
    <div className="sp-page">
      <h1>Administration</h1>
      {pages.length === 0 ? <p className="sp-muted">No plugin offers an admin page.</p> : null}
      <nav className="sp-tabs">
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
              <PluginErrorBoundary pluginName={entry.pluginName} label={`admin ${entry.id}`}>
                <Page />
              </PluginErrorBoundary>
            }
          />
        ))}
      </Routes>
    </div>
  );
}
