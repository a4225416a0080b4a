/**
 * Where thumbnails' bytes live, outside the database rows: one small interface, so an object
 * store can stand in for the folder later. Keys are relative paths of `/`-separated lowercase hex
 * and dots (`ab/cd/<sha256>.png`), chosen by the write path.
 */
import { mkdir, readdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ThumbnailStorage {
  /** Stores the bytes under `key` (replacing what was there: keys are content-addressed, so it is the same). */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes what is stored under `key`; nothing stored is fine. */
  delete(key: string): Promise<void>;
  /** Where the bytes are, for SkyPortal's `file_uri` (a path on the server for a folder). */
  locate(key: string): string;
  /** Removes what is left empty after keys moved (a folder's empty subfolders); optional. */
  prune?(): Promise<void>;
}

const KEY = /^[0-9a-f]{2}(\/[0-9a-f]{2})*\/[0-9a-f]{64}\.png$|^[0-9a-f]{64}\.png$/;

function checkedKey(key: string): string {
  // Keys come from the write path only; a key that is not of that shape never reaches the disk.
  if (!KEY.test(key)) throw new Error(`thumbnails: not a storage key: ${JSON.stringify(key)}`);
  return key;
}

/** Files under `root`, a key being the file's path below it. Writes go through a temporary file and a rename, so a reader never sees half a file. */
export function folderStorage(root: string): ThumbnailStorage {
  const absolute = path.resolve(root);
  const file = (key: string) => path.join(absolute, ...checkedKey(key).split('/'));
  return {
    async put(key, bytes) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.${process.pid}.${Date.now()}.part`;
      await writeFile(partial, bytes);
      await rename(partial, target);
    },
    async get(key) {
      try {
        return await readFile(file(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(key) {
      try {
        await unlink(file(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
    locate: file,
    async prune() {
      // Depth first: a folder whose subfolders were all empty is empty once they are gone.
      const walk = async (dir: string): Promise<boolean> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return false;
        }
        let empty = true;
        for (const entry of entries) {
          if (!entry.isDirectory() || !(await walk(path.join(dir, entry.name)))) empty = false;
        }
        if (empty && dir !== absolute) await rmdir(dir).catch(() => undefined);
        return empty;
      };
      await walk(absolute);
    },
  };
}

/** The key of an image by its digest, under `depth` levels of two-hex-digit folders (SkyPortal's layout). */
export function keyFor(sha256: string, depth: number): string {
  const folders = Array.from({ length: depth }, (_, i) => sha256.slice(i * 2, i * 2 + 2));
  return [...folders, `${sha256}.png`].join('/');
}

/** How many folder levels a key has. */
export const depthOf = (key: string) => key.split('/').length - 1;
