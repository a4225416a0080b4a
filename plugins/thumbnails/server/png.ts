/**
 * Checking an uploaded thumbnail: base64 of a real PNG (decoded in full by pngjs, so a file with a
 * PNG signature and broken data is refused too), 16 to 500 px a side, and whether it is grayscale.
 * Each refusal is a 400 naming the field, in words SkyPortal's clients look for.
 */
import { badRequest } from '@skyportal/sdk';
import { PNG } from 'pngjs';

export const MIN_SIDE = 16;
export const MAX_SIDE = 500;
/** A 500 × 500 RGBA image is 1 MB raw; a PNG of it with metadata chunks stays well below this. */
export const MAX_PNG_BYTES = 4 * 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Other image formats, told apart from noise so the answer says "only PNG" rather than "not an image". */
const OTHER_IMAGES: { name: string; magic: number[] }[] = [
  { name: 'JPEG', magic: [0xff, 0xd8, 0xff] },
  { name: 'GIF', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'BMP', magic: [0x42, 0x4d] },
  { name: 'TIFF', magic: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF', magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'WebP', magic: [0x52, 0x49, 0x46, 0x46] },
  { name: 'FITS', magic: [...Buffer.from('SIMPLE  =')] },
];

const DATA_URL_MARK = 'base64,';

/** The bytes of base64 text (or a `data:image/png;base64,` URL); a 400 naming `field` unless it is base64. */
export function decodeBase64(text: string, field: string): Buffer {
  const mark = text.startsWith('data:') ? text.indexOf(DATA_URL_MARK) : -1;
  const encoded = (mark >= 0 ? text.slice(mark + DATA_URL_MARK.length) : text).replace(/\s+/g, '').replace(/=+$/, '');
  // Node's decoder skips what is not base64 without a word; a round trip tells base64 from noise.
  const bytes = Buffer.from(encoded, 'base64');
  if (!encoded || bytes.toString('base64').replace(/=+$/, '') !== encoded) throw badRequest(`${field}: not base64 (the PNG file's bytes, base64-encoded)`);
  return bytes;
}

export interface CheckedPng {
  /** The file up to its IEND chunk: bytes after it are ignored (by browsers too), and not kept. */
  png: Buffer;
  width: number;
  height: number;
  isGrayscale: boolean;
}

function sizeProblem(width: number, height: number, field: string) {
  if ([width, height].every((side) => side >= MIN_SIDE && side <= MAX_SIDE)) return undefined;
  return badRequest(`${field}: Invalid thumbnail size. The image is ${width} × ${height} px; each side must be ${MIN_SIDE} to ${MAX_SIDE} px.`);
}

/** Decodes the PNG (refusing what is not one, or is too small or too large) and tells whether it is grayscale. */
export function checkPng(bytes: Buffer, field = 'data'): CheckedPng {
  if (bytes.length > MAX_PNG_BYTES) throw badRequest(`${field}: ${bytes.length} bytes, more than the ${MAX_PNG_BYTES} a thumbnail may have`);
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    const other = OTHER_IMAGES.find(({ magic }) => magic.every((byte, i) => bytes[i] === byte));
    if (other) throw badRequest(`${field}: Invalid thumbnail image type. Only PNG are supported. This is a ${other.name} file.`);
    throw badRequest(`${field}: cannot identify image file: not a PNG image`);
  }
  // The header's size first: an image claiming 60000 × 60000 px is refused before it is inflated.
  if (bytes.length >= 24 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    const problem = sizeProblem(bytes.readUInt32BE(16), bytes.readUInt32BE(20), field);
    if (problem) throw problem;
  }
  const file = bytes.subarray(0, pngEnd(bytes));
  let png: PNG;
  try {
    png = PNG.sync.read(file);
  } catch (error) {
    throw badRequest(`${field}: cannot identify image file: a broken PNG (${(error as Error).message})`);
  }
  const problem = sizeProblem(png.width, png.height, field);
  if (problem) throw problem;
  // pngjs tells a gray colour type (`color` false) but does not declare it.
  return {
    png: file,
    width: png.width,
    height: png.height,
    isGrayscale: !(png as PNG & { color: boolean }).color || looksGray(png.data, png.width, png.height),
  };
}

/**
 * Where the PNG's IEND chunk ends (or the whole length when there is none: the decoder then says
 * what is wrong). Some writers leave a byte or two after IEND, which every reader ignores.
 */
function pngEnd(bytes: Buffer): number {
  let at = PNG_SIGNATURE.length;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    if (bytes.toString('latin1', at + 4, at + 8) === 'IEND') return Math.min(end, bytes.length);
    at = end;
  }
  return bytes.length;
}

/** At most this many samples a side: enough to see colour, cheap on a 500 px image. */
const SAMPLES_PER_SIDE = 40;
/** Mean squared distance from gray (per pixel, over the three channels) below which an image counts as gray. */
const GRAY_CUTOFF = 22;

/**
 * Whether an RGB(A) image is (nearly) gray: a colour PNG of a gray cutout (as ZTF's are) counts
 * as gray, so a page can show it with a colour map. Each sample's distance from gray is measured
 * after removing the image's overall tint, so a uniformly tinted gray image is gray too.
 */
export function looksGray(rgba: Buffer, width: number, height: number): boolean {
  const xs = Math.min(width, SAMPLES_PER_SIDE);
  const ys = Math.min(height, SAMPLES_PER_SIDE);
  const samples: [number, number, number][] = [];
  for (let j = 0; j < ys; j++) {
    for (let i = 0; i < xs; i++) {
      const x = Math.floor(((i + 0.5) * width) / xs);
      const y = Math.floor(((j + 0.5) * height) / ys);
      const at = (y * width + x) * 4;
      samples.push([rgba[at]!, rgba[at + 1]!, rgba[at + 2]!]);
    }
  }
  const mean = [0, 1, 2].map((c) => samples.reduce((sum, s) => sum + s[c]!, 0) / samples.length);
  const overall = (mean[0]! + mean[1]! + mean[2]!) / 3;
  const tint = mean.map((m) => m - overall);
  let squared = 0;
  for (const s of samples) {
    const mu = (s[0] + s[1] + s[2]) / 3;
    for (const c of [0, 1, 2]) squared += (s[c]! - mu - tint[c]!) ** 2;
  }
  return squared / samples.length <= GRAY_CUTOFF;
}
