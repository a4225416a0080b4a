/**
 * Spectra in the database: who may see which (the one scoping rule), and the rows with their
 * group and people links, written in one transaction.
 */
import { scopeToGroups, type Knex, type Principal } from '@skyportal/sdk';

/** A spectrum row as stored (the pixel arrays only when asked for). */
export interface StoredSpectrum {
  id: number;
  obj_id: string;
  instrument_id: number;
  instrument_name: string;
  telescope_id: number;
  telescope_name: string;
  observed_at: Date;
  wavelengths?: number[];
  fluxes?: number[];
  errors?: number[] | null;
  units: string | null;
  type: string;
  label: string | null;
  origin: string | null;
  altdata: Record<string, unknown> | null;
  original_file_string?: string | null;
  original_file_filename: string | null;
  external_pi: string | null;
  external_reducer: string | null;
  external_observer: string | null;
  owner_id: number | null;
  created_at: Date;
  modified: Date;
}

export const PEOPLE_ROLES = { pi: 'pi', reduced_by: 'reducer', observed_by: 'observer' } as const;
export type PeopleField = keyof typeof PEOPLE_ROLES;
export type Role = (typeof PEOPLE_ROLES)[PeopleField];

/**
 * Limits a query on `spectra as <alias>` to the spectra the caller may see: linked to one of their
 * groups, or their own (system admins: all). Every read of spectra goes through here.
 */
export function scopeToVisibleSpectra<Q extends Knex.QueryBuilder>(query: Q, user: Principal, alias = 's'): Q {
  return scopeToGroups(query, user, {
    via: { table: 'spectrum_groups', foreignKey: 'spectrum_id', rowId: `${alias}.id` },
    ownerColumn: `${alias}.owner_id`,
  });
}

const HEADER_COLUMNS = [
  's.id',
  's.obj_id',
  's.instrument_id',
  'i.name as instrument_name',
  'i.telescope_id',
  't.name as telescope_name',
  's.observed_at',
  's.units',
  's.type',
  's.label',
  's.origin',
  's.altdata',
  's.original_file_filename',
  's.external_pi',
  's.external_reducer',
  's.external_observer',
  's.owner_id',
  's.created_at',
  's.modified',
];

export interface ReadOptions {
  /** The pixel arrays (not for `minimalPayload`). */
  pixels: boolean;
  /** The uploaded file's text (`includeOriginalFile`). */
  originalFile: boolean;
}

/** Spectra the caller may see, with their instrument and telescope, ready to be narrowed further. */
export function visibleSpectra(db: Knex, user: Principal, read: ReadOptions): Knex.QueryBuilder {
  const columns = [...HEADER_COLUMNS];
  if (read.pixels) columns.push('s.wavelengths', 's.fluxes', 's.errors');
  if (read.originalFile) columns.push('s.original_file_string');
  const query = db('spectra as s').join('instruments as i', 'i.id', 's.instrument_id').join('telescopes as t', 't.id', 'i.telescope_id').select(columns);
  return scopeToVisibleSpectra(query, user);
}

/** Every group of each spectrum (for live audiences and the answers' own scoping). */
export async function groupLinks(db: Knex, ids: readonly number[]): Promise<Map<number, number[]>> {
  const rows: { spectrum_id: number; group_id: number }[] = ids.length
    ? await db('spectrum_groups').whereIn('spectrum_id', ids).orderBy(['spectrum_id', 'group_id']).select('spectrum_id', 'group_id')
    : [];
  const links = new Map<number, number[]>();
  for (const { spectrum_id, group_id } of rows) links.set(spectrum_id, [...(links.get(spectrum_id) ?? []), group_id]);
  return links;
}

/** Each spectrum's people by role, in the order they were given. */
export async function peopleLinks(db: Knex, ids: readonly number[]): Promise<Map<number, Record<Role, number[]>>> {
  const rows: { spectrum_id: number; role: Role; user_id: number }[] = ids.length
    ? await db('spectrum_people').whereIn('spectrum_id', ids).orderBy(['spectrum_id', 'role', 'position']).select('spectrum_id', 'role', 'user_id')
    : [];
  const links = new Map<number, Record<Role, number[]>>();
  for (const { spectrum_id, role, user_id } of rows) {
    const entry = links.get(spectrum_id) ?? { pi: [], reducer: [], observer: [] };
    entry[role].push(user_id);
    links.set(spectrum_id, entry);
  }
  return links;
}

export interface SpectrumRow {
  obj_id: string;
  instrument_id: number;
  observed_at: Date;
  wavelengths: number[];
  fluxes: number[];
  errors: number[] | null;
  units: string | null;
  type: string;
  label: string | null;
  origin: string | null;
  altdata: Record<string, unknown> | null;
  original_file_string: string | null;
  original_file_filename: string | null;
  external_pi: string | null;
  external_reducer: string | null;
  external_observer: string | null;
  owner_id: number;
}

/** Links the spectrum to more groups (never fewer: SkyPortal's PUT only adds). */
export async function addGroups(trx: Knex.Transaction, spectrumId: number, groupIds: readonly number[]): Promise<void> {
  if (groupIds.length) {
    await trx('spectrum_groups')
      .insert(groupIds.map((group_id) => ({ spectrum_id: spectrumId, group_id })))
      .onConflict(['spectrum_id', 'group_id'])
      .ignore();
  }
}

/** Replaces the spectrum's people of one role. */
export async function setPeople(trx: Knex.Transaction, spectrumId: number, role: Role, userIds: readonly number[]): Promise<void> {
  await trx('spectrum_people').where({ spectrum_id: spectrumId, role }).delete();
  const unique = [...new Set(userIds)];
  if (unique.length) await trx('spectrum_people').insert(unique.map((user_id, position) => ({ spectrum_id: spectrumId, role, user_id, position })));
}

export async function insertSpectrum(
  trx: Knex.Transaction,
  row: SpectrumRow,
  groupIds: readonly number[],
  people: Partial<Record<Role, readonly number[]>>,
): Promise<number> {
  const [{ id }] = await trx('spectra')
    .insert({ ...row, altdata: row.altdata === null ? null : JSON.stringify(row.altdata) })
    .returning('id');
  await addGroups(trx, id, groupIds);
  for (const [role, userIds] of Object.entries(people) as [Role, number[]][]) await setPeople(trx, id, role, userIds);
  return id;
}
