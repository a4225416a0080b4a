import {
  badRequest,
  inputs,
  isUniqueViolation,
  notFound,
  resolveStreamIds,
  resolveWritableGroups,
  userSummaries,
  z,
  type HookOf,
  type Knex,
  type PluginRouter,
  type Principal,
  type UserSummary,
} from '@skyportal/sdk';
import { SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE } from '@skyportal/plugin-sources/types';
import type { MagSys, PhotometryFormat, PhotometryGroup, PhotometryPoint, photometryHooks } from '../types.js';
import { ignoreFluxReserved, missingPointId } from './compat.js';
import { mayChange, visiblePoint } from './point-access.js';
import { validationsOf } from './validations.js';
import { toColumns, visibleTuples } from './columns.js';
import { ingestPhotometry, type IngestDeps } from './ingest.js';
import { REFERENCE_FIELDS, ROW_FIELD_NAMES, altdataText, parseGroupIds, parsePhotometry, parseStreamIds, uploadFieldsJsonSchema } from './parse.js';
import { readUploadBody } from './upload-stream.js';
import {
  PLOT_COLUMNS,
  groupsOfPoints,
  ownerIds,
  scopeToVisiblePoints,
  serializePlot,
  serializePoint,
  toCsv,
  visiblePoints,
  type StoredPoint,
} from './serialize.js';
import { MAGSYSTEMS, PHOT_ZP } from './units.js';

/**
 * The column format is checked by `parsePhotometry` (row by row, naming the row); the schema only
 * states each field's rule for the OpenAPI document, from the parser's own table.
 */
const uploadBody = (maxRows: number) =>
  z
    .record(z.string(), z.unknown())
    .describe(
      "SkyPortal's column format: obj_id, instrument_id, mjd, filter, magsys, and either mag/magerr/limiting_mag[/limiting_mag_nsigma] " +
        'or flux/fluxerr/zp; optional ra, dec, ra_unc, dec_unc, origin, altdata, group_ids (list or "all"), stream_ids (list). ' +
        'Each field is a value or a list; values apply to every row.',
    )
    .meta({ properties: uploadFieldsJsonSchema(maxRows) });
const uploadResult = z.object({ ids: z.array(z.number()), upload_id: z.string() });
const outputQuery = z.object({
  format: z.enum(['mag', 'flux', 'both', 'plot']).default('mag').describe('plot: only id, obj_id, filter, mjd, origin, mag, magerr, limiting_mag'),
  magsys: z.enum(MAGSYSTEMS).default('ab'),
});
const upsertQuery = z.object({
  duplicate_ignore_flux: inputs.flag().default(false).describe('System admins: match stored points on obj, instrument, origin and MJD only'),
  overwrite_flux: inputs.flag().default(false).describe('With duplicate_ignore_flux: the matched points (with an origin) take the posted values'),
});
/** Points by instrument and date; the fields may come in the body, as SkyPortal's clients send them, or in the query. */
const rangeFilter = z.object({
  instrument_ids: inputs.dbIdList,
  min_date: inputs.isoDate().optional(),
  max_date: inputs.isoDate().optional(),
});
/** At most this many points in one range answer: a wider range is refused, never cut short. */
const RANGE_MAX_POINTS = 100_000;
const mjdOf = (date: Date) => date.getTime() / 86_400_000 + 40_587;
const pointId = z.object({ id: inputs.bigDbId });
const sourceIdParam = z.object({ id: inputs.textField(SOURCE_ID_RULE).refine((id) => !SOURCE_ID_RESERVED.test(id), SOURCE_ID_RESERVED_MESSAGE) });

/** Keys of a serialised point, for `fields=` (our addition: a plot needs a fifth of the payload). */
const POINT_FIELDS = [
  'id',
  'obj_id',
  'instrument_id',
  'instrument_name',
  'mjd',
  'filter',
  'origin',
  'ra',
  'dec',
  'ra_unc',
  'dec_unc',
  'altdata',
  'snr',
  'upload_id',
  'created_at',
  'groups',
  'owner',
  'magsys',
  'mag',
  'magerr',
  'limiting_mag',
  'flux',
  'fluxerr',
  'zp',
] as const;
type PointField = (typeof POINT_FIELDS)[number];
const fieldList = z
  .string()
  .max(1000)
  .transform((value) =>
    value
      .split(',')
      .map((field) => field.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(POINT_FIELDS)).min(1))
  .optional();

function pick(point: PhotometryPoint, fields: readonly PointField[]): Partial<PhotometryPoint> {
  const row = point as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, row[field] ?? null]));
}

