/**
 * Cone search on a "zones" index (Gray, Szalay et al., "There goes the neighborhood", 2006): the
 * sky is cut into declination stripes of 1/60 degree; `objs.zone` is the stripe of each obj and a
 * btree on `(zone, ra)` turns a cone into a few short index range scans. The exact test is a dot
 * product of unit vectors (`cx, cy, cz`, generated columns). Portable: plain btree, no extension.
 *
 * The SQL and the JS here must compute zones the same way: `floor((dec + 90) * ZONES_PER_DEGREE)`.
 */
import type { Knex } from '@skyportal/sdk';

export const ZONES_PER_DEGREE = 60;
export const ZONE_HEIGHT = 1 / ZONES_PER_DEGREE;
/** Widening of the RA window against rounding (degrees; ~4 µas). */
const RA_MARGIN = 1e-9;
const RAD = Math.PI / 180;

export interface Cone {
  ra: number;
  dec: number;
  /** Degrees. */
  radius: number;
}

/** One index range scan: `zone = zone AND ra BETWEEN raMin AND raMax`. */
export interface ZoneProbe {
  zone: number;
  raMin: number;
  raMax: number;
}

export interface ConePlan {
  zones: number[];
  /** One RA range, two across RA 0/360, or null for the full circle (poles, huge cones). */
  raRanges: [number, number][] | null;
  /** Unit vector of the centre and the cosine of the radius, for the exact test. */
  x: number;
  y: number;
  z: number;
  cosRadius: number;
}

export function zoneOf(dec: number): number {
  return Math.floor((dec + 90) * ZONES_PER_DEGREE);
}

export function unitVector(ra: number, dec: number): [number, number, number] {
  const a = ra * RAD;
  const d = dec * RAD;
  return [Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)];
}

/** Normalises RA into [0, 360). */
export function normaliseRa(ra: number): number {
  const r = ra % 360;
  return r < 0 ? r + 360 : r;
}

/**
 * Half-width in RA of the smallest RA interval holding a circle of radius `r` at declination `dec`
 * (exact for a small circle on the sphere), or null when the circle reaches a pole.
 */
export function raHalfWidth(dec: number, radius: number): number | null {
  if (Math.abs(dec) + radius >= 90) return null;
  const r = radius * RAD;
  const d = dec * RAD;
  const alpha = Math.atan(Math.sin(r) / Math.sqrt(Math.abs(Math.cos(d - r) * Math.cos(d + r)))) / RAD;
  if (!Number.isFinite(alpha) || alpha >= 180) return null;
  return alpha + RA_MARGIN;
}

export function planCone({ ra, dec, radius }: Cone): ConePlan {
  if (!(radius > 0) || !Number.isFinite(radius)) throw new RangeError('radius must be a positive number of degrees');
  if (!(dec >= -90 && dec <= 90)) throw new RangeError('dec must be within [-90, 90]');
  ra = normaliseRa(ra);
  const first = zoneOf(Math.max(-90, dec - radius));
  const last = zoneOf(Math.min(90, dec + radius));
  const zones: number[] = [];
  for (let zone = first; zone <= last; zone++) zones.push(zone);
  const alpha = raHalfWidth(dec, radius);
  let raRanges: [number, number][] | null = null;
  if (alpha !== null) {
    const lo = ra - alpha;
    const hi = ra + alpha;
    if (lo < 0)
      raRanges = [
        [lo + 360, 360],
        [0, hi],
      ];
    else if (hi >= 360)
      raRanges = [
        [lo, 360],
        [0, hi - 360],
      ];
    else raRanges = [[lo, hi]];
  }
  const [x, y, z] = unitVector(ra, dec);
  return { zones, raRanges, x, y, z, cosRadius: Math.cos(radius * RAD) };
}

/** The plan as individual index probes (one per zone and RA range), for cross-matches. */
export function coneProbes(plan: ConePlan): ZoneProbe[] {
  const ranges = plan.raRanges ?? [[0, 360]];
  return plan.zones.flatMap((zone) => ranges.map(([raMin, raMax]) => ({ zone, raMin, raMax })));
}

