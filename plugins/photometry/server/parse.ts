/**
 * SkyPortal's column format: every field a scalar or a list; scalars apply to every row. The
 * whole post is checked before anything is stored, and the first problem is a 400 naming the field
 * and the row (`mag[17]: ...`). Plain loops over columns: 100,000 rows take milliseconds.
 */
import { badRequest } from '@skyportal/sdk';
import { KNOWN_BANDPASSES } from '@skyportal/plugin-sources/types';
import { MAGSYSTEMS, type MagSystem, abOffset, fluxFactor, limitToFluxerr, magToFlux, magerrToFluxerr } from './units.js';

const BANDPASSES = new Set(KNOWN_BANDPASSES);
const ROW_FIELDS = [
  'obj_id',
  'instrument_id',
  'mjd',
  'filter',
  'magsys',
  'mag',
  'magerr',
  'limiting_mag',
  'limiting_mag_nsigma',
  'flux',
  'fluxerr',
  'zp',
  'ra',
  'dec',
  'ra_unc',
  'dec_unc',
  'origin',
] as const;
const KNOWN_FIELDS = new Set<string>([...ROW_FIELDS, 'altdata', 'group_ids', 'stream_ids', 'assignment_id']);

/** Rows ready for storage, column by column (NaN stands for NULL in the number columns). */
export interface ParsedPhotometry {
  count: number;
  objId: string[];
  instrumentId: Int32Array;
  mjd: Float64Array;
  filter: string[];
  flux: Float64Array;
  fluxerr: Float64Array;
  origin: string[];
  ra: Float64Array;
  dec: Float64Array;
  raUnc: Float64Array;
  decUnc: Float64Array;
  /** JSON text or null. */
  altdata: (string | null)[];
  originalUserData: (string | null)[];
  /** As given: a list of ids, 'all', or undefined (default groups). */
  groupIds: number[] | 'all' | undefined;
}

class Column {
  readonly isList: boolean;
  constructor(
    readonly name: string,
    private readonly value: unknown,
  ) {
    this.isList = Array.isArray(value);
  }
  get present(): boolean {
    return this.value !== undefined;
  }
  raw(i: number): unknown {
    return this.isList ? (this.value as unknown[])[i] : this.value;
  }
  field(i: number): string {
    return this.isList ? `${this.name}[${i}]` : this.name;
  }
  error(i: number, message: string) {
    return badRequest(`${this.field(i)}: ${message}`, { field: this.name, row: this.isList ? i : undefined });
  }
  fail(i: number, message: string): never {
    throw this.error(i, message);
  }
  /** A finite number or null (null, undefined, '' and 'nan' are null). */
  number(i: number): number | null {
    const raw = this.raw(i);
    if (raw === null || raw === undefined) return null;
    let value: number;
    if (typeof raw === 'number') value = raw;
    else if (typeof raw === 'string') {
      const text = raw.trim();
      if (text === '' || text.toLowerCase() === 'nan') return null;
      value = Number(text);
    } else return this.fail(i, `expected a number, got ${JSON.stringify(raw)}`);
    if (!Number.isFinite(value)) this.fail(i, `expected a finite number, got ${JSON.stringify(raw)}`);
    return value;
  }
  requiredNumber(i: number, what = 'a number'): number {
    const value = this.number(i);
    if (value === null) this.fail(i, `required (${what})`);
    return value;
  }
  string(i: number): string | null {
    const raw = this.raw(i);
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
    return this.fail(i, `expected a string, got ${JSON.stringify(raw)}`);
  }
}

function nanIfNull(value: number | null): number {
  return value === null ? Number.NaN : value;
}

