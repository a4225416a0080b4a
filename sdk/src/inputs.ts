/**
 * Building blocks for every input schema of core and the plugins: one rule per kind of value, so
 * a route cannot forget a bound. Each states its range or length in the zod schema (and so in the
 * OpenAPI document), and the same rule is exported as a plain check for the few parsers that are
 * not written in zod (the photometry column format).
 *
 * Why each bound: PostgreSQL refuses what JavaScript accepts — integers past int4, NUL in text,
 * lone UTF-16 surrogates in jsonb, index entries over ~2.7 kB, dates past its calendar — and a
 * refusal there is a 500 after work was done. Here it is a 400 naming the field, before anything.
 */
import { z } from 'zod';
import { badRequest, describeIssues } from './errors.js';

/** Largest value of a PostgreSQL `integer` (serial) column. */
export const INT4_MAX = 2 ** 31 - 1;

// ---------------------------------------------------------------------------------------------
// Text

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Control characters (C0, DEL, C1): never part of a name. */
const CONTROL = /\p{Cc}/u;
/** Characters that show nothing (format characters such as zero-width spaces, and whitespace). */
const INVISIBLE = /^[\p{Cf}\p{Z}\s]*$/u;
const FORMAT_OR_SPACE = /[\p{Cf}\p{Z}\s]/u;

/** Why a string cannot be stored as text (NUL, lone surrogate), or undefined. Any text, any field. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/**
 * How strictly a string is checked:
 * - `text`: free text (descriptions, comments): no NUL, valid Unicode, bounded.
 * - `name`: names things (groups, telescopes, people): also NFC-normalised and trimmed, no control
 *   characters, and at least one visible character (two zero-width spaces are not a name).
 * - `identifier`: names that are keys and appear in URLs (source ids, usernames): also no
 *   whitespace and no invisible format characters anywhere, so two ids that look alike are alike.
 */
export type TextKind = 'text' | 'name' | 'identifier';

export interface TextRule {
  kind: TextKind;
  /** Maximum length in UTF-16 code units, after normalisation. */
  max: number;
  /** Minimum length (default 1 for names and identifiers, 0 for text). */
  min?: number;
}

/** The value as stored: names and identifiers are NFC-normalised and trimmed; text is as given. */
export function normaliseText(value: string, kind: TextKind): string {
  return kind === 'text' ? value : value.normalize('NFC').trim();
}

/** What is wrong with the characters of `value` (already normalised) for `kind`, or undefined. */
function contentProblem(value: string, kind: TextKind): string | undefined {
  const basic = textProblem(value);
  if (basic || kind === 'text' || value === '') return basic;
  if (CONTROL.test(value)) return 'contains a control character';
  if (INVISIBLE.test(value)) return 'has no visible character';
  if (kind === 'identifier' && FORMAT_OR_SPACE.test(value)) return 'contains whitespace or an invisible character';
  return undefined;
}

/** Why `value` (already normalised) breaks `rule`, or undefined. */
export function textRuleProblem(value: string, rule: TextRule): string | undefined {
  const min = rule.min ?? (rule.kind === 'text' ? 0 : 1);
  if (value.length > rule.max) return `at most ${rule.max} characters, got ${value.length}`;
  if (value.length < min) return min === 1 ? 'must not be empty' : `at least ${min} characters, got ${value.length}`;
  return contentProblem(value, rule.kind);
}

const KIND_NOTE: Record<TextKind, string> = {
  text: 'No NUL characters; valid Unicode.',
  name: 'NFC-normalised and trimmed; no NUL or control characters; at least one visible character.',
  identifier: 'NFC-normalised and trimmed; no NUL, control, whitespace or invisible characters.',
};

