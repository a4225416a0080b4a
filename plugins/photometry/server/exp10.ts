/**
 * 10^x rounded correctly to the nearest double, for zero-point factors. V8's `10 ** x` is off by an
 * ulp for about one x in ten; SkyPortal's factors come from C's `pow`, which rounds correctly, so
 * a flux posted at zp 25 is stored bit for bit as SkyPortal stores it (and a re-upload from a
 * SkyPortal export matches it exactly). Exact rational arithmetic on BigInt with 192 fractional
 * bits: e^(x ln 10) = 2^k e^r with |r| <= ln 2 / 2, e^r by its Taylor series. Slow (tens of µs),
 * so callers cache it per zero point; never per row.
 */
const BITS = 192n;
const ONE = 1n << BITS;
const DIGITS = 60n;
/** ln 10 and ln 2 to 60 decimals (more than the 192 bits need). */
const LN10 = (BigInt('2302585092994045684017991454684364207601101488628772976033327') << BITS) / 10n ** DIGITS;
const LN2 = (BigInt('693147180559945309417232121458176568075500134360255254120680') << BITS) / 10n ** DIGITS;

/** A finite double as an exact fraction m / 2^s (m an integer). */
function exactFraction(x: number): { m: bigint; s: bigint } {
  let s = 0n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2; // exact: doubling a double only moves its exponent
    s += 1n;
  }
  return { m: BigInt(v), s };
}

/** The nearest double to `mantissa · 2^exponent` (mantissa > 0), ties to even. */
function toDouble(mantissa: bigint, exponent: bigint): number {
  const length = BigInt(mantissa.toString(2).length);
  const drop = length - 53n;
  let m = mantissa;
  let e = exponent;
  if (drop > 0n) {
    const half = 1n << (drop - 1n);
    const rest = m & ((1n << drop) - 1n);
    m >>= drop;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    e += drop;
  }
  // Scaling by powers of two is exact while the result stays a normal double.
  let value = Number(m);
  let n = Number(e);
  while (n > 0) {
    const step = Math.min(n, 1000);
    value *= 2 ** step;
    n -= step;
  }
  while (n < 0) {
    const step = Math.min(-n, 1000);
    value /= 2 ** step;
    n += step;
  }
  return value;
}

export function exp10(x: number): number {
  if (!Number.isFinite(x)) return 10 ** x;
  if (x === 0) return 1;
  // Beyond ±308 the double is 0 or Infinity; the zero points that reach here are within ±60.
  if (Math.abs(x) > 300) return 10 ** x;
  const { m, s } = exactFraction(x);
  const t = (m * LN10) >> s; // x ln 10, fixed point
  // k = round(t / ln 2), r = t - k ln 2
  let k = t / LN2;
  let r = t - k * LN2;
  if (r > LN2 / 2n) {
    k += 1n;
    r -= LN2;
  } else if (r < -LN2 / 2n) {
    k -= 1n;
    r += LN2;
  }
  let sum = ONE;
  let term = ONE;
  for (let n = 1n; n < 80n; n++) {
    term = (term * r) / (ONE * n);
    if (term === 0n) break;
    sum += term;
  }
  return toDouble(sum, k - BITS);
}