/** Per-row altdata: a dict (list values split per row, scalars repeated) or a list of dicts. */
function altdataRows(altdata: unknown, count: number): (string | null)[] {
  const rows: (string | null)[] = new Array(count).fill(null);
  if (altdata === undefined || altdata === null) return rows;
  if (Array.isArray(altdata)) {
    if (altdata.length !== count) throw badRequest(`altdata: ${altdata.length} entries, but the post has ${count} rows`);
    altdata.forEach((entry, i) => {
      if (entry !== null && (typeof entry !== 'object' || Array.isArray(entry))) throw badRequest(`altdata[${i}]: expected an object or null`);
      rows[i] = entry && Object.keys(entry).length ? JSON.stringify(entry) : null;
    });
    return rows;
  }
  if (typeof altdata !== 'object') throw badRequest('altdata: expected an object (or a list of objects)');
  const entries = Object.entries(altdata as Record<string, unknown>);
  if (!entries.length) return rows;
  const perRow = entries.some(([, v]) => Array.isArray(v));
  if (!perRow) return rows.fill(JSON.stringify(altdata));
  for (const [key, value] of entries) {
    if (Array.isArray(value) && value.length !== count && value.length !== 1) {
      throw badRequest(`altdata.${key}: ${value.length} values, but the post has ${count} rows`);
    }
  }
  for (let i = 0; i < count; i++) {
    const row: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      const v = Array.isArray(value) ? (value.length === 1 ? value[0] : value[i]) : value;
      if (v !== null && v !== undefined && v !== '') row[key] = v;
    }
    rows[i] = Object.keys(row).length ? JSON.stringify(row) : null;
  }
  return rows;
}