/** A string field following `rule`: normalised as stored, its bounds in the OpenAPI document. */
export function textField(rule: TextRule) {
  const min = rule.min ?? (rule.kind === 'text' ? 0 : 1);
  let schema = z.string();
  if (rule.kind !== 'text') schema = schema.normalize('NFC').trim();
  schema = schema.max(rule.max, `at most ${rule.max} characters`);
  if (min > 0) schema = schema.min(min, min === 1 ? 'must not be empty' : `at least ${min} characters`);
  // Lengths are zod's own checks (so they reach the OpenAPI document); the characters are ours.
  return schema
    .superRefine((value, ctx) => {
      const problem = contentProblem(value, rule.kind);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(KIND_NOTE[rule.kind]);
}

/** Free text of at most `max` characters. */
export const text = (max: number) => textField({ kind: 'text', max });
/** A name of at most `max` characters (see `TextKind`). */
export const name = (max: number) => textField({ kind: 'name', max });
/** An identifier of at most `max` characters (see `TextKind`). */
export const identifier = (max: number) => textField({ kind: 'identifier', max });

// ---------------------------------------------------------------------------------------------
// Numbers

/** A closed or half-open interval; every bound optional. */
export interface Bounds {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  gt?: number;
  /** Exclusive upper bound. */
  lt?: number;
}

/** `[0, 360)`, `> -1`, ... for messages. */
export function describeBounds(bounds: Bounds): string {
  const low = bounds.gt !== undefined ? `(${bounds.gt}` : bounds.min !== undefined ? `[${bounds.min}` : '(-∞';
  const high = bounds.lt !== undefined ? `${bounds.lt})` : bounds.max !== undefined ? `${bounds.max}]` : '∞)';
  return `${low}, ${high}`;
}

/** Why `value` is not a finite number within `bounds`, or undefined. */
export function boundsProblem(value: number, bounds: Bounds): string | undefined {
  if (!Number.isFinite(value)) return `expected a finite number, got ${value}`;
  const { min, max, gt, lt } = bounds;
  if ((min !== undefined && value < min) || (max !== undefined && value > max) || (gt !== undefined && value <= gt) || (lt !== undefined && value >= lt)) {
    return `must be within ${describeBounds(bounds)}, got ${value}`;
  }
  return undefined;
}

/** A plain decimal number as text: `12`, `-0.5`, `1e3`. Not hex, not `Infinity`, not empty. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a decimal string spells, or undefined (`"0x10"`, `""`, `"Infinity"` spell none). */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/** Query strings and SkyPortal clients send numbers as text: decimal text becomes a number, anything else fails as "expected number". */
const fromDecimalText = (value: unknown) => (typeof value === 'string' ? (parseDecimal(value) ?? value) : value);

function bounded(schema: z.ZodNumber, bounds: Bounds): z.ZodNumber {
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.gt !== undefined) schema = schema.gt(bounds.gt);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  if (bounds.lt !== undefined) schema = schema.lt(bounds.lt);
  return schema;
}

/** A finite number within `bounds` (JSON bodies: numbers only; zod already refuses NaN and ±Infinity). */
export const finite = (bounds: Bounds, description?: string) => {
  const schema = bounded(z.number(), bounds);
  return description ? schema.describe(description) : schema;
};

/** As `finite`, also accepting decimal text (query parameters, and clients that quote numbers). */
export const finiteFromText = (bounds: Bounds, description?: string) => z.preprocess(fromDecimalText, finite(bounds, description));

/** An integer within [min, max], as a number or decimal text (zod's `int()` alone stops at 2⁵³−1). */
export const integerFromText = (min: number, max: number) => {
  const integer = z.number().int().min(min);
  return z.preprocess(fromDecimalText, max < Number.MAX_SAFE_INTEGER ? integer.max(max) : integer);
};

/**
 * A database id (`integer`/`serial` column): 1 … 2³¹−1, as a number or decimal text. Past the
 * column's range it is a 400, never a query that fails (or an id that wraps to another row).
 */
export const dbId = integerFromText(1, INT4_MAX);

/** A `bigserial` id: 1 … 2⁵³−1 (the integers JavaScript holds exactly). */
export const bigDbId = integerFromText(1, Number.MAX_SAFE_INTEGER);

/** Why `value` is not a database id, or undefined (for parsers not written in zod). */
export function dbIdProblem(value: unknown): string | undefined {
  const n = typeof value === 'string' ? parseDecimal(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return `expected an integer id, got ${JSON.stringify(value)}`;
  if (n < 1 || n > INT4_MAX) return `must be an id within [1, ${INT4_MAX}], got ${n}`;
  return undefined;
}

/** A list of database ids, in a JSON body. */
export const dbIdArray = (maxItems = 1000) => z.array(dbId).max(maxItems);

/** A list of ids in a query: `group_ids=1,2` or `group_ids=1&group_ids=2`. */
export const dbIdList = z.preprocess((value) => {
  if (value === undefined || value === '') return undefined;
  const parts = Array.isArray(value) ? value : String(value).split(',');
  return parts.map((part) => (typeof part === 'string' ? part.trim() : part));
}, z.array(dbId).max(1000).optional());

// ---------------------------------------------------------------------------------------------
// Flags

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/**
 * A yes/no query parameter (`includeGroupUsers=false`): `true`/`false` in any case (SkyPortal's
 * Python clients send `True` and `False`), `1`/`0`, `yes`/`no`, or a JSON boolean. Anything else is
 * refused, never read as "yes" because it is not empty.
 */
export const flag = () =>
  z.preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      const word = value.trim().toLowerCase();
      return TRUE.has(word) ? true : FALSE.has(word) ? false : value;
    },
    z.boolean({ error: 'expected true or false' }),
  );

