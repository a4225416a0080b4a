/**
 * Integers past 2^53 in JSON answers. A JavaScript number holds integers exactly only up to 2^53,
 * and `JSON.stringify` refuses a `bigint`; yet SkyPortal answers some (a HEALPix index at order 29
 * reaches 3.5e18) and Python clients compare them exactly. A value wrapped by `exactInteger` is
 * written into the HTTP answer as its exact digits: its `toJSON` leaves a marked string that core's
 * serialiser (the one place answers become JSON text) replaces by the bare digits.
 *
 * The mark starts with NUL, a character no stored text holds (core refuses it in every request),
 * so no other string in an answer can be taken for it. Outside an HTTP answer (a live message) the
 * marked string would show: send such values as text there.
 */
const MARK = '\u0000exact-integer:';
/** The mark as `JSON.stringify` writes it (NUL escaped as `\u0000`), inside its quotes. */
const WRITTEN = /"\\u0000exact-integer:(-?\d+)"/g;

export class ExactInteger {
  readonly digits: string;
  constructor(value: bigint | string) {
    const digits = typeof value === 'bigint' ? value.toString() : value;
    if (!/^-?\d+$/.test(digits)) throw new TypeError(`exactInteger: not an integer: ${JSON.stringify(value)}`);
    this.digits = digits;
  }
  toJSON(): string {
    return `${MARK}${this.digits}`;
  }
}

/** Wraps an integer (a `bigint`, or the digits PostgreSQL gives for an int8) to be answered exactly. */
export function exactInteger(value: bigint | string): ExactInteger {
  return new ExactInteger(value);
}

/**
 * Real numbers that must read back as floats. Python's `json` reads `4000` as an int and `4000.0`
 * as a float, and SkyPortal's clients check the type (a spectrum's wavelengths are floats, even
 * when the file gave whole Ångströms); `JSON.stringify` writes both as `4000`. A list wrapped by
 * `floatList` is written with a decimal point on every whole number (`[4000.0, 4500.5]`), and a
 * value that is not finite as `null`. Same mechanism as `exactInteger`: a marked string that
 * core's serialiser replaces by the list's text.
 */
const FLOATS_MARK = '\u0000float-list:';
/** The mark as written: only digits, signs, points, exponents, commas and `null` inside the brackets. */
const FLOATS_WRITTEN = /"\\u0000float-list:(\[[-+.,\deEnul]*\])"/g;

/** One value as a JSON float: whole numbers get `.0` (beyond 1e21 JavaScript already writes an exponent). */
function floatText(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
}

export class FloatList {
  constructor(readonly values: ArrayLike<number>) {}
  toJSON(): string {
    return `${FLOATS_MARK}[${Array.from(this.values, floatText).join(',')}]`;
  }
}

/** Wraps a list of numbers to be answered as floats (see `FloatList`). */
export function floatList(values: ArrayLike<number>): FloatList {
  return new FloatList(values);
}

/** JSON text of `value`, with every `exactInteger` as its bare digits and every `floatList` as floats (core's answer serialiser). */
export function stringifyWithExactIntegers(value: unknown): string {
  let text = JSON.stringify(value);
  // Answers without either (nearly all) cost two scans.
  if (text.includes('\\u0000exact-integer:')) text = text.replace(WRITTEN, '$1');
  if (text.includes('\\u0000float-list:')) text = text.replace(FLOATS_WRITTEN, '$1');
  return text;
}
