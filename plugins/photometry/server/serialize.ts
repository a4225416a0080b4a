/** Points as SkyPortal serialises them (`skyportal/handlers/api/photometry.py: serialize`). */
import { groupSummaries, scopeToGroups, type Knex, type Principal, type UserSummary } from '@skyportal/sdk';
import { PLOT_POINT_KEYS, type MagSys, type PhotometryFormat, type PhotometryGroup, type PhotometryPoint, type PlotPoint } from '../types.js';
import { PHOT_ZP, fluxToMag, fluxToMagerr, fluxerrToLimit, requireAbOffset, type MagSystem } from './units.js';

export interface StoredPoint {
  id: number;
  obj_id: string;
  instrument_id: number;
  instrument_name: string;
  mjd: number;
  filter: string;
  flux: number | null;
  fluxerr: number;
  origin: string;
  ra: number | null;
  dec: number | null;
  ra_unc: number | null;
  dec_unc: number | null;
  altdata: Record<string, unknown> | null;
  original_user_data: { limiting_mag?: number; magsys?: MagSystem; limiting_mag_nsigma?: number } | null;
  ref_flux: number | null;
  ref_fluxerr: number | null;
  upload_id: string;
  created_at: string;
  owner_id: number | null;
}

/** Points the caller may see: through one of their groups, or as their owner. */
export function visiblePoints(db: Knex, user: Principal): Knex.QueryBuilder {
  const query = db('photometry as p')
    .join('instruments as i', 'i.id', 'p.instrument_id')
    .select(
      'p.id',
      'p.obj_id',
      'p.instrument_id',
      'i.name as instrument_name',
      'p.mjd',
      'p.filter',
      'p.flux',
      'p.fluxerr',
      'p.origin',
      'p.ra',
      'p.dec',
      'p.ra_unc',
      'p.dec_unc',
      'p.altdata',
      'p.original_user_data',
      'p.ref_flux',
      'p.ref_fluxerr',
      'p.upload_id',
      'p.created_at',
      'p.owner_id',
    );
  return scopeToVisiblePoints(query, user);
}

/**
 * Limits a query on `photometry as p` to the points the caller may see: through a group, or their
 * own; a point made from streams only by holders of all of them, who see it without a group too
 * (SkyPortal's stream members read the stream's photometry).
 */
export function scopeToVisiblePoints<Q extends Knex.QueryBuilder>(query: Q, user: Principal): Q {
  return scopeToGroups(query, user, {
    via: { table: 'photometry_groups', foreignKey: 'photometry_id', rowId: 'p.id' },
    ownerColumn: 'p.owner_id',
    streams: { via: { table: 'photometry_streams', foreignKey: 'photometry_id', rowId: 'p.id' }, grants: true },
  });
}

/** The groups of each point that the caller may see (all of them for system admins). */
export async function groupsOfPoints(db: Knex, user: Principal, where: { objId?: string; ids?: number[] }): Promise<Map<number, PhotometryGroup[]>> {
  const query = db('photometry_groups as pg').select('pg.photometry_id', 'pg.group_id').orderBy(['pg.photometry_id', 'pg.group_id']);
  if (where.objId !== undefined) query.join('photometry as p', 'p.id', 'pg.photometry_id').where('p.obj_id', where.objId);
  if (where.ids) query.whereIn('pg.photometry_id', where.ids);
  const rows: { photometry_id: number; group_id: number }[] = await scopeToGroups(query, user, { groupColumn: 'pg.group_id' });
  const groups = await groupSummaries(
    db,
    rows.map((row) => row.group_id),
  );
  const byPoint = new Map<number, PhotometryGroup[]>();
  for (const { photometry_id, group_id } of rows) {
    const group = groups.get(group_id);
    if (!group) continue;
    const list = byPoint.get(photometry_id);
    if (list) list.push(group);
    else byPoint.set(photometry_id, [group]);
  }
  return byPoint;
}

/** The owners of `points`, for `serializePoint`. */
export function ownerIds(points: readonly StoredPoint[]): number[] {
  return points.flatMap((point) => (point.owner_id === null ? [] : [point.owner_id]));
}

/** The uploaded limit, moved from its magnitude system to the requested one; else the 5σ limit of fluxerr. */
export function limitingMag(point: Pick<StoredPoint, 'original_user_data' | 'filter' | 'fluxerr'>, outOffset: number): number | null {
  const original = point.original_user_data;
  if (original && typeof original.limiting_mag === 'number') {
    const inOffset = requireAbOffset(original.magsys ?? 'ab', point.filter);
    return original.limiting_mag + inOffset - outOffset;
  }
  return fluxerrToLimit(point.fluxerr, outOffset);
}

/**
 * The reference flux and the total (reference + difference) flux, with their magnitudes. Unlike
 * SkyPortal, the total is given for a negative difference flux too (a variable fainter than in
 * its reference: the total is what the sky showed), and magtot follows magsys like magref.
 */