/** Serialised points with their groups and owners (one query each), or the slim plot form. */
async function serializeAll(db: Knex, user: Principal, points: StoredPoint[], format: PhotometryFormat | 'plot', magsys: MagSys) {
  if (format === 'plot') return points.map((point) => serializePlot(point, magsys));
  const ids = points.map((point) => point.id);
  const [groups, owners] = await Promise.all([groupsOfPoints(db, user, { ids }), userSummaries(db, ownerIds(points))]);
  return points.map((point) => serializePoint(point, groups.get(point.id) ?? [], owners, format, magsys));
}

function sendCsv(ctx: { type: string; body: unknown; attachment(filename: string): void }, objId: string, csv: string): undefined {
  ctx.type = 'text/csv; charset=utf-8';
  ctx.attachment(`${objId}_photometry.csv`);
  ctx.body = csv;
  return undefined;
}

export interface PhotometryRouteDeps extends IngestDeps {
  deleting: HookOf<typeof photometryHooks.deleting>;
}

export function photometryRoutes(router: PluginRouter, deps: PhotometryRouteDeps): void {
  const bodyLimitMB = Math.max(1, Math.ceil((deps.maxRows * 640) / 1_000_000));
  const bodyLimit = `${bodyLimitMB}mb`;
  const upload = uploadBody(deps.maxRows);
  // POST and PUT stream their body into packed columns (upload-stream.ts): a million-row upload is
  // never held as text nor as a JSON object. The limit is the same as the core's parser would apply.
  const uploaded = (ctx: Parameters<typeof readUploadBody>[0]) => readUploadBody(ctx, ROW_FIELD_NAMES, bodyLimitMB * 2 ** 20, bodyLimit);

  router.post(
    '/api/photometry',
    {
      access: { acl: 'Upload data' },
      summary: 'Upload photometry (all or nothing; a point already stored fails the whole post)',
      tags: ['photometry'],
      body: upload,
      streamBody: true,
      bodyLimit,
      response: uploadResult,
    },
    async ({ user, ctx }) => ingestPhotometry(deps, user, await uploaded(ctx), 'post'),
  );

  router.put(
    '/api/photometry',
    {
      access: { acl: 'Upload data' },
      summary: 'Upload photometry, keeping points already stored (their ids are returned in place)',
      tags: ['photometry'],
      query: upsertQuery,
      body: upload,
      streamBody: true,
      bodyLimit,
      response: uploadResult,
    },
    async ({ user, query, ctx }) => {
      if (query.duplicate_ignore_flux && !user.isSystemAdmin) throw ignoreFluxReserved();
      if (query.overwrite_flux && !query.duplicate_ignore_flux) throw badRequest('overwrite_flux: only with duplicate_ignore_flux=true');
      const body = await uploaded(ctx);
      return ingestPhotometry(deps, user, body, 'put', { ignoreFlux: query.duplicate_ignore_flux, overwriteFlux: query.overwrite_flux });
    },
  );

  router.get(
    '/api/photometry',
    { access: 'authenticated', summary: 'Without an id: a 400 naming photometry_id (SkyPortal compatibility)', tags: ['photometry'] },
    () => {
      throw missingPointId();
    },
  );

  // Before /api/photometry/:id, which would take "range" for an id.
  router.get(
    '/api/photometry/range',
    {
      access: 'authenticated',
      summary: 'The points the caller may see, by instrument and observation date (instrument_ids, min_date, max_date: body or query)',
      tags: ['photometry'],
      query: outputQuery.extend({ format: z.enum(['mag', 'flux']).default('mag') }).extend(rangeFilter.shape),
      body: rangeFilter,
    },
    async ({ user, query, body, db }) => {
      const filter = { ...query, ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) };
      const points = visiblePoints(db, user)
        .orderBy(['p.mjd', 'p.id'])
        .limit(RANGE_MAX_POINTS + 1);
      if (filter.instrument_ids?.length) points.whereIn('p.instrument_id', filter.instrument_ids);
      if (filter.min_date) points.where('p.mjd', '>=', mjdOf(filter.min_date));
      if (filter.max_date) points.where('p.mjd', '<=', mjdOf(filter.max_date));
      const rows: StoredPoint[] = await points;
      if (rows.length > RANGE_MAX_POINTS)
        throw badRequest(`instrument_ids: more than ${RANGE_MAX_POINTS} points in this range; narrow the instruments or dates`);
      return serializeAll(db, user, rows, query.format, query.magsys);
    },
  );

  router.get(
    '/api/photometry/:id',
    { access: 'authenticated', summary: 'A photometry point', tags: ['photometry'], params: pointId, query: outputQuery },
    async ({ user, params, query, db }) => {
      const point = await visiblePoint(db, user, params.id);
      return (await serializeAll(db, user, [point], query.format, query.magsys))[0];
    },
  );

  router.patch(
    '/api/photometry/:id',
    {
      access: { acl: 'Upload data' },
      summary: 'Change a point (owner or Manage sources); fields as in POST, for one point',
      tags: ['photometry'],
      params: pointId,
      body: uploadBody(1),
    },
    async ({ user, params, body, db }) => {
      const point = await visiblePoint(db, user, params.id);
      // As SkyPortal, PATCH adds streams to the point (each one the caller's: a 400 before any
      // other refusal, as SkyPortal answers); it takes none away.
      const streamIds = await resolveStreamIds(db, user, parseStreamIds(body.stream_ids) ?? []);
      await mayChange(db, user, point);
      for (const [key, value] of Object.entries(body)) {
        if (Array.isArray(value) && key !== 'group_ids' && key !== 'stream_ids') throw badRequest(`${key}: one value expected when changing one point`);
      }
      const photometric = ['mag', 'magerr', 'limiting_mag', 'limiting_mag_nsigma', 'flux', 'fluxerr', 'zp', 'magsys'];
      const changesPhotometry = photometric.some((key) => key in body);
      const changesReference = REFERENCE_FIELDS.some((key) => key in body);
      // Unchanged fields come from the stored point (flux at zp 23.9, AB).
      const base: Record<string, unknown> = {
        obj_id: point.obj_id,
        instrument_id: point.instrument_id,
        mjd: point.mjd,
        filter: point.filter,
        origin: point.origin,
        ra: point.ra,
        dec: point.dec,
        ra_unc: point.ra_unc,
        dec_unc: point.dec_unc,
      };
      if (!changesPhotometry) Object.assign(base, { flux: point.flux, fluxerr: point.fluxerr, zp: PHOT_ZP, magsys: 'ab' });
      const { group_ids: groupIdsGiven, stream_ids: _streams, altdata, ...fields } = body;
      // Every value is checked (ranges, ids, text) before any of it reaches a query.
      const row = parsePhotometry({ ...base, ...fields }, 1);
      const groupIds = parseGroupIds(groupIdsGiven);
      if (groupIds === 'all') throw badRequest('group_ids: expected a list of group ids');
      const altdataJson = altdata === undefined ? undefined : altdataText(altdata);
      if ('obj_id' in fields || 'instrument_id' in fields) {
        const instrumentIds = await deps.sources.instrumentsById([row.instrumentId[0]!]);
        if (!instrumentIds.size) throw badRequest(`instrument_id: no instrument ${row.instrumentId[0]}`);
        if (!(await deps.sources.visibleObj(user, row.objId[0]!))) throw badRequest(`obj_id: no source ${row.objId[0]} among your sources`);
      }
      const instrument = (await deps.sources.instrumentsById([row.instrumentId[0]!])).get(row.instrumentId[0]!)!;
      if ((instrument.type === 'imager' || instrument.filters.length) && !instrument.filters.includes(row.filter[0]!)) {
        throw badRequest(`filter: instrument ${instrument.name} has no filter ${row.filter[0]}`);
      }
      const nullable = (value: number) => (Number.isNaN(value) ? null : value);
      const update: Record<string, unknown> = {
        obj_id: row.objId[0],
        instrument_id: row.instrumentId[0],
        mjd: row.mjd[0],
        filter: row.filter[0],
        flux: nullable(row.flux[0]!),
        fluxerr: row.fluxerr[0],
        origin: row.origin[0],
        ra: nullable(row.ra[0]!),
        dec: nullable(row.dec[0]!),
        ra_unc: nullable(row.raUnc[0]!),
        dec_unc: nullable(row.decUnc[0]!),
        modified: db.fn.now(),
      };
      if (changesPhotometry) update.original_user_data = row.originalUserData[0];
      if (changesReference) Object.assign(update, { ref_flux: nullable(row.refFlux[0]!), ref_fluxerr: nullable(row.refFluxerr[0]!) });
      if (altdataJson !== undefined) update.altdata = altdataJson;
      await db.transaction(async (trx) => {
        try {
          await trx('photometry').where({ id: point.id }).update(update);
        } catch (error) {
          if (isUniqueViolation(error, 'photometry_dedup')) throw badRequest('duplicates: the changed point equals one already stored');
          throw error;
        }
        if (groupIds !== undefined) {
          const ids = await resolveWritableGroups(trx, user, groupIds);
          await trx('photometry_groups').where({ photometry_id: point.id }).delete();
          if (ids.length) await trx('photometry_groups').insert(ids.map((group_id) => ({ photometry_id: point.id, group_id })));
        }
        if (streamIds.length) {
          await trx('photometry_streams')
            .insert(streamIds.map((stream_id) => ({ photometry_id: point.id, stream_id })))
            .onConflict(['photometry_id', 'stream_id'])
            .ignore();
        }
      });
      return { id: point.id };
    },
  );

  router.delete(
    '/api/photometry/:id',
    { access: { acl: 'Upload data' }, summary: 'Delete a point (owner or Manage sources)', tags: ['photometry'], params: pointId },
    async ({ user, params, db }) => {
      const point = await visiblePoint(db, user, params.id);
      await mayChange(db, user, point);
      await db.transaction(async (trx) => {
        await deps.deleting.promise({ pointIds: [point.id], trx });
        await trx('photometry').where({ id: point.id }).delete();
      });
      return { id: point.id };
    },
  );

  router.delete(
    '/api/sources/:id/photometry',
    {
      access: { acl: 'Delete bulk photometry' },
      summary: "Delete the source's points that the caller may change (their own; all of them for a system admin)",
      tags: ['photometry', 'sources'],
      params: sourceIdParam,
    },
    async ({ user, params, db }) => {
      if (!(await deps.sources.visibleObj(user, params.id))) throw notFound(`Source ${params.id}`);
      const deleted = await db.transaction(async (trx) => {
        await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended('photometry.obj:' || ?, 0))`, [params.id]);
        const mine = trx('photometry as p').where('p.obj_id', params.id);
        // Others' points only for system admins: seeing a point grants no say over it.
        if (!user.isSystemAdmin) mine.where('p.owner_id', user.id);
        const pointIds: number[] = (await mine.clone().pluck('p.id')).map(Number);
        await deps.deleting.promise({ pointIds, trx });
        return trx('photometry').whereIn('id', pointIds).delete();
      });
      return { obj_id: params.id, deleted };
    },
  );

  router.get(
    '/api/sources/:id/photometry',
    {
      access: 'authenticated',
      summary: "A source's photometry that the caller may see, sorted by MJD (output=csv for a CSV file)",
      tags: ['photometry', 'sources'],
      params: sourceIdParam,
      description:
        'fields=mjd,filter,mag,... (JSON only) returns just those keys of each point, and skips the group lookup unless ' +
        '"groups" is among them: what a plot needs is a fifth of the full payload.',
      query: outputQuery.extend({
        output: z.enum(['json', 'csv']).default('json'),
        fields: fieldList,
        layout: z
          .enum(['points', 'columns'])
          .default('points')
          .describe(
            'columns (our addition, JSON, format mag|flux|both): {count, id: [...], instrument_name: [...], photometry: {obj_id, magsys, instrument_id: [...], mjd: [...], ...}} — ' +
              'photometry is a body POST /api/photometry accepts as it is (format=flux posts back exactly); with format=both the magnitudes are beside it',
          ),
        includeValidationInfo: inputs.flag().default(false).describe('JSON: each point with its validations (a list of at most one verdict)'),
      }),
    },
    async ({ user, params, query, db, ctx }) => {
      if (!(await deps.sources.visibleObj(user, params.id))) throw notFound(`Source ${params.id}`);
      const { format } = query;
      if (query.layout === 'columns') {
        if (format === 'plot') throw badRequest('layout: columns come in format mag, flux or both (plot is a per-point layout)');
        if (query.output !== 'json' || query.fields || query.includeValidationInfo)
          throw badRequest('layout: columns go with output=json and without fields or includeValidationInfo');
        return toColumns(params.id, await visibleTuples(db, user, params.id), format, query.magsys);
      }
      if (format === 'plot') {
        const slim: StoredPoint[] = await scopeToVisiblePoints(db('photometry as p').select(...PLOT_COLUMNS), user)
          .where('p.obj_id', params.id)
          .orderBy(['p.mjd', 'p.id']);
        const points = slim.map((point) => serializePlot(point, query.magsys));
        if (query.output === 'csv') return sendCsv(ctx, params.id, toCsv(points, 'plot'));
        return query.fields ? points.map((point) => pick(point as unknown as PhotometryPoint, query.fields!)) : points;
      }
      const fields = query.output === 'json' ? query.fields : undefined;
      const needGroups = !fields || fields.includes('groups');
      const [points, groups] = await Promise.all([
        visiblePoints(db, user).where('p.obj_id', params.id).orderBy(['p.mjd', 'p.id']) as Promise<StoredPoint[]>,
        needGroups ? groupsOfPoints(db, user, { objId: params.id }) : new Map<number, PhotometryGroup[]>(),
      ]);
      const owners = !fields || fields.includes('owner') ? await userSummaries(db, ownerIds(points)) : new Map<number, UserSummary>();
      const data: PhotometryPoint[] = points.map((point) => serializePoint(point, groups.get(point.id) ?? [], owners, format, query.magsys));
      if (query.output === 'csv') return sendCsv(ctx, params.id, toCsv(data, format));
      const answer = fields ? data.map((point) => pick(point, fields)) : data;
      if (!query.includeValidationInfo) return answer;
      const validations = await validationsOf(
        db,
        points.map((point) => point.id),
      );
      return answer.map((point, i) => ({ ...point, validations: validations.get(points[i]!.id) ?? [] }));
    },
  );
}
