/**
 * The keywords of a spectrum file's `#` header, kept as the spectrum's `altdata`. Spectrographs'
 * pipelines write them three ways, and a file uses one:
 *
 *   # EXPTIME: 600.003                        YAML 1.1 (`KEY: value`)
 *   # EXPTIME =              600.003 / Total   a FITS card (FITS Standard 4.0, §4): `value` + `comment`
 *   # EXPTIME = 1800.0s                       `KEY = value`, not a valid card (SNIFS writes these)
 *
 * A FITS card wins for a key both a card and a YAML line give (as SkyPortal reads headers). A card
 * with a comment becomes `{value, comment}`; `COMMENT` and `HISTORY` cards are joined into one text
 * each. Lines that are none of these (column titles, prose) are left out.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { resolvePlainScalar } from './yaml-scalars.js';

/** A key longer than this is not a keyword (and a JSON object key here is at most 200). */
const MAX_KEY = 200;
const FITS_KEYWORD = /^[A-Z0-9_-]{1,8}$/;
const FITS_COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);
const FITS_INTEGER = /^[+-]?\d+$/;
const FITS_REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][+-]?\d+)?$/;
/** `KEY = value` outside the card format: a name, an equals sign, anything. */
const LOOSE_ASSIGNMENT = /^([A-Za-z][\w.-]{0,199})\s*=\s*(.*)$/;

type Keyword = { key: string; value: unknown };

/** A YAML node as JSON: plain scalars by YAML 1.1's types, quoted ones as text; undefined for aliases and tags. */
function nodeValue(node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    if (node.tag) return undefined;
    const text = String(node.value);
    return node.type === 'PLAIN' ? resolvePlainScalar(text) : text;
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => nodeValue(item as Node));
    return items.includes(undefined) ? undefined : items;
  }
  if (isMap(node)) {
    const entries: [string, unknown][] = [];
    for (const pair of node.items) {
      const key = nodeValue(pair.key as Node);
      const value = nodeValue(pair.value as Node);
      if (key === undefined || value === undefined || (typeof key === 'object' && key !== null)) return undefined;
      entries.push([String(key), value]);
    }
    return Object.fromEntries(entries);
  }
  return undefined;
}

/** `KEY: value` read as YAML 1.1: the keywords of a one-line mapping, else none. */
export function yamlKeywords(line: string): Keyword[] {
  if (!line.includes(':')) return [];
  const doc = parseDocument(line, { schema: 'failsafe', version: '1.1', logLevel: 'silent', uniqueKeys: false });
  if (doc.errors.length || doc.warnings.length || !isMap(doc.contents)) return [];
  const mapping = nodeValue(doc.contents);
  if (!mapping || typeof mapping !== 'object') return [];
  return Object.entries(mapping)
    .filter(([key]) => key.length > 0 && key.length <= MAX_KEY)
    .map(([key, value]) => ({ key, value }));
}

/** A FITS value field's value (string, logical, integer, real, complex) and what follows it, or undefined if it is none of these. */
function fitsValue(field: string): { value: unknown; rest: string } | undefined {
  const text = field.trimStart();
  if (text.startsWith("'")) {
    let value = '';
    for (let i = 1; i < text.length; i++) {
      if (text[i] !== "'") value += text[i];
      else if (text[i + 1] === "'") {
        value += "'";
        i++;
      } else return { value: value.trimEnd(), rest: text.slice(i + 1) };
    }
    return undefined; // no closing quote
  }
  const slash = text.indexOf('/');
  const token = (slash < 0 ? text : text.slice(0, slash)).trim();
  const rest = slash < 0 ? '' : text.slice(slash);
  if (token === '') return { value: null, rest };
  if (token === 'T' || token === 'F') return { value: token === 'T', rest };
  if (FITS_INTEGER.test(token)) {
    const value = BigInt(token);
    return { value: value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString(), rest };
  }
  if (FITS_REAL.test(token)) return { value: Number(token.replace(/[dD]/, 'e')), rest };
  const complex = /^\(\s*(\S+)\s*,\s*(\S+)\s*\)$/.exec(token);
  if (complex && FITS_REAL.test(complex[1]!) && FITS_REAL.test(complex[2]!)) return { value: [Number(complex[1]), Number(complex[2])], rest };
  return undefined;
}

export type FitsCard = { kind: 'value'; key: string; value: unknown; comment: string } | { kind: 'commentary'; key: string; text: string } | { kind: 'end' };

/**
 * One 80-column card image: keyword in columns 1–8, `= ` in 9–10, then the value and an optional
 * `/ comment`. Undefined when the line is not a valid card.
 */
export function fitsCard(line: string): FitsCard | undefined {
  if (line.length > 80) return undefined;
  const key = line.slice(0, 8).trimEnd();
  if (key === 'END' && line.trim() === 'END') return { kind: 'end' };
  if (key !== '' && !FITS_KEYWORD.test(key)) return undefined;
  if (FITS_COMMENTARY.has(key)) return { kind: 'commentary', key, text: line.slice(8).trim() };
  if (line.slice(8, 10) !== '= ' && line.slice(8) !== '=') return undefined;
  const parsed = fitsValue(line.slice(10));
  if (!parsed) return undefined;
  const rest = parsed.rest.trim();
  if (rest !== '' && !rest.startsWith('/')) return undefined;
  return { kind: 'value', key, value: parsed.value, comment: rest.slice(1).trim() };
}

/** `KEY = value [/ comment]` that is not a valid card: the value as text, or as a number when it is one. */
function looseKeyword(line: string): Keyword | undefined {
  const m = LOOSE_ASSIGNMENT.exec(line);
  if (!m) return undefined;
  const parsed = fitsValue(m[2]!);
  if (parsed && (parsed.rest.trim() === '' || parsed.rest.trim().startsWith('/'))) {
    const comment = parsed.rest.trim().slice(1).trim();
    return { key: m[1]!, value: comment ? { value: parsed.value, comment } : parsed.value };
  }
  return { key: m[1]!, value: m[2]!.trim() };
}

/**
 * The keywords of a file's header lines (each without its `#`), or null for a file without any
 * header line. A line that is a valid FITS card is read as one; any other as YAML, else as a loose
 * `KEY = value`. A FITS card wins over the others for the same key; keys keep the order in which
 * they first appear.
 */
export function headerKeywords(lines: readonly string[]): Record<string, unknown> | null {
  if (!lines.length) return null;
  const header = new Map<string, unknown>();
  const fromCards = new Set<string>();
  const commentary = new Map<string, string[]>();
  for (const line of lines) {
    const card = fitsCard(line);
    if (card?.kind === 'value') {
      header.set(card.key, card.comment ? { value: card.value, comment: card.comment } : card.value);
      fromCards.add(card.key);
    } else if (card?.kind === 'commentary') {
      if (card.text) commentary.set(card.key || 'COMMENT', [...(commentary.get(card.key || 'COMMENT') ?? []), card.text]);
    } else if (!card) {
      const keywords = yamlKeywords(line);
      const loose = keywords.length ? [] : [looseKeyword(line)].filter((keyword) => keyword !== undefined);
      for (const { key, value } of [...keywords, ...loose]) if (!fromCards.has(key)) header.set(key, value);
    }
  }
  for (const [key, texts] of commentary) header.set(key, texts.join('\n'));
  return Object.fromEntries(header);
}
