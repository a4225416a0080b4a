import { useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { apiFetch, ApiRequestError, PluginErrorBoundary, setUnauthorizedHandler, type FrontendPlugin, type UserProfile } from '@skyportal/sdk/web';
import { Layout } from './components/Layout';
import { useAppDispatch, useAppSelector } from './hooks';
import { loadPlugins } from './plugins/loadPlugins';
import { PluginsProvider, usePluginRoutes } from './plugins/registry';
import { injectPluginReducer, pluginsSettled, signedIn, signedOut, type FailedPlugin } from './store';
import { AdminPage } from './pages/AdminPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { SourcePage } from './pages/SourcePage';
import { SourcesPage } from './pages/SourcesPage';

/** Loads the session and the plugins once, in parallel. */
function useStartup(): FrontendPlugin[] {
  const dispatch = useAppDispatch();
  const [plugins, setPlugins] = useState<FrontendPlugin[]>([]);

  useEffect(() => {
    // Session expired or logged out elsewhere: RequireSignIn then sends the user to /login.
    setUnauthorizedHandler(() => dispatch(signedOut()));
    apiFetch<UserProfile>('/api/internal/profile').then(
      (profile) => dispatch(signedIn(profile)),
      (error) => {
        if (!(error instanceof ApiRequestError && error.status === 401)) console.error('profile failed', error);
        dispatch(signedOut());
      },
    );
    loadPlugins().then(({ plugins: loaded, failed }) => {
      const usable: FrontendPlugin[] = [];
      const allFailed: FailedPlugin[] = [...failed];
      for (const plugin of loaded) {
        try {
          for (const [key, reducer] of Object.entries(plugin.reducers)) injectPluginReducer(plugin.name, key, reducer);
          usable.push(plugin);
        } catch (error) {
          allFailed.push({ name: plugin.name, reason: (error as Error).message });
        }
      }
      setPlugins(usable);
      dispatch(pluginsSettled({ loaded: usable.map((p) => p.name), failed: allFailed }));
    });
  }, [dispatch]);

  return plugins;
}

function RequireSignIn({ children }: { children: React.ReactNode }) {
  const status = useAppSelector((state) => state.session.status);
  const location = useLocation();
  if (status === 'unknown') return <p className="sp-muted">Loading…</p>;
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function AppRoutes() {
  const pluginRoutes = usePluginRoutes();
  const guarded = (element: React.ReactNode) => <RequireSignIn>{element}</RequireSignIn>;
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<Layout />}>
        <Route index element={guarded(<HomePage />)} />
        <Route path="/sources" element={guarded(<SourcesPage />)} />
        <Route path="/source/:id" element={guarded(<SourcePage />)} />
        <Route path="/profile" element={guarded(<ProfilePage />)} />
        <Route path="/admin/*" element={guarded(<AdminPage />)} />
        {pluginRoutes.map(({ path, component: PluginRoute, pluginName }) => (
          <Route
            key={`${pluginName}:${path}`}
            path={path}
            element={guarded(
              <PluginErrorBoundary pluginName={pluginName} label={`route ${path}`}>
                <PluginRoute />
              </PluginErrorBoundary>,
            )}
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const plugins = useStartup();
  return (
    <PluginsProvider plugins={plugins}>
      <AppRoutes />
    </PluginsProvider>
  );
}
