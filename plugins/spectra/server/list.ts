/**
 * `GET /api/spectra`: the spectra the caller may see, narrowed by SkyPortal's filters (and by other
 * plugins' through `spectra.filter`), sorted by observation time. Never cut short: a selection
 * larger than the bound is a 400 asking to narrow it.
 */
import { badRequest, groupSummaries, inputs, z, type HookOf, type Knex, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { RawQuery, spectraHooks } from '../types.js';
import { idListNotAccessible, idListNotIntegers, unknownSpectrumType } from './compat.js';
import { visibleSpectra, type StoredSpectrum } from './store.js';

/** Whole spectra in one answer (their pixels add up); the minimal payload allows more. */
export const MAX_FULL_SPECTRA = 1000;
export const MAX_MINIMAL_SPECTRA = 10_000;

const optionalDate = (description: string) => z.preprocess((value) => (value === '' ? undefined : value), inputs.isoDate().optional()).describe(description);
/** A comma-separated list, or the parameter repeated: kept as sent, parsed with SkyPortal's messages. */
const listText = (description: string) =>
  z
    .union([z.string().max(10_000), z.array(z.string().max(10_000)).max(100)])
    .optional()
    .transform((value) => (value === undefined ? undefined : Array.isArray(value) ? value.join(',') : value))
    .describe(description);

export const listQuerySchema = z.object({
  minimalPayload: inputs.flag().default(false).describe('Only the header keys of each spectrum (no pixels, groups or people)'),
  includeOriginalFile: inputs.flag().default(false).describe("The uploaded file's text, as original_file_string"),
  observedBefore: optionalDate('Observed at or before'),
  observedAfter: optionalDate('Observed at or after'),
  modifiedBefore: optionalDate('Last changed at or before'),
  modifiedAfter: optionalDate('Last changed at or after'),
  objID: inputs.text(200).optional().describe("Part of the source's id (any case)"),
  instrumentIDs: listText('Instrument ids (comma-separated): observed with one of them'),
  groupIDs: listText('Group ids (comma-separated, yours): shared with one of them'),
  followupRequestIDs: listText('Follow-up request ids (none exist here: any is a 400)'),
  assignmentIDs: listText('Assignment ids (none exist here: any is a 400)'),
  origin: listText('Parts of the origin (comma-separated): any of them'),
  label: listText('Parts of the label (comma-separated): any of them'),
  type: listText('Types (comma-separated)'),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** `1, 2` → [1, 2] (SkyPortal's message for anything else); undefined or empty → undefined. */
export function parseIdList(field: string, model: string, given: string | undefined): number[] | undefined {
  if (given === undefined || given.trim() === '') return undefined;
  const ids = given.split(',').map((part) => inputs.parseDecimal(part));
  if (ids.some((id) => id === undefined || !Number.isInteger(id) || id < 1 || id > inputs.INT4_MAX)) throw idListNotIntegers(field, model, given);
  return ids as number[];
}

const parts = (given: string | undefined) =>
  given
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean);
const contains = (part: string) => `%${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface ListDeps {
  sources: SourcesService;
  filter: HookOf<typeof spectraHooks.filter>;
  types: readonly string[];
}

/** The rows of `GET /api/spectra` (and of the range route's narrower query). */
export async function listSpectra(deps: ListDeps, db: Knex, user: Principal, query: ListQuery, raw: RawQuery): Promise<StoredSpectrum[]> {
  const instrumentIds = parseIdList('instrumentIDs', 'Instrument', query.instrumentIDs);
  const groupIds = parseIdList('groupIDs', 'Group', query.groupIDs);
  const followupIds = parseIdList('followupRequestIDs', 'FollowupRequest', query.followupRequestIDs);
  const assignmentIds = parseIdList('assignmentIDs', 'ClassicalAssignment', query.assignmentIDs);
  if (instrumentIds && (await deps.sources.instrumentsById(instrumentIds, db)).size !== new Set(instrumentIds).size) {
    throw idListNotAccessible('instrumentIDs', 'Instrument', query.instrumentIDs!);
  }
  if (groupIds) {
    const known = user.isSystemAdmin ? new Set((await groupSummaries(db, groupIds)).keys()) : new Set(user.groupIds);
    if (groupIds.some((id) => !known.has(id))) throw idListNotAccessible('groupIDs', 'Group', query.groupIDs!, 'only your groups');
  }
  // No plugin offers follow-up requests or assignments yet: no id is one.
  if (followupIds) throw idListNotAccessible('followupRequestIDs', 'FollowupRequest', query.followupRequestIDs!, 'no follow-up requests on this site');
  if (assignmentIds) throw idListNotAccessible('assignmentIDs', 'ClassicalAssignment', query.assignmentIDs!, 'no assignments on this site');
  const types = parts(query.type);
  for (const type of types ?? []) if (!deps.types.includes(type)) throw unknownSpectrumType(type, deps.types);

  const minimal = query.minimalPayload;
  const spectra = visibleSpectra(db, user, { pixels: !minimal, originalFile: !minimal && query.includeOriginalFile }).orderBy(['s.observed_at', 's.id']);
  if (instrumentIds) spectra.whereIn('s.instrument_id', instrumentIds);
  if (groupIds)
    spectra.whereExists((sub) => sub.select(db.raw('1')).from('spectrum_groups as g').whereRaw('g.spectrum_id = s.id').whereIn('g.group_id', groupIds));
  if (query.objID?.trim()) spectra.whereILike('s.obj_id', contains(query.objID.trim()));
  if (query.observedBefore) spectra.where('s.observed_at', '<=', query.observedBefore);
  if (query.observedAfter) spectra.where('s.observed_at', '>=', query.observedAfter);
  if (query.modifiedBefore) spectra.where('s.modified', '<=', query.modifiedBefore);
  if (query.modifiedAfter) spectra.where('s.modified', '>=', query.modifiedAfter);
  for (const column of ['origin', 'label'] as const) {
    const wanted = parts(query[column]);
    if (wanted?.length) spectra.where((q) => wanted.forEach((part) => q.orWhereILike(`s.${column}`, contains(part))));
  }
  if (types?.length) spectra.whereIn('s.type', types);
  await deps.filter.promise({
    user,
    query: raw,
    db,
    spectrumIdColumn: 's.id',
    whereExists: (subquery) => void spectra.whereExists(subquery),
    whereNotExists: (subquery) => void spectra.whereNotExists(subquery),
  });

  const max = minimal ? MAX_MINIMAL_SPECTRA : MAX_FULL_SPECTRA;
  const rows: StoredSpectrum[] = await spectra.limit(max + 1);
  if (rows.length > max) {
    throw badRequest(
      `query: more than ${max} spectra match${minimal ? '' : ' (with minimalPayload=true, up to 10000)'}; narrow the filters (objID, instrumentIDs, observedAfter, ...)`,
    );
  }
  return rows;
}
