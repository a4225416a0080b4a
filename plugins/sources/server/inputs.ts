/** The inputs of this plugin's routes and service, from the SDK's building blocks (one rule per field). */
import { inputs, pageQuery, z } from '@skyportal/sdk';
import { SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE } from '../types.js';

export const sourceId = inputs.textField(SOURCE_ID_RULE).refine((id) => !SOURCE_ID_RESERVED.test(id), SOURCE_ID_RESERVED_MESSAGE);

const number = (bounds: inputs.Bounds, description: string) => inputs.finite(bounds, description).nullable().optional();
const ARCSEC_ON_SKY: inputs.Bounds = { min: 0, max: 648_000 };
const MAGNITUDE: inputs.Bounds = { min: -50, max: 100 };

/** SkyPortal's Obj fields beyond position and redshift (types.ts `ObjFields`), each optional and nullable. */
export const objFields = {
  ra_dis: inputs.ra('Right ascension at discovery, degrees, within [-360, 720]; normalised into [0, 360)').nullable().optional(),
  dec_dis: inputs.dec('Declination at discovery, degrees, within [-90, 90]').nullable().optional(),
  ra_err: number(inputs.POSITION_UNCERTAINTY, 'Uncertainty of ra_dis, degrees'),
  dec_err: number(inputs.POSITION_UNCERTAINTY, 'Uncertainty of dec_dis, degrees'),
  offset: number(ARCSEC_ON_SKY, 'Offset from the nearest static object, arcsec'),
  t0: number({ min: -1e7, max: 1e7 }, 'Reference time (MJD or JD)'),
  redshift_error: number({ min: 0, max: 100 }, 'Uncertainty of the redshift'),
  redshift_origin: inputs.name(200).nullable().optional(),
  // One per source, sent with every page that lists it: 16 KiB is a cross-match's worth.
  altdata: inputs.jsonObject(16_384).nullable().optional().describe("Other catalogues' data, as JSON (at most 16384 bytes)"),
  dist_nearest_source: number(ARCSEC_ON_SKY, 'Distance to the nearest catalogued source, arcsec'),
  mag_nearest_source: number(MAGNITUDE, 'Magnitude of the nearest catalogued source, AB'),
  e_mag_nearest_source: number({ min: 0, max: 100 }, 'Uncertainty of mag_nearest_source'),
  transient: z.boolean().nullable().optional(),
  varstar: z.boolean().nullable().optional(),
  is_roid: z.boolean().nullable().optional(),
  mpc_name: inputs.name(200).nullable().optional(),
  tns_name: inputs.name(200).nullable().optional(),
  score: number({ min: -1e6, max: 1e6 }, 'Machine-learning score'),
  origin: inputs.name(500).nullable().optional(),
  alias: z.array(inputs.name(200)).max(100).nullable().optional(),
  summary: inputs.text(20_000).nullable().optional(),
};

/** The columns of `objFields`, in order (reads select them, a fresh save sets them all). */
export const OBJ_FIELD_COLUMNS = Object.keys(objFields) as (keyof typeof objFields)[];

export const saveSourceBody = z.object({
  id: sourceId,
  // Required for a new obj; saving an obj that exists (a candidate, say) may give only its id.
  ra: inputs.ra().optional(),
  dec: inputs.dec().optional(),
  redshift: inputs.redshift().nullable().optional(),
  ...objFields,
  group_ids: inputs.dbIdArray(1000).optional(),
  saver_per_group_id: z
    .record(z.string().regex(/^\d{1,10}$/, 'a group id'), inputs.dbId)
    .optional()
    .describe('System admins only: {group_id: user_id}, to save to a group as another member of it'),
  // SkyPortal's clients send it; live updates here always go out.
  refresh_source: z.boolean().optional(),
});

/** An obj a plugin creates (`sourcesService.ensureObj`): the fields of a save, position required. */
export const objInput = z.object({ id: sourceId, ra: inputs.ra(), dec: inputs.dec(), redshift: inputs.redshift().nullable().optional(), ...objFields });

