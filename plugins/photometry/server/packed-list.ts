/**
 * A list of JSON values packed by kind, for the columns of a streamed upload: a million numbers
 * take 9 MB here (a kind byte and a double each) where a JavaScript array of them, with nulls
 * among them, takes 20 MB or more, and the body text they came from another 10 MB per column.
 * Strings are kept once each (a column of filters or source ids names a few over many rows);
 * anything else (true, an object, a list) is kept as it is: it is refused by the parser anyway.
 * `get(i)` gives back exactly what `JSON.parse` would have put at `i`.
 */

const NUMBER = 0;
const NULL = 1;
const STRING = 2;
const OTHER = 3;
/** Distinct strings kept once each; past this many, strings are kept one per row. */
const INTERNED_MAX = 10_000;

export class PackedList {
  length = 0;
  private kinds = new Uint8Array(1024);
  /** The number, or the index of the string in `strings`. */
  private values = new Float64Array(1024);
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly others = new Map<number, unknown>();

  private grow(): void {
    const kinds = new Uint8Array(this.kinds.length * 2);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
  }

  push(value: unknown): void {
    if (this.length === this.kinds.length) this.grow();
    const i = this.length++;
    if (typeof value === 'number') {
      this.values[i] = value;
      return;
    }
    if (value === null) {
      this.kinds[i] = NULL;
    } else if (typeof value === 'string') {
      let index = this.stringIndex.get(value);
      if (index === undefined) {
        index = this.strings.push(value) - 1;
        if (this.stringIndex.size < INTERNED_MAX) this.stringIndex.set(value, index);
      }
      this.kinds[i] = STRING;
      this.values[i] = index;
    } else {
      this.kinds[i] = OTHER;
      this.others.set(i, value);
    }
  }

  get(i: number): unknown {
    if (i < 0 || i >= this.length) return undefined;
    switch (this.kinds[i]) {
      case NUMBER:
        return this.values[i];
      case NULL:
        return null;
      case STRING:
        return this.strings[this.values[i]!];
      default:
        return this.others.get(i);
    }
  }
}

/** A field's list of values: a JSON array (a body parsed whole, a service call) or a packed one. */
export type ValueList = readonly unknown[] | PackedList;

export function isValueList(value: unknown): value is ValueList {
  return Array.isArray(value) || value instanceof PackedList;
}

/** The i-th value of a list. */
export function valueAt(list: ValueList, i: number): unknown {
  return list instanceof PackedList ? list.get(i) : list[i];
}
