/**
 * The FITS reader and the stretch on images made here with known pixels (every BITPIX a cutout
 * may have, scaling, undefined pixels), and on the real cutouts of a ZTF packet.
 */
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { cutoutToPng } from '../server/cutouts.js';
import { readFitsImage } from '../server/fits.js';
import { ztfFormat, type ZtfPacket } from '../server/formats/ztf.js';
import { toGrey, zscale } from '../server/stretch.js';
import { LONG, packet } from './helpers.js';

/** A FITS file: header cards padded to 2880 bytes, then big-endian pixels padded likewise. */
function fits(bitpix: number, width: number, height: number, values: number[], extra: Record<string, number> = {}): Buffer {
  const cards = { SIMPLE: 'T', BITPIX: bitpix, NAXIS: 2, NAXIS1: width, NAXIS2: height, ...extra };
  let header = Object.entries(cards)
    .map(([key, value]) => `${key.padEnd(8)}= ${String(value).padStart(20)} / a comment`.padEnd(80))
    .join('');
  header += 'END'.padEnd(80);
  header = header.padEnd(Math.ceil(header.length / 2880) * 2880);
  const size = Math.abs(bitpix) / 8;
  const data = Buffer.alloc(Math.ceil((values.length * size) / 2880) * 2880);
  values.forEach((v, i) => {
    if (bitpix === 8) data.writeUInt8(v, i);
    else if (bitpix === 16) data.writeInt16BE(v, i * 2);
    else if (bitpix === 32) data.writeInt32BE(v, i * 4);
    else if (bitpix === -32) data.writeFloatBE(v, i * 4);
    else data.writeDoubleBE(v, i * 8);
  });
  return Buffer.concat([Buffer.from(header, 'latin1'), data]);
}

test.each([8, 16, 32, -32, -64])('BITPIX %i: the pixels as written, row by row', (bitpix) => {
  const values = [0, 1, 2, 3, 4, 100];
  const image = readFitsImage(fits(bitpix, 3, 2, values));
  expect(image).toMatchObject({ width: 3, height: 2, bitpix });
  expect([...image.pixels]).toEqual(values);
});

test('BSCALE and BZERO give physical values; BLANK and NaN are undefined', () => {
  // Unsigned 16-bit data as FITS stores it: BZERO 32768.
  const unsigned = readFitsImage(fits(16, 2, 2, [-32768, 0, 32767, -1], { BZERO: 32768 }));
  expect([...unsigned.pixels]).toEqual([0, 32768, 65535, 32767]);
  // physical = BZERO + BSCALE × stored
  const scaled = readFitsImage(fits(16, 2, 1, [4, -6], { BZERO: 10, BSCALE: 0.5 }));
  expect([...scaled.pixels]).toEqual([12, 7]);
  const blank = readFitsImage(fits(16, 2, 1, [7, -999], { BLANK: -999 }));
  expect(blank.pixels[0]).toBe(7);
  expect(blank.pixels[1]).toBeNaN();
  expect(readFitsImage(fits(-32, 2, 1, [NaN, 1])).pixels[0]).toBeNaN();
});

test('what is not a 2D image is refused, naming why', () => {
  expect(() => readFitsImage(Buffer.from('hello'))).toThrow(/not a FITS file/);
  expect(() => readFitsImage(fits(-32, 4, 4, [1]).subarray(0, 2880 + 8))).toThrow(/truncated/);
  const cube = fits(-32, 2, 2, [1, 2, 3, 4], { NAXIS: 3 });
  expect(() => readFitsImage(cube)).toThrow(/NAXIS = 3/);
});

test('zscale: the sky mid-grey, a bright star saturated, NaNs left out (and black)', () => {
  // Sky of 100 ± noise, one star of 10,000, a NaN column.
  const width = 40;
  const pixels: number[] = [];
  for (let i = 0; i < width * width; i++) pixels.push(100 + ((i * 7919) % 21) - 10);
  pixels[820] = 10_000;
  for (let y = 0; y < width; y++) pixels[y * width] = NaN;
  const [z1, z2] = zscale(pixels);
  expect(z1).toBeGreaterThanOrEqual(85);
  expect(z2).toBeLessThanOrEqual(115);
  const grey = toGrey(pixels, [z1, z2]);
  expect(grey[820]).toBe(255);
  expect(grey[0]).toBe(0);
  const sky = [...grey].filter((_, i) => i % width !== 0 && i !== 820).sort((a, b) => a - b);
  expect(sky[Math.floor(sky.length / 2)]).toBeGreaterThan(80);
  expect(sky[Math.floor(sky.length / 2)]).toBeLessThan(180);
  // (A min–max stretch would have put this sky at grey level 0 or 1 of 255.)
});

test('a cutout with undefined pixels becomes a PNG with those pixels black, north up', () => {
  // 16×16, values growing upwards (FITS row 0 is the bottom), the top-left pixel NaN.
  const values: number[] = [];
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) values.push(y === 15 && x === 0 ? NaN : y * 10 + x);
  const png = PNG.sync.read(cutoutToPng(gzipSync(fits(-32, 16, 16, values))));
  expect([png.width, png.height]).toEqual([16, 16]);
  const at = (x: number, y: number) => png.data[(y * 16 + x) * 4]!;
  expect(at(0, 0)).toBe(0); // the NaN, shown at the top left
  expect(at(15, 0)).toBeGreaterThan(at(15, 15)); // brighter at the top: FITS's last row
});

test('the real cutouts of a packet decode as 63×63 float images with their sky and source', async () => {
  const [decoded] = (await ztfFormat.decode(packet(LONG))) as ZtfPacket[];
  const alert = ztfFormat.toAlert(decoded!);
  for (const type of ['new', 'ref', 'sub'] as const) {
    const png = PNG.sync.read(cutoutToPng(alert.cutouts[type]!));
    expect([png.width, png.height]).toEqual([63, 63]);
  }
});
