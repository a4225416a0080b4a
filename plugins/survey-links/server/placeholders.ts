/**
 * The placeholders a survey's URL pattern may hold, and how each is written. One table, so the
 * startup check, the link builder and the README say the same thing. Every value is rounded once,
 * on the last digit shown (so 59.996 s carries into the minute, and 359.9999999° is 0° again, never
 * 360.000000 or 24:00:00.00), then percent-encoded as `encodeURIComponent` does, except `:`, which
 * URLs allow unescaped in paths, queries and fragments (sexagesimal stays readable: `10:00:00.00`).
 */
import { inputs } from '@skyportal/sdk';
import { decToSexagesimal, raToSexagesimal } from '@skyportal/sdk/sky';

/** What a link is built for: a position, and the source's id when there is a source. */
export interface LinkTarget {
  ra: number;
  dec: number;
  /** Arcseconds: the survey's own radius, or the plugin's default. */
  radiusArcsec: number;
  id?: string;
}

interface Placeholder {
  /** The README's description of the value's format. */
  format: string;
  /** The value, unencoded; undefined when the target lacks what it needs (no source id). */
  value(target: LinkTarget): string | undefined;
}

/** `value` with `digits` decimals; a negative value that rounds to zero is written without its sign. */
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** Up to `digits` decimals, trailing zeros dropped: 10 → "10", 1/6 → "0.1667". */
function trimmed(value: number, digits: number): string {
  return fixed(value, digits).replace(/\.?0+$/, '') || '0';
}

/** Right ascension in degrees within [0, 360), six decimals (1e-6° = 3.6 mas); 359.9999999 → "0.000000". */
export function raDegrees(ra: number): string {
  const text = fixed(inputs.normaliseRa(ra), 6);
  return text === '360.000000' ? '0.000000' : text;
}

/** Declination in degrees, six decimals, `-` when negative. */
export function decDegrees(dec: number): string {
  return fixed(dec, 6);
}

/** Right ascension as `HH:MM:SS.SS`, wrapping 24h to 00:00:00.00 (the SDK's, as pages write it). */
export const raHms = raToSexagesimal;

/** Declination as `±DD:MM:SS.S`, `+` when it rounds to zero (the SDK's, as pages write it). */
export const decDms = decToSexagesimal;

export const PLACEHOLDERS: Readonly<Record<string, Placeholder>> = Object.freeze({
  ra: { format: 'right ascension, degrees in [0, 360), 6 decimals: `150.000000`', value: (t) => raDegrees(t.ra) },
  dec: { format: 'declination, degrees, 6 decimals, `-` when negative: `-0.500000`', value: (t) => decDegrees(t.dec) },
  dec_signed: {
    format: 'as `{dec}`, with `+` when not negative (sent as `%2B`): `+2.000000`',
    value: (t) => (decDegrees(t.dec).startsWith('-') ? '' : '+') + decDegrees(t.dec),
  },
  ra_hms: { format: 'right ascension, `HH:MM:SS.SS` (hours; seconds to 0.01 s): `10:00:00.00`', value: (t) => raHms(t.ra) },
  dec_dms: { format: 'declination, `±DD:MM:SS.S` (always signed, `+` sent as `%2B`; arcseconds to 0.1″): `-00:30:00.0`', value: (t) => decDms(t.dec) },
  radius_arcsec: { format: "the survey's radius in arcseconds, up to 2 decimals, trailing zeros dropped: `10`", value: (t) => trimmed(t.radiusArcsec, 2) },
  radius_arcmin: { format: 'the radius in arcminutes, up to 4 decimals: `0.1667`', value: (t) => trimmed(t.radiusArcsec / 60, 4) },
  radius_deg: { format: 'the radius in degrees, up to 6 decimals: `0.002778`', value: (t) => trimmed(t.radiusArcsec / 3600, 6) },
  id: { format: "the source's id (links using it are left out of `GET /api/survey_links`, which has no source)", value: (t) => t.id },
});

const TOKEN = /\{([^{}]*)\}/g;

/** The URL-safe form of a value: encodeURIComponent's, with `:` kept. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':');
}

/** The placeholders a pattern uses, in order of appearance, or why it is not a usable pattern. */
export function placeholdersOf(url: string): { names: string[] } | { problem: string } {
  const names = [...url.matchAll(TOKEN)].map((match) => match[1]!);
  const unknown = names.filter((name) => !Object.hasOwn(PLACEHOLDERS, name));
  if (unknown.length) {
    return {
      problem: `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')} (known: ${Object.keys(PLACEHOLDERS)
        .map((name) => `{${name}}`)
        .join(', ')})`,
    };
  }
  // A brace left over is a typo (`{ra`, `dec}`); a URL has no raw braces of its own (they are %7B, %7D).
  if (/[{}]/.test(url.replace(TOKEN, ''))) return { problem: 'unbalanced { or } (write a literal brace as %7B or %7D)' };
  return { names };
}

/** The pattern with every placeholder replaced, or undefined when the target lacks one (no source id). */
export function fillPattern(url: string, target: LinkTarget): string | undefined {
  let missing = false;
  const filled = url.replace(TOKEN, (_whole, name: string) => {
    const value = PLACEHOLDERS[name]?.value(target);
    if (value === undefined) missing = true;
    return encodeValue(value ?? '');
  });
  return missing ? undefined : filled;
}
