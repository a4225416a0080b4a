// The spectra plugin's server calls, injected into the SDK's one api (and its cache).
import { api, followLiveChannel, invalidateOnLive } from '@skyportal/sdk/web';
import type { ParsedSpectrum, SourceSpectra, SpectraChangedMessage, Spectrum } from '../types';

/** Which columns of an ASCII file hold what (0-based), as the parse and upload routes take them. */
export interface AsciiColumns {
  wave_column: number;
  flux_column: number;
  fluxerr_column: number | null;
}

export interface AsciiUpload extends AsciiColumns {
  ascii: string;
  filename: string;
  obj_id: string;
  instrument_id: number;
  /** ISO 8601, UTC. */
  observed_at: string;
  group_ids?: number[];
  label?: string;
  type?: string;
}

/** `GET /api/instrument`: what the upload form offers (the fields it shows). */
export interface InstrumentChoice {
  id: number;
  name: string;
  type: string;
  telescope: { id: number; name: string; nickname: string | null };
}

export const spectraApi = api.enhanceEndpoints({ addTagTypes: ['Spectra'] }).injectEndpoints({
  endpoints: (build) => ({
    /**
     * A source's spectra, each divided by its median |flux| so spectra of different brightness and
     * units share one axis. One cache entry per source; it stays subscribed to `source:<id>` while
     * cached, where spectra added, changed or deleted are announced.
     */
    sourceSpectra: build.query<SourceSpectra, string>({
      query: (sourceId) => ({ url: `/api/sources/${encodeURIComponent(sourceId)}/spectra`, query: { normalization: 'median' } }),
      providesTags: (_result, _error, sourceId) => [{ type: 'Spectra', id: sourceId }],
      onCacheEntryAdded: followLiveChannel((sourceId: string) => `source:${sourceId}`),
    }),
    /** One spectrum as stored (not normalised), with its uploaded file: what a download gives. */
    spectrumAsStored: build.query<Spectrum, number>({
      query: (id) => ({ url: `/api/spectra/${id}`, query: { includeOriginalFile: true } }),
      providesTags: (result) => (result ? [{ type: 'Spectra', id: result.obj_id }] : []),
    }),
    spectraInstruments: build.query<InstrumentChoice[], void>({ query: () => '/api/instrument' }),
    /** What a file holds, nothing stored: the upload form's preview. */
    parseAsciiSpectrum: build.mutation<ParsedSpectrum, AsciiColumns & { ascii: string }>({
      query: (body) => ({ url: '/api/spectra/parse/ascii', method: 'POST', body }),
    }),
    uploadAsciiSpectrum: build.mutation<{ id: number }, AsciiUpload>({
      query: (body) => ({ url: '/api/spectra/ascii', method: 'POST', body }),
      invalidatesTags: (_result, _error, { obj_id }) => [{ type: 'Spectra', id: obj_id }],
    }),
  }),
});

// A spectrum added, changed or deleted makes its source's spectra stale, wherever they are shown.
invalidateOnLive<SpectraChangedMessage['data']>('spectra.changed', (message) => (message.data ? [{ type: 'Spectra', id: message.data.obj_id }] : []));

export const {
  useSourceSpectraQuery,
  useLazySpectrumAsStoredQuery,
  useSpectraInstrumentsQuery,
  useParseAsciiSpectrumMutation,
  useUploadAsciiSpectrumMutation,
} = spectraApi;
