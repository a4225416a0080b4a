// The shell's own server calls (sign-in, sign-out, API tokens), as endpoints of the SDK's one api.
import { api } from '@skyportal/sdk/web';

export interface AuthProviders {
  local: boolean;
  oidc: { label: string; loginUrl: string } | null;
}

export interface ApiToken {
  id: string;
  name: string;
  acls: string[];
  created_at: string;
  last_used_at: string | null;
}

export interface PluginManifestEntry {
  name: string;
  version: string;
  description?: string;
  remote: { name: string; entry: string } | null;
}

const shellApi = api.enhanceEndpoints({ addTagTypes: ['Token'] }).injectEndpoints({
  endpoints: (build) => ({
    pluginList: build.query<{ plugins: PluginManifestEntry[] }, void>({ query: () => '/api/plugins' }),
    authProviders: build.query<AuthProviders, void>({ query: () => '/api/auth/providers' }),
    logIn: build.mutation<unknown, { username: string; password: string }>({
      query: (body) => ({ url: '/api/auth/login', method: 'POST', body }),
    }),
    logOut: build.mutation<unknown, void>({ query: () => ({ url: '/api/auth/logout', method: 'POST' }) }),
    reportLoadError: build.mutation<unknown, { plugin: string; message: string }>({
      query: (body) => ({ url: '/api/plugins/load-errors', method: 'POST', body }),
    }),
    tokens: build.query<ApiToken[], void>({ query: () => '/api/internal/tokens', providesTags: ['Token'] }),
    createToken: build.mutation<{ token_id: string }, { name: string; acls: string[] }>({
      query: (body) => ({ url: '/api/internal/tokens', method: 'POST', body }),
      invalidatesTags: ['Token'],
    }),
    revokeToken: build.mutation<unknown, string>({
      query: (id) => ({ url: `/api/internal/tokens/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: ['Token'],
    }),
  }),
});

export const pluginManifest = shellApi.endpoints.pluginList;
export const {
  useAuthProvidersQuery,
  useLogInMutation,
  useLogOutMutation,
  useTokensQuery,
  useCreateTokenMutation,
  useRevokeTokenMutation,
  useReportLoadErrorMutation,
} = shellApi;