// ---------------------------------------------------------------------------------------------
// Free-form JSON

/** Why `value` is not a JSON object of at most `maxBytes` bytes (as JSON text), or undefined. */
export function jsonObjectProblem(value: unknown, maxBytes: number): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object';
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  return bytes > maxBytes ? `${bytes} bytes of JSON, more than the ${maxBytes} allowed` : undefined;
}

/**
 * A free-form JSON object (`altdata`) of at most `maxBytes` as JSON text: stored once, it is sent
 * to every reader of the row (a 10 MB altdata on one photometry point went to every viewer of its
 * light curve). NUL, lone surrogates and depth are core's checks, as for any input.
 */
export const jsonObject = (maxBytes: number) =>
  z
    .record(z.string().max(200), z.unknown())
    .superRefine((value, ctx) => {
      const problem = jsonObjectProblem(value, maxBytes);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(`A JSON object of at most ${maxBytes} bytes`);

// ---------------------------------------------------------------------------------------------
// Astronomy

/**
 * Right ascension as stored and answered: degrees within [0, 360). Given, it may be anywhere in
 * `RA_GIVEN` and is normalised into [0, 360) on every route (bodies, cone searches, photometry):
 * SkyPortal accepts ra 500 (its own tests post it) and −180…180 is a common convention. Beyond one
 * turn either way it is refused: ra=1e300 is no position, and its remainder is noise.
 */
export const RA: Bounds = { min: 0, lt: 360 };
export const RA_GIVEN: Bounds = { min: -360, max: 720 };

/** `ra` into [0, 360): 360 → 0, 720 → 0, −10 → 350. */
export function normaliseRa(ra: number): number {
  const turned = ra % 360;
  const normalised = turned < 0 ? turned + 360 : turned;
  // −1e-14 % 360 + 360 rounds to 360 itself; and −0 is 0.
  return normalised >= 360 || normalised === 0 ? 0 : normalised;
}

/** Declination in degrees. */
export const DEC: Bounds = { min: -90, max: 90 };
/** Redshift: z > −1 by definition (1 + z > 0); nothing observed is past z ≈ 20, 100 leaves room. */
export const REDSHIFT: Bounds = { gt: -1, max: 100 };
/** A positional uncertainty in degrees: not negative, at most the whole sky. */
export const POSITION_UNCERTAINTY: Bounds = { min: 0, max: 180 };
/**
 * Modified Julian Date: −100,000 … 100,000 (years 1585 … 2132). Earlier than the oldest plates,
 * later than any schedule; the bound also keeps every conversion to a date finite.
 */
export const MJD: Bounds = { min: -100_000, max: 100_000 };

const RA_NOTE = 'Right ascension, degrees, within [-360, 720]; normalised into [0, 360) (360 and 720 are 0, -10 is 350)';
/** Right ascension in a body: within `RA_GIVEN`, normalised into [0, 360). */
export const ra = (description = RA_NOTE) => finite(RA_GIVEN, description).transform(normaliseRa);
/** Right ascension in a query (decimal text): within `RA_GIVEN`, normalised into [0, 360). */
export const raFromText = (description = RA_NOTE) => finiteFromText(RA_GIVEN, description).transform(normaliseRa);
export const dec = (description = 'Declination, degrees, within [-90, 90]') => finite(DEC, description);
export const redshift = () => finite(REDSHIFT, 'Redshift, within (-1, 100]');

// ---------------------------------------------------------------------------------------------
// Dates

/** ISO 8601: a date, optionally a time (`T` or a space) with fractions and a zone. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * The instant an ISO 8601 date names, or undefined. Years 0001 … 9999 only: four digits, which
 * PostgreSQL (4713 BC … 294276 AD) and every client hold. A date without a zone is UTC, as in
 * SkyPortal (never the server's local time). Dates that do not exist (02-30, 25:00) are refused,
 * not rolled over.
 */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const millis = match[7] ? Math.floor(Number(match[7]) * 1000) : 0;
  if (year! < 1 || month! < 1 || month! > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) return undefined;
  const zone = match[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
    if (zh > 23 || zm > 59) return undefined;
    date.setTime(date.getTime() - sign * (zh * 60 + zm) * 60_000);
  }
  return date;
}

/** An ISO 8601 date (years 0001 … 9999; UTC unless a zone is given), as a `Date`. */
export const isoDate = () =>
  z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const date = parseIsoDate(value);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: `not an ISO 8601 date within years 0001-9999 (e.g. 2021-03-01T12:00:00Z), got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return date;
    })
    .describe('ISO 8601 date or date-time, years 0001-9999; without a zone it is UTC');

// ---------------------------------------------------------------------------------------------
// Whole requests

/**
 * `schema.parse(value)`, failing as a 400 that names the field (`Invalid body: ra: ...`): what core
 * does with a route's schemas, for plugin code that takes input another way (services called by
 * other plugins, bulk parsers). A bare `schema.parse` would throw a ZodError, which is a 500.
 */
export function parseOrBadRequest<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw badRequest(`Invalid ${where}: ${describeIssues(result.error, undefined, where, { value })}`, {
      issues: result.error.issues.map((i) => ({ path: i.path, message: i.message })),
    });
  }
  return result.data;
}

/** JSON nested deeper than this is refused (no legitimate field of this API is half as deep). */
export const MAX_JSON_DEPTH = 32;

/**
 * The first problem with a decoded request part (body, query, path parameters), as the path to
 * the value and what is wrong: a string (or key) with NUL or a lone surrogate, or nesting deeper
 * than `MAX_JSON_DEPTH`. Iterative, so no input can exhaust the stack. Core runs it on every
 * request before any route sees it.
 */
export function findUnstorable(value: unknown, maxDepth = MAX_JSON_DEPTH): { path: (string | number)[]; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: [], problem } : undefined;
  }
  // Containers still to visit, with their paths. Scalars are checked in place, without a path of
  // their own: a 100,000-row photometry post is 1.7 million of them.
  const stack: { value: object; path: (string | number)[] }[] = [];
  if (typeof value === 'object' && value !== null) stack.push({ value, path: [] });
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (path.length >= maxDepth) return { path: path.slice(0, 3), problem: `nested deeper than ${maxDepth} levels` };
    const keys: (string | number)[] | undefined = Array.isArray(current) ? undefined : Object.keys(current);
    const length = keys ? keys.length : (current as unknown[]).length;
    for (let i = 0; i < length; i++) {
      const key = keys ? keys[i]! : i;
      if (keys) {
        const problem = textProblem(key as string);
        if (problem) return { path: [...path, key], problem: `key ${problem}` };
      }
      const child = (current as Record<string | number, unknown>)[key];
      if (typeof child === 'string') {
        const problem = textProblem(child);
        if (problem) return { path: [...path, key], problem };
      } else if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}
