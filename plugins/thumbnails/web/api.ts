// The thumbnails plugin's server call, injected into the SDK's one api (and its cache).
import { api } from '@skyportal/sdk/web';
import type { Thumbnail } from '../types';

export const thumbnailsApi = api.enhanceEndpoints({ addTagTypes: ['Thumbnails'] }).injectEndpoints({
  endpoints: (build) => ({
    /** A source's thumbnails: its stored images and the survey cutouts of its position, in the server's order (not the whole source again). */
    sourceThumbnails: build.query<Thumbnail[], string>({
      query: (sourceId) => `/api/sources/${encodeURIComponent(sourceId)}/thumbnails`,
      providesTags: (_result, _error, sourceId) => [{ type: 'Thumbnails', id: sourceId }],
    }),
  }),
});

export const { useSourceThumbnailsQuery } = thumbnailsApi;
