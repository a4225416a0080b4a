/**
 * The smallest FITS reader alert cutouts need: the primary HDU's 2D image (BITPIX 8, 16, 32, -32,
 * -64; BSCALE/BZERO applied; BLANK and non-finite values as NaN). The FITS readers on npm did not
 * work here: `fitsjs` 0.6 (2014) reads through the browser's FileReader and Blob workers (in Node:
 * "FileReader is not defined"), and `fits-reader-js` 1.0 is an undocumented bundle without a
 * repository. The format is the FITS Standard 4.0: 2880-byte blocks of 80-character header cards
 * up to `END`, then big-endian pixels from the next block.
 */

export interface FitsImage {
  width: number;
  height: number;
  bitpix: number;
  /** Physical values, row by row from the image's first row (FITS's bottom row), NaN where undefined. */
  pixels: Float64Array;
}

const BLOCK = 2880;
const CARD = 80;

/** Header keywords as numbers, strings or booleans (only what the image needs is read). */
function readHeader(bytes: Uint8Array): { cards: Map<string, string>; dataStart: number } {
  const cards = new Map<string, string>();
  const text = new TextDecoder('latin1');
  for (let at = 0; at + CARD <= bytes.length; at += CARD) {
    const card = text.decode(bytes.subarray(at, at + CARD));
    const key = card.slice(0, 8).trim();
    if (key === 'END') return { cards, dataStart: Math.ceil((at + CARD) / BLOCK) * BLOCK };
    if (card.slice(8, 10) !== '= ') continue;
    // The value ends at a comment's slash, outside a quoted string.
    const raw = card.slice(10);
    const value = raw.trimStart().startsWith("'")
      ? raw
          .trim()
          .replace(/^'(.*?)'.*$/, '$1')
          .trim()
      : raw.split('/')[0]!.trim();
    if (!cards.has(key)) cards.set(key, value);
  }
  throw new Error('FITS: no END card in the header');
}

function intCard(cards: Map<string, string>, key: string, fallback?: number): number {
  const value = cards.get(key);
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`FITS: no ${key} in the header`);
  }
  const number = Number(value.replace(/[dD]/, 'e'));
  if (!Number.isFinite(number)) throw new Error(`FITS: ${key} = ${value} is not a number`);
  return number;
}

/** The primary image of a FITS file. Throws (naming what is wrong) on anything else. */
export function readFitsImage(bytes: Uint8Array): FitsImage {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 30));
  if (!/^SIMPLE {2}= +T/.test(head)) throw new Error('FITS: not a FITS file (no SIMPLE = T)');
  const { cards, dataStart } = readHeader(bytes);
  const bitpix = intCard(cards, 'BITPIX');
  const naxis = intCard(cards, 'NAXIS');
  if (naxis !== 2) throw new Error(`FITS: NAXIS = ${naxis}, a 2D image is expected`);
  const width = intCard(cards, 'NAXIS1');
  const height = intCard(cards, 'NAXIS2');
  if (!(width > 0 && height > 0 && width * height <= 4096 * 4096)) throw new Error(`FITS: image of ${width} × ${height} pixels`);
  const bytesPer = Math.abs(bitpix) / 8;
  if (![8, 16, 32, -32, -64].includes(bitpix)) throw new Error(`FITS: BITPIX = ${bitpix} is not supported`);
  const count = width * height;
  if (dataStart + count * bytesPer > bytes.length)
    throw new Error(`FITS: the data unit is truncated (${bytes.length} bytes, ${dataStart + count * bytesPer} needed)`);
  const bscale = intCard(cards, 'BSCALE', 1);
  const bzero = intCard(cards, 'BZERO', 0);
  const blank = cards.has('BLANK') && bitpix > 0 ? intCard(cards, 'BLANK') : undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, count * bytesPer);
  const pixels = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * bytesPer;
    const raw =
      bitpix === 8
        ? view.getUint8(o)
        : bitpix === 16
          ? view.getInt16(o)
          : bitpix === 32
            ? view.getInt32(o)
            : bitpix === -32
              ? view.getFloat32(o)
              : view.getFloat64(o);
    pixels[i] = raw === blank || !Number.isFinite(raw) ? NaN : bzero + bscale * raw;
  }
  return { width, height, bitpix, pixels };
}
