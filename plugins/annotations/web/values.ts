// How an annotation's values are shown: numbers as numbers (right-aligned, a sensible precision),
// everything else as plain text. Pure, so it is tested without a browser.
import type { Annotation, AnnotationValue } from '../types';

export interface ShownValue {
  /** What the cell says (always text: React escapes it, so markup in a value is never markup). */
  text: string;
  /** Numbers are right-aligned in tabular figures. */
  numeric: boolean;
  /** The whole value, when `text` is shortened. */
  full?: string;
}

/** Longest text shown in a cell before it is shortened (the whole value is in its title). */
export const MAX_SHOWN = 120;

/** Significant digits of a non-integer: a real-bogus score 0.998712 shows as 0.99871. */
const SIGNIFICANT = 5;

/** A number as an astronomer reads it: integers whole, others to 5 significant digits, very large or small in exponent form. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e9)) return value.toExponential(SIGNIFICANT - 1).replace(/\.?0+e/, 'e');
  // toPrecision keeps trailing zeros (0.50000); Number() drops them, String() never uses exponents here.
  return String(Number(value.toPrecision(SIGNIFICANT)));
}

export function showValue(value: AnnotationValue): ShownValue {
  if (typeof value === 'number') return { text: formatNumber(value), numeric: true, full: String(value) };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? { text: `${text.slice(0, MAX_SHOWN - 1)}…`, numeric: false, full: text } : { text, numeric: false };
}

export interface AnnotationRow {
  annotationId: number;
  origin: string;
  key: string;
  value: ShownValue;
  /** The first row of its annotation (where the origin is named). */
  first: boolean;
}

/** One row per key, annotations by origin and keys in order, as the panel's table lists them. */
export function annotationRows(annotations: readonly Annotation[]): AnnotationRow[] {
  const sorted = [...annotations].sort((a, b) => a.origin.localeCompare(b.origin) || a.id - b.id);
  return sorted.flatMap((annotation) =>
    Object.keys(annotation.data)
      .sort((a, b) => a.localeCompare(b))
      .map((key, index) => ({ annotationId: annotation.id, origin: annotation.origin, key, value: showValue(annotation.data[key]!), first: index === 0 })),
  );
}
