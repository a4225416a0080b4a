// What the upload form reads from a parsed file's header to fill itself in, and how it names a
// problem's field. Free of React so it is cheap to test.
import { mjdToDate } from '@skyportal/sdk/web';
import type { InstrumentChoice } from './api';

/** A header value as the parser gives it: a FITS card with a comment is `{value, comment}`. */
const valueOf = (raw: unknown): unknown => (raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw);

function keyword(altdata: Record<string, unknown> | null, ...names: string[]): unknown {
  if (!altdata) return undefined;
  const byUpper = new Map(Object.entries(altdata).map(([k, v]) => [k.toUpperCase(), v]));
  for (const name of names) {
    const value = valueOf(byUpper.get(name));
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC, as a datetime-local box shows it. */
export const toUtcInput = (date: Date) => date.toISOString().slice(0, 19);

/** When the header says the spectrum was taken (`DATE-OBS`, else `MJD-OBS`/`MJD`), for the date box. */
export function observedAtFromHeader(altdata: Record<string, unknown> | null): string | null {
  const iso = keyword(altdata, 'DATE-OBS', 'DATE_OBS', 'OBSDATE', 'UTSHUT');
  if (typeof iso === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso)) {
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
    if (!Number.isNaN(date.getTime())) return toUtcInput(date);
  }
  const mjd = Number(keyword(altdata, 'MJD-OBS', 'MJD_OBS', 'MJD'));
  if (Number.isFinite(mjd) && mjd > 15_000 && mjd < 100_000) return toUtcInput(mjdToDate(mjd));
  return null;
}

/** The instrument the header names (`INSTRUME`, `INSTRUMENT`), when exactly one of the site's matches. */
export function instrumentFromHeader(altdata: Record<string, unknown> | null, instruments: readonly InstrumentChoice[]): number | null {
  const named = keyword(altdata, 'INSTRUME', 'INSTRUMENT');
  if (typeof named !== 'string' || !named.trim()) return null;
  const text = named.trim().toLowerCase();
  const exact = instruments.filter((i) => i.name.toLowerCase() === text);
  if (exact.length === 1) return exact[0]!.id;
  // Headers often say more than the name ("LRIS+LRISBLUE"): the instrument whose name begins it.
  const prefix = instruments.filter((i) => text.startsWith(i.name.toLowerCase()));
  return prefix.length === 1 ? prefix[0]!.id : null;
}

/** The form's fields, by the names the API gives them in its messages (`observed_at: ...`). */
export const UPLOAD_FIELDS = ['file', 'wave_column', 'flux_column', 'fluxerr_column', 'instrument_id', 'observed_at', 'group_ids', 'label'] as const;
export type UploadField = (typeof UPLOAD_FIELDS)[number];

/**
 * Which field a server message is about: the API starts a 400's message with the field's name
 * (`observed_at: Invalid ISO datetime`, `instrument_id: ...`), or names the file's line and
 * column for a bad pixel (`ascii: line 12 ...`), which is the file's field here.
 */
export function fieldOfMessage(message: string): UploadField | null {
  const match = /^\s*(?:body\.)?([a-z_]+)/i.exec(message);
  const name = match?.[1]?.toLowerCase();
  if (!name) return null;
  if (name === 'ascii' || name === 'filename' || name === 'wavelengths' || name === 'fluxes' || name === 'errors') return 'file';
  return (UPLOAD_FIELDS as readonly string[]).includes(name) ? (name as UploadField) : null;
}
