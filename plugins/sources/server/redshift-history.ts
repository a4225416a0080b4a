/**
 * An obj's `redshift_history` (SkyPortal's): one entry per change of its redshift through the
 * routes that write objs, oldest first, so a scanner can see who set the value shown and what it
 * was before. Setting the value it already has adds nothing.
 */
import type { Knex } from '@skyportal/sdk';
import type { RedshiftHistoryEntry } from '../types.js';

/** What a write gives about the redshift (the fields of POST/PATCH /api/sources). */
export interface RedshiftInput {
  redshift?: number | null;
  redshift_error?: number | null;
  redshift_origin?: string | null;
}

/** The entry `input` would add, set by `userId` (null: a plugin's write without a user); undefined when it sets no redshift. */
export function redshiftEntry(input: RedshiftInput, userId: number | null): RedshiftHistoryEntry | undefined {
  if (input.redshift === undefined) return undefined;
  const entry: RedshiftHistoryEntry = {
    set_by_user_id: userId,
    set_at_utc: new Date().toISOString(),
    value: input.redshift,
    uncertainty: input.redshift_error ?? null,
  };
  if (input.redshift_origin) entry.origin = input.redshift_origin;
  return entry;
}

/** The history of a new obj: its first redshift, if it has one. */
export function firstHistory(entry: RedshiftHistoryEntry | undefined): string | null {
  return entry && entry.value !== null ? JSON.stringify([entry]) : null;
}

/**
 * The `redshift_history` of an UPDATE of `objs` that sets the redshift: the entry appended when
 * the value differs from the row's (compared in the statement, against the row it replaces, so
 * concurrent writers cannot both skip or both add on a stale read).
 */
export function appendedHistory(db: Knex, entry: RedshiftHistoryEntry): Knex.Raw {
  return db.raw("CASE WHEN redshift IS DISTINCT FROM ?::double precision THEN coalesce(redshift_history, '[]'::jsonb) || ?::jsonb ELSE redshift_history END", [
    entry.value,
    JSON.stringify([entry]),
  ]);
}
