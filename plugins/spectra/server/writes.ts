/**
 * Storing, changing and deleting spectra: every check before anything is written (the source is
 * the caller's to see, the instrument exists, the groups are the caller's, the people exist), the
 * rows in one transaction, then the live message and the `spectra.added` hook after commit.
 */
import { badRequest, resolveWritableGroups, userSummaries, type HookOf, type Knex, type LiveHub, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import { spectraHooks, type SpectraChangedMessage } from '../types.js';
import { notTheOwner, spectrumNotAccessible } from './compat.js';
import { linedUpProblem, type SpectraOptions, type SpectrumPost, type SpectrumPut } from './inputs.js';
import { PEOPLE_ROLES, addGroups, groupLinks, insertSpectrum, scopeToVisibleSpectra, setPeople, type PeopleField, type SpectrumRow } from './store.js';

export interface WriteDeps {
  db: Knex;
  sources: SourcesService;
  live: LiveHub;
  added: HookOf<typeof spectraHooks.added>;
  deleting: HookOf<typeof spectraHooks.deleting>;
  options: SpectraOptions;
}

/** A spectrum as `createSpectrum` takes it: the POST body, with what an uploaded file adds. */
export type NewSpectrum = SpectrumPost & { original_file_string?: string | null; original_file_filename?: string | null };

const PEOPLE_FIELDS = Object.keys(PEOPLE_ROLES) as PeopleField[];

/** The groups a spectrum is shared with: the given ones (`"all"`: every group of the caller) and always the caller's single-user group. */
async function groupsToShareWith(db: Knex, user: Principal, given: number[] | 'all' | undefined): Promise<number[]> {
  const requested = given === 'all' ? [...user.groupIds] : (given ?? []);
  return resolveWritableGroups(db, user, [...new Set([...requested, user.singleUserGroupId])]);
}

async function requireInstrument(deps: WriteDeps, instrumentId: number): Promise<void> {
  if (!(await deps.sources.instrumentsById([instrumentId])).size) throw badRequest(`instrument_id: no instrument with ID ${instrumentId}`);
}

async function requireSource(deps: WriteDeps, user: Principal, objId: string): Promise<void> {
  if (!(await deps.sources.visibleObj(user, objId))) throw badRequest(`obj_id: no source ${objId} among the sources you can see`);
}

async function requireUsers(db: Knex, body: Partial<Record<PeopleField, number[]>>): Promise<void> {
  for (const field of PEOPLE_FIELDS) {
    const ids = body[field];
    if (!ids?.length) continue;
    const found = await userSummaries(db, ids);
    const missing = [...new Set(ids)].filter((id) => !found.has(id));
    if (missing.length) throw badRequest(`${field}: no user(s) with ID ${missing.join(', ')}`);
  }
}

async function announce(
  deps: WriteDeps,
  objId: string,
  spectrumId: number,
  action: SpectraChangedMessage['data']['action'],
  groupIds: number[],
  ownerId: number | null,
) {
  const message: SpectraChangedMessage = { type: 'spectra.changed', data: { obj_id: objId, spectrum_id: spectrumId, action } };
  await deps.live.publish(`source:${objId}`, message, { groupIds, userIds: ownerId === null ? [] : [ownerId] });
}

/** Stores a new spectrum (POST /api/spectra, POST /api/spectra/ascii, demo data) → its id. */
export async function createSpectrum(deps: WriteDeps, user: Principal, input: NewSpectrum): Promise<number> {
  await requireSource(deps, user, input.obj_id);
  await requireInstrument(deps, input.instrument_id);
  await requireUsers(deps.db, input);
  const row: SpectrumRow = {
    obj_id: input.obj_id,
    instrument_id: input.instrument_id,
    observed_at: input.observed_at,
    wavelengths: input.wavelengths,
    fluxes: input.fluxes,
    errors: input.errors ?? null,
    units: input.units ?? null,
    type: input.type ?? deps.options.defaultType,
    label: input.label ?? null,
    origin: input.origin ?? null,
    altdata: input.altdata ?? null,
    original_file_string: input.original_file_string ?? null,
    original_file_filename: input.original_file_filename ?? null,
    external_pi: input.external_pi ?? null,
    external_reducer: input.external_reducer ?? null,
    external_observer: input.external_observer ?? null,
    owner_id: user.id,
  };
  const { id, groupIds } = await deps.db.transaction(async (trx) => {
    const groupIds = await groupsToShareWith(trx, user, input.group_ids);
    const people = { pi: input.pi ?? [], reducer: input.reduced_by ?? [], observer: input.observed_by ?? [] };
    return { id: await insertSpectrum(trx, row, groupIds, people), groupIds };
  });
  await announce(deps, row.obj_id, id, 'added', groupIds, user.id);
  await deps.added.promise({ spectrumId: id, objId: row.obj_id, groupIds, userId: user.id });
  return id;
}

interface OwnedSpectrum {
  id: number;
  obj_id: string;
  owner_id: number | null;
  wavelengths: number[];
  fluxes: number[];
  errors: number[] | null;
}

/**
 * The spectrum to change or delete: one the caller sees (else SkyPortal's 403, the same for one
 * that does not exist), and owns, unless they are a system admin (else SkyPortal's 401).
 */
async function ownedSpectrum(db: Knex, user: Principal, id: number, columns: string[]): Promise<OwnedSpectrum> {
  const spectrum = await scopeToVisibleSpectra(db('spectra as s'), user)
    .where('s.id', id)
    .first(['s.id', 's.obj_id', 's.owner_id', ...columns.map((column) => `s.${column}`)]);
  if (!spectrum) throw spectrumNotAccessible(id);
  if (spectrum.owner_id !== user.id && !user.isSystemAdmin) throw notTheOwner(id);
  return spectrum;
}

/** PUT /api/spectra/{id}: the fields given; `group_ids` adds groups, the people lists replace theirs. */
export async function updateSpectrum(deps: WriteDeps, user: Principal, id: number, body: SpectrumPut): Promise<void> {
  const changesPixels = body.wavelengths !== undefined || body.fluxes !== undefined || body.errors !== undefined;
  const spectrum = await ownedSpectrum(deps.db, user, id, changesPixels ? ['wavelengths', 'fluxes', 'errors'] : []);
  if (changesPixels) {
    const merged = {
      wavelengths: body.wavelengths ?? spectrum.wavelengths,
      fluxes: body.fluxes ?? spectrum.fluxes,
      errors: body.errors === undefined ? spectrum.errors : body.errors,
    };
    const problem = linedUpProblem(merged);
    if (problem) throw badRequest(`Invalid body: ${problem.field}: ${problem.message}`);
  }
  if (body.obj_id !== undefined) await requireSource(deps, user, body.obj_id);
  if (body.instrument_id !== undefined) await requireInstrument(deps, body.instrument_id);
  await requireUsers(deps.db, body);

  const { group_ids, pi, reduced_by, observed_by, altdata, ...columns } = body;
  const update: Record<string, unknown> = { ...columns, modified: deps.db.fn.now() };
  if (altdata !== undefined) update.altdata = altdata === null ? null : JSON.stringify(altdata);
  const groupIds = await deps.db.transaction(async (trx) => {
    await trx('spectra').where({ id }).update(update);
    if (group_ids !== undefined) await addGroups(trx, id, await resolveWritableGroups(trx, user, group_ids === 'all' ? [...user.groupIds] : group_ids));
    const people = { pi, reduced_by, observed_by };
    for (const field of PEOPLE_FIELDS) if (people[field] !== undefined) await setPeople(trx, id, PEOPLE_ROLES[field], people[field]);
    return (await groupLinks(trx, [id])).get(id) ?? [];
  });
  // Readers of the old source and of the new one (when it moved) both refetch.
  for (const objId of new Set([spectrum.obj_id, body.obj_id ?? spectrum.obj_id])) await announce(deps, objId, id, 'updated', groupIds, spectrum.owner_id);
}

/** DELETE /api/spectra/{id}: other plugins' data about it goes in the same transaction (`spectra.deleting`). */
export async function deleteSpectrum(deps: WriteDeps, user: Principal, id: number): Promise<void> {
  const spectrum = await ownedSpectrum(deps.db, user, id, []);
  const groupIds = await deps.db.transaction(async (trx) => {
    const links = (await groupLinks(trx, [id])).get(id) ?? [];
    await deps.deleting.promise({ spectrumIds: [id], trx });
    await trx('spectra').where({ id }).delete();
    return links;
  });
  await announce(deps, spectrum.obj_id, id, 'deleted', groupIds, spectrum.owner_id);
}
