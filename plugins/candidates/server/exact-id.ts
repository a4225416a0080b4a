/**
 * Survey ids (LSST diaObject ids, ~1.7e17) arrive as JSON numbers past 2^53, which JSON.parse
 * rounds. SkyPortal keeps their digits (Python's ints are exact), so we read them off the request's
 * raw text: the digits of the top-level key `key` when it is an integer literal.
 */
export function topLevelIntegerText(raw: string, key: string): string | undefined {
  let depth = 0;
  let i = 0;
  let lastString: string | undefined;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') {
      // A string: skip it whole (escapes included), remembering it in case it is a top-level key.
      let j = i + 1;
      while (j < raw.length && raw[j] !== '"') j += raw[j] === '\\' ? 2 : 1;
      lastString = depth === 1 ? raw.slice(i + 1, j) : undefined;
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') depth -= 1;
    else if (c === ':' && depth === 1 && lastString === key) {
      const match = /^\s*(-?\d+)(?![\d.eE])/.exec(raw.slice(i + 1, i + 64));
      return match?.[1];
    }
    if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r' && c !== ':') lastString = c === ',' ? undefined : lastString;
    i += 1;
  }
  return undefined;
}
