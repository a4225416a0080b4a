// Coordinate and time formatting used by the host and by plugins.

// One writer of sexagesimal positions for servers and pages (sky.ts has no runtime dependencies).
export { raToSexagesimal, decToSexagesimal } from '../sky';

/** Degrees with a fixed number of decimals, the way SkyPortal lists positions. */
export function formatDegrees(value: number | null | undefined, digits = 6): string {
  return value == null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

const DEG = Math.PI / 180;
// J2000 → galactic rotation: north galactic pole and the galactic longitude of the celestial pole.
const NGP_RA = 192.85948 * DEG;
const NGP_DEC = 27.12825 * DEG;
const L_NCP = 122.93192 * DEG;

/** J2000 equatorial (degrees) → galactic l, b (degrees). */
export function equatorialToGalactic(raDeg: number, decDeg: number): { l: number; b: number } {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  const sinB = Math.sin(dec) * Math.sin(NGP_DEC) + Math.cos(dec) * Math.cos(NGP_DEC) * Math.cos(ra - NGP_RA);
  const b = Math.asin(Math.max(-1, Math.min(1, sinB)));
  const y = Math.cos(dec) * Math.sin(ra - NGP_RA);
  const x = Math.sin(dec) * Math.cos(NGP_DEC) - Math.cos(dec) * Math.sin(NGP_DEC) * Math.cos(ra - NGP_RA);
  let l = L_NCP - Math.atan2(y, x);
  l = (((l / DEG) % 360) + 360) % 360;
  return { l, b: b / DEG };
}

const MJD_UNIX_EPOCH = 40587; // MJD of 1970-01-01T00:00:00Z

export function mjdNow(now: Date = new Date()): number {
  return now.getTime() / 86400000 + MJD_UNIX_EPOCH;
}

export function mjdToDate(mjd: number): Date {
  return new Date((mjd - MJD_UNIX_EPOCH) * 86400000);
}

/** A zone at the end of an ISO 8601 date-time: `Z`, `+02:00`, `-0500`. */
const ZONE = /(?:[zZ]|[+-]\d\d:?\d\d)$/;

/**
 * The instant a timestamp of the API names. The API writes timestamps as SkyPortal does, in UTC
 * without a zone (`2021-03-01T12:00:00.123`), which `new Date` would read as the browser's local
 * time: a date-time without a zone is UTC here.
 */
export function parseUtc(iso: string): Date {
  return new Date(iso.includes('T') && !ZONE.test(iso) ? `${iso}Z` : iso);
}

/** ISO timestamp → "YYYY-MM-DD HH:MM" in UTC, compact enough for tables. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = parseUtc(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 16).replace('T', ' ');
}
