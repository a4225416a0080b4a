// The sources plugin's server calls, injected into the SDK's one api (and its cache) at load time.
import { api, type Query } from '@skyportal/sdk/web';
import type { SaveSourceInput, Source, SourceList } from '../types';

/** `GET /api/sources` parameters, as SkyPortal names them. */
export interface SourceListQuery extends Query {
  pageNumber?: number;
  numPerPage?: number;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  sourceID?: string | null;
  ra?: string | number | null;
  dec?: string | number | null;
  radius?: string | number | null;
}

/** Every list of sources shares this tag: saving a source may change any of them. */
const LIST = { type: 'Source' as const, id: 'LIST' };

export const sourcesApi = api.enhanceEndpoints({ addTagTypes: ['Source'] }).injectEndpoints({
  endpoints: (build) => ({
    sourceList: build.query<SourceList, SourceListQuery>({
      query: (query) => ({ url: '/api/sources', query }),
      providesTags: (result) => [LIST, ...(result?.sources ?? []).map((source) => ({ type: 'Source' as const, id: source.id }))],
    }),
    source: build.query<Source, string>({
      query: (id) => `/api/sources/${encodeURIComponent(id)}`,
      providesTags: (_result, _error, id) => [{ type: 'Source', id }],
    }),
    saveSource: build.mutation<{ id: string }, SaveSourceInput>({
      query: (body) => ({ url: '/api/sources', method: 'POST', body }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'Source', id }, LIST],
    }),
  }),
});

export const { useSourceListQuery, useSourceQuery, useSaveSourceMutation } = sourcesApi;
