// The annotations plugin's server calls, injected into the SDK's one api (and its cache).
import { api, followLiveChannel, invalidateOnLive } from '@skyportal/sdk/web';
import type { Annotation, AnnotationsChangedMessage } from '../types';

/** One cache tag per source: its annotations go stale together. */
const sourceTag = (objId: string) => ({ type: 'Annotation' as const, id: `sources:${objId}` });

export const annotationsApi = api.enhanceEndpoints({ addTagTypes: ['Annotation'] }).injectEndpoints({
  endpoints: (build) => ({
    /** A source's annotations the user may read, by origin; subscribed to its channel while cached. */
    sourceAnnotations: build.query<Annotation[], string>({
      query: (objId) => `/api/sources/${encodeURIComponent(objId)}/annotations`,
      providesTags: (_result, _error, objId) => [sourceTag(objId)],
      onCacheEntryAdded: followLiveChannel((objId: string) => `source:${objId}`),
    }),
  }),
});

// An annotation of the source added, changed or deleted (by a broker, a script, a colleague): refetch.
invalidateOnLive<AnnotationsChangedMessage['data']>('annotations.changed', ({ data }) => (data && data.spectrum_id === null ? [sourceTag(data.obj_id)] : []));

export const { useSourceAnnotationsQuery } = annotationsApi;
