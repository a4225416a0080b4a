/**
 * What photometry adds to the sources plugin's answers, through the hooks `sources` offers (this
 * plugin cannot be imported by `sources`, which it depends on):
 * - `sources.serialize`: `photometry` (`includePhotometry`, single source, with
 *   `deduplicatePhotometry`), `photometry_exists` (`includePhotometryExists`) and `photstats`
 *   (`includeDetectionStats`, with `first_detected`/`last_detected` on a single source);
 * - `sources.filter`: `startDate`/`endDate` (first detection on or after, last detection on or
 *   before), `numberDetections`, `min`/`maxPeakMagnitude`, `min`/`maxLatestMagnitude`
 *   (`excludeForcedPhotometry` leaves forced photometry out; `requireDetections=false` turns them off).
 * Every query reads only the points the caller can see (`scopeToVisiblePoints`), so hidden points
 * change no field and no filter. Each flag costs one query for the whole page, and nothing when
 * it is not asked for.
 */
import { inputs, userSummaries, z, type Knex, type PluginHooks, type Principal } from '@skyportal/sdk';
import { sourcesHooks, type RawQuery, type SourcesFilterEvent, type SourcesSerializeEvent } from '@skyportal/plugin-sources/types';
import type { PhotometryPoint } from '../types.js';
import { FORCED_PHOTOMETRY_ORIGINS, DETECTION_NSIGMA, photStats, type StatPoint } from './photstats.js';
import { groupsOfPoints, ownerIds, scopeToVisiblePoints, serializePoint, visiblePoints, type StoredPoint } from './serialize.js';
import { PHOT_ZP } from './units.js';

const flag = inputs.flag().optional();

const includeFlags = z.object({
  includePhotometry: flag,
  deduplicatePhotometry: flag,
  includePhotometryExists: flag,
  includeDetectionStats: flag,
});

const optionalDate = z.preprocess((value) => (value === '' ? undefined : value), inputs.isoDate().optional());
// Wider than a stored magnitude may be (RANGES.mag): a bound beyond every point is no error.
const magnitude = (description: string) => inputs.finiteFromText({ min: -100, max: 100 }, description).optional();

const detectionFilters = z.object({
  startDate: optionalDate.describe('First detection on or after this instant'),
  endDate: optionalDate.describe('Last detection on or before this instant'),
  numberDetections: inputs.integerFromText(0, inputs.INT4_MAX).optional(),
  // SkyPortal's sense: "min" is the bright end (the smaller magnitude).
  minPeakMagnitude: magnitude('Peak (brightest) magnitude at most this'),
  maxPeakMagnitude: magnitude('Peak (brightest) magnitude at least this'),
  minLatestMagnitude: magnitude('Magnitude of the last detection at most this'),
  maxLatestMagnitude: magnitude('Magnitude of the last detection at least this'),
  excludeForcedPhotometry: flag,
  requireDetections: flag,
});

/** Whether any of a schema's parameters was sent (the cheap test before parsing). */
const asksFor = (schema: z.ZodObject, query: RawQuery) => Object.keys(schema.shape).some((key) => query[key] !== undefined);

const MS_PER_DAY = 86_400_000;
const MJD_OF_UNIX_EPOCH = 40_587;
const toMjd = (date: Date) => date.getTime() / MS_PER_DAY + MJD_OF_UNIX_EPOCH;
/** An MJD as astropy's `Time(mjd, format="mjd").isot`: UTC, milliseconds, no zone. */
const isot = (mjd: number) => new Date(Math.round((mjd - MJD_OF_UNIX_EPOCH) * MS_PER_DAY)).toISOString().slice(0, 23);

