import pg from 'pg';

/**
 * Timestamps as SkyPortal writes them, on every route and live message: ISO 8601 in UTC without a
 * zone designator (`2021-03-01T12:00:00.123`). SkyPortal's clients read them as UTC (its own
 * scripts append " UTC" before parsing), and a `Z` breaks some of them.
 *
 * Done once, where values leave PostgreSQL: `timestamptz` and `timestamp` columns come back as
 * `UtcTimestamp`, a `Date` (so code comparing or doing arithmetic on dates is unchanged) whose JSON
 * form is the naive UTC text. The web app reads such text as UTC (`parseUtc` in the SDK's web part).
 */
export class UtcTimestamp extends Date {
  override toJSON(): string {
    // Date's own toJSON gives null for an invalid date; so does this one (JSON null).
    return Number.isNaN(this.getTime()) ? (null as unknown as string) : this.toISOString().slice(0, -1);
  }
}

const { builtins } = pg.types;
const parseTimestamptz = pg.types.getTypeParser(builtins.TIMESTAMPTZ);

/** pg's own parse (it knows PostgreSQL's formats, BC years, ±infinity), as a `UtcTimestamp`. */
function fromPostgres(text: string): unknown {
  const parsed = parseTimestamptz(text) as unknown;
  return parsed instanceof Date ? new UtcTimestamp(parsed.getTime()) : parsed;
}

/**
 * Registers the parsers on pg's shared type table (as core does for INT8): every pool of the
 * process, core's and plugins', reads timestamps the same way. A `timestamp` without time zone is
 * UTC here (never the server's local time), as SkyPortal stores it.
 */
export function useUtcTimestamps(): void {
  pg.types.setTypeParser(builtins.TIMESTAMPTZ, fromPostgres);
  // `timestamp` text has no zone: mark it UTC (before a trailing " BC", where pg's parser expects it).
  pg.types.setTypeParser(builtins.TIMESTAMP, (text: string) => fromPostgres(text.endsWith(' BC') ? `${text.slice(0, -3)}Z BC` : `${text}Z`));
}
