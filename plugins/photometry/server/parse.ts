/**
 * SkyPortal's column format: every field a scalar or a list (a JSON array, or the packed list of a
 * streamed upload); scalars apply to every row. The
 * whole post is checked before anything is stored, and the first problem is a 400 naming the field
 * and the row (`mag[17]: ...`). Plain loops over columns: 100,000 rows take milliseconds.
 *
 * Every field has one rule (`FIELDS`): its kind and range (or length). The parser enforces it and
 * the OpenAPI document states it (`uploadFieldsJsonSchema`). Values are checked as given and again
 * after conversion: whatever the zero point or nsigma, what is stored is finite and within
 * `STORED_FLUX_MAX`.
 */
import { badRequest, inputs } from '@skyportal/sdk';
import { KNOWN_BANDPASSES, SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE } from '@skyportal/plugin-sources/types';
import { INVALID_VALUE, tooManyRows } from './compat.js';
import { isValueList, valueAt, type ValueList } from './packed-list.js';
import {
  LIMIT_PLACEHOLDERS,
  PHOT_ZP,
  MAGSYSTEMS,
  RANGES,
  STORED_FLUX_MAX,
  STORED_FLUX_MIN,
  type MagSystem,
  abOffset,
  fluxFactor,
  limitToFluxerr,
  magToFlux,
  magerrToFluxerr,
} from './units.js';

const BANDPASSES = new Set(KNOWN_BANDPASSES);
/** Origins label a point's provenance and are part of what makes it unique: a name, possibly empty. */
const ORIGIN_RULE: inputs.TextRule = { kind: 'name', max: 200, min: 0 };
/** One point's `altdata`, as JSON text: every viewer of a light curve downloads it. */
export const ALTDATA_MAX_BYTES = 4096;
const MAX_GROUP_IDS = 1000;

type FieldRule = { description: string; required?: true } & (
  { kind: 'number'; bounds: inputs.Bounds } | { kind: 'id' } | { kind: 'enum'; values: readonly string[] } | { kind: 'text'; rule: inputs.TextRule }
);

/** The rule of each field: what the parser enforces and the OpenAPI document states. */
const FIELDS = {
  obj_id: { kind: 'text', rule: SOURCE_ID_RULE, required: true, description: 'A source the caller can see' },
  instrument_id: { kind: 'id', required: true, description: 'An instrument id' },
  mjd: { kind: 'number', bounds: inputs.MJD, required: true, description: 'Modified Julian Date (years 1585-2132)' },
  filter: { kind: 'enum', values: KNOWN_BANDPASSES, required: true, description: 'sncosmo bandpass name' },
  magsys: { kind: 'enum', values: MAGSYSTEMS, required: true, description: 'Magnitude system of mag/limiting_mag or of zp' },
  mag: { kind: 'number', bounds: RANGES.mag, description: 'Magnitude (null for a non-detection)' },
  magerr: { kind: 'number', bounds: RANGES.magerr, description: 'Magnitude error (with mag)' },
  limiting_mag: {
    kind: 'number',
    bounds: RANGES.limiting_mag,
    description: 'Limiting magnitude (required for a non-detection); 99 and -99 are placeholders, accepted beside a mag',
  },
  limiting_mag_nsigma: { kind: 'number', bounds: RANGES.limiting_mag_nsigma, description: 'Significance of limiting_mag (default 3)' },
  flux: { kind: 'number', bounds: RANGES.flux, description: 'Flux at zero point zp (null for a non-detection)' },
  fluxerr: { kind: 'number', bounds: RANGES.fluxerr, description: 'Flux error at zero point zp' },
  zp: { kind: 'number', bounds: RANGES.zp, description: 'Zero point of flux and fluxerr in magsys' },
  ra: { kind: 'number', bounds: inputs.RA_GIVEN, description: 'Degrees, within [-360, 720]; normalised into [0, 360)' },
  dec: { kind: 'number', bounds: inputs.DEC, description: 'Degrees, within [-90, 90]' },
  ra_unc: { kind: 'number', bounds: RANGES.ra_unc, description: 'Arcseconds' },
  dec_unc: { kind: 'number', bounds: RANGES.dec_unc, description: 'Arcseconds' },
  origin: { kind: 'text', rule: ORIGIN_RULE, description: 'Provenance label (default empty)' },
  ref_flux: {
    kind: 'number',
    bounds: RANGES.flux,
    description: 'Flux of the reference image (e.g. before the transient), at zero point ref_zp; with ref_fluxerr',
  },
  ref_fluxerr: { kind: 'number', bounds: RANGES.fluxerr, description: 'Error of ref_flux' },
  ref_zp: { kind: 'number', bounds: RANGES.zp, description: 'Zero point of ref_flux and ref_fluxerr in magsys (default 23.9, whatever zp is: as SkyPortal)' },
  magref: { kind: 'number', bounds: RANGES.mag, description: 'Magnitude of the reference image; with e_magref' },
  e_magref: { kind: 'number', bounds: RANGES.magerr, description: 'Error of magref' },
} as const satisfies Record<string, FieldRule>;

