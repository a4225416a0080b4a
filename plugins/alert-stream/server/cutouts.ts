/** An alert's gzipped FITS cutout as the PNG thumbnail a scanner looks at: zscale stretch, north up as FITS's origin is bottom left. */
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { readFitsImage } from './fits.js';
import { toGrey, zscale } from './stretch.js';

/** Plain FITS starts with `SIMPLE`; ZTF's stamps are gzipped. */
function unzipped(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

export function cutoutToPng(bytes: Uint8Array): Buffer {
  const image = readFitsImage(unzipped(bytes));
  const grey = toGrey(image.pixels, zscale(image.pixels));
  const png = new PNG({ width: image.width, height: image.height });
  // FITS rows go up from the bottom, PNG rows down from the top.
  for (let y = 0; y < image.height; y++) {
    const row = image.height - 1 - y;
    for (let x = 0; x < image.width; x++) {
      const v = grey[row * image.width + x]!;
      png.data.set([v, v, v, 255], (y * image.width + x) * 4);
    }
  }
  // Written as 8-bit greyscale (colour type 0): a third of the bytes of RGBA.
  return PNG.sync.write(png, { colorType: 0 });
}
