// The plugin's one server call, on the SDK's shared api (one cache for the page).
import { api } from '@skyportal/sdk/web';
import type { SurveyLink } from '../types';

export const surveyLinksApi = api.enhanceEndpoints({ addTagTypes: ['Source'] }).injectEndpoints({
  endpoints: (build) => ({
    /** The configured surveys' links for a source, in configured order. */
    surveyLinks: build.query<SurveyLink[], string>({
      query: (sourceId) => `/api/sources/${encodeURIComponent(sourceId)}/survey_links`,
      // The sources plugin's tag for one source: a new position (PATCH) makes the links stale too.
      providesTags: (_result, _error, sourceId) => [{ type: 'Source', id: sourceId }],
    }),
  }),
});

export const { useSurveyLinksQuery } = surveyLinksApi;