type RowField = keyof typeof FIELDS;
/** The reference image's fields: a change of them (PATCH) changes only the reference flux. */
export const REFERENCE_FIELDS = ['ref_flux', 'ref_fluxerr', 'ref_zp', 'magref', 'e_magref'] as const;
const ROW_FIELDS = Object.keys(FIELDS) as RowField[];
/** The fields that may hold a value per row: a streamed upload packs their lists (`upload-stream.ts`). */
export const ROW_FIELD_NAMES: ReadonlySet<string> = new Set(ROW_FIELDS);
const KNOWN_FIELDS = new Set<string>([...ROW_FIELDS, 'altdata', 'group_ids', 'stream_ids', 'assignment_id']);

/**
 * Rows ready for storage, column by column (NaN stands for NULL in the number columns). Read only:
 * number columns the post does not give share one all-NaN array.
 */
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
  /** Reference flux and its error at zp 23.9 AB (NaN: none). */
  refFlux: Float64Array;
  refFluxerr: Float64Array;
  originalUserData: (string | null)[];
  /** As given: a list of ids, 'all', or undefined (default groups). */
  groupIds: number[] | 'all' | undefined;
  /** The streams the points were made from (`stream_ids`; none given: none). */
  streamIds: number[];
}

class Column {
  readonly isList: boolean;
  constructor(
    readonly name: string,
    private readonly value: unknown,
  ) {
    this.isList = isValueList(value);
  }
  get present(): boolean {
    return this.value !== undefined;
  }
  raw(i: number): unknown {
    return this.isList ? valueAt(this.value as ValueList, i) : this.value;
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
  /**
   * A finite number or null (null, undefined, '' and 'nan' are null). Text must spell a decimal
   * number: `"0x10"` is not 16, `"Infinity"` is not a number.
   */
  number(i: number): number | null {
    const raw = this.raw(i);
    if (raw === null || raw === undefined) return null;
    let value: number | undefined;
    if (typeof raw === 'number') value = raw;
    else if (typeof raw === 'string') {
      const text = raw.trim();
      if (text === '' || text.toLowerCase() === 'nan') return null;
      value = inputs.parseDecimal(text);
      if (value === undefined) this.fail(i, `expected a decimal number, got ${JSON.stringify(raw.slice(0, 40))}`);
    } else return this.fail(i, `expected a number, got ${JSON.stringify(raw)?.slice(0, 40)}`);
    if (!Number.isFinite(value)) this.fail(i, `expected a finite number, got ${String(raw).slice(0, 40)}`);
    return value;
  }
  /** `number`, within the field's range (else SkyPortal's words, `Invalid value`, and the range). */
  bounded(i: number, bounds: inputs.Bounds): number | null {
    const value = this.number(i);
    if (value === null) return null;
    const problem = inputs.boundsProblem(value, bounds);
    if (problem) this.fail(i, `${INVALID_VALUE}: ${problem}`);
    return value;
  }
  requiredNumber(i: number, bounds: inputs.Bounds, what = 'a number'): number {
    const value = this.bounded(i, bounds);
    if (value === null) this.fail(i, `required (${what})`);
    return value;
  }
  string(i: number): string | null {
    const raw = this.raw(i);
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
    return this.fail(i, `expected a string, got ${JSON.stringify(raw)?.slice(0, 40)}`);
  }
  /** Strings already checked, as stored: a post names a few sources and origins over many rows. */
  private readonly checked = new Map<string, string>();
  /** A string following `rule`, normalised as stored (or null). */
  text(i: number, rule: inputs.TextRule): string | null {
    const raw = this.string(i);
    if (raw === null) return null;
    const known = this.checked.get(raw);
    if (known !== undefined) return known;
    const value = inputs.normaliseText(raw, rule.kind);
    const problem = inputs.textRuleProblem(value, rule);
    if (problem) this.fail(i, problem);
    if (this.checked.size < 10_000) this.checked.set(raw, value);
    return value;
  }
}

function nanIfNull(value: number | null): number {
  return value === null ? Number.NaN : value;
}

/**
 * One point's altdata as JSON text (or null): an object, storable (no NUL, no lone surrogate, not
 * too deep: PostgreSQL's jsonb refuses them) and at most `ALTDATA_MAX_BYTES`.
 */
export function altdataText(value: unknown, field = 'altdata'): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${field}: expected an object or null`);
  const unstorable = inputs.findUnstorable(value);
  if (unstorable) throw badRequest(`${field}${fieldPath(unstorable.path)}: ${unstorable.problem}`);
  if (!Object.keys(value).length) return null;
  const problem = inputs.jsonObjectProblem(value, ALTDATA_MAX_BYTES);
  if (problem) throw badRequest(`${field}: ${problem} per point`);
  return JSON.stringify(value);
}

/** Per-row altdata: a dict (list values split per row, scalars repeated) or a list of dicts. */
function altdataRows(altdata: unknown, count: number): (string | null)[] {
  const rows: (string | null)[] = new Array(count).fill(null);
  if (altdata === undefined || altdata === null) return rows;
  if (Array.isArray(altdata)) {
    if (altdata.length !== count) throw badRequest(`altdata: ${altdata.length} entries, but the post has ${count} rows`);
    altdata.forEach((entry, i) => (rows[i] = altdataText(entry, `altdata[${i}]`)));
    return rows;
  }
  if (typeof altdata !== 'object') throw badRequest('altdata: expected an object (or a list of objects)');
  const entries = Object.entries(altdata as Record<string, unknown>);
  if (!entries.length) return rows;
  const perRow = entries.some(([, v]) => Array.isArray(v));
  if (!perRow) return rows.fill(altdataText(altdata));
  for (const [key, value] of entries) {
    if (Array.isArray(value) && value.length !== count && value.length !== 1) {
      throw badRequest(`altdata${fieldPath([key])}: ${value.length} values, but the post has ${count} rows`);
    }
  }
  for (let i = 0; i < count; i++) {
    const row: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      const v = Array.isArray(value) ? (value.length === 1 ? value[0] : value[i]) : value;
      if (v !== null && v !== undefined && v !== '') row[key] = v;
    }
    rows[i] = altdataText(row, `altdata[${i}]`);
  }
  return rows;
}

/**
 * A stored (converted) flux or fluxerr: finite, within `STORED_FLUX_MAX`, and (a fluxerr always, a
 * flux unless 0) at least `STORED_FLUX_MIN`; else a 400 naming the field that produced it.
 */
function storedValue(value: number, column: Column, i: number, what: 'flux' | 'flux error'): number {
  const magnitude = Math.abs(value);
  if (!(magnitude <= STORED_FLUX_MAX)) {
    column.fail(i, `gives a ${what} of ${value} µJy at zero point 23.9, beyond the ${STORED_FLUX_MAX.toPrecision(3)} any source reaches`);
  }
  if (magnitude < STORED_FLUX_MIN && (what === 'flux error' || value !== 0)) {
    column.fail(
      i,
      `gives a ${what} of ${value} µJy at zero point 23.9, below the ${STORED_FLUX_MIN.toPrecision(3)} of magnitude 125${what === 'flux' ? ' (send 0 for no flux)' : ''}`,
    );
  }
  return value;
}

/** `.key`, or `["odd key"]` (escaped: a key may hold anything), as fields are named in messages. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][\w-]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`)).join('');
}

