// The loaded plugins, shared by the host and every plugin through React context. Plugins are not
// Redux state: they hold components, which are not serialisable. The context lives in the SDK
// (a federation singleton) so a plugin's <Slot> reads the same plugins the host loaded.
import { createContext, useContext, type ReactNode } from 'react';
import { ErrorCard } from './errors';
import type { FrontendPlugin } from './plugin';

/** A plugin whose web part could not be used, and why (shown to the user as is). */
export interface FailedPlugin {
  name: string;
  reason: string;
}

export interface LoadedPlugins {
  /** `loading` until every remote has settled; routes and slots are incomplete before that. */
  status: 'loading' | 'ready';
  plugins: FrontendPlugin[];
  failed: FailedPlugin[];
}

const PluginsContext = createContext<LoadedPlugins>({ status: 'loading', plugins: [], failed: [] });

export function PluginsProvider({ value, children }: { value: LoadedPlugins; children: ReactNode }) {
  return <PluginsContext.Provider value={value}>{children}</PluginsContext.Provider>;
}

export function useLoadedPlugins(): LoadedPlugins {
  return useContext(PluginsContext);
}

/** One error card per plugin that could not load: for pages that show other plugins' entries. */
export function FailedPluginCards() {
  const { failed } = useLoadedPlugins();
  return (
    <>
      {failed.map(({ name, reason }) => (
        <ErrorCard key={name} pluginName={name} title={`Plugin "${name}" could not be loaded`} message={reason} />
      ))}
    </>
  );
}
