import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { apiFetch, PluginErrorBoundary } from '@skyportal/sdk/web';
import { useAppDispatch, useProfile } from '../hooks';
import { usePluginNavItems, useSlot } from '../plugins/registry';
import { signedOut } from '../store';

export function Layout() {
  const profile = useProfile();
  const navItems = usePluginNavItems();
  const navSlot = useSlot<Record<string, never>>('app.nav');
  const dispatch = useAppDispatch();
  const navigate = useNavigate();

  async function logOut() {
    try {
      await apiFetch('/api/auth/logout', { method: 'POST' });
    } finally {
      dispatch(signedOut());
      navigate('/login');
    }
  }

  return (
    <div className="sp-app">
      <header className="sp-topbar">
        <NavLink to="/" className="sp-brand">
          SkyPortal
        </NavLink>
        <nav className="sp-nav" aria-label="Main">
          <NavLink to="/sources">Sources</NavLink>
          {navItems.map((item) => (
            <NavLink key={`${item.pluginName}:${item.to}`} to={item.to}>
              {item.label}
            </NavLink>
          ))}
          {navSlot.map(({ pluginName, id, component: NavEntry }) => (
            <PluginErrorBoundary key={`${pluginName}.${id}`} pluginName={pluginName} label={`nav ${id}`}>
              <NavEntry />
            </PluginErrorBoundary>
          ))}
        </nav>
        <div className="sp-nav sp-nav--user">
          {profile ? (
            <>
              <NavLink to="/profile">Profile</NavLink>
              <span className="sp-username" data-testid="current-user">
                {profile.username}
              </span>
              <button type="button" className="sp-button sp-button--quiet" onClick={logOut}>
                Log out
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main className="sp-main">
        <Outlet />
      </main>
    </div>
  );
}