export function parsePhotometry(body: unknown, maxRows: number): ParsedPhotometry {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('body: expected a JSON object of fields (each a value or a list of values)');
  }
  const data = body as Record<string, unknown>;
  const unknown = Object.keys(data).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) throw badRequest(`${unknown[0]!.slice(0, 100)}: unknown field`);

  // How many rows: the length of the lists (all must agree).
  let count = 1;
  let lengthFrom: string | undefined;
  for (const name of ROW_FIELDS) {
    const value = data[name];
    if (!isValueList(value)) continue;
    if (lengthFrom === undefined) {
      count = value.length;
      lengthFrom = name;
    } else if (value.length !== count) {
      throw badRequest(`${name}: ${value.length} values, but ${lengthFrom} has ${count}`);
    }
  }
  if (count === 0) throw badRequest(`${lengthFrom}: no rows`);
  if (count > maxRows) throw tooManyRows(count, maxRows, lengthFrom!);

  const col = Object.fromEntries(ROW_FIELDS.map((name) => [name, new Column(name, data[name])])) as Record<RowField, Column>;
  for (const name of ROW_FIELDS) {
    if ('required' in FIELDS[name] && !col[name].present) throw badRequest(`${name}: required`);
  }
  const magFields = (['mag', 'magerr', 'limiting_mag', 'magref', 'e_magref'] as const).filter((name) => col[name].present);
  const fluxFields = (['flux', 'fluxerr', 'zp', 'ref_flux', 'ref_fluxerr', 'ref_zp'] as const).filter((name) => col[name].present);
  const magMode = magFields.length > 0;
  const fluxMode = fluxFields.length > 0;
  if (magMode && fluxMode) {
    throw badRequest(
      `${magFields[0]}: give either magnitudes (mag, magerr, limiting_mag, magref, e_magref) or fluxes (flux, fluxerr, zp, ref_flux, ref_fluxerr, ref_zp), not both (${fluxFields[0]} given)`,
    );
  }
  if (!magMode && !fluxMode) throw badRequest('mag: required (or flux, fluxerr and zp for fluxes)');
  if (fluxMode) {
    if (!col.fluxerr.present) throw badRequest('fluxerr: required with flux');
    if (!col.zp.present) throw badRequest('zp: required with flux');
  } else if (!col.limiting_mag.present && !col.mag.present) {
    throw badRequest('mag: required');
  }

  // A number column the post does not give is NaN in every row: one shared array for all of them
  // (8 MB a column at a million rows), written only with NaN. A column given gets its own.
  let allNaN: Float64Array | undefined;
  const column = (given: boolean) => (given ? new Float64Array(count).fill(Number.NaN) : (allNaN ??= new Float64Array(count).fill(Number.NaN)));
  const reference = ['ref_flux', 'ref_fluxerr', 'magref', 'e_magref'].some((name) => col[name as RowField].present);

  const parsed: ParsedPhotometry = {
    count,
    objId: new Array(count),
    instrumentId: new Int32Array(count),
    mjd: new Float64Array(count),
    filter: new Array(count),
    flux: new Float64Array(count),
    fluxerr: new Float64Array(count),
    origin: new Array(count),
    ra: column(col.ra.present),
    dec: column(col.dec.present),
    raUnc: column(col.ra_unc.present),
    decUnc: column(col.dec_unc.present),
    altdata: altdataRows(data.altdata, count),
    refFlux: column(reference),
    refFluxerr: column(reference),
    originalUserData: new Array(count).fill(null),
    groupIds: parseGroupIds(data.group_ids),
    streamIds: parseStreamIds(data.stream_ids) ?? [],
  };

  for (let i = 0; i < count; i++) {
    const obj = col.obj_id.text(i, SOURCE_ID_RULE);
    if (!obj) throw col.obj_id.error(i, 'required');
    if (SOURCE_ID_RESERVED.test(obj)) throw col.obj_id.error(i, SOURCE_ID_RESERVED_MESSAGE);
    parsed.objId[i] = obj;
    // Checked before it goes into an Int32Array, which would wrap 4294967297 to instrument 1.
    const instrument = col.instrument_id.raw(i);
    const idProblem = inputs.dbIdProblem(instrument);
    if (idProblem) throw col.instrument_id.error(i, instrument === null || instrument === undefined ? 'required (an instrument id)' : idProblem);
    parsed.instrumentId[i] = Number(instrument);
    parsed.mjd[i] = col.mjd.requiredNumber(i, FIELDS.mjd.bounds, 'an MJD');
    const filter = col.filter.string(i);
    if (!filter) throw col.filter.error(i, 'required');
    if (!BANDPASSES.has(filter)) throw col.filter.error(i, `unknown bandpass ${JSON.stringify(filter.slice(0, 40))} (sncosmo names, e.g. ztfg, sdssr, ps1::g)`);
    parsed.filter[i] = filter;
    const magsys = (col.magsys.string(i) ?? '').toLowerCase() as MagSystem;
    if (!MAGSYSTEMS.includes(magsys)) {
      throw col.magsys.error(i, `expected one of ${MAGSYSTEMS.join(', ')}, got ${JSON.stringify(col.magsys.raw(i))?.slice(0, 40)}`);
    }
    const offset = abOffset(magsys, filter);
    if (offset === undefined) throw col.filter.error(i, `no ${magsys} to AB offset known for bandpass ${filter}; use magsys ab`);

    if (fluxMode) {
      const flux = col.flux.bounded(i, RANGES.flux);
      const fluxerr = col.fluxerr.number(i);
      if (fluxerr === null) return col.fluxerr.fail(i, 'required (a flux error)');
      if (!(fluxerr > 0)) col.fluxerr.fail(i, `${INVALID_VALUE}: must be > 0, got ${fluxerr}`);
      col.fluxerr.bounded(i, RANGES.fluxerr);
      const zp = col.zp.requiredNumber(i, RANGES.zp, 'a zero point');
      const factor = fluxFactor(zp, offset);
      parsed.flux[i] = flux === null ? Number.NaN : storedValue(flux * factor, col.flux, i, 'flux');
      parsed.fluxerr[i] = storedValue(fluxerr * factor, col.fluxerr, i, 'flux error');
      referenceFromFlux(col, i, offset, parsed);
    } else {
      const mag = col.mag.bounded(i, RANGES.mag);
      const magerr = col.magerr.number(i);
      const limitRaw = col.limiting_mag.number(i);
      const placeholder = limitRaw !== null && LIMIT_PLACEHOLDERS.includes(limitRaw);
      const limit = placeholder ? limitRaw : col.limiting_mag.bounded(i, RANGES.limiting_mag);
      const nsigma = col.limiting_mag_nsigma.bounded(i, RANGES.limiting_mag_nsigma) ?? 3;
      if (mag !== null && magerr === null) throw col.magerr.error(i, 'required when mag is given (mag and magerr are both given or both null)');
      if (mag === null && magerr !== null) throw col.magerr.error(i, 'given without mag (mag and magerr are both given or both null)');
      if (magerr !== null && magerr < 0) throw col.magerr.error(i, `${INVALID_VALUE}: must be >= 0, got ${magerr}`);
      if (magerr !== null) col.magerr.bounded(i, RANGES.magerr);
      if (mag !== null) {
        const flux = magToFlux(mag, offset);
        parsed.flux[i] = flux;
        parsed.fluxerr[i] = magerrToFluxerr(magerr!, flux);
        if (!(parsed.fluxerr[i]! > 0)) throw col.magerr.error(i, `${INVALID_VALUE}: must be > 0, got ${magerr}`);
        storedValue(parsed.fluxerr[i]!, col.magerr, i, 'flux error');
      } else {
        if (limit === null) throw col.limiting_mag.error(i, 'required for a non-detection (mag null)');
        if (placeholder) throw col.limiting_mag.error(i, `${limit} is a placeholder, not a limit: a non-detection needs its real limiting magnitude`);
        parsed.flux[i] = Number.NaN;
        parsed.fluxerr[i] = storedValue(limitToFluxerr(limit, nsigma, offset), col.limiting_mag, i, 'flux error');
      }
      if (limit !== null) {
        parsed.originalUserData[i] = JSON.stringify({ limiting_mag: limit, magsys, limiting_mag_nsigma: nsigma });
      }
      referenceFromMag(col, i, offset, parsed);
    }

    parsed.origin[i] = col.origin.text(i, ORIGIN_RULE) ?? '';
    const ra = col.ra.bounded(i, inputs.RA_GIVEN);
    parsed.ra[i] = ra === null ? Number.NaN : inputs.normaliseRa(ra);
    parsed.dec[i] = nanIfNull(col.dec.bounded(i, inputs.DEC));
    parsed.raUnc[i] = nanIfNull(col.ra_unc.bounded(i, RANGES.ra_unc));
    parsed.decUnc[i] = nanIfNull(col.dec_unc.bounded(i, RANGES.dec_unc));
  }
  return parsed;
}

