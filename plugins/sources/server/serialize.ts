/** An obj as SkyPortal answers it: its columns, HEALPix index, galactic coordinates and distances. */
import { exactInteger, type ExactInteger } from '@skyportal/sdk';
import { objDistances, type ObjDistances } from './cosmology.js';
import { galactic } from './galactic.js';
import { healpixIndex } from './healpix.js';

export type SerializedObj = Record<string, unknown> &
  ObjDistances & {
    id: string;
    ra: number | null;
    dec: number | null;
    redshift: number | null;
    healpix: ExactInteger | null;
    gal_lat: number | null;
    gal_lon: number | null;
  };

/** A row of `objs` (the columns of `objColumns`) made an answer. */
export function serializeObj(row: Record<string, unknown>): SerializedObj {
  const obj = row as { id: string; ra: number | null; dec: number | null; redshift: number | null; altdata?: unknown };
  const placed = obj.ra !== null && obj.dec !== null;
  const healpix = placed ? exactInteger(healpixIndex(obj.ra!, obj.dec!)) : null;
  const { gal_lat, gal_lon } = placed ? galactic(obj.ra!, obj.dec!) : { gal_lat: null, gal_lon: null };
  return { ...row, id: obj.id, ra: obj.ra, dec: obj.dec, redshift: obj.redshift, healpix, gal_lat, gal_lon, ...objDistances(obj) };
}

const DEG = Math.PI / 180;

/** Angular distance between two positions in arcsec (haversine: exact at arcsecond scales). */
export function separationArcsec(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const sinDec = Math.sin(((dec2 - dec1) * DEG) / 2);
  const sinRa = Math.sin(((ra2 - ra1) * DEG) / 2);
  const h = sinDec * sinDec + Math.cos(dec1 * DEG) * Math.cos(dec2 * DEG) * sinRa * sinRa;
  return ((2 * Math.asin(Math.min(1, Math.sqrt(h)))) / DEG) * 3600;
}
