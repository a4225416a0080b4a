/**
 * A stream of real ZTF packets replicated as new alerts: each copy is the same Avro container
 * (same writer schema, cutouts, history) with a new `candid` and a new `objectId`, so each one
 * is a new alert of a new obj for the ingest path.
 */
import { Readable } from 'node:stream';
import avro from 'avsc';
import { ztfReaderType } from '@skyportal/plugin-alert-stream/formats/ztf';

type Packet = Record<string, unknown> & { candid: bigint; objectId: string; candidate: Record<string, unknown> };

async function read(bytes: Buffer): Promise<{ type: avro.Type; packet: Packet }> {
  return new Promise((resolve, reject) => {
    let type: avro.Type | undefined;
    const decoder = new avro.streams.BlockDecoder({
      // The plugin's reader (BigInt longs, bad union defaults dropped), kept to write the copies.
      parseHook: (schema: unknown) => (type = ztfReaderType(schema)),
    });
    decoder.once('data', (packet: Packet) => resolve({ type: type!, packet }));
    decoder.once('error', reject);
    Readable.from([bytes]).pipe(decoder);
  });
}

async function encode(type: avro.Type, packet: Packet): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const encoder = new avro.streams.BlockEncoder(type, { codec: 'null' });
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    encoder.once('end', () => resolve(Buffer.concat(chunks)));
    encoder.once('error', reject);
    encoder.end(packet);
  });
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** `ZTF26` + seven letters, as ZTF names objs, from a counter. */
function objectId(i: number): string {
  let name = '';
  for (let n = i, k = 0; k < 7; k++, n = Math.floor(n / 26)) name = LETTERS[n % 26] + name;
  return `ZTF26${name}`;
}

/** `count` new alerts cycling over the given packets, candids from `firstCandid` on. */
export async function replicas(packets: Buffer[], count: number, firstCandid: bigint, firstObj = 0): Promise<Buffer[]> {
  const sources = await Promise.all(packets.map(read));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const { type, packet } = sources[i % sources.length]!;
    const candid = firstCandid + BigInt(i);
    out.push(await encode(type, { ...packet, candid, objectId: objectId(firstObj + i), candidate: { ...packet.candidate, candid } }));
  }
  return out;
}
