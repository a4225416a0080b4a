/**
 * Answers that follow SkyPortal rather than this platform's own conventions, because SkyPortal's
 * clients (data loaders, broker bridges, notebooks) check them. They live here, in one module, so a
 * reader sees what is there for compatibility; README ("Compatibility with SkyPortal") lists where
 * each is used. Everything else follows the platform's rules (errors.ts).
 */
import { ApiError } from './errors.js';

/**
 * A row that does not exist *or that the caller may not see*, on a route where SkyPortal answers
 * 400 rather than 404 (groups, telescopes, instruments, users, objs): `Cannot find <what>`, in
 * SkyPortal's words, e.g. `cannotFind(`Group with id ${id}`)`. A hidden row answers exactly like a
 * missing one, so the answer never reveals that it exists.
 */
export function cannotFind(what: string): ApiError {
  return new ApiError(400, `Cannot find ${what}`);
}

/**
 * A row the caller may not change through this route (not an admin of the group), on a route where
 * SkyPortal answers 400 `<what> not accessible` (adding or changing group members). Missing and
 * hidden rows answer the same.
 */
export function notAccessible(what: string, why?: string): ApiError {
  return new ApiError(400, `${what} not accessible${why ? `: ${why}` : ''}`);
}
