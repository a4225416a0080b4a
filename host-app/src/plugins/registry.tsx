// Loaded plugins live outside Redux (components are not serialisable); components reach them through context.
import { createContext, useContext, useMemo, type ComponentType, type ReactNode } from 'react';
import type { FrontendPlugin, NavItem, RouteEntry, SlotEntry } from '@skyportal/sdk/web';

export interface PluginSlotEntry<P> extends SlotEntry<P> {
  pluginName: string;
}

const PluginsContext = createContext<FrontendPlugin[]>([]);

export function PluginsProvider({ plugins, children }: { plugins: FrontendPlugin[]; children: ReactNode }) {
  return <PluginsContext.Provider value={plugins}>{children}</PluginsContext.Provider>;
}

export function usePlugins(): FrontendPlugin[] {
  return useContext(PluginsContext);
}

const byOrder = (a: { order?: number }, b: { order?: number }) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER);

/** All plugins' entries for one slot, sorted by order (stable: ties keep plugin load order). */
export function useSlot<P>(slot: string): PluginSlotEntry<P>[] {
  const plugins = usePlugins();
  return useMemo(
    () => plugins.flatMap((plugin) => (plugin.slots[slot] ?? []).map((entry) => ({ ...(entry as SlotEntry<P>), pluginName: plugin.name }))).sort(byOrder),
    [plugins, slot],
  );
}

export function usePluginNavItems(): (NavItem & { pluginName: string })[] {
  const plugins = usePlugins();
  return useMemo(() => plugins.flatMap((plugin) => plugin.navItems.map((item) => ({ ...item, pluginName: plugin.name }))).sort(byOrder), [plugins]);
}

export function usePluginRoutes(): { path: string; component: ComponentType; pluginName: string }[] {
  const plugins = usePlugins();
  return useMemo(
    () =>
      plugins.flatMap((plugin) => [
        ...plugin.routes.map((route: RouteEntry) => ({ ...route, pluginName: plugin.name })),
        ...(plugin.slots['app.routes'] ?? [])
          .filter((entry) => entry.path)
          .map((entry) => ({ path: entry.path!, component: entry.component as ComponentType, pluginName: plugin.name })),
      ]),
    [plugins],
  );
}
