// What the thumbnails tests share: the real demo cutouts, made-up PNGs of a given size or colour, and the storage folder.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { uniqueId, type TestServer } from '@skyportal/test-kit';

/** ZTF18aabcvnq's new, ref and sub cutouts: real images from the public SkyPortal repository, BSD-3-Clause (demo/LICENSE.md). */
const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../demo');
export const demoPng = (type: 'new' | 'ref' | 'sub') => readFileSync(path.join(DEMO, `ZTF18aabcvnq_${type}.png`));

/** A PNG of `width` × `height` px, filled by `pixel(x, y)` → [r, g, b]. */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number] = () => [120, 120, 120]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      png.data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** A clearly coloured image: red, green and blue bands. */
export const colourPng = () => makePng(64, 64, (x) => (x < 21 ? [230, 20, 20] : x < 42 ? [20, 230, 20] : [20, 20, 230]));

export const b64 = (bytes: Buffer) => bytes.toString('base64');

/** A fresh folder for the plugin's storage (its `folder` option). */
export const tempFolder = () => mkdtempSync(path.join(tmpdir(), 'thumbnails-test-'));

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export async function makeSource(server: TestServer, groupIds: number[], token?: string, position = { ra: 172.0534465, dec: 25.6596908 }): Promise<string> {
  const id = uniqueId('ZTF');
  const res = await server.request('POST', '/api/sources', { token, body: { id, ...position, group_ids: groupIds } });
  if (res.status !== 200) throw new Error(`source: ${res.text}`);
  return id;
}

/** Waits until `check` holds (files go once a transaction ended, just after the answer), for at most a second. */
export async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}
