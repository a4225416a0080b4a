/** An obj as SkyPortal answers it: its columns, its HEALPix index and its distances. */
import { exactInteger, type ExactInteger } from '@skyportal/sdk';
import { objDistances, type ObjDistances } from './cosmology.js';
import { healpixIndex } from './healpix.js';

export type SerializedObj = Record<string, unknown> &
  ObjDistances & {
    id: string;
    ra: number | null;
    dec: number | null;
    redshift: number | null;
    healpix: ExactInteger | null;
  };

/** A row of `objs` (the columns of `objColumns`) made an answer. */
export function serializeObj(row: Record<string, unknown>): SerializedObj {
  const obj = row as { id: string; ra: number | null; dec: number | null; redshift: number | null; altdata?: unknown };
  const healpix = obj.ra === null || obj.dec === null ? null : exactInteger(healpixIndex(obj.ra, obj.dec));
  return { ...row, id: obj.id, ra: obj.ra, dec: obj.dec, redshift: obj.redshift, healpix, ...objDistances(obj) };
}

const DEG = Math.PI / 180;

/** Angular distance between two positions in arcsec (haversine: exact at arcsecond scales). */
export function separationArcsec(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const sinDec = Math.sin(((dec2 - dec1) * DEG) / 2);
  const sinRa = Math.sin(((ra2 - ra1) * DEG) / 2);
  const h = sinDec * sinDec + Math.cos(dec1 * DEG) * Math.cos(dec2 * DEG) * sinRa * sinRa;
  return ((2 * Math.asin(Math.min(1, Math.sqrt(h)))) / DEG) * 3600;
}
