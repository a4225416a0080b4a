import { useDispatch } from 'react-redux';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { api, Slot, useProfile } from '@skyportal/sdk/web';
import { useLogOutMutation } from '../api';
import { usePluginNavItems } from '../plugins/routes';
import { useAdminPages } from '../pages/AdminPage';

export function Layout() {
  const profile = useProfile();
  const navItems = usePluginNavItems();
  // Only for those who may see one of the admin pages.
  const adminPages = useAdminPages();
  const [logOutRequest] = useLogOutMutation();
  const navigate = useNavigate();
  const dispatch = useDispatch();

  async function logOut() {
    try {
      await logOutRequest().unwrap();
    } finally {
      navigate('/login');
      // Nothing of this user's data may outlive the session in the page.
      dispatch(api.util.resetApiState());
    }
  }

  return (
    <div className="sp-app">
      <header className="sp-topbar">
        <NavLink to="/" className="sp-brand">
          SkyPortal
        </NavLink>
        <nav className="sp-nav" aria-label="Main">
          {navItems.map((item) => (
            <NavLink key={`${item.pluginName}:${item.to}`} to={item.to}>
              {item.label}
            </NavLink>
          ))}
          {adminPages.length > 0 ? <NavLink to="/admin">Admin</NavLink> : null}
        </nav>
        <div className="sp-nav sp-nav--user">
          {profile ? (
            <>
              {/* Small status widgets of plugins (a notifications bell): signed-in users only. */}
              <Slot name="topbar.items" props={{}} />
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