/** What PATCH changes: position, redshift and the other Obj fields (the same ranges as on creation). */
export const sourceChanges = z
  .object({ ra: inputs.ra().optional(), dec: inputs.dec().optional(), redshift: inputs.redshift().nullable().optional(), ...objFields })
  .strict();

/** `savedAfter=` and friends: an empty value is no filter. */
const optionalDate = z.preprocess((value) => (value === '' ? undefined : value), inputs.isoDate().optional());

/** Columns to sort by; also `altdata.<key>[.<key>...]`, a value inside `altdata`. */
export const SORT_COLUMNS = ['saved_at', 'created_at', 'id', 'ra', 'dec', 'redshift', 'alias', 'origin'] as const;
const ALTDATA_PATH = /^altdata(\.[^.]{1,200}){1,10}$/;

/** Whether `sortBy` is this plugin's own (a column, `saved_at` or an `altdata` path); any other is asked of `sources.order`. */
export const isOwnSortKey = (sortBy: string) => (SORT_COLUMNS as readonly string[]).includes(sortBy) || ALTDATA_PATH.test(sortBy);

/** The 400's words for a `sortBy` nobody knows. */
export const SORT_BY_RULE = `one of ${SORT_COLUMNS.join(', ')}, altdata.<key>[.<key>...], or a key another plugin sorts by (annotation.<origin>.<key>)`;

// Checked in the list (not here): other plugins' keys are known only to them, through `sources.order`.
const sortBy = z.string().max(2000).default('saved_at').describe(`The field to sort by: ${SORT_BY_RULE}`);

/** A comma-separated list in a query (`a,b`), or the parameter repeated. */
const textList = (item: z.ZodType<string>, max: number) =>
  z.preprocess((value) => {
    if (value === undefined || value === '') return undefined;
    const parts = Array.isArray(value) ? value : String(value).split(',');
    return parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '');
  }, z.array(item).max(max).optional());

const flag = inputs.flag().optional();

export const sourceListFilters = {
  sortBy,
  sortOrder: z.enum(['asc', 'desc']).default('desc'),
  group_ids: inputs.dbIdList,
  savedAfter: optionalDate.describe('Saved to one of the groups after this instant (ISO 8601, UTC unless a zone is given)'),
  savedBefore: optionalDate.describe('Saved to one of the groups before this instant'),
  savedByCurrentUser: flag.describe('Only savings made by the caller'),
  sourceID: inputs.name(200).optional().describe('Part of a source id (case-insensitive), or of its TNS name'),
  rejectedSourceIDs: textList(inputs.identifier(200), 1000).describe('Comma-separated ids to leave out'),
  ra: inputs.raFromText('Cone search centre, degrees, within [-360, 720]; normalised into [0, 360)').optional(),
  dec: inputs.finiteFromText(inputs.DEC, 'Cone search centre, degrees, within [-90, 90]').optional(),
  radius: inputs.finiteFromText({ gt: 0, max: 180 }, 'Cone search radius, degrees, within (0, 180]').optional(),
  minRedshift: inputs.finiteFromText(inputs.REDSHIFT, 'Redshift at least').optional(),
  maxRedshift: inputs.finiteFromText(inputs.REDSHIFT, 'Redshift at most').optional(),
  simbadClass: inputs.name(200).optional().describe('Part of altdata.simbad.class (case-insensitive)'),
  alias: inputs.name(200).optional().describe('Part of one of the aliases (case-insensitive)'),
  origin: inputs.name(500).optional().describe('Part of the origin (case-insensitive)'),
  hasTNSname: flag.describe('Only sources with a TNS name'),
  hasNoTNSname: flag.describe('Only sources without a TNS name'),
  createdOrModifiedAfter: optionalDate.describe('Objs created or changed after this instant'),
  saveSummary: flag.describe('List the savings (obj_id, group_id, saved_by_id, saved_at), one per obj and group, oldest first'),
  removeNested: flag.describe('Leave the groups out of each source'),
};

export const sourceListQuery = pageQuery.extend(sourceListFilters);
export type SourceListQuery = z.output<typeof sourceListQuery>;
