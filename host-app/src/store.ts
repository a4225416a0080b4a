// The host's Redux store. Plugin reducers are injected at run time into the same root reducer.
import { combineSlices, configureStore, createSlice, type PayloadAction, type Reducer } from '@reduxjs/toolkit';
import type { UserProfile } from '@skyportal/sdk/web';

type SessionState = { status: 'unknown' } | { status: 'anonymous' } | { status: 'signed-in'; profile: UserProfile };

const sessionSlice = createSlice({
  name: 'session',
  initialState: { status: 'unknown' } as SessionState,
  reducers: {
    signedIn: (_state, action: PayloadAction<UserProfile>): SessionState => ({ status: 'signed-in', profile: action.payload }),
    signedOut: (): SessionState => ({ status: 'anonymous' }),
  },
});

export interface FailedPlugin {
  name: string;
  reason: string;
}

interface PluginsState {
  status: 'loading' | 'ready';
  loaded: string[];
  failed: FailedPlugin[];
}

const pluginsSlice = createSlice({
  name: 'plugins',
  initialState: { status: 'loading', loaded: [], failed: [] } as PluginsState,
  reducers: {
    pluginsSettled: (_state, action: PayloadAction<{ loaded: string[]; failed: FailedPlugin[] }>) => ({
      status: 'ready',
      ...action.payload,
    }),
  },
});

export const { signedIn, signedOut } = sessionSlice.actions;
export const { pluginsSettled } = pluginsSlice.actions;

const rootReducer = combineSlices(sessionSlice, pluginsSlice).withLazyLoadedSlices<Record<string, unknown>>();

export const store = configureStore({ reducer: rootReducer });

export type RootState = { session: SessionState; plugins: PluginsState } & Record<string, unknown>;
export type AppDispatch = typeof store.dispatch;

/** Adds a plugin's reducer under `key`; the host refuses keys it owns so a plugin cannot replace session state. */
export function injectPluginReducer(pluginName: string, key: string, reducer: Reducer): void {
  if (key === 'session' || key === 'plugins') {
    throw new Error(`plugin "${pluginName}" may not register reducer "${key}" (reserved by the host)`);
  }
  rootReducer.inject({ reducerPath: key, reducer });
  // Lazy slices get their initial state on the next action.
  store.dispatch({ type: `plugins/reducerInjected/${key}` });
}
