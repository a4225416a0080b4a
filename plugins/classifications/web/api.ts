// The classifications plugin's server calls, injected into the SDK's one api (and its cache).
import { api, followLiveChannel, invalidateOnLive } from '@skyportal/sdk/web';
import type { Classification, ClassificationInput, ClassificationsChangedMessage, Taxonomy } from '../types';

/** One tag per source: its classifications (and their votes) go stale together. */
const sourceTag = (objId: string) => ({ type: 'Classification' as const, id: objId });
const TAXONOMIES = { type: 'Taxonomy' as const, id: 'LIST' };

export const classificationsApi = api.enhanceEndpoints({ addTagTypes: ['Classification', 'Taxonomy'] }).injectEndpoints({
  endpoints: (build) => ({
    /** The taxonomies the caller can see (each with its tree), for the form and the list filter. */
    taxonomies: build.query<Taxonomy[], void>({
      query: () => '/api/taxonomy',
      providesTags: [TAXONOMIES],
    }),
    /** A source's classifications with their votes; subscribed to the source's channel while cached. */
    sourceClassifications: build.query<Classification[], string>({
      query: (objId) => `/api/sources/${encodeURIComponent(objId)}/classifications`,
      providesTags: (_result, _error, objId) => [sourceTag(objId)],
      onCacheEntryAdded: followLiveChannel((objId: string) => `source:${objId}`),
    }),
    classify: build.mutation<{ classification_id: number }, ClassificationInput>({
      query: (body) => ({ url: '/api/classification', method: 'POST', body }),
      invalidatesTags: (_result, _error, { obj_id }) => [sourceTag(obj_id)],
    }),
    deleteClassification: build.mutation<unknown, { id: number; objId: string }>({
      query: ({ id }) => ({ url: `/api/classification/${id}`, method: 'DELETE' }),
      invalidatesTags: (_result, _error, { objId }) => [sourceTag(objId)],
    }),
    /** `vote: null` withdraws the caller's vote. */
    vote: build.mutation<unknown, { id: number; objId: string; vote: 1 | -1 | null }>({
      query: ({ id, vote }) =>
        vote === null
          ? { url: `/api/classification/votes/${id}`, method: 'DELETE' }
          : { url: `/api/classification/votes/${id}`, method: 'POST', body: { vote } },
      invalidatesTags: (_result, _error, { objId }) => [sourceTag(objId)],
    }),
  }),
});

// Someone classified, voted or deleted on a source: its chips and list are stale, wherever shown.
invalidateOnLive<ClassificationsChangedMessage['data']>('classifications.changed', ({ data }) => (data ? [sourceTag(data.obj_id)] : []));

export const { useTaxonomiesQuery, useSourceClassificationsQuery, useClassifyMutation, useDeleteClassificationMutation, useVoteMutation } = classificationsApi;
