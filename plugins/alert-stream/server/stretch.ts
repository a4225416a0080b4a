/**
 * Display limits of an astronomical image: IRAF's zscale (as astropy's ZScaleInterval), which
 * shows the sky and faint sources near the median instead of letting one bright star or a cosmic
 * ray set a min–max range. NaNs are left out.
 */

export interface ZScaleOptions {
  /** Pixels sampled (evenly spaced): 1000 as IRAF. */
  samples?: number;
  /** Slope scaling: 0.25 as IRAF. */
  contrast?: number;
  /** Rejection threshold in sigmas of the line fit. */
  krej?: number;
  maxIterations?: number;
}

/** [z1, z2] for `pixels`; [0, 1] when nothing is finite. */
export function zscale(pixels: ArrayLike<number>, options: ZScaleOptions = {}): [number, number] {
  const { samples = 1000, contrast = 0.25, krej = 2.5, maxIterations = 5 } = options;
  const finite: number[] = [];
  for (let i = 0; i < pixels.length; i++) if (Number.isFinite(pixels[i]!)) finite.push(pixels[i]!);
  if (!finite.length) return [0, 1];
  const step = Math.max(1, finite.length / samples);
  const sample: number[] = [];
  for (let at = 0; at < finite.length && sample.length < samples; at += step) sample.push(finite[Math.floor(at)]!);
  sample.sort((a, b) => a - b);
  const n = sample.length;
  const zmin = sample[0]!;
  const zmax = sample[n - 1]!;
  const center = Math.floor((n - 1) / 2);
  const median = n % 2 ? sample[center]! : (sample[center]! + sample[center + 1]!) / 2;
  const minPixels = Math.max(5, Math.floor(n * 0.5));

  // Fit a line to the sorted sample (value against rank), rejecting outliers and their neighbours.
  const x = sample.map((_, i) => i - center);
  let keep = sample.map(() => true);
  let slope = 0;
  let intercept = median;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0,
      m = 0;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      sx += x[i]!;
      sy += sample[i]!;
      sxx += x[i]! * x[i]!;
      sxy += x[i]! * sample[i]!;
      m++;
    }
    const denominator = m * sxx - sx * sx;
    if (m < minPixels || denominator === 0) break;
    slope = (m * sxy - sx * sy) / denominator;
    intercept = (sy - slope * sx) / m;
    const residuals = sample.map((v, i) => v - (intercept + slope * x[i]!));
    let ss = 0;
    for (let i = 0; i < n; i++) if (keep[i]) ss += residuals[i]! ** 2;
    const sigma = Math.sqrt(ss / m);
    const next = keep.map((kept, i) => kept && Math.abs(residuals[i]!) <= krej * sigma);
    // Grow the rejection by one neighbour on each side, as IRAF does.
    const grown = next.map((kept, i) => kept && (i === 0 || next[i - 1]!) && (i === n - 1 || next[i + 1]!));
    const kept = grown.filter(Boolean).length;
    if (kept === keep.filter(Boolean).length || kept < minPixels) {
      if (kept >= minPixels) keep = grown;
      break;
    }
    keep = grown;
  }
  if (keep.filter(Boolean).length < minPixels) return [zmin, zmax];
  const scaled = slope / contrast;
  const z1 = Math.max(zmin, median - center * scaled);
  const z2 = Math.min(zmax, median + (n - 1 - center) * scaled);
  return z1 < z2 ? [z1, z2] : [zmin, zmax > zmin ? zmax : zmin + 1];
}

/** 8-bit grey levels of `pixels` between z1 (black) and z2 (white); NaN is black. */
export function toGrey(pixels: ArrayLike<number>, [z1, z2]: [number, number]): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const range = z2 - z1 || 1;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    out[i] = Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, (v - z1) / range))) : 0;
  }
  return out;
}
