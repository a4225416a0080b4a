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
