// Splits a light curve into per-filter columns ready for plotting; kept free of Bokeh so it is cheap to test.
import { valueAt, type DisplayUnit, type LightCurve } from './types';

export interface FilterSeries {
  filter: string;
  detections: { mjd: number[]; y: number[]; err: number[]; lower: number[]; upper: number[]; instrument: string[]; filter: string[] };
  /** Non-detections in mag mode: the limiting magnitude, drawn as a downward triangle. */
  limits: { mjd: number[]; y: number[]; instrument: string[]; filter: string[] };
}

const isNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

export function splitByFilter(curve: LightCurve, format: DisplayUnit): FilterSeries[] {
  const byFilter = new Map<string, FilterSeries>();
  const seriesFor = (filter: string) => {
    let series = byFilter.get(filter);
    if (!series) {
      series = {
        filter,
        detections: { mjd: [], y: [], err: [], lower: [], upper: [], instrument: [], filter: [] },
        limits: { mjd: [], y: [], instrument: [], filter: [] },
      };
      byFilter.set(filter, series);
    }
    return series;
  };
  const { mjd, filter } = curve.photometry;
  for (let i = 0; i < curve.count; i++) {
    const instrument = curve.instrument_name[i] ?? '';
    const { value, error } = valueAt(curve, i, format);
    const series = seriesFor(filter[i]!);
    const limit = curve.limiting_mag[i];
    if (isNumber(value)) {
      const d = series.detections;
      const e = error ?? 0;
      d.mjd.push(mjd[i]!);
      d.y.push(value);
      d.err.push(e);
      d.lower.push(value - e);
      d.upper.push(value + e);
      d.instrument.push(instrument);
      d.filter.push(filter[i]!);
    } else if (format === 'mag' && isNumber(limit)) {
      const l = series.limits;
      l.mjd.push(mjd[i]!);
      l.y.push(limit);
      l.instrument.push(instrument);
      l.filter.push(filter[i]!);
    }
  }
  return [...byFilter.values()].sort((a, b) => a.filter.localeCompare(b.filter));
}
const KNOWN_FILTER_COLOURS: Record<string, string> = {
  ztfg: '#2ca02c',
  ztfr: '#d62728',
  ztfi: '#b8860b',
  sdssu: '#6a3d9a',
  sdssg: '#33a02c',
  sdssr: '#e31a1c',
  sdssi: '#ff7f00',
  sdssz: '#6b4226',
  atlasc: '#17becf',
  atlaso: '#ff9896',
};
const FALLBACK_COLOURS = ['#1f77b4', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Fixed colours for well-known bands (so ztfr is red on every page), a palette for the rest. */
export function colourFor(filter: string, index: number): string {
  return KNOWN_FILTER_COLOURS[filter] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}
