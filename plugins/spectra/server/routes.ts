/** The spectra routes (SkyPortal's paths, parameters and answers; its older `/api/spectrum…` paths: aliases.ts). */
import { badRequest, inputs, notFound, z, type HookOf, type Knex, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { RawQuery, spectraHooks } from '../types.js';
import { spectrumNotAccessible } from './compat.js';
import { parseAsciiSpectrum } from './ascii.js';
import { bulkSpectra, bulkBody } from './bulk.js';
import { MAX_ALTDATA_BYTES, sourceId, spectrumSchemas, type SpectraOptions } from './inputs.js';
import { listQuerySchema, listSpectra, MAX_FULL_SPECTRA, type ListDeps } from './list.js';
import { fullSpectra, normalizeByMedian, spectrumHeader, withFloatPixels } from './serialize.js';
import { visibleSpectra, type StoredSpectrum } from './store.js';
import { createSpectrum, deleteSpectrum, updateSpectrum, type WriteDeps } from './writes.js';

export type RouteDeps = WriteDeps & ListDeps & { serialize: HookOf<typeof spectraHooks.serialize>; options: SpectraOptions };

const spectrumId = z.object({ id: inputs.dbId });
const idAnswer = z.object({ id: z.number() });
const originalFileQuery = z.object({ includeOriginalFile: inputs.flag().default(false).describe("The uploaded file's text, as original_file_string") });

/** Whole spectra as answered: other plugins' fields (`spectra.serialize`), then the pixels as floats. */
async function answer(deps: RouteDeps, db: Knex, user: Principal, rows: StoredSpectrum[], view: 'single' | 'list' | 'source', query: RawQuery) {
  const spectra = await fullSpectra(db, user, rows);
  await deps.serialize.promise({ user, view, minimal: false, spectra, query, db });
  return spectra.map(withFloatPixels);
}

/** Upload limits: three arrays of numbers of up to ~26 characters each; a file's text, escaped in JSON. */
const megabytes = (bytes: number) => `${Math.ceil(bytes / 1_000_000) + 1}mb`;

export function spectraRoutes(router: PluginRouter, deps: RouteDeps): void {
  const { options } = deps;
  const schemas = spectrumSchemas(options);
  const pixelsLimit = megabytes(options.maxPixels * 3 * 26 + MAX_ALTDATA_BYTES);
  const fileLimit = megabytes(options.maxFileBytes * 2 + MAX_ALTDATA_BYTES);
  const fileLimits = { maxPixels: options.maxPixels, maxHeaderBytes: MAX_ALTDATA_BYTES };

  // Literal paths before /api/spectra/:id.
  router.post(
    '/api/spectra/parse/ascii',
    {
      access: { acl: 'Upload data' },
      summary: 'Read an ASCII spectrum file: its pixels and header keywords (nothing is stored)',
      tags: ['spectra'],
      body: schemas.parseAscii,
      bodyLimit: fileLimit,
    },
    ({ body }) => {
      const { ascii, ...columns } = body;
      return withFloatPixels({ ...parseAsciiSpectrum(ascii, columns, fileLimits) });
    },
  );

  router.post(
    '/api/spectra/ascii',
    {
      access: { acl: 'Upload data' },
      summary: 'Store a spectrum from an ASCII file; the file is kept (includeOriginalFile=true gives it back)',
      tags: ['spectra'],
      body: schemas.postAscii,
      bodyLimit: fileLimit,
      response: idAnswer,
    },
    async ({ user, body }) => {
      const { ascii, wave_column, flux_column, fluxerr_column, filename, ...metadata } = body;
      const parsed = parseAsciiSpectrum(ascii, { wave_column, flux_column, fluxerr_column }, fileLimits);
      // Only the file's own name is kept (a path is the uploader's business).
      const name = filename.split(/[\\/]/).pop() || filename;
      const id = await createSpectrum(deps, user, {
        ...metadata,
        wavelengths: parsed.wavelengths,
        fluxes: parsed.fluxes,
        errors: parsed.errors,
        altdata: metadata.altdata ?? parsed.altdata,
        original_file_string: ascii,
        original_file_filename: name,
      });
      return { id };
    },
  );

  router.get(
    '/api/spectra/range',
    {
      access: 'authenticated',
      summary: 'Spectra the caller may see by instrument and observation date (instrument_ids, min_date, max_date)',
      tags: ['spectra'],
      query: z.object({
        instrument_ids: inputs.dbIdList,
        min_date: z.preprocess((v) => (v === '' ? undefined : v), inputs.isoDate().optional()),
        max_date: z.preprocess((v) => (v === '' ? undefined : v), inputs.isoDate().optional()),
      }),
    },
    async ({ user, query, db, ctx }) => {
      const spectra = visibleSpectra(db, user, { pixels: true, originalFile: false })
        .orderBy(['s.observed_at', 's.id'])
        .limit(MAX_FULL_SPECTRA + 1);
      if (query.instrument_ids?.length) spectra.whereIn('s.instrument_id', query.instrument_ids);
      if (query.min_date) spectra.where('s.observed_at', '>=', query.min_date);
      if (query.max_date) spectra.where('s.observed_at', '<=', query.max_date);
      const rows: StoredSpectrum[] = await spectra;
      if (rows.length > MAX_FULL_SPECTRA) throw badRequest(`min_date: more than ${MAX_FULL_SPECTRA} spectra in this range; narrow the dates or instruments`);
      return answer(deps, db, user, rows, 'list', ctx.query as RawQuery);
    },
  );

  router.post(
    '/api/spectra/bulk',
    {
      access: { acl: 'Upload data' },
      summary:
        "Slim spectra of many sources at once (by obj_ids and/or group_id), with each source's redshift (SkyPortal asks for no ACL; every POST here names one)",
      tags: ['spectra'],
      body: bulkBody,
    },
    ({ user, body, db }) => bulkSpectra(db, user, body),
  );

  router.post(
    '/api/spectra',
    {
      access: { acl: 'Upload data' },
      summary: 'Store a spectrum (the caller becomes its owner; shared with group_ids and their single-user group)',
      tags: ['spectra'],
      body: schemas.post,
      bodyLimit: pixelsLimit,
      response: idAnswer,
    },
    async ({ user, body }) => ({ id: await createSpectrum(deps, user, body) }),
  );

  router.get(
    '/api/spectra',
    { access: 'authenticated', summary: 'Spectra the caller may see, filtered, by observation time', tags: ['spectra'], query: listQuerySchema },
    async ({ user, query, db, ctx }) => {
      const raw = ctx.query as RawQuery;
      const rows = await listSpectra(deps, db, user, query, raw);
      if (!query.minimalPayload) return answer(deps, db, user, rows, 'list', raw);
      const headers = rows.map(spectrumHeader);
      await deps.serialize.promise({ user, view: 'list', minimal: true, spectra: headers as never, query: raw, db });
      return headers;
    },
  );

  router.get(
    '/api/spectra/:id',
    {
      access: 'authenticated',
      summary: 'A spectrum (403 when it does not exist or is not yours to see, alike)',
      tags: ['spectra'],
      params: spectrumId,
      query: originalFileQuery,
    },
    async ({ user, params, query, db, ctx }) => {
      const row: StoredSpectrum | undefined = await visibleSpectra(db, user, { pixels: true, originalFile: query.includeOriginalFile })
        .where('s.id', params.id)
        .first();
      if (!row) throw spectrumNotAccessible(params.id);
      return (await answer(deps, db, user, [row], 'single', ctx.query as RawQuery))[0];
    },
  );

  router.put(
    '/api/spectra/:id',
    {
      access: { acl: 'Upload data' },
      summary: 'Change a spectrum (its owner, or a system admin)',
      tags: ['spectra'],
      params: spectrumId,
      body: schemas.put,
      bodyLimit: pixelsLimit,
    },
    async ({ user, params, body }) => {
      await updateSpectrum(deps, user, params.id, body);
      return { id: params.id };
    },
  );

  router.delete(
    '/api/spectra/:id',
    { access: { acl: 'Upload data' }, summary: 'Delete a spectrum (its owner, or a system admin)', tags: ['spectra'], params: spectrumId },
    async ({ user, params }) => {
      await deleteSpectrum(deps, user, params.id);
      return { id: params.id };
    },
  );

  router.get(
    '/api/sources/:id/spectra',
    {
      access: 'authenticated',
      summary: "A source's spectra that the caller may see (normalization=median divides each by its median |flux|)",
      tags: ['spectra', 'sources'],
      params: z.object({ id: sourceId }),
      query: originalFileQuery.extend({
        normalization: z.enum(['median']).optional(),
        sortBy: z.enum(['observed_at', 'created_at']).default('observed_at'),
        sortOrder: z.enum(['asc', 'desc']).default('asc'),
      }),
    },
    async ({ user, params, query, db, ctx }) => {
      if (!(await deps.sources.visibleObj(user, params.id))) throw notFound(`Source ${params.id}`);
      const rows: StoredSpectrum[] = await visibleSpectra(db, user, { pixels: true, originalFile: query.includeOriginalFile })
        .where('s.obj_id', params.id)
        .orderBy([
          { column: `s.${query.sortBy}`, order: query.sortOrder },
          { column: 's.id', order: query.sortOrder },
        ]);
      const spectra = await fullSpectra(db, user, rows);
      if (query.normalization === 'median') for (const spectrum of spectra) Object.assign(spectrum, normalizeByMedian(spectrum));
      await deps.serialize.promise({ user, view: 'source', minimal: false, spectra, query: ctx.query as RawQuery, db });
      return { obj_id: params.id, spectra: spectra.map(withFloatPixels) };
    },
  );
}