/** SkyPortal's `deduplicatePhotometry`: the latest stored point of each (mjd, filter), latest first. */
function deduplicate(points: PhotometryPoint[]): PhotometryPoint[] {
  const time = (point: PhotometryPoint) => new Date(point.created_at).getTime();
  const seen = new Set<string>();
  return [...points]
    .sort((a, b) => time(b) - time(a) || b.id - a.id)
    .filter((point) => {
      const key = `${point.mjd}\u0000${point.filter}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The light curve of one source as GET /api/sources/{id}?includePhotometry=true gives it (mag and flux, AB). */
async function lightCurve(db: Knex, user: Principal, objId: string, dedupe: boolean): Promise<PhotometryPoint[]> {
  const [points, groups] = await Promise.all([
    visiblePoints(db, user).where('p.obj_id', objId).orderBy(['p.mjd', 'p.id']) as Promise<StoredPoint[]>,
    groupsOfPoints(db, user, { objId }),
  ]);
  const owners = await userSummaries(db, ownerIds(points));
  const serialized = points.map((point) => serializePoint(point, groups.get(point.id) ?? [], owners, 'both', 'ab'));
  return dedupe ? deduplicate(serialized) : serialized;
}

/** The ids among `objIds` with a point the caller can see: one index probe per obj. */
async function withPhotometry(db: Knex, user: Principal, objIds: string[]): Promise<Set<string>> {
  const rows: { id: string }[] = await db
    .select('x.id')
    .from(db.raw('unnest(?::text[]) AS x(id)', [objIds]))
    .whereExists(scopeToVisiblePoints(db('photometry as p').select(db.raw('1')).whereRaw('p.obj_id = x.id'), user));
  return new Set(rows.map((row) => row.id));
}

/** Each obj's visible points, in the order they were stored, reduced to what the statistics need. */
async function statPoints(db: Knex, user: Principal, objIds: string[]): Promise<Map<string, StatPoint[]>> {
  const rows: (StatPoint & { obj_id: string })[] = await scopeToVisiblePoints(
    db('photometry as p')
      .select('p.obj_id', 'p.mjd', 'p.filter', 'p.flux', 'p.fluxerr', 'p.origin', db.raw("(p.original_user_data ->> 'limiting_mag')::float8 AS limiting_mag"))
      .whereIn('p.obj_id', objIds)
      .orderBy('p.id'),
    user,
  );
  const byObj = new Map<string, StatPoint[]>();
  for (const row of rows) {
    const list = byObj.get(row.obj_id);
    if (list) list.push(row);
    else byObj.set(row.obj_id, [row]);
  }
  return byObj;
}

export async function addPhotometryFields(event: SourcesSerializeEvent): Promise<void> {
  const { user, db, sources } = event;
  if (!sources.length || !asksFor(includeFlags, event.query)) return;
  const flags = inputs.parseOrBadRequest(includeFlags, event.query, 'query parameter');
  const ids = sources.map((source) => source.id);
  const work: Promise<void>[] = [];
  // As SkyPortal: the light curve itself on a single source only (a page of them would be huge).
  if (flags.includePhotometry && event.view === 'single') {
    work.push(
      lightCurve(db, user, sources[0]!.id, Boolean(flags.deduplicatePhotometry)).then((points) => {
        sources[0]!.photometry = points;
      }),
    );
  }
  if (flags.includePhotometryExists) {
    work.push(
      withPhotometry(db, user, ids).then((found) => {
        for (const source of sources) source.photometry_exists = found.has(source.id);
      }),
    );
  }
  if (flags.includeDetectionStats) {
    work.push(
      statPoints(db, user, ids).then((byObj) => {
        for (const source of sources) {
          const points = byObj.get(source.id);
          const stats = points ? photStats(source.id, points) : undefined;
          source.photstats = stats ? [stats] : [];
          if (event.view === 'single' && stats?.first_detected_mjd != null) source.first_detected = isot(stats.first_detected_mjd);
          if (event.view === 'single' && stats?.last_detected_mjd != null) source.last_detected = isot(stats.last_detected_mjd);
        }
      }),
    );
  }
  await Promise.all(work);
}

const DETECTED = `p.flux IS NOT NULL AND p.fluxerr > 0 AND p.flux / p.fluxerr > ${DETECTION_NSIGMA}`;
const MAG = `(-2.5 * log(p.flux) + ${PHOT_ZP})`;
const LATEST_MAG = `(array_agg(${MAG} ORDER BY p.mjd DESC, p.id))[1]`;

export async function narrowByDetections(event: SourcesFilterEvent): Promise<void> {
  if (!asksFor(detectionFilters, event.query)) return;
  const f = inputs.parseOrBadRequest(detectionFilters, event.query, 'query parameter');
  // SkyPortal applies these only while detections are required (the default).
  if (f.requireDetections === false) return;
  const having: [string, number][] = [];
  if (f.startDate) having.push(['min(p.mjd) >= ?', toMjd(f.startDate)]);
  if (f.endDate) having.push(['max(p.mjd) <= ?', toMjd(f.endDate)]);
  if (f.numberDetections !== undefined) having.push(['count(*) >= ?', f.numberDetections]);
  if (f.minPeakMagnitude !== undefined) having.push([`min(${MAG}) <= ?`, f.minPeakMagnitude]);
  if (f.maxPeakMagnitude !== undefined) having.push([`min(${MAG}) >= ?`, f.maxPeakMagnitude]);
  if (f.minLatestMagnitude !== undefined) having.push([`${LATEST_MAG} <= ?`, f.minLatestMagnitude]);
  if (f.maxLatestMagnitude !== undefined) having.push([`${LATEST_MAG} >= ?`, f.maxLatestMagnitude]);
  if (!having.length) return;
  const { db, user } = event;
  // One aggregate over the obj's visible detections, correlated on the list's obj id: a row
  // (and so the source) when every condition holds.
  const detections = db('photometry as p').select(db.raw('1')).whereRaw('p.obj_id = ??', [event.objIdColumn]).whereRaw(DETECTED);
  if (f.excludeForcedPhotometry) detections.whereNotIn('p.origin', FORCED_PHOTOMETRY_ORIGINS);
  scopeToVisiblePoints(detections, user);
  for (const [condition, value] of having) detections.havingRaw(condition, [value]);
  event.whereExists(detections);
}

/** Taps the sources plugin's hooks (called in `register`). */
export function extendSources(hooks: PluginHooks): void {
  hooks.get(sourcesHooks.serialize).tapPromise('photometry', addPhotometryFields);
  hooks.get(sourcesHooks.filter).tapPromise('photometry', narrowByDetections);
}