function referenceValues(flux: number | null, fluxerr: number, refFlux: number, refFluxerr: number, outOffset: number) {
  const totFlux = flux === null ? null : refFlux + flux;
  const totFluxerr = Math.sqrt(refFluxerr * refFluxerr + fluxerr * fluxerr);
  return {
    ref_flux: refFlux,
    tot_flux: totFlux,
    ref_fluxerr: refFluxerr,
    tot_fluxerr: totFluxerr,
    magref: fluxToMag(refFlux, outOffset),
    magtot: fluxToMag(totFlux, outOffset),
    e_magref: fluxToMagerr(refFlux, refFluxerr),
    e_magtot: fluxToMagerr(totFlux, totFluxerr),
  };
}

/** Columns `serializePlot` reads: a plot's query loads nothing else. */
export const PLOT_COLUMNS = ['p.id', 'p.obj_id', 'p.filter', 'p.mjd', 'p.origin', 'p.flux', 'p.fluxerr', 'p.original_user_data'] as const;

/** `format=plot`: SkyPortal's slim answer, the magnitudes as `format=mag` gives them. */
export function serializePlot(
  point: Pick<StoredPoint, 'id' | 'obj_id' | 'filter' | 'mjd' | 'origin' | 'flux' | 'fluxerr' | 'original_user_data'>,
  magsys: MagSys,
): PlotPoint {
  const outOffset = requireAbOffset(magsys, point.filter);
  return {
    id: point.id,
    obj_id: point.obj_id,
    filter: point.filter,
    mjd: point.mjd,
    origin: point.origin,
    mag: fluxToMag(point.flux, outOffset),
    magerr: fluxToMagerr(point.flux, point.fluxerr),
    limiting_mag: limitingMag(point, outOffset),
  };
}

export function serializePoint(
  point: StoredPoint,
  groups: PhotometryGroup[],
  owners: ReadonlyMap<number, UserSummary>,
  format: PhotometryFormat,
  magsys: MagSys,
): PhotometryPoint {
  const outOffset = requireAbOffset(magsys, point.filter);
  const result: PhotometryPoint = {
    id: point.id,
    obj_id: point.obj_id,
    instrument_id: point.instrument_id,
    instrument_name: point.instrument_name,
    mjd: point.mjd,
    filter: point.filter,
    origin: point.origin,
    ra: point.ra,
    dec: point.dec,
    ra_unc: point.ra_unc,
    dec_unc: point.dec_unc,
    altdata: point.altdata,
    snr: point.flux !== null && point.fluxerr ? point.flux / point.fluxerr : null,
    upload_id: point.upload_id,
    created_at: point.created_at,
    groups,
    owner: (point.owner_id !== null && owners.get(point.owner_id)) || null,
    magsys,
  };
  if (point.ref_flux !== null && point.ref_fluxerr !== null)
    Object.assign(result, referenceValues(point.flux, point.fluxerr, point.ref_flux, point.ref_fluxerr, outOffset));
  if (format === 'mag' || format === 'both') {
    result.mag = fluxToMag(point.flux, outOffset);
    result.magerr = fluxToMagerr(point.flux, point.fluxerr);
    result.limiting_mag = limitingMag(point, outOffset);
  }
  if (format === 'flux' || format === 'both') {
    // As SkyPortal: the stored flux, with the zero point of the requested magnitude system.
    result.flux = point.flux;
    result.fluxerr = point.fluxerr;
    result.zp = PHOT_ZP - outOffset;
  }
  return result;
}

const CSV_COMMON = ['id', 'obj_id', 'mjd', 'filter', 'instrument_id', 'instrument_name', 'origin', 'magsys'] as const;
const CSV_MAG = ['mag', 'magerr', 'limiting_mag'] as const;
const CSV_FLUX = ['flux', 'fluxerr', 'zp'] as const;
const CSV_TAIL = ['snr', 'ra', 'dec', 'ra_unc', 'dec_unc', 'upload_id', 'created_at', 'owner', 'groups'] as const;

/**
 * Text that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd`, `@SUM`, `-1+1`, or a
 * leading tab or carriage return): OWASP's CSV injection rule. Numbers are left alone (−0.5 is data).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A quote in front makes the spreadsheet show the text as text; the value reads back with it.
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(points: (PhotometryPoint | PlotPoint)[], format: PhotometryFormat | 'plot'): string {
  const columns: string[] =
    format === 'plot' ? [...PLOT_POINT_KEYS] : [...CSV_COMMON, ...(format === 'flux' ? [] : CSV_MAG), ...(format === 'mag' ? [] : CSV_FLUX), ...CSV_TAIL];
  const lines = [columns.join(',')];
  for (const point of points) {
    const row = point as unknown as Record<string, unknown>;
    lines.push(
      columns
        .map((column) => {
          if (column === 'owner' && 'owner' in point) return csvCell(point.owner?.username);
          if (column === 'groups' && 'groups' in point) return csvCell(point.groups.map((g) => g.name).join(';'));
          return csvCell(row[column]);
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
