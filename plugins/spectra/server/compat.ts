/**
 * Where the spectra plugin answers as SkyPortal does rather than by the platform's conventions,
 * because SkyPortal's clients (its loaders, notebooks, broker bridges) check these codes and words.
 * One module, so a reader sees what is there for compatibility; README ("Compatibility with
 * SkyPortal") lists each.
 */
import { ApiError, badRequest } from '@skyportal/sdk';

/**
 * A spectrum that does not exist *or that the caller may not see*: SkyPortal answers 403 `Could not
 * access spectrum <id>.` on its single-spectrum routes, and its clients (and tests) look for the
 * 403. Both cases answer exactly alike, so nothing is revealed.
 */
export function spectrumNotAccessible(id: number): ApiError {
  return new ApiError(403, `Could not access spectrum ${id}.`);
}

/**
 * A spectrum the caller sees but does not own, on a change or a deletion: SkyPortal answers 401
 * (its "not allowed" for the owner-only actions). Only the owner, or a system admin, changes one.
 */
export function notTheOwner(id: number): ApiError {
  return new ApiError(401, `Spectrum ${id}: only its owner (or a system admin) may change or delete it`);
}

/** A value outside a fixed list: marshmallow's words (`Must be one of: source, host.`), which SkyPortal's clients match. */
export function mustBeOneOf(values: readonly string[]): string {
  return `Must be one of: ${values.join(', ')}.`;
}

/** `type=rainbow` on the list: SkyPortal's sentence (its clients look for "not in list of allowed spectrum types"). */
export function unknownSpectrumType(type: string, allowed: readonly string[]): ApiError {
  return badRequest(`type: Spectrum type "${type}" is not in list of allowed spectrum types: ${allowed.join(', ')}.`);
}

/** An id list of the list's filters (`instrumentIDs=1,x`) that is not all integers: SkyPortal's words. */
export function idListNotIntegers(field: string, model: string, given: string): ApiError {
  return badRequest(`${field}: Invalid ${model} IDs field ("${given.slice(0, 200)}"); Could not parse all elements to integers`);
}

/** An id list naming rows that do not exist or are not the caller's: SkyPortal's words (missing and hidden alike). */
export function idListNotAccessible(field: string, model: string, given: string, why?: string): ApiError {
  return badRequest(`${field}: Invalid ${model} IDs field ("${given.slice(0, 200)}"); Not all ${model} IDs are valid/accessible${why ? ` (${why})` : ''}`);
}
