import { NavLink, Route, Routes } from 'react-router-dom';
import { PluginErrorBoundary, useProfile, useSlot, type PluginSlotEntry } from '@skyportal/sdk/web';

/** The admin pages this user may see: an entry's `acls` (any of them), System admin every page. */
export function useAdminPages(): PluginSlotEntry<Record<string, never>>[] {
  const pages = useSlot('admin.pages');
  const profile = useProfile();
  if (!profile) return [];
  const held = new Set(profile.acls);
  return pages.filter((entry) => !entry.acls || held.has('System admin') || entry.acls.some((acl) => held.has(acl)));
}

/** The admin frame: pages contributed by plugins (slot admin.pages), mounted at /admin/<path or id>. */
export function AdminPage() {
  const pages = useAdminPages();
  const pathOf = (entry: { id: string; path?: string }) => (entry.path ?? entry.id).replace(/^\//, '');
  return (
    <div className="sp-page">
      <h1>Administration</h1>
      {pages.length === 0 ? <p className="sp-muted">No admin page for you here.</p> : null}
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
