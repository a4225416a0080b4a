// Smoothing of a spectrum for display, in pixels (a spectrum's own sampling): the stored fluxes are
// never changed. Free of Bokeh so it is cheap to test.

export type SmoothingKind = 'none' | 'boxcar' | 'gaussian';

export const SMOOTHING_KINDS: readonly { kind: SmoothingKind; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'boxcar', label: 'Boxcar' },
  { kind: 'gaussian', label: 'Gaussian' },
];

/**
 * The kernel's weights, centred: a boxcar of `width` pixels (rounded up to odd, so it stays
 * centred), or a Gaussian whose FWHM is `width` pixels, cut at ±3σ.
 */
export function kernel(kind: SmoothingKind, width: number): number[] {
  if (kind === 'none' || !(width > 1)) return [1];
  if (kind === 'boxcar') {
    const size = Math.ceil(width) % 2 === 1 ? Math.ceil(width) : Math.ceil(width) + 1;
    return new Array<number>(size).fill(1 / size);
  }
  const sigma = width / (2 * Math.sqrt(2 * Math.LN2));
  const half = Math.max(1, Math.ceil(3 * sigma));
  const weights: number[] = [];
  for (let i = -half; i <= half; i++) weights.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/**
 * Convolves `values` with the kernel. At the ends, and around non-finite pixels, the weights that
 * fall on pixels that exist are renormalised, so the edges do not sag towards zero.
 */
export function smooth(values: readonly number[], kind: SmoothingKind, width: number): number[] {
  const weights = kernel(kind, width);
  if (weights.length === 1) return [...values];
  const half = (weights.length - 1) / 2;
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    let sum = 0;
    let used = 0;
    for (let k = -half; k <= half; k++) {
      const v = values[i + k];
      if (v === undefined || !Number.isFinite(v)) continue;
      const w = weights[k + half]!;
      sum += w * v;
      used += w;
    }
    out[i] = used > 0 ? sum / used : NaN;
  }
  return out;
}
