import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: tokens, session ids, CSRF tokens. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
