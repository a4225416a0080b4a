/**
 * ZTF alert packets: Avro object container files with the writer's schema inside (one packet per
 * file or Kafka message, schema versions 1.8 to 4.x, and the 2016 test stream's older one).
 * Photometry is made as SkyPortal's ZTF pipeline (Kowalski) makes it: `magpsf` is already
 * calibrated, so a detection's flux is 10^(-0.4 (magpsf - 23.9)) at the AB zero point 23.9 (µJy),
 * negative when the candidate comes from the negative subtraction (`isdiffpos` false: the source
 * got fainter than in the reference); its error is `sigmapsf` × |flux| × ln 10 / 2.5. A
 * `prv_candidates` entry without `magpsf` is an upper limit: no flux, and a flux error of a fifth
 * of the flux at `diffmaglim` (a 5σ depth), so its limiting magnitude is `diffmaglim` again.
 * `magzpsci` is the science image's instrumental zero point: it is not the zero point of `magpsf`
 * and is not used (only forced photometry's `forcediffimflux` would need it).
 */
import { Readable } from 'node:stream';
import avro from 'avsc';
import type { Alert, AlertFormat } from '../../types.js';

/** ZTF's filter ids. */
export const ZTF_FILTERS: Readonly<Record<number, string>> = { 1: 'ztfg', 2: 'ztfr', 3: 'ztfi' };
export const AB_ZERO_POINT = 23.9;
const JD_UNIX_EPOCH = 2440587.5;
const MJD_OFFSET = 2400000.5;

/** Candidate fields written as annotations (numbers only): the scores and cross-matches a scanner reads. */
export const ANNOTATION_FIELDS = [
  'rb',
  'drb',
  'sgscore1',
  'distpsnr1',
  'sgscore2',
  'distpsnr2',
  'ssdistnr',
  'ssmagnr',
  'distnr',
  'magnr',
  'classtar',
  'fwhm',
  'elong',
  'ndethist',
  'ncovhist',
  'magpsf',
  'sigmapsf',
  'diffmaglim',
  'jdstarthist',
] as const;

/**
 * Avro `long` as a BigInt: ZTF's candid and ps1 ids pass 2^53, which avsc's default `long` refuses
 * ("potential precision loss").
 */
const bigLong = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
  toBuffer: (value: bigint) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(value);
    return buffer;
  },
  fromJSON: (value: number | string) => BigInt(value),
  toJSON: (value: bigint) => Number(value),
  isValid: (value: unknown) => typeof value === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/**
 * ZTF's schemas give fields like `{"type": ["float", "null"], "default": null}`: a union default
 * must match its first branch, so avsc refuses them. The default only matters when reading data
 * written without the field (never here), so it is dropped; the union's order stays, since the
 * data encodes branch indexes.
 */
function dropBadUnionDefaults(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(dropBadUnionDefaults);
  if (!schema || typeof schema !== 'object') return;
  const node = schema as { type?: unknown; fields?: { type: unknown; default?: unknown }[]; items?: unknown; values?: unknown };
  if (node.type === 'record' && Array.isArray(node.fields)) {
    for (const field of node.fields) {
      if (Array.isArray(field.type) && field.type[0] !== 'null' && field.default === null) delete field.default;
      dropBadUnionDefaults(field.type);
    }
  } else if (node.type === 'array') dropBadUnionDefaults(node.items);
  else if (node.type === 'map') dropBadUnionDefaults(node.values);
  else if (typeof node.type === 'object') dropBadUnionDefaults(node.type);
}

/** The reader type of a ZTF writer schema (an Avro container's `parseHook`): both fixes above applied. */
export function ztfReaderType(schema: unknown): avro.Type {
  dropBadUnionDefaults(schema);
  return avro.Type.forSchema(schema as avro.Schema, { registry: { long: bigLong } });
}

export type ZtfPacket = Record<string, unknown> & { candidate?: Record<string, unknown>; prv_candidates?: Record<string, unknown>[] | null };

/** Every record of one Avro container file (rejects on anything that is not one). */
export function decodeContainer(bytes: Uint8Array): Promise<ZtfPacket[]> {
  return new Promise((resolve, reject) => {
    const records: ZtfPacket[] = [];
    const decoder = new avro.streams.BlockDecoder({ parseHook: ztfReaderType });
    decoder.on('data', (record: ZtfPacket) => records.push(record));
    decoder.on('error', (error: Error) => reject(new Error(`not an Avro container file: ${error.message}`)));
    decoder.on('end', () => resolve(records));
    Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]).pipe(decoder);
  });
}

/** JSON-safe: longs as numbers when exact, else their digits; byte fields left out. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const converted = plain(inner);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return value;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `t`/`1` (strings of 1.8+), 1 (the 2016 schema's int), true: the positive subtraction. */
export function isPositive(isdiffpos: unknown): boolean {
  return isdiffpos === true || isdiffpos === 1 || (typeof isdiffpos === 'string' && ['t', 'T', '1', 'y', 'Y', 'true'].includes(isdiffpos));
}

