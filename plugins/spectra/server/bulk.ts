/**
 * `POST /api/spectra/bulk`: slim spectra (observed_at, wavelengths, fluxes) of many sources in one
 * answer, with each source's redshift, for plots that stack spectra by phase. Sources are those the
 * caller may see among `obj_ids` and/or saved to `group_id` (one of theirs).
 */
import { badRequest, inputs, scopeToGroups, z, type Knex, type Principal } from '@skyportal/sdk';
import { sourceId } from './inputs.js';
import { withFloatPixels } from './serialize.js';
import { scopeToVisibleSpectra } from './store.js';

const DEFAULT_SOURCES = 200;
const MAX_SOURCES = 1000;
const MAX_SPECTRA = 3000;

export const bulkBody = z.strictObject({
  obj_ids: z
    .union([z.array(sourceId).max(MAX_SOURCES), z.string().max(200_000)])
    .optional()
    .transform((value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean)
        : value,
    )
    .describe('Source ids (a list, or comma-separated)'),
  group_id: inputs.dbId.optional().describe('Sources saved to this group (one of yours)'),
  classifications: z.array(z.string().max(200)).max(100).optional().describe('Not offered here (no classifications plugin): any is a 400'),
  classificationProbThreshold: z.number().optional(),
  maxSources: inputs.integerFromText(1, 1_000_000).default(DEFAULT_SOURCES).describe(`Sources at most (capped at ${MAX_SOURCES})`),
});

export async function bulkSpectra(db: Knex, user: Principal, body: z.output<typeof bulkBody>) {
  if (body.classifications?.length) throw badRequest('classifications: no classifications on this site');
  if (body.obj_ids === undefined && body.group_id === undefined) throw badRequest('obj_ids: give obj_ids, group_id or both');
  const maxSources = Math.min(body.maxSources, MAX_SOURCES);
  // The sources plugin's savings, scoped to the caller's groups: one obj per row.
  const savings = scopeToGroups(db('sources as v').distinct('v.obj_id'), user, { groupColumn: 'v.group_id' });
  if (body.group_id !== undefined) savings.where('v.group_id', body.group_id);
  if (body.obj_ids !== undefined) savings.whereIn('v.obj_id', body.obj_ids);
  const objs: { id: string; redshift: number | null }[] = await db('objs as o')
    .whereIn('o.id', savings)
    .orderBy('o.id')
    .limit(maxSources)
    .select('o.id', 'o.redshift');
  const spectra = objs.length
    ? await scopeToVisibleSpectra(db('spectra as s'), user)
        .whereIn(
          's.obj_id',
          objs.map((obj) => obj.id),
        )
        .orderBy(['s.observed_at', 's.id'])
        .limit(MAX_SPECTRA + 1)
        .select('s.obj_id', 's.observed_at', 's.wavelengths', 's.fluxes')
    : [];
  return {
    // Phase anchors: first detection and peak come from photometry, which this plugin does not read.
    sources: objs.map((obj) => ({ id: obj.id, redshift: obj.redshift, first_detected_mjd: null, peak_mjd: null, tns_discovery_date: null })),
    spectra: spectra.slice(0, MAX_SPECTRA).map(withFloatPixels),
    truncated: objs.length >= maxSources || spectra.length > MAX_SPECTRA,
  };
}
