/**
 * Where the photometry plugin answers as SkyPortal does rather than by this platform's own
 * conventions, because SkyPortal's clients (data loaders, broker bridges, notebooks) check these
 * words and codes. One module, so a reader sees what is there for compatibility; README
 * ("Compatibility with SkyPortal") lists each.
 */
import { badRequest, compat } from '@skyportal/sdk';

/** SkyPortal's words for a value its schema refuses; our messages go on to name the field and the range. */
export const INVALID_VALUE = 'Invalid value';

/**
 * A point that does not exist *or that the caller may not see*: SkyPortal answers 400 `Cannot find
 * photometry point with ID: <id>.` (scripts test for it). A hidden point answers exactly like a
 * missing one, so the answer never reveals that it exists.
 */
export function pointNotFound(id: number | string) {
  return compat.cannotFind(`photometry point with ID: ${id}.`);
}

/**
 * More rows than one post may hold: SkyPortal's sentence, word for word (its clients compare it
 * and split the upload); the field that gave the row count is in the error's data.
 */
export function tooManyRows(count: number, max: number, field: string) {
  return badRequest(`Maximum number of photometry rows to post exceeded: ${count} > ${max}. Please break up the data into smaller sets and try again`, {
    field,
  });
}

/** `GET /api/photometry` without an id: SkyPortal's route takes the id as optional and says it is missing. */
export function missingPointId() {
  return badRequest('Missing required parameter photometry_id (GET /api/photometry/{photometry_id})');
}

/** `duplicate_ignore_flux` asked by someone else than a system admin: SkyPortal's sentence (and its 400). */
export function ignoreFluxReserved() {
  return badRequest('duplicate_ignore_flux: Ignoring flux/fluxerr when checking for duplicates is reserved to super admin users only');
}
