/**
 * Packets from files: a folder (each `.avro` file in it, recursively, in name order) or a tarball
 * (`.tar.gz`, `.tgz` or `.tar`: each `.avro` entry), as surveys and brokers archive a night.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

export interface PacketFile {
  /** The file's path, or `archive.tar.gz:entry/name.avro`: the `source` of its alerts. */
  name: string;
  bytes: Uint8Array;
}

const isPacket = (name: string) => name.toLowerCase().endsWith('.avro');
export const isTarball = (name: string) => /\.(tar\.gz|tgz|tar)$/i.test(name);

/** The `.avro` entries of a tarball (gzipped when `gzipped`), in the archive's order. */
export async function* tarEntries(input: Readable, gzipped: boolean, archive: string): AsyncGenerator<PacketFile> {
  const extract = tar.extract();
  const feeding = gzipped ? pipeline(input, createGunzip(), extract) : pipeline(input, extract);
  feeding.catch((error) => extract.destroy(error));
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === 'file' && isPacket(entry.header.name)) yield { name: `${archive}:${entry.header.name}`, bytes: Buffer.concat(chunks) };
  }
  await feeding;
}

/** The gzip magic number. */
export const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

const tarballOf = (file: string) => tarEntries(createReadStream(file), !/\.tar$/i.test(file), file);

async function listFolder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isPacket(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** How many packet files `target` holds (for the progress bar); a tarball is counted by reading its headers. */
export async function countPackets(target: string): Promise<number> {
  if ((await stat(target)).isDirectory()) return (await listFolder(target)).length;
  if (!isTarball(target)) return 1;
  let count = 0;
  for await (const file of tarballOf(target)) if (file) count++;
  return count;
}

/** The packet files of a folder, a tarball or one `.avro` file. */
export async function* packetFiles(target: string): AsyncGenerator<PacketFile> {
  const info = await stat(target);
  if (info.isDirectory()) {
    for (const file of await listFolder(target)) yield { name: file, bytes: await readFile(file) };
  } else if (isTarball(target)) {
    yield* tarballOf(target);
  } else {
    yield { name: target, bytes: await readFile(target) };
  }
}
