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

/** JSON text of `value`, with every `exactInteger` as its bare digits (core's answer serialiser). */
export function stringifyWithExactIntegers(value: unknown): string {
  const text = JSON.stringify(value);
  // Answers without one (nearly all) cost a single scan.
  return text.includes('\\u0000exact-integer:') ? text.replace(WRITTEN, '$1') : text;
}
