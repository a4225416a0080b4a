import type { z } from 'zod';

/**
 * The one error type of the platform. Anything thrown as an ApiError becomes SkyPortal's error
 * envelope `{status: "error", message, data}` with the given HTTP status; anything else becomes a
 * 500 whose details stay in the log.
 */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 400 whose message names the offending field (and row, for bulk input). */
export function badRequest(message: string, data: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, message, data);
}

/** 404 for what does not exist *and* for what the caller may not see: never reveal existence. */
export function notFound(what: string): ApiError {
  return new ApiError(404, `${what} not found`);
}

export function forbidden(message = 'Insufficient permissions'): ApiError {
  return new ApiError(403, message);
}

export function unauthorized(message = 'Authentication required'): ApiError {
  return new ApiError(401, message);
}

export function conflict(message: string, data: Record<string, unknown> = {}): ApiError {
  return new ApiError(409, message, data);
}

/**
 * One way to say what failed validation: `mjd[3]: Invalid input: expected number`, each issue with
 * the field (and row) it is about, under `prefix` when given; `whole` names an issue about the root.
 */
export function describeIssues(error: z.ZodError, prefix?: string, whole = 'body'): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .replace(/^\./, '');
      const field = [prefix, path].filter(Boolean).join('.');
      return `${field || whole}: ${issue.message}`;
    })
    .join('; ');
}
