// Database helpers every plugin would otherwise write by hand.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pgCopy from 'pg-copy-streams';
import type { Knex } from './knex-types.js';

/** Whether a database error is a unique-constraint violation (optionally of one constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const { code, constraint: name } = (error ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && (constraint === undefined || name === constraint);
}

/** A value in COPY's text format: backslash escapes, `\N` for NULL (and for NaN numbers). */
export function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return Number.isNaN(value) ? '\\N' : String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

/**
 * Streams rows into a table with one `COPY ... FROM STDIN` on the transaction's own connection:
 * the fastest way to load many rows (an order of magnitude over INSERT). `lines` yields chunks of
 * COPY text, each line tab-separated values built with `copyValue` and ending in `\n`.
 */
export async function copyInto(trx: Knex.Transaction, target: string, lines: Iterable<string> | AsyncIterable<string>): Promise<void> {
  // knex hands out the transaction's connection to a caller inside it; pg-copy-streams needs it raw.
  const connection = (await trx.client.acquireConnection()) as { query<T>(stream: T): T };
  const copy = connection.query(pgCopy.from(`COPY ${target} FROM STDIN`));
  await pipeline(Readable.from(lines), copy);
}
