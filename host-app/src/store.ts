// The page's Redux store: the SDK's data cache (shared with every plugin) plus the client-side
// reducers plugins declare, injected at run time into the same root reducer.
import { combineSlices, configureStore, type Reducer } from '@reduxjs/toolkit';
import { api, liveInvalidationMiddleware } from '@skyportal/sdk/web';

const rootReducer = combineSlices(api).withLazyLoadedSlices<Record<string, unknown>>();

export const store = configureStore({
  reducer: rootReducer,
  middleware: (defaults) => defaults().concat(api.middleware, liveInvalidationMiddleware()),
});

/** Adds a plugin's reducer under `key`; the cache's key is refused so a plugin cannot replace it. */
export function injectPluginReducer(pluginName: string, key: string, reducer: Reducer): void {
  if (key === api.reducerPath) throw new Error(`plugin "${pluginName}" may not register reducer "${key}" (reserved for the data cache)`);
  rootReducer.inject({ reducerPath: key, reducer });
  // Lazy slices get their initial state on the next action.
  store.dispatch({ type: `plugins/reducerInjected/${key}` });
}