/**
 * The reference image's flux (`ref_flux`, `ref_fluxerr` at `ref_zp`, default 23.9 whatever `zp`
 * is, as SkyPortal): both given or both null, the error > 0; stored at zp 23.9 AB like the flux.
 */
function referenceFromFlux(col: Record<RowField, Column>, i: number, offset: number, parsed: ParsedPhotometry): void {
  const refFlux = col.ref_flux.bounded(i, RANGES.flux);
  const refFluxerr = col.ref_fluxerr.number(i);
  if (refFlux === null && refFluxerr === null) return;
  if (refFlux === null) return col.ref_flux.fail(i, 'required with ref_fluxerr (both given or both null)');
  if (refFluxerr === null) return col.ref_fluxerr.fail(i, 'required with ref_flux (both given or both null)');
  if (!(refFluxerr > 0)) col.ref_fluxerr.fail(i, `${INVALID_VALUE}: must be > 0, got ${refFluxerr}`);
  col.ref_fluxerr.bounded(i, RANGES.fluxerr);
  const factor = fluxFactor(col.ref_zp.bounded(i, RANGES.zp) ?? PHOT_ZP, offset);
  parsed.refFlux[i] = refFlux === 0 ? 0 : storedValue(refFlux * factor, col.ref_flux, i, 'flux');
  parsed.refFluxerr[i] = storedValue(refFluxerr * factor, col.ref_fluxerr, i, 'flux error');
}

