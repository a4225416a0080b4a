/**
 * Detection statistics of a light curve (`photstats`), with SkyPortal's keys and rules: a point
 * is a detection when flux/fluxerr > 3 (SkyPortal's `photometry_detection_threshold_nsigma`);
 * magnitudes are AB from the stored flux; a non-detection's limit is its uploaded one, else the
 * 5-sigma limit of its flux error, and one with neither counts for nothing. SkyPortal keeps these
 * in a table updated on ingest, over every point of the obj whoever may see it; here they are
 * computed on request from the points the caller can see, so no statistic reveals a hidden point.
 */
import { PHOT_ZP, fluxerrToLimit } from './units.js';

/** SkyPortal's `photometry_detection_threshold_nsigma`. */
export const DETECTION_NSIGMA = 3;
/** Origins SkyPortal treats as forced photometry (left out of the `*_no_forced_phot` figures). */
export const FORCED_PHOTOMETRY_ORIGINS = ['fp', 'forced phot', 'forced photometry', 'alert_fp'];

export interface StatPoint {
  mjd: number;
  filter: string;
  flux: number | null;
  fluxerr: number;
  origin: string;
  limiting_mag: number | null;
}

export interface PhotStats {
  obj_id: string;
  num_obs_global: number;
  num_obs_per_filter: Record<string, number>;
  num_det_global: number;
  num_det_no_forced_phot_global: number;
  num_det_per_filter: Record<string, number>;
  first_detected_mjd: number | null;
  first_detected_mag: number | null;
  first_detected_filter: string | null;
  last_detected_mjd: number | null;
  last_detected_mag: number | null;
  last_detected_filter: string | null;
  first_detected_no_forced_phot_mjd: number | null;
  first_detected_no_forced_phot_mag: number | null;
  first_detected_no_forced_phot_filter: string | null;
  last_detected_no_forced_phot_mjd: number | null;
  last_detected_no_forced_phot_mag: number | null;
  last_detected_no_forced_phot_filter: string | null;
  recent_obs_mjd: number | null;
  predetection_mjds: number[];
  last_non_detection_mjd: number | null;
  time_to_non_detection: number | null;
  mean_mag_global: number | null;
  mean_mag_per_filter: Record<string, number>;
  mean_color: Record<string, number>;
  peak_mjd_global: number | null;
  peak_mjd_per_filter: Record<string, number>;
  peak_mag_global: number | null;
  peak_mag_per_filter: Record<string, number>;
  faintest_mag_global: number | null;
  faintest_mag_per_filter: Record<string, number>;
  deepest_limit_global: number | null;
  deepest_limit_per_filter: Record<string, number>;
  rise_rate: number | null;
  decay_rate: number | null;
  mag_rms_global: number | null;
  mag_rms_per_filter: Record<string, number>;
}

interface Detection {
  mjd: number;
  mag: number;
  filter: string;
  forced: boolean;
}

const maxOf = (values: number[]) => values.reduce((max, v) => (v > max ? v : max), -Infinity);
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
/** Population standard deviation (numpy's default). */
const rms = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
};
/** The first of the extreme (as numpy's argmin/argmax: the earliest on ties). */
function extreme<T>(items: readonly T[], key: (item: T) => number, sign: 1 | -1): T {
  let best = items[0] as T;
  for (const item of items) if (sign * key(item) < sign * key(best)) best = item;
  return best;
}

function detectionFigures(detections: Detection[]) {
  if (!detections.length) return { mjd: null, mag: null, filter: null, lastMjd: null, lastMag: null, lastFilter: null };
  const first = extreme(detections, (d) => d.mjd, 1);
  const last = extreme(detections, (d) => d.mjd, -1);
  return { mjd: first.mjd, mag: first.mag, filter: first.filter, lastMjd: last.mjd, lastMag: last.mag, lastFilter: last.filter };
}