/**
 * A WHERE fragment selecting the rows of `alias` (a table with the objs columns `zone`, `ra`, `cx`,
 * `cy`, `cz`) inside the cone. Use with `query.whereRaw(sql, bindings)`; the planner answers it
 * with index range scans on `(zone, ra)` (one per RA range).
 */
export function coneCondition(cone: Cone, alias = 'objs'): { sql: string; bindings: unknown[] } {
  const plan = planCone(cone);
  const a = `"${alias.replace(/"/g, '""')}"`;
  const bindings: unknown[] = [];
  let where: string;
  if (plan.raRanges === null) {
    where = `${a}.zone = ANY(?::int[])`;
    bindings.push(plan.zones);
  } else {
    where = plan.raRanges
      .map(([lo, hi]) => {
        bindings.push(plan.zones, lo, hi);
        return `(${a}.zone = ANY(?::int[]) AND ${a}.ra BETWEEN ? AND ?)`;
      })
      .join(' OR ');
  }
  const sql = `((${where}) AND ${a}.cx * ? + ${a}.cy * ? + ${a}.cz * ? >= ?)`;
  bindings.push(plan.x, plan.y, plan.z, plan.cosRadius);
  return { sql, bindings };
}

/** Plain SQL (positional `$n` parameters) of a cone search on `objs`, for benchmarks and scripts. */
export function coneSearchSql(cone: Cone, columns = 'id, ra, dec'): { text: string; values: unknown[] } {
  const { sql, bindings } = coneCondition(cone, 'objs');
  let n = 0;
  const text = `SELECT ${columns} FROM objs WHERE ${sql.replace(/\?/g, () => `$${++n}`)}`;
  return { text, values: bindings };
}

export interface CrossMatch {
  /** Index of the position in the input. */
  index: number;
  id: string;
  ra: number;
  dec: number;
  /** Angular distance in degrees. */
  distance: number;
}

/**
 * SQL matching many positions at once: every position becomes its zone probes, sent as arrays,
 * `unnest`ed and joined LATERAL to the `(zone, ra)` index (one range scan per probe).
 */
export function crossMatchSql(positions: readonly { ra: number; dec: number }[], radius: number): { text: string; values: unknown[] } {
  const index: number[] = [];
  const zone: number[] = [];
  const raMin: number[] = [];
  const raMax: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  let cosRadius = 1;
  positions.forEach((position, i) => {
    const plan = planCone({ ra: position.ra, dec: position.dec, radius });
    cosRadius = plan.cosRadius;
    for (const probe of coneProbes(plan)) {
      index.push(i);
      zone.push(probe.zone);
      raMin.push(probe.raMin);
      raMax.push(probe.raMax);
      xs.push(plan.x);
      ys.push(plan.y);
      zs.push(plan.z);
    }
  });
  const text = `
    SELECT p.i AS index, o.id, o.ra, o.dec,
           degrees(acos(least(1, o.cx * p.x + o.cy * p.y + o.cz * p.z))) AS distance
    FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
         AS p(i, zone, ra_min, ra_max, x, y, z)
    CROSS JOIN LATERAL (
      SELECT id, ra, dec, cx, cy, cz FROM objs
      WHERE objs.zone = p.zone AND objs.ra BETWEEN p.ra_min AND p.ra_max
        AND objs.cx * p.x + objs.cy * p.y + objs.cz * p.z >= $8
    ) o
    ORDER BY p.i, distance`;
  return { text, values: [index, zone, raMin, raMax, xs, ys, zs, cosRadius] };
}

/** Runs a cross-match: every obj within `radius` degrees of each position. */
export async function crossMatch(db: Knex, positions: readonly { ra: number; dec: number }[], radius: number): Promise<CrossMatch[]> {
  if (!positions.length) return [];
  const { text, values } = crossMatchSql(positions, radius);
  // knex wants `?` placeholders; the `$n` in the text appear in the order of `values`.
  const knexSql = text.replace(/\$\d+/g, '?');
  const result = await db.raw(knexSql, values as Knex.RawBinding[]);
  return result.rows as CrossMatch[];
}
