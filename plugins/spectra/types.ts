// Shapes shared by the spectra plugin's server, its web part and the plugins that use it.
import type { Knex, Principal } from '@skyportal/sdk';
import { createServiceRef, defineHook } from '@skyportal/sdk/refs';

/** Units of `fluxes` and `errors`, as SkyPortal names them (none: arbitrary units). */
export const SPECTRUM_UNITS = ['Jy', 'AB', 'erg/s/cm/cm/AA'] as const;
export type SpectrumUnits = (typeof SPECTRUM_UNITS)[number];

/** SkyPortal's spectrum types (its `spectrum_types` config); a site may list others in the plugin's options. */
export const DEFAULT_SPECTRUM_TYPES = ['source', 'host', 'host_center'] as const;

export interface SpectrumGroup {
  id: number;
  name: string;
  nickname: string | null;
  single_user_group: boolean;
}

export interface SpectrumPerson {
  id: number;
  username: string;
  first_name: string | null;
  last_name: string | null;
}

/**
 * The keys every answer about a spectrum has, the list's `minimalPayload=true` among them
 * (SkyPortal's minimal set). `followup_request_id` and `assignment_id` are always null here: no
 * plugin offers follow-up requests or assignments yet.
 */
export interface SpectrumHeader {
  id: number;
  obj_id: string;
  owner_id: number | null;
  instrument_id: number;
  /** Naive UTC ISO 8601, as SkyPortal writes it. */
  observed_at: string;
  origin: string | null;
  type: string;
  label: string | null;
  altdata: Record<string, unknown> | null;
  original_file_filename: string | null;
  followup_request_id: null;
  assignment_id: null;
  created_at: string;
  modified: string;
}

/** A spectrum as `GET /api/spectra/{id}`, `GET /api/spectra` and `GET /api/sources/{id}/spectra` give it. */
export interface Spectrum extends SpectrumHeader {
  /** Ångström. */
  wavelengths: number[];
  /** F_lambda in `units` (or arbitrary), divided by the median |flux| with `normalization=median`. */
  fluxes: number[];
  errors: number[] | null;
  units: SpectrumUnits | null;
  observed_at_mjd: number;
  instrument_name: string;
  telescope_id: number;
  telescope_name: string;
  /** The spectrum's groups that the caller is in (system admins: all of them); never others' groups. */
  groups: SpectrumGroup[];
  owner: SpectrumPerson | null;
  pis: SpectrumPerson[];
  reducers: SpectrumPerson[];
  observers: SpectrumPerson[];
  external_pi: string | null;
  external_reducer: string | null;
  external_observer: string | null;
  /** Only with `includeOriginalFile=true`, for spectra uploaded from a file. */
  original_file_string?: string | null;
  /** Fields other plugins add through the `spectra.serialize` hook (`comments`, ...). */
  [extension: string]: unknown;
}

/** `GET /api/sources/{id}/spectra`. */
export interface SourceSpectra {
  obj_id: string;
  spectra: Spectrum[];
}

/**
 * `POST /api/spectra/parse/ascii`: what a file holds, nothing stored. `altdata` is the header's
 * keywords (`# KEY: value` lines, and FITS cards `# KEY = value / comment`, whose comment makes the
 * value `{value, comment}`).
 */
export interface ParsedSpectrum {
  wavelengths: number[];
  fluxes: number[];
  errors: number[] | null;
  altdata: Record<string, unknown> | null;
  /** Columns in each data row. */
  column_count: number;
  /** The names of a first row of column names (`wavelengths,fluxes`), else null. */
  column_names: string[] | null;
}

/** A spectrum the caller may see, as other plugins need it (no pixels). */
export interface VisibleSpectrum {
  id: number;
  obj_id: string;
  owner_id: number | null;
  instrument_id: number;
  observed_at: Date;
  /** Every group the spectrum is linked to (for a live message's audience; not for answers). */
  groupIds: number[];
}

