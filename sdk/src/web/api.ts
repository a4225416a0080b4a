// Calls to SkyPortal's JSON API. Every response is an envelope:
// {"status":"success","data":…} or {"status":"error","message":…}.
import { useCallback, useEffect, useMemo, useState } from 'react';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;
export type Query = Record<string, QueryValue>;

export interface ApiFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

const CSRF_COOKIE = 'skyportal.csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Adds query parameters, skipping empty ones; arrays become comma lists as SkyPortal expects. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  if (!text) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

let onUnauthorized: (() => void) | null = null;

/**
 * The host registers what to do when the session has expired (a 401 from any call, except one
 * that names a missing ACL), so plugins need not handle it themselves.
 */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export async function apiFetch<T = unknown>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  let envelope: { status?: string; data?: unknown; message?: string } | null = null;
  try {
    envelope = await response.json();
  } catch {
    // Not JSON (a proxy error page, an empty 204): fall through to the status code.
  }
  // As SkyPortal, a signed-in caller lacking an ACL also gets 401; the server names the ACL then.
  const missingAcl = (envelope?.data as { missing_acl?: unknown } | undefined)?.missing_acl !== undefined;
  if (response.status === 401 && !missingAcl) onUnauthorized?.();
  if (!response.ok || envelope?.status === 'error') {
    throw new ApiRequestError(response.status, envelope?.message ?? `${method} ${path} failed: HTTP ${response.status}`);
  }
  return (envelope?.data ?? null) as T;
}

export interface Api {
  get<T = unknown>(path: string, query?: Query): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  put<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown): Promise<T>;
  del<T = unknown>(path: string): Promise<T>;
}

const api: Api = {
  get: (path, query) => apiFetch(path, { query }),
  post: (path, body) => apiFetch(path, { method: 'POST', body }),
  put: (path, body) => apiFetch(path, { method: 'PUT', body }),
  patch: (path, body) => apiFetch(path, { method: 'PATCH', body }),
  del: (path) => apiFetch(path, { method: 'DELETE' }),
};

/** The API client; a hook so a later version can add per-component concerns without changing callers. */
export function useApi(): Api {
  return api;
}

export interface ApiQueryState<T> {
  data: T | undefined;
  error: ApiRequestError | Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null skips) and refetches when path, query or reload() change. Old data stays visible while reloading. */
export function useApiQuery<T = unknown>(path: string | null, query?: Query): ApiQueryState<T> {
  const url = path === null ? null : withQuery(path, query);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: url !== null });

  useEffect(() => {
    if (url === null) {
      setState({ loading: false });
      return undefined;
    }
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    apiFetch<T>(url, { signal: controller.signal }).then(
      (data) => setState({ data, loading: false }),
      (error: Error) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [url, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return useMemo(() => ({ ...state, data: state.data, error: state.error, reload }), [state, reload]);
}