/** The reference image's magnitude (`magref`, `e_magref`): both given or both null, stored as a flux. */
function referenceFromMag(col: Record<RowField, Column>, i: number, offset: number, parsed: ParsedPhotometry): void {
  const magref = col.magref.bounded(i, RANGES.mag);
  const magrefErr = col.e_magref.bounded(i, RANGES.magerr);
  if (magref === null && magrefErr === null) return;
  if (magref === null) return col.magref.fail(i, 'required with e_magref (both given or both null)');
  if (magrefErr === null) return col.e_magref.fail(i, 'required with magref (both given or both null)');
  const refFlux = magToFlux(magref, offset);
  parsed.refFlux[i] = refFlux;
  parsed.refFluxerr[i] = magerrToFluxerr(magrefErr, refFlux);
  if (!(parsed.refFluxerr[i]! > 0)) col.e_magref.fail(i, `${INVALID_VALUE}: must be > 0, got ${magrefErr}`);
  storedValue(parsed.refFluxerr[i]!, col.e_magref, i, 'flux error');
}

/** `group_ids`: a list of group ids (each a database id) or `"all"`. */
export function parseGroupIds(value: unknown): number[] | 'all' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'all') return 'all';
  if (!Array.isArray(value)) throw badRequest('group_ids: expected a list of group ids or "all"');
  if (value.length > MAX_GROUP_IDS) throw badRequest(`group_ids: at most ${MAX_GROUP_IDS} groups, got ${value.length}`);
  return value.map((id, i) => {
    const problem = inputs.dbIdProblem(id);
    if (problem) throw badRequest(`group_ids[${i}]: ${problem}`);
    return Number(id);
  });
}

