// The one transport to SkyPortal's JSON API, used by the data layer's base query (data.ts).
// Every response is an envelope: {"status":"success","data":…} or {"status":"error","message":…}.

/** A failed call: the HTTP status (0 when the server was not reached) and the server's message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** As SkyPortal, a signed-in caller lacking an ACL gets 401 too; the server then names the ACL. */
    readonly missingAcl?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;
export type Query = Record<string, QueryValue>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiFetchOptions {
  method?: HttpMethod;
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

const CSRF_COOKIE = 'skyportal.csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function readCookie(name: string): string | null {
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

/**
 * Calls the API with the session cookie and returns the envelope's data, or throws ApiRequestError.
 * Writes echo the `skyportal.csrf` cookie in `X-CSRF-Token`, as the server requires of cookie sessions.
 */
export async function apiFetch<T = unknown>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiRequestError(0, `${method} ${path}: the server could not be reached`);
  }
  let envelope: { status?: string; data?: unknown; message?: string } | null = null;
  try {
    envelope = await response.json();
  } catch {
    // Not JSON (a proxy error page, an empty 204): fall through to the status code.
  }
  if (!response.ok || envelope?.status === 'error') {
    const missingAcl = (envelope?.data as { missing_acl?: unknown } | undefined)?.missing_acl;
    throw new ApiRequestError(
      response.status,
      envelope?.message ?? `${method} ${path} failed: HTTP ${response.status}`,
      typeof missingAcl === 'string' ? missingAcl : undefined,
    );
  }
  return (envelope?.data ?? null) as T;
}
