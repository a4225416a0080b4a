// Server data in the browser: one RTK Query api for the whole page. It lives here, in the SDK (a
// federation singleton), so the host and every remote share one cache and one middleware;
// plugins add their endpoints at run time with `api.injectEndpoints` (and their tag types with
// `api.enhanceEndpoints({ addTagTypes })`). A resource is then fetched once however many
// components show it, and a write or a live message invalidates it by tag.
import type { SerializedError } from '@reduxjs/toolkit';
import { createApi, type BaseQueryFn } from '@reduxjs/toolkit/query/react';
import { apiFetch, ApiRequestError, type HttpMethod, type Query } from './http';
import type { UserProfile } from './types';

/** What an endpoint's `query` returns: a path, or a path with method, JSON body and query parameters. */
export type ApiRequest = string | { url: string; method?: HttpMethod; body?: unknown; query?: Query };

/** A failed request as the cache stores it (plain data): HTTP status (0: server not reached) and the server's message. */
export interface ApiError {
  status: number;
  message: string;
  /** Set on a 401 for a signed-in caller who lacks this ACL (SkyPortal answers 401, not 403). */
  missingAcl?: string;
}

const PROFILE = 'Profile';

/** SkyPortal's envelope as RTK Query's result: `data`, or an ApiError with the server's message. */
const envelopeBaseQuery: BaseQueryFn<ApiRequest, unknown, ApiError> = async (request, { signal, dispatch, endpoint }) => {
  const { url, ...options } = typeof request === 'string' ? { url: request } : request;
  try {
    return { data: await apiFetch(url, { ...options, signal }) };
  } catch (error) {
    if (!(error instanceof ApiRequestError)) throw error; // aborted: RTK Query drops it
    // The session ended (expired, logged out elsewhere): ask for the profile again, whose 401
    // sends the user to the login page. Not for the profile itself, which would ask forever, nor
    // for a 401 naming a missing ACL: that user is still signed in.
    if (error.status === 401 && !error.missingAcl && endpoint !== 'profile') dispatch(api.util.invalidateTags([PROFILE]));
    return { error: { status: error.status, message: error.message, ...(error.missingAcl ? { missingAcl: error.missingAcl } : {}) } };
  }
};

export const api = createApi({
  reducerPath: 'api',
  baseQuery: envelopeBaseQuery,
  // Open-ended: plugins add their own tag types at run time, and live messages name them as strings.
  tagTypes: [PROFILE] as string[],
  endpoints: (build) => ({
    /** The signed-in user (401 when nobody is): every page needs it, plugins included. */
    profile: build.query<UserProfile, void>({ query: () => '/api/internal/profile', providesTags: [PROFILE] }),
  }),
});

export const { useProfileQuery } = api;

/** The signed-in user, or null while unknown or signed out. */
export function useProfile(): UserProfile | null {
  const { data, error } = useProfileQuery();
  return error ? null : (data ?? null);
}

/** An RTK Query hook's `error` as an ApiError, for messages and status checks (e.g. 404). */
export function apiErrorOf(error: ApiError | SerializedError | undefined): ApiError | undefined {
  if (!error) return undefined;
  if ('status' in error && typeof error.status === 'number') return error;
  return { status: 0, message: (error as SerializedError).message ?? 'Something went wrong' };
}