export function parsePhotometry(body: unknown, maxRows: number): ParsedPhotometry {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('body: expected a JSON object of fields (each a value or a list of values)');
  }
  const data = body as Record<string, unknown>;
  const unknown = Object.keys(data).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) throw badRequest(`${unknown[0]}: unknown field`);

  // How many rows: the length of the lists (all must agree).
  let count = 1;
  let lengthFrom: string | undefined;
  for (const name of ROW_FIELDS) {
    const value = data[name];
    if (!Array.isArray(value)) continue;
    if (lengthFrom === undefined) {
      count = value.length;
      lengthFrom = name;
    } else if (value.length !== count) {
      throw badRequest(`${name}: ${value.length} values, but ${lengthFrom} has ${count}`);
    }
  }
  if (count === 0) throw badRequest(`${lengthFrom}: no rows`);
  if (count > maxRows) {
    throw badRequest(`${lengthFrom}: ${count} rows, more than the ${maxRows} allowed per post; split the upload`);
  }

  const col: Record<(typeof ROW_FIELDS)[number], Column> = Object.fromEntries(ROW_FIELDS.map((name) => [name, new Column(name, data[name])])) as Record<
    (typeof ROW_FIELDS)[number],
    Column
  >;
  for (const name of ['obj_id', 'instrument_id', 'mjd', 'filter', 'magsys'] as const) {
    if (!col[name].present) throw badRequest(`${name}: required`);
  }
  const magMode = col.mag.present || col.magerr.present || col.limiting_mag.present;
  const fluxMode = col.flux.present || col.fluxerr.present || col.zp.present;
  if (magMode && fluxMode) {
    const clash = col.mag.present ? 'mag' : col.magerr.present ? 'magerr' : 'limiting_mag';
    throw badRequest(`${clash}: give either magnitudes (mag, magerr, limiting_mag) or fluxes (flux, fluxerr, zp), not both`);
  }
  if (!magMode && !fluxMode) throw badRequest('mag: required (or flux, fluxerr and zp for fluxes)');
  if (fluxMode) {
    if (!col.fluxerr.present) throw badRequest('fluxerr: required with flux');
    if (!col.zp.present) throw badRequest('zp: required with flux');
  } else if (!col.limiting_mag.present && !col.mag.present) {
    throw badRequest('mag: required');
  }

  const parsed: ParsedPhotometry = {
    count,
    objId: new Array(count),
    instrumentId: new Int32Array(count),
    mjd: new Float64Array(count),
    filter: new Array(count),
    flux: new Float64Array(count),
    fluxerr: new Float64Array(count),
    origin: new Array(count),
    ra: new Float64Array(count),
    dec: new Float64Array(count),
    raUnc: new Float64Array(count),
    decUnc: new Float64Array(count),
    altdata: altdataRows(data.altdata, count),
    originalUserData: new Array(count).fill(null),
    groupIds: parseGroupIds(data.group_ids),
  };

  for (let i = 0; i < count; i++) {
    const obj = col.obj_id.string(i);
    if (!obj) throw col.obj_id.error(i, 'required');
    parsed.objId[i] = obj;
    const instrument = col.instrument_id.requiredNumber(i, 'an instrument id');
    if (!Number.isInteger(instrument)) throw col.instrument_id.error(i, 'expected an integer');
    parsed.instrumentId[i] = instrument;
    parsed.mjd[i] = col.mjd.requiredNumber(i, 'an MJD');
    const filter = col.filter.string(i);
    if (!filter) throw col.filter.error(i, 'required');
    if (!BANDPASSES.has(filter)) throw col.filter.error(i, `unknown bandpass ${JSON.stringify(filter)} (sncosmo names, e.g. ztfg, sdssr, ps1::g)`);
    parsed.filter[i] = filter;
    const magsys = (col.magsys.string(i) ?? '').toLowerCase() as MagSystem;
    if (!MAGSYSTEMS.includes(magsys)) throw col.magsys.error(i, `expected one of ${MAGSYSTEMS.join(', ')}, got ${JSON.stringify(col.magsys.raw(i))}`);
    const offset = abOffset(magsys, filter);
    if (offset === undefined) throw col.filter.error(i, `no ${magsys} to AB offset known for bandpass ${filter}; use magsys ab`);

    if (fluxMode) {
      const flux = col.flux.number(i);
      const fluxerr = col.fluxerr.requiredNumber(i, 'a flux error');
      if (!(fluxerr > 0)) throw col.fluxerr.error(i, `must be > 0, got ${fluxerr}`);
      const zp = col.zp.requiredNumber(i, 'a zero point');
      const factor = fluxFactor(zp, offset);
      parsed.flux[i] = flux === null ? Number.NaN : flux * factor;
      parsed.fluxerr[i] = fluxerr * factor;
    } else {
      const mag = col.mag.number(i);
      const magerr = col.magerr.number(i);
      const limit = col.limiting_mag.number(i);
      const nsigma = col.limiting_mag_nsigma.number(i) ?? 3;
      if (!(nsigma > 0)) throw col.limiting_mag_nsigma.error(i, `must be > 0, got ${nsigma}`);
      if (mag !== null && magerr === null) throw col.magerr.error(i, 'required when mag is given (mag and magerr are both given or both null)');
      if (mag === null && magerr !== null) throw col.magerr.error(i, 'given without mag (mag and magerr are both given or both null)');
      if (magerr !== null && magerr < 0) throw col.magerr.error(i, `must be >= 0, got ${magerr}`);
      if (mag !== null) {
        const flux = magToFlux(mag, offset);
        parsed.flux[i] = flux;
        parsed.fluxerr[i] = magerrToFluxerr(magerr!, flux);
        if (!(parsed.fluxerr[i]! > 0)) throw col.magerr.error(i, `must be > 0, got ${magerr}`);
      } else {
        if (limit === null) throw col.limiting_mag.error(i, 'required for a non-detection (mag null)');
        parsed.flux[i] = Number.NaN;
        parsed.fluxerr[i] = limitToFluxerr(limit, nsigma, offset);
      }
      if (limit !== null) {
        parsed.originalUserData[i] = JSON.stringify({ limiting_mag: limit, magsys, limiting_mag_nsigma: nsigma });
      }
    }

    parsed.origin[i] = col.origin.string(i) ?? '';
    const ra = col.ra.number(i);
    if (ra !== null && !(ra >= 0 && ra <= 360)) throw col.ra.error(i, `must be within [0, 360], got ${ra}`);
    const dec = col.dec.number(i);
    if (dec !== null && !(dec >= -90 && dec <= 90)) throw col.dec.error(i, `must be within [-90, 90], got ${dec}`);
    parsed.ra[i] = nanIfNull(ra);
    parsed.dec[i] = nanIfNull(dec);
    parsed.raUnc[i] = nanIfNull(col.ra_unc.number(i));
    parsed.decUnc[i] = nanIfNull(col.dec_unc.number(i));
  }
  return parsed;
}

function parseGroupIds(value: unknown): number[] | 'all' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'all') return 'all';
  if (!Array.isArray(value)) throw badRequest('group_ids: expected a list of group ids or "all"');
  return value.map((id, i) => {
    const n = typeof id === 'string' ? Number(id) : id;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest(`group_ids[${i}]: expected an integer`);
    return n;
  });
}