/** The statistics of one obj's points (in the order they were stored). */
export function photStats(objId: string, points: readonly StatPoint[]): PhotStats {
  const detections: Detection[] = [];
  const limits: { mjd: number; limit: number; filter: string }[] = [];
  const observed: { mjd: number; filter: string }[] = [];
  for (const point of points) {
    const detected = point.flux !== null && point.fluxerr > 0 && point.flux / point.fluxerr > DETECTION_NSIGMA;
    if (detected) {
      const mag = -2.5 * Math.log10(point.flux!) + PHOT_ZP;
      detections.push({ mjd: point.mjd, mag, filter: point.filter, forced: FORCED_PHOTOMETRY_ORIGINS.includes(point.origin) });
    } else {
      const limit = point.limiting_mag ?? fluxerrToLimit(point.fluxerr);
      // A non-detection without a limit tells nothing.
      if (limit === null || !Number.isFinite(limit)) continue;
      limits.push({ mjd: point.mjd, limit, filter: point.filter });
    }
    observed.push({ mjd: point.mjd, filter: point.filter });
  }

  const countBy = (items: { filter: string }[]) => {
    const counts: Record<string, number> = {};
    for (const { filter } of items) counts[filter] = (counts[filter] ?? 0) + 1;
    return counts;
  };
  const all = detectionFigures(detections);
  const unforced = detectionFigures(detections.filter((d) => !d.forced));
  const stats: PhotStats = {
    obj_id: objId,
    num_obs_global: observed.length,
    num_obs_per_filter: countBy(observed),
    num_det_global: detections.length,
    num_det_no_forced_phot_global: detections.filter((d) => !d.forced).length,
    num_det_per_filter: countBy(detections),
    first_detected_mjd: all.mjd,
    first_detected_mag: all.mag,
    first_detected_filter: all.filter,
    last_detected_mjd: all.lastMjd,
    last_detected_mag: all.lastMag,
    last_detected_filter: all.lastFilter,
    first_detected_no_forced_phot_mjd: unforced.mjd,
    first_detected_no_forced_phot_mag: unforced.mag,
    first_detected_no_forced_phot_filter: unforced.filter,
    last_detected_no_forced_phot_mjd: unforced.lastMjd,
    last_detected_no_forced_phot_mag: unforced.lastMag,
    last_detected_no_forced_phot_filter: unforced.lastFilter,
    recent_obs_mjd: observed.length ? maxOf(observed.map((p) => p.mjd)) : null,
    predetection_mjds: [],
    last_non_detection_mjd: null,
    time_to_non_detection: null,
    mean_mag_global: null,
    mean_mag_per_filter: {},
    mean_color: {},
    peak_mjd_global: null,
    peak_mjd_per_filter: {},
    peak_mag_global: null,
    peak_mag_per_filter: {},
    faintest_mag_global: null,
    faintest_mag_per_filter: {},
    deepest_limit_global: null,
    deepest_limit_per_filter: {},
    rise_rate: null,
    decay_rate: null,
    mag_rms_global: null,
    mag_rms_per_filter: {},
  };

  if (detections.length) {
    const mags = detections.map((d) => d.mag);
    const peak = extreme(detections, (d) => d.mag, 1);
    stats.mean_mag_global = mean(mags);
    stats.mag_rms_global = rms(mags);
    stats.peak_mag_global = peak.mag;
    stats.peak_mjd_global = peak.mjd;
    stats.faintest_mag_global = maxOf(mags);
    const filters = [...new Set(detections.map((d) => d.filter))];
    for (const filter of filters) {
      const inFilter = detections.filter((d) => d.filter === filter);
      const filterMags = inFilter.map((d) => d.mag);
      const filterPeak = extreme(inFilter, (d) => d.mag, 1);
      stats.mean_mag_per_filter[filter] = mean(filterMags);
      stats.mag_rms_per_filter[filter] = rms(filterMags);
      stats.peak_mag_per_filter[filter] = filterPeak.mag;
      stats.peak_mjd_per_filter[filter] = filterPeak.mjd;
      stats.faintest_mag_per_filter[filter] = maxOf(filterMags);
    }
    for (const f1 of filters) {
      for (const f2 of filters) if (f1 !== f2) stats.mean_color[`${f1}-${f2}`] = stats.mean_mag_per_filter[f1]! - stats.mean_mag_per_filter[f2]!;
    }
    // Brightening from the first detection to the peak in its filter, fading from the peak to the last (mag/day).
    const firstPeakMjd = stats.peak_mjd_per_filter[stats.first_detected_filter!]!;
    if (firstPeakMjd > stats.first_detected_mjd!) {
      stats.rise_rate = -(stats.peak_mag_per_filter[stats.first_detected_filter!]! - stats.first_detected_mag!) / (firstPeakMjd - stats.first_detected_mjd!);
    }
    const lastPeakMjd = stats.peak_mjd_per_filter[stats.last_detected_filter!]!;
    if (lastPeakMjd < stats.last_detected_mjd!) {
      stats.decay_rate = -(stats.peak_mag_per_filter[stats.last_detected_filter!]! - stats.last_detected_mag!) / (lastPeakMjd - stats.last_detected_mjd!);
    }
  }

  if (limits.length) {
    stats.deepest_limit_global = maxOf(limits.map((l) => l.limit));
    for (const { filter, limit } of limits) stats.deepest_limit_per_filter[filter] = Math.max(stats.deepest_limit_per_filter[filter] ?? -Infinity, limit);
    const firstDetected = stats.first_detected_mjd;
    stats.predetection_mjds = limits
      .map((l) => l.mjd)
      .filter((mjd) => !firstDetected || mjd < firstDetected)
      .sort((a, b) => a - b);
    if (stats.predetection_mjds.length) {
      stats.last_non_detection_mjd = stats.predetection_mjds.at(-1)!;
      if (firstDetected) stats.time_to_non_detection = firstDetected - stats.last_non_detection_mjd;
    }
  }
  return stats;
}
