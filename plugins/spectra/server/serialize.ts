/** Spectra as SkyPortal answers them: the header keys, then (unless minimal) pixels, groups and people. */
import { floatList, groupSummaries, userSummaries, type Knex, type Principal, type UserSummary } from '@skyportal/sdk';
import type { Spectrum, SpectrumHeader } from '../types.js';
import { groupLinks, peopleLinks, type StoredSpectrum } from './store.js';

const MS_PER_DAY = 86_400_000;
const MJD_OF_UNIX_EPOCH = 40_587;

/** SkyPortal's minimal payload: what every answer about a spectrum holds. */
export function spectrumHeader(row: StoredSpectrum): SpectrumHeader {
  return {
    id: row.id,
    obj_id: row.obj_id,
    owner_id: row.owner_id,
    instrument_id: row.instrument_id,
    observed_at: row.observed_at as unknown as string,
    origin: row.origin,
    type: row.type,
    label: row.label,
    altdata: row.altdata,
    original_file_filename: row.original_file_filename,
    followup_request_id: null,
    assignment_id: null,
    created_at: row.created_at as unknown as string,
    modified: row.modified as unknown as string,
  };
}

/**
 * Whole spectra with their groups (only those the caller is in: system admins see all), owner and
 * people, one query each for all of `rows`. `original_file_string` is there when it was read.
 */
export async function fullSpectra(db: Knex, user: Principal, rows: StoredSpectrum[]): Promise<Spectrum[]> {
  const ids = rows.map((row) => row.id);
  const [groups, people] = await Promise.all([groupLinks(db, ids), peopleLinks(db, ids)]);
  const mine = user.isSystemAdmin ? undefined : new Set(user.groupIds);
  const groupIds = [...groups.values()].flat().filter((id) => !mine || mine.has(id));
  const userIds = [
    ...rows.flatMap((row) => (row.owner_id === null ? [] : [row.owner_id])),
    ...[...people.values()].flatMap((p) => [...p.pi, ...p.reducer, ...p.observer]),
  ];
  const [groupsById, users] = await Promise.all([groupSummaries(db, groupIds), userSummaries(db, userIds)]);
  const usersOf = (list: number[]) => list.flatMap((id) => (users.has(id) ? [users.get(id)!] : [])) as UserSummary[];
  return rows.map((row) => {
    const links = people.get(row.id) ?? { pi: [], reducer: [], observer: [] };
    const spectrum: Spectrum = {
      ...spectrumHeader(row),
      wavelengths: row.wavelengths!,
      fluxes: row.fluxes!,
      errors: row.errors ?? null,
      units: row.units as Spectrum['units'],
      observed_at_mjd: row.observed_at.getTime() / MS_PER_DAY + MJD_OF_UNIX_EPOCH,
      instrument_name: row.instrument_name,
      telescope_id: row.telescope_id,
      telescope_name: row.telescope_name,
      groups: (groups.get(row.id) ?? []).flatMap((id) => (groupsById.has(id) ? [groupsById.get(id)!] : [])),
      owner: (row.owner_id !== null && users.get(row.owner_id)) || null,
      pis: usersOf(links.pi),
      reducers: usersOf(links.reducer),
      observers: usersOf(links.observer),
      external_pi: row.external_pi,
      external_reducer: row.external_reducer,
      external_observer: row.external_observer,
    };
    if (row.original_file_string !== undefined) spectrum.original_file_string = row.original_file_string;
    return spectrum;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * `normalization=median`: fluxes (and errors, by the same factor) divided by the median of
 * |flux|, so spectra of different brightness and units overlay. Where that median is 0 (a spectrum
 * mostly of zeros), by the flux at the median wavelength instead; where that is 0 too, unchanged.
 */
export function normalizeByMedian(spectrum: Pick<Spectrum, 'wavelengths' | 'fluxes' | 'errors'>): { fluxes: number[]; errors: number[] | null } {
  let norm = median(spectrum.fluxes.map(Math.abs));
  if (!(norm > 0)) {
    const middle = median(spectrum.wavelengths);
    let nearest = 0;
    spectrum.wavelengths.forEach((w, i) => {
      if (Math.abs(w - middle) < Math.abs(spectrum.wavelengths[nearest]! - middle)) nearest = i;
    });
    norm = Math.abs(spectrum.fluxes[nearest]!);
  }
  if (!(norm > 0) || !Number.isFinite(norm)) return { fluxes: spectrum.fluxes, errors: spectrum.errors };
  return { fluxes: spectrum.fluxes.map((f) => f / norm), errors: spectrum.errors?.map((e) => e / norm) ?? null };
}

/** The pixel arrays as JSON floats (`4000.0`), as SkyPortal's clients read them: the last step before an answer. */
export function withFloatPixels<T extends Record<string, unknown>>(spectrum: T): T {
  const answer: Record<string, unknown> = { ...spectrum };
  for (const key of ['wavelengths', 'fluxes', 'errors']) {
    const values = answer[key];
    if (Array.isArray(values)) answer[key] = floatList(values as number[]);
  }
  return answer as T;
}
