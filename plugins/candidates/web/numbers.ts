// How the card shows annotation values: the scores a scanner reads first, as numbers with their
// origin. Pure, so it is tested without a browser.
import type { ScanAnnotation } from './model';

/** Keys a ZTF scanner reads first (real-bogus scores, star-galaxy score, distance to the nearest PS1 source, detections), in this order. */
export const KEY_ANNOTATIONS = [
  'drb',
  'rb',
  'sgscore1',
  'distpsnr1',
  'sgscore',
  'classtar',
  'ndethist',
  'magpsf',
  'sigmapsf',
  'isdiffpos',
  'ssdistnr',
  'acai_h',
];
/** Longest text value shown on a card (the whole value is in its tooltip). */
export const MAX_TEXT = 40;
/** Values shown per card; the rest are on the source page. */
export const MAX_SHOWN = 8;

export interface ShownAnnotation {
  origin: string;
  key: string;
  /** Always text: React escapes it, so markup in a value stays text. */
  text: string;
  numeric: boolean;
  /** The whole value, when `text` is shortened. */
  full?: string;
}

/** A number as an astronomer reads it: integers whole, otherwise 4 significant digits. */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e7) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

function shown(origin: string, key: string, value: unknown): ShownAnnotation {
  if (typeof value === 'number') return { origin, key, text: formatScore(value), numeric: true };
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_TEXT ? { origin, key, text: `${text.slice(0, MAX_TEXT - 1)}…`, numeric: false, full: text } : { origin, key, text, numeric: false };
}

/** The values a card shows: the known scores first (in KEY_ANNOTATIONS order, every origin that has them), then other numbers, at most MAX_SHOWN. */
export function keyAnnotations(annotations: readonly ScanAnnotation[] | undefined): ShownAnnotation[] {
  const all: ShownAnnotation[] = [];
  const sorted = [...(annotations ?? [])].sort((a, b) => a.origin.localeCompare(b.origin) || a.id - b.id);
  for (const annotation of sorted) {
    for (const [key, value] of Object.entries(annotation.data ?? {})) all.push(shown(annotation.origin, key, value));
  }
  const rank = (item: ShownAnnotation) => {
    const index = KEY_ANNOTATIONS.indexOf(item.key);
    return index >= 0 ? index : KEY_ANNOTATIONS.length + (item.numeric ? 0 : 1);
  };
  return all
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
    .slice(0, MAX_SHOWN)
    .map(({ item }) => item);
}