interface Columns {
  mjd: number[];
  filter: string[];
  flux: (number | null)[];
  fluxerr: number[];
  ra: (number | null)[];
  dec: (number | null)[];
}

/** One detection or upper limit as a point; false when it is neither (no filter, or neither magpsf nor diffmaglim). */
function addPoint(columns: Columns, entry: Record<string, unknown>): boolean {
  const filter = ZTF_FILTERS[Number(entry.fid)];
  if (!filter || !finite(entry.jd)) return false;
  let flux: number | null;
  let fluxerr: number;
  if (finite(entry.magpsf) && finite(entry.sigmapsf)) {
    flux = (isPositive(entry.isdiffpos) ? 1 : -1) * 10 ** (-0.4 * (entry.magpsf - AB_ZERO_POINT));
    fluxerr = (entry.sigmapsf * Math.abs(flux) * Math.LN10) / 2.5;
  } else if (finite(entry.diffmaglim)) {
    flux = null;
    fluxerr = 10 ** (-0.4 * (entry.diffmaglim - AB_ZERO_POINT)) / 5;
  } else return false;
  columns.mjd.push(entry.jd - MJD_OFFSET);
  columns.filter.push(filter);
  columns.flux.push(flux);
  columns.fluxerr.push(fluxerr);
  const detected = flux !== null && finite(entry.ra) && finite(entry.dec);
  columns.ra.push(detected ? (entry.ra as number) : null);
  columns.dec.push(detected ? (entry.dec as number) : null);
  return true;
}

function stamp(packet: ZtfPacket, key: string): Uint8Array | undefined {
  const cutout = packet[key] as { stampData?: unknown } | null | undefined;
  return cutout?.stampData instanceof Uint8Array && cutout.stampData.length ? cutout.stampData : undefined;
}

export function toZtfAlert(packet: ZtfPacket): Alert {
  const objId = packet.objectId;
  if (typeof objId !== 'string' || !/^ZTF\d{2}[a-z]{7}$/.test(objId)) {
    throw new Error(
      typeof objId === 'string'
        ? `objectId ${JSON.stringify(objId.slice(0, 40))} is not a ZTF object id`
        : 'no objectId (a packet of the 2016 test stream names no object)',
    );
  }
  const candidate = packet.candidate;
  if (!candidate || typeof candidate !== 'object') throw new Error('no candidate');
  if (!finite(candidate.ra) || !finite(candidate.dec) || candidate.dec < -90 || candidate.dec > 90) throw new Error('candidate: no position (ra, dec)');
  if (!finite(candidate.jd)) throw new Error('candidate: no jd');
  const candid = typeof packet.candid === 'bigint' ? packet.candid : typeof candidate.candid === 'bigint' ? candidate.candid : undefined;
  if (candid === undefined || candid <= 0n) throw new Error(`candid ${String(candid)}: not a positive alert id`);

  const columns: Columns = { mjd: [], filter: [], flux: [], fluxerr: [], ra: [], dec: [] };
  if (!addPoint(columns, candidate)) throw new Error(`candidate: fid ${String(candidate.fid)} is none of ZTF's filters, or it has no magpsf`);
  // Earlier epochs (30 days of them). One exposure may hold two measurements of the object (two
  // candidates where fields overlap): both are kept; an entry repeating another exactly counts once.
  const seen = new Set([`${candidate.jd}/${candidate.fid}/${candidate.magpsf}`]);
  for (const entry of packet.prv_candidates ?? []) {
    const key = `${entry.jd}/${entry.fid}/${entry.magpsf ?? entry.diffmaglim}`;
    if (seen.has(key)) continue;
    seen.add(key);
    addPoint(columns, entry);
  }

  const data: Record<string, number> = {};
  for (const key of ANNOTATION_FIELDS) {
    const value = plain(candidate[key]);
    if (finite(value)) data[key] = value;
  }
  const cutouts = { new: stamp(packet, 'cutoutScience'), ref: stamp(packet, 'cutoutTemplate'), sub: stamp(packet, 'cutoutDifference') };
  return {
    objId,
    ra: candidate.ra,
    dec: candidate.dec,
    candid: candid.toString(),
    observedAt: new Date(Math.round((candidate.jd - JD_UNIX_EPOCH) * 86_400_000)),
    photometry: { ...columns, zp: AB_ZERO_POINT, magsys: 'ab' },
    cutouts: Object.fromEntries(Object.entries(cutouts).filter(([, bytes]) => bytes)),
    annotations: { origin: 'ZTF', data },
    fields: plain({ ...packet, cutoutScience: undefined, cutoutTemplate: undefined, cutoutDifference: undefined }) as Record<string, unknown>,
  };
}

export const ztfFormat: AlertFormat<ZtfPacket> = {
  name: 'ztf',
  instrument: 'ZTF',
  filters: Object.values(ZTF_FILTERS),
  decode: decodeContainer,
  toAlert: toZtfAlert,
};