/** `stream_ids`: a list of stream ids (each a database id); undefined when not given. */
export function parseStreamIds(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest('stream_ids: expected a list of stream ids');
  if (value.length > MAX_GROUP_IDS) throw badRequest(`stream_ids: at most ${MAX_GROUP_IDS} streams, got ${value.length}`);
  return value.map((id, i) => {
    const problem = inputs.dbIdProblem(id);
    if (problem) throw badRequest(`stream_ids[${i}]: ${problem}`);
    return Number(id);
  });
}

/** The bounds as JSON Schema keywords. */
function boundsSchema(bounds: inputs.Bounds): Record<string, number> {
  const schema: Record<string, number> = {};
  if (bounds.min !== undefined) schema.minimum = bounds.min;
  if (bounds.max !== undefined) schema.maximum = bounds.max;
  if (bounds.gt !== undefined) schema.exclusiveMinimum = bounds.gt;
  if (bounds.lt !== undefined) schema.exclusiveMaximum = bounds.lt;
  return schema;
}

/**
 * The upload's fields as JSON Schema properties, from the same rules the parser enforces: each a
 * value or a list of values (numbers may be decimal text).
 */
export function uploadFieldsJsonSchema(maxRows: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(FIELDS) as [RowField, FieldRule][]) {
    let value: Record<string, unknown>;
    if (field.kind === 'number') value = { type: 'number', ...boundsSchema(field.bounds) };
    else if (field.kind === 'id') value = { type: 'integer', minimum: 1, maximum: inputs.INT4_MAX };
    else if (field.kind === 'enum') value = { type: 'string', enum: [...field.values] };
    else value = { type: 'string', maxLength: field.rule.max, ...(field.rule.min === 0 ? {} : { minLength: 1 }) };
    properties[name] = {
      description: field.description,
      anyOf: [value, { type: 'array', items: value, maxItems: maxRows }, ...(field.kind === 'number' ? [{ type: 'string', description: 'decimal text' }] : [])],
    };
  }
  properties.altdata = {
    description: `Extra data per point: an object (list values split per row) or a list of objects; at most ${ALTDATA_MAX_BYTES} bytes of JSON per point`,
    anyOf: [{ type: 'object' }, { type: 'array', items: { type: ['object', 'null'] }, maxItems: maxRows }],
  };
  properties.group_ids = {
    description: 'Groups to share with (the uploader’s single-user group is always added), or "all"',
    anyOf: [{ type: 'array', items: { type: 'integer', minimum: 1, maximum: inputs.INT4_MAX }, maxItems: MAX_GROUP_IDS }, { const: 'all' }],
  };
  properties.stream_ids = {
    description: 'Streams the points were made from: only holders of every one of them see the points (each must be one of yours)',
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: inputs.INT4_MAX },
    maxItems: MAX_GROUP_IDS,
  };
  return properties;
}