/** What other plugins call: `services.get(spectraService)` (or `getOptional` with `optionalDependsOn: ['spectra']`). */
export interface SpectraService {
  /** The spectrum, if it exists and the caller may see it (through one of their groups, or as its owner). */
  visibleSpectrum(user: Principal, id: number): Promise<VisibleSpectrum | undefined>;
  /** The subset of `ids` the caller may see. */
  visibleSpectrumIds(user: Principal, ids: readonly number[]): Promise<Set<number>>;
  /**
   * Limits a query to rows whose `spectrumIdColumn` is a spectrum the caller may see (a
   * correlated `EXISTS`): comments on spectra, listed across spectra, go through this.
   */
  scopeToVisibleSpectra<Q extends Knex.QueryBuilder>(query: Q, user: Principal, spectrumIdColumn: string): Q;
}

/** The spectra plugin's service. */
export const spectraService = createServiceRef<SpectraService>({ id: 'spectra.service' });

/** The query parameters of a request as sent. */
export type RawQuery = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Event of `spectra.serialize`: the spectra of an answer (`view`: one spectrum, a list, or a
 * source's spectra) before they are sent. A tap adds its own fields (comments) when the caller asked
 * for them, with one query for all of them, scoped to what `user` may see. Taps run in parallel.
 */
export interface SpectraSerializeEvent {
  user: Principal;
  view: 'single' | 'list' | 'source';
  /** `minimalPayload=true` on the list: only the header keys are wanted. */
  minimal: boolean;
  spectra: (Record<string, unknown> & { id: number })[];
  query: RawQuery;
  db: Knex;
}

/**
 * Event of `spectra.filter`: narrows `GET /api/spectra` by a plugin's own parameters in `query`
 * (the comments plugin: `commentsFilter`, `commentsFilterAuthor`, `commentsFilterBefore`/`After`).
 * A tap adds a subquery correlated on `spectrumIdColumn` with `whereExists` (or `whereNotExists`),
 * scoped with `scopeToGroups`.
 */
export interface SpectraFilterEvent {
  user: Principal;
  query: RawQuery;
  db: Knex;
  spectrumIdColumn: string;
  whereExists(subquery: Knex.QueryBuilder): void;
  whereNotExists(subquery: Knex.QueryBuilder): void;
}

/** Event of `spectra.deleting`: spectra about to be deleted, inside the deleting transaction. */
export interface SpectraDeletingEvent {
  spectrumIds: number[];
  trx: Knex.Transaction;
}

/** Event of `spectra.added`: a spectrum was stored (committed). */
export interface SpectrumAddedEvent {
  spectrumId: number;
  objId: string;
  groupIds: number[];
  userId: number;
}

export const spectraHooks = Object.freeze({
  /** After a spectrum is stored. */
  added: defineHook<SpectrumAddedEvent>({ id: 'spectra.added', kind: 'asyncParallel' }),
  /** Before spectra are deleted, in the transaction (delete what refers to them; throw to refuse). */
  deleting: defineHook<SpectraDeletingEvent>({ id: 'spectra.deleting', kind: 'asyncSeries' }),
  /** Before spectra are answered: plugins add their fields. */
  serialize: defineHook<SpectraSerializeEvent>({ id: 'spectra.serialize', kind: 'asyncParallel' }),
  /** While `GET /api/spectra` is built: plugins add conditions for their parameters. */
  filter: defineHook<SpectraFilterEvent>({ id: 'spectra.filter', kind: 'asyncSeries' }),
});

/** The live message on `source:<obj_id>` when one of its spectra is added, changed or deleted. */
export interface SpectraChangedMessage {
  type: 'spectra.changed';
  data: { obj_id: string; spectrum_id: number; action: 'added' | 'updated' | 'deleted' };
}

/**
 * Props of the `spectrum.panels` slot the spectra panel offers: rendered in a spectrum's details
 * (opened from the source page's list of spectra), one titled card per entry. The comments plugin
 * puts a spectrum's comments there.
 */
export interface SpectrumSlotProps {
  sourceId: string;
  spectrumId: number;
  /** As `GET /api/sources/{id}/spectra?normalization=median` gives it. */
  spectrum: Spectrum;
}
