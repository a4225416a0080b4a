import { ApiError, badRequest, conflict } from '@skyportal/sdk';

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
}

function isPgError(error: unknown): error is PgError & Error {
  return error instanceof Error && typeof (error as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((error as PgError).code!);
}

/**
 * The answer to a PostgreSQL refusal that a caller's value caused, or undefined for any other
 * error. Schemas bound every input (`inputs` in the SDK), so reaching here means one bound is
 * missing: the caller still gets the 4xx their input deserves, never a 500, and the error
 * envelope logs it as a bug to fix in the route's schema.
 * - 23505 unique violation: 409 naming the column(s) (`name: already taken`), never the stored value;
 * - class 22 (data exception: out of range, bad text, NUL, date overflow) and 54000 (a value too
 *   large for an index): 400.
 */
export function databaseInputError(error: unknown): ApiError | undefined {
  if (!isPgError(error)) return undefined;
  if (error.code === '23505') {
    const columns = /^Key \(([^)]*)\)=/.exec(error.detail ?? '')?.[1] ?? error.constraint ?? 'value';
    return conflict(`${columns}: already taken`, { constraint: error.constraint ?? null });
  }
  if (error.code!.startsWith('22')) return badRequest(`Invalid input: a value is out of range or not valid for storage (${error.message})`);
  if (error.code === '54000') return badRequest('Invalid input: a value is too large to store');
  return undefined;
}
