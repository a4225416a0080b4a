import { hash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: tokens, session ids, CSRF tokens. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Hex SHA-256 (a token's stored form). The one-shot `crypto.hash` allocates no Hash object: every
 * token-authenticated request hashes its token, and the Hash objects cost more in garbage
 * collection than the digest itself.
 */
export function sha256(value: string): string {
  return hash('sha256', value, 'hex');
}
