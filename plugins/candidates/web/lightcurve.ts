// Geometry of the card's small light curve: magnitude (bright up) against days before the newest
// point, detections with error bars, upper limits as downward triangles. Pure, so it is tested
// without a browser; LightCurve.tsx only draws what this returns.
import type { ScanPoint } from './model';

export interface Frame {
  width: number;
  height: number;
  /** Room for the axes' labels: left, right, top, bottom. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const FRAME: Frame = { width: 320, height: 170, left: 36, right: 8, top: 8, bottom: 30 };

export interface Mark {
  x: number;
  y: number;
  filter: string;
  colour: string;
  /** What a tooltip says (`ztfr 18.42 ± 0.05, 3.1 d before the newest point`). */
  title: string;
}

export interface Detection extends Mark {
  /** The error bar's ends (pixels). */
  yTop: number;
  yBottom: number;
}

export interface Tick {
  value: number;
  at: number;
  label: string;
}

export interface LightCurveLayout {
  detections: Detection[];
  limits: Mark[];
  xTicks: Tick[];
  yTicks: Tick[];
  filters: { filter: string; colour: string }[];
  /** MJD of the newest point (x = 0). */
  newest: number;
}

const COLOURS: Record<string, string> = {
  ztfg: '#2e9e44',
  ztfr: '#d62f2f',
  ztfi: '#b8860b',
  sdssg: '#2e9e44',
  sdssr: '#d62f2f',
  sdssi: '#b8860b',
  atlasc: '#1596aa',
  atlaso: '#e07b39',
};
const PALETTE = ['#1f6fc4', '#8e5bd0', '#8c564b', '#d0488f', '#6b7280'];

export function colourOf(filter: string, index: number): string {
  return COLOURS[filter] ?? PALETTE[index % PALETTE.length]!;
}

const finite = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** About `count` round tick values covering [low, high] (steps of 1, 2 or 5 times a power of ten). */
export function niceTicks(low: number, high: number, count = 4): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step) ticks.push(Number(value.toFixed(10)));
  return ticks;
}

const formatTick = (value: number) => String(Number(value.toPrecision(4)));

/** Where every point goes, or null when there is nothing to draw. */
export function layoutLightCurve(points: readonly ScanPoint[] | undefined, frame: Frame = FRAME): LightCurveLayout | null {
  const usable = (points ?? []).filter((p) => finite(p.mjd) && (finite(p.mag) || finite(p.limiting_mag)));
  if (!usable.length) return null;
  const newest = Math.max(...usable.map((p) => p.mjd));
  const days = usable.map((p) => p.mjd - newest);
  let xLow = Math.min(...days, -1);
  const xHigh = 0;
  const magnitudes = usable.flatMap((p) => (finite(p.mag) ? [p.mag - (p.magerr ?? 0), p.mag + (p.magerr ?? 0)] : [p.limiting_mag!]));
  let yBright = Math.min(...magnitudes);
  let yFaint = Math.max(...magnitudes);
  // Some room around the points, and at least half a magnitude of range.
  const spread = Math.max(yFaint - yBright, 0.5);
  yBright -= spread * 0.1;
  yFaint += spread * 0.1;
  xLow -= (xHigh - xLow) * 0.04;
  const xRight = (xHigh - xLow) * 0.04;
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const xAt = (day: number) => frame.left + ((day - xLow) / (xHigh + xRight - xLow)) * plotWidth;
  // Magnitudes: brighter (smaller) is higher on the plot.
  const yAt = (mag: number) => frame.top + ((mag - yBright) / (yFaint - yBright)) * plotHeight;

  const filters = [...new Set(usable.map((p) => p.filter))].sort();
  const colours = new Map(filters.map((filter, index) => [filter, colourOf(filter, index)]));
  const detections: Detection[] = [];
  const limits: Mark[] = [];
  for (const point of usable) {
    const day = point.mjd - newest;
    const ago = `${formatTick(-day)} d before the newest point`;
    const colour = colours.get(point.filter)!;
    if (finite(point.mag)) {
      const err = finite(point.magerr) ? point.magerr : 0;
      detections.push({
        x: xAt(day),
        y: yAt(point.mag),
        yTop: yAt(point.mag - err),
        yBottom: yAt(point.mag + err),
        filter: point.filter,
        colour,
        title: `${point.filter} ${point.mag.toFixed(2)}${err ? ` ± ${err.toFixed(2)}` : ''}, ${ago}`,
      });
    } else {
      limits.push({
        x: xAt(day),
        y: yAt(point.limiting_mag!),
        filter: point.filter,
        colour,
        title: `${point.filter} fainter than ${point.limiting_mag!.toFixed(2)}, ${ago}`,
      });
    }
  }
  return {
    detections,
    limits,
    xTicks: niceTicks(xLow, xHigh).map((value) => ({ value, at: xAt(value), label: formatTick(value) })),
    yTicks: niceTicks(yBright, yFaint, 3).map((value) => ({ value, at: yAt(value), label: formatTick(value) })),
    filters: filters.map((filter) => ({ filter, colour: colours.get(filter)! })),
    newest,
  };
}

/** What a screen reader hears for the plot: counts, and per filter the brightest and newest magnitudes. */
export function describeLightCurve(points: readonly ScanPoint[] | undefined): string {
  const usable = (points ?? []).filter((p) => finite(p.mjd));
  const detected = usable.filter((p) => finite(p.mag));
  const limits = usable.filter((p) => !finite(p.mag) && finite(p.limiting_mag));
  if (!detected.length && !limits.length) return 'No photometry';
  const parts = [`${detected.length} detection${detected.length === 1 ? '' : 's'}, ${limits.length} upper limit${limits.length === 1 ? '' : 's'}`];
  for (const filter of [...new Set(detected.map((p) => p.filter))].sort()) {
    const own = detected.filter((p) => p.filter === filter);
    const newest = own.reduce((a, b) => (b.mjd > a.mjd ? b : a));
    const brightest = Math.min(...own.map((p) => p.mag!));
    parts.push(`${filter}: newest ${newest.mag!.toFixed(2)}, brightest ${brightest.toFixed(2)}`);
  }
  return parts.join('; ');
}
