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

/** SkyPortal's words for a required field that is absent (or an empty name), which its clients look for. */
export const MISSING_PARAMETER = 'Missing required parameter';

type Issue = z.ZodError['issues'][number];

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/**
 * The issue's message, in SkyPortal's words where its clients look for them: a field that is
 * absent, or a name that is empty, is `Missing required parameter` (with what was expected).
 * Needs the input the issue is about; without it, zod's message.
 */
function issueMessage(issue: Issue, input: { value: unknown } | undefined): string {
  if (!input) return issue.message;
  const value = valueAt(input.value, issue.path);
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value')) {
    const expected = issue.code === 'invalid_type' ? ` (expected ${issue.expected})` : '';
    return `${MISSING_PARAMETER}${expected}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1 && typeof value === 'string') {
    return `${MISSING_PARAMETER} (${issue.message})`;
  }
  return issue.message;
}

/**
 * One way to say what failed validation: `mjd[3]: Invalid input: expected number`, each issue with
 * the field (and row) it is about, under `prefix` when given; `whole` names an issue about the root.
 * Given the `input` that failed (a request part), absent fields say `Missing required parameter`.
 */
export function describeIssues(error: z.ZodError, prefix?: string, whole = 'body', input?: { value: unknown }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .replace(/^\./, '');
      const field = [prefix, path].filter(Boolean).join('.');
      return `${field || whole}: ${issueMessage(issue, input)}`;
    })
    .join('; ');
}
