// The pages and top-bar links plugins declare (`routes`, `navItems`), gathered for the shell.
import { useMemo, type ComponentType } from 'react';
import { useLoadedPlugins, type NavItem } from '@skyportal/sdk/web';

const byOrder = (a: { order?: number }, b: { order?: number }) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER);

export function usePluginNavItems(): (NavItem & { pluginName: string })[] {
  const { plugins } = useLoadedPlugins();
  return useMemo(() => plugins.flatMap((plugin) => plugin.navItems.map((item) => ({ ...item, pluginName: plugin.name }))).sort(byOrder), [plugins]);
}

export function usePluginRoutes(): { path: string; component: ComponentType; public?: boolean; pluginName: string }[] {
  const { plugins } = useLoadedPlugins();
  return useMemo(() => plugins.flatMap((plugin) => plugin.routes.map((route) => ({ ...route, pluginName: plugin.name }))), [plugins]);
}
