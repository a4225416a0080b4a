// The scanning page's server calls, injected into the SDK's one api (and its cache).
import { api } from '@skyportal/sdk/web';
import type { CandidatePage, ScanFilter } from './model';
import type { CandidateQuery } from './query';

export const candidatesApi = api.enhanceEndpoints({ addTagTypes: ['ScanFilters'] }).injectEndpoints({
  endpoints: (build) => ({
    /** Filters of the user's groups (what may be scanned). */
    scanFilters: build.query<ScanFilter[], void>({
      query: () => '/api/filters',
      providesTags: ['ScanFilters'],
    }),
    /**
     * One page of candidates. No tags on purpose: nothing (a save, a live message) refetches it
     * behind the scanner's back; the page shows what changed itself and asks for new arrivals only
     * when the scanner does.
     */
    candidatePage: build.query<CandidatePage, { query: CandidateQuery; generation: number }>({
      // `generation` only tells requests of page 1 apart (the scanner asked for new arrivals).
      query: ({ query }) => ({ url: '/api/candidates', query }),
      keepUnusedDataFor: 600,
    }),
    /** Save as a source to groups (the sources plugin's route: it creates the source or adds groups). */
    saveCandidate: build.mutation<{ id: string }, { id: string; ra: number; dec: number; group_ids: number[] }>({
      query: (body) => ({ url: '/api/sources', method: 'POST', body }),
    }),
    /** Put it on the user's list of rejected candidates (left out of later scans). */
    rejectCandidate: build.mutation<{ id: number }, { user_id: number; obj_id: string; list_name: string }>({
      query: (body) => ({ url: '/api/listing', method: 'POST', body }),
    }),
    /** Take a rejection back. */
    deleteListing: build.mutation<unknown, number>({
      query: (id) => ({ url: `/api/listing/${id}`, method: 'DELETE' }),
    }),
  }),
});

export const { useScanFiltersQuery, useCandidatePageQuery, useSaveCandidateMutation, useRejectCandidateMutation, useDeleteListingMutation } = candidatesApi;

/** The survey-links plugin's position links, when that plugin is on (its route; the page asks only then). */
export const surveyLinksApi = api.injectEndpoints({
  endpoints: (build) => ({
    scanSurveyLinks: build.query<{ name: string; url: string; description: string | null; group: string | null }[], { ra: number; dec: number }>({
      query: ({ ra, dec }) => ({ url: '/api/survey_links', query: { ra, dec } }),
      keepUnusedDataFor: 3600,
    }),
  }),
});

export const { useScanSurveyLinksQuery } = surveyLinksApi;
