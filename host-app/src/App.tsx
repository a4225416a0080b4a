import { useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { apiErrorOf, ErrorCard, PluginErrorBoundary, PluginsProvider, useLoadedPlugins, useProfileQuery, type LoadedPlugins } from '@skyportal/sdk/web';
import { Layout } from './components/Layout';
import { loadPlugins } from './plugins/loadPlugins';
import { usePluginRoutes } from './plugins/routes';
import { useReportFailedPlugins } from './plugins/reportFailures';
import { AdminPage } from './pages/AdminPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';

/** Loads every plugin once, at start, in parallel with the session check. */
function useLoadPlugins(): LoadedPlugins {
  const [loaded, setLoaded] = useState<LoadedPlugins>({ status: 'loading', plugins: [], failed: [] });
  useEffect(() => {
    loadPlugins().then(({ plugins, failed }) => setLoaded({ status: 'ready', plugins, failed }));
  }, []);
  return loaded;
}

function RequireSignIn({ children }: { children: React.ReactNode }) {
  const { data: profile, error: failure } = useProfileQuery();
  const location = useLocation();
  const error = apiErrorOf(failure);
  if (error?.status === 401) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (error) return <ErrorCard title="Could not reach SkyPortal" message={error.message} />;
  if (!profile) return <p className="sp-muted">Loading…</p>;
  return <>{children}</>;
}

function AppRoutes() {
  const pluginRoutes = usePluginRoutes();
  const { status } = useLoadedPlugins();
  const guarded = (element: React.ReactNode) => <RequireSignIn>{element}</RequireSignIn>;
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<Layout />}>
        <Route index element={guarded(<HomePage />)} />
        <Route path="/profile" element={guarded(<ProfilePage />)} />
        <Route path="/admin/*" element={guarded(<AdminPage />)} />
        {pluginRoutes.map(({ path, component: PluginRoute, pluginName, public: open }) => {
          const page = (
            <PluginErrorBoundary pluginName={pluginName} label={`route ${path}`}>
              <PluginRoute />
            </PluginErrorBoundary>
          );
          return <Route key={`${pluginName}:${path}`} path={path} element={open ? page : guarded(page)} />;
        })}
        {/* Until the plugins have loaded, an unknown path may still be one of their pages. */}
        <Route path="*" element={status === 'ready' ? <NotFoundPage /> : <p className="sp-muted">Loading…</p>} />
      </Route>
    </Routes>
  );
}

export function App() {
  // The session check starts at once, on every page (the login page too): index.html preloads
  // the profile, and a preloaded response is only right if it is taken before anyone signs in.
  useProfileQuery();
  const plugins = useLoadPlugins();
  useReportFailedPlugins(plugins);
  return (
    <PluginsProvider value={plugins}>
      <AppRoutes />
    </PluginsProvider>
  );
}
