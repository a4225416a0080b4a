// The photometry plugin's server calls, injected into the SDK's one api (and its cache).
import { api, followLiveChannel, invalidateOnLive } from '@skyportal/sdk/web';
import type { PhotometryAddedMessage } from '../types';
import type { LightCurve } from './types';

export const photometryApi = api.enhanceEndpoints({ addTagTypes: ['Photometry'] }).injectEndpoints({
  endpoints: (build) => ({
    /**
     * A source's light curve in both magnitudes and fluxes (AB), so switching units costs no
     * request; as lists per field (`layout=columns`), a fifth of the JSON of an object per
     * point. One cache entry per source, however many panels show it; it stays subscribed to
     * `source:<id>` while cached, where new points are announced.
     */
    sourcePhotometry: build.query<LightCurve, string>({
      query: (sourceId) => ({
        url: `/api/sources/${encodeURIComponent(sourceId)}/photometry`,
        query: { format: 'both', magsys: 'ab', layout: 'columns' },
      }),
      providesTags: (_result, _error, sourceId) => [{ type: 'Photometry', id: sourceId }],
      onCacheEntryAdded: followLiveChannel((sourceId: string) => `source:${sourceId}`),
    }),
  }),
});

// New points on a source make its light curve stale, wherever on the page it is shown.
invalidateOnLive<PhotometryAddedMessage['data']>('photometry.added', (message) => (message.data ? [{ type: 'Photometry', id: message.data.obj_id }] : []));

export const { useSourcePhotometryQuery } = photometryApi;
