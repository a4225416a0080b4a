import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * A name no other test has used, for rows whose names are unique on the site (groups, sources,
 * telescopes): `prefix`, then the time, a counter and random letters, all lowercase and digits.
 */
export function uniqueId(prefix = 'id'): string {
  return `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}${randomBytes(2).toString('hex')}`;
}
