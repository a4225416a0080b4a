// Shapes shared by the sources plugin's server, its web part and the plugins that depend on it.
import type { Knex, Principal } from '@skyportal/sdk';
import { createServiceRef, defineHook } from '@skyportal/sdk/refs';

/** A group a source is saved to, as `GET /api/sources/:id` lists it. */
export interface SourceGroup {
  id: number;
  name: string;
  nickname: string | null;
  saved_by: { id: number; username: string } | null;
  saved_at: string;
}

/** SkyPortal's Obj fields beyond id, position and redshift, as POST and PATCH take them and reads return them. */
export interface ObjFields {
  /** Position at discovery, degrees. */
  ra_dis: number | null;
  dec_dis: number | null;
  /** Uncertainties of the position at discovery, degrees. */
  ra_err: number | null;
  dec_err: number | null;
  /** Offset from the nearest static object, arcsec. */
  offset: number | null;
  /** Reference time. */
  t0: number | null;
  redshift_error: number | null;
  /** Where the redshift comes from (e.g. `host-spectrum`). */
  redshift_origin: string | null;
  /** Other catalogues' data (`{"simbad": {"class": "RRLyr"}}`; `dm`, `parallax`, `dist_*` give a distance). */
  altdata: Record<string, unknown> | null;
  /** Nearest catalogued source: distance (arcsec), magnitude (AB) and its error. */
  dist_nearest_source: number | null;
  mag_nearest_source: number | null;
  e_mag_nearest_source: number | null;
  transient: boolean | null;
  varstar: boolean | null;
  /** A moving object (its position holds at one epoch only: never a duplicate of anything). */
  is_roid: boolean | null;
  mpc_name: string | null;
  tns_name: string | null;
  /** Machine-learning score. */
  score: number | null;
  /** Who posted or discovered it. */
  origin: string | null;
  /** Other names of the object. */
  alias: string[] | null;
  summary: string | null;
}

/** One change of an obj's redshift (`redshift_history`, SkyPortal's): who set which value, when. */
export interface RedshiftHistoryEntry {
  /** Null when a plugin set it without a user. */
  set_by_user_id: number | null;
  /** ISO 8601, UTC. */
  set_at_utc: string;
  value: number | null;
  /** The `redshift_error` given with it. */
  uncertainty: number | null;
  /** The `redshift_origin` given with it, if any. */
  origin?: string;
}

/** An obj within 4 arcsec of a source, itself a source the caller can see (`duplicates`). */
export interface DuplicateObj {
  obj_id: string;
  ra: number;
  dec: number;
  /** arcsec */
  separation: number;
}

/** `GET /api/sources/:id` and each element of `GET /api/sources`. */
export interface Source extends ObjFields {
  id: string;
  ra: number | null;
  dec: number | null;
  redshift: number | null;
  /** Each change of `redshift` through the API, oldest first; null before one was set. */
  redshift_history: RedshiftHistoryEntry[] | null;
  created_at: string;
  modified: string;
  /** When the source was first saved to one of the caller's groups. */
  saved_at: string | null;
  /** Absent from list items with `removeNested=true`. */
  groups: SourceGroup[];
  /**
   * HEALPix nested index at order 29 (Nside 2^29), as SkyPortal stores it. Exact in the JSON text;
   * above 2^53, so a JavaScript number rounds it (parse it from the text where exactness matters).
   */
  healpix: number | null;
  /** Galactic latitude and longitude, degrees (astropy's ICRS to Galactic). */
  gal_lat: number | null;
  gal_lon: number | null;
  /** Mpc, from a distance in `altdata` or from the redshift (Planck 2018); null below the Hubble flow. */
  luminosity_distance: number | null;
  /** Distance modulus, mag. */
  dm: number | null;
  /** Mpc */
  angular_diameter_distance: number | null;
  /** `GET /api/sources/:id` only: other sources within 4 arcsec, nearest first. */
  duplicates?: DuplicateObj[];
  /** Fields other plugins add through the `sources.serialize` hook (`photometry`, `photstats`, ...). */
  [extension: string]: unknown;
}

/** One saving (`GET /api/sources?saveSummary=true`): an obj saved to one group. */
export interface SourceSaving {
  id: number;
  obj_id: string;
  group_id: number;
  saved_by_id: number | null;
  saved_at: string;
}

/**
 * What the source page hands to each entry of the slots it offers, `source.header` and
 * `source.panels`: the source as already fetched, so no panel needs to fetch it again.
 */
export interface SourceSlotProps {
  sourceId: string;
  source: Source;
}

/**
 * What the sources list hands to each entry of the `sources.list.filters` slot: its search form's
 * `GET /api/sources` parameters (the draft, applied to the URL and the list by the form's Search,
 * emptied by Clear), and a way to change some of them. A filter reads and writes only parameters
 * of its own plugin (`classifications=`, `unclassified=`), so filters of several plugins coexist.
 */
export interface SourceListFilterProps {
  params: Readonly<Record<string, string>>;
  /** Sets (a string) or removes (`null` or `''`) parameters of the draft. */
  setParams(changes: Record<string, string | null>): void;
}

/** `GET /api/sources`: sources, or (`saveSummary=true`) `SourceList<SourceSaving>`. */
export interface SourceList<Item = Source> {
  sources: Item[];
  totalMatches: number;
  pageNumber: number;
  numPerPage: number;
}

export interface Telescope {
  id: number;
  name: string;
  nickname: string;
  lat: number | null;
  lon: number | null;
  elevation: number | null;
  diameter: number;
  robotic: boolean;
}

export interface Instrument {
  id: number;
  name: string;
  type: string;
  band: string | null;
  filters: string[];
  telescope_id: number;
}

/**
 * Event of the `sources.objDeleting` hook: an obj is about to be deleted, inside the deleting
 * transaction. A plugin holding data about the obj throws (an `ApiError`, e.g. a 400 naming what
 * to remove first) to refuse: an obj is deleted only once nothing refers to it.
 */
export interface ObjDeletingEvent {
  objId: string;
  trx: Knex.Transaction;
}

/** Event of the `sources.instrumentsDeleting` hook: instruments (or a telescope's) about to go; throw to refuse. */
export interface InstrumentsDeletingEvent {
  instrumentIds: number[];
  trx: Knex.Transaction;
}

/** Event of the `sources.saved` hook: an obj was saved to (more) groups. */
export interface SourceSavedEvent {
  objId: string;
  /** The groups it was newly saved to. */
  groupIds: number[];
  userId: number;
}

/**
 * What a source id may be, wherever one is taken (POST /api/sources, path parameters, photometry's
 * obj_id): an identifier (`inputs.identifier`: NFC-normalised, trimmed, no whitespace or invisible
 * characters — `ZTF21\u200baaqjmps` is not a second `ZTF21aaqjmps`) of at most 200 characters, and
 * none of the characters that end a URL path segment.
 */
export const SOURCE_ID_RULE = { kind: 'identifier', max: 200 } as const;
export const SOURCE_ID_RESERVED = /[/?#]/;
export const SOURCE_ID_RESERVED_MESSAGE = 'no slashes, ? or #';

export interface SaveSourceInput extends Partial<ObjFields> {
  id: string;
  /** Required for a new obj; without them an existing obj keeps its position and fields. */
  ra?: number;
  dec?: number;
  redshift?: number | null;
  /** Default: every group of the caller except single-user groups (see README). */
  group_ids?: number[];
  /** System admins only: save to a group (key) as another member of it (value, a user id). */
  saver_per_group_id?: Record<string, number>;
}

/** An obj as a plugin creates it (`sourcesService.ensureObj`): its id, position and fields. */
export type ObjInput = Omit<SaveSourceInput, 'ra' | 'dec' | 'group_ids' | 'saver_per_group_id'> & { ra: number; dec: number };

/** An obj as answers show it: its columns, HEALPix index, galactic coordinates and distances (as `Source`, without groups). */
export type ObjAnswer = Omit<Source, 'groups' | 'saved_at' | 'duplicates'>;

/** What saving returns: the groups it is saved to now, and those newly saved to. */
export interface SaveSourceResult {
  id: string;
  /** Every requested group (SkyPortal's `saved_to_groups`). */
  savedToGroups: number[];
  /** The groups it was not in before (what `sources.saved` announces). */
  groupIds: number[];
  /** Requested savers that could not save (not members of the group): the caller saved instead. */
  warnings: string[];
}

/**
 * Another plugin's reason the caller may see an obj besides its savings (candidates: a filter of
 * the caller's groups passed it): a subquery correlated on `objIdColumn`, selecting rows where the
 * reason holds. It must scope itself to the caller (the SDK's `scopeToGroups`).
 */
export type ObjVisibilityGrant = (db: Knex, user: Principal, objIdColumn: string) => Knex.QueryBuilder;

/** What plugins that depend on `sources` call: `services.get(sourcesService)`. */
export interface SourcesService {
  /** Whether the caller may see the obj: saved to one of their groups (system admins: saved anywhere), or through a grant. */
  visibleObj(user: Principal, objId: string): Promise<boolean>;
  /** The subset of `objIds` the caller may see. */
  visibleObjIds(user: Principal, objIds: readonly string[], db?: Knex): Promise<Set<string>>;
  /**
   * Keeps the rows of `query` whose obj (`objIdColumn`) the caller may see, in SQL: for a plugin's
   * list of rows about objs (counted and paged in the database), the same rule as `visibleObjIds`.
   */
  scopeToVisibleObjs<Q extends Knex.QueryBuilder>(query: Q, user: Principal, objIdColumn: string): Q;
  /**
   * Adds a reason to see objs, for the three checks above (call it in `register`): their data
   * (photometry, thumbnails, comments, the `source:` channel) follows. The sources list and routes
   * (`/api/sources`) stay with savings alone: a candidate is not a source until it is saved.
   */
  grantObjVisibility(grant: ObjVisibilityGrant): void;
  /**
   * Notes that `user` labelled the source for those of `groupIds` they are in (SkyPortal's
   * SourceLabel, as `POST /api/sources/{id}/labels`): what classifying or voting does in SkyPortal.
   */
  labelSource(user: Principal, objId: string, groupIds: readonly number[], db?: Knex): Promise<void>;
  /**
   * Creates the obj if missing and saves it to the groups (the same path as `POST /api/sources`).
   * With `trx`, in the caller's transaction: live messages go with its commit, `sources.saved`
   * after it.
   */
  saveSource(user: Principal, input: SaveSourceInput, options?: { trx?: Knex.Transaction }): Promise<SaveSourceResult>;
  /**
   * Creates the obj, saved to no group, in the caller's transaction, if it is not there (an
   * existing obj is left as it is): what candidates are made of before anyone saves them. Checks
   * the fields as `POST /api/sources` does (a 400 naming the field). `setBy` is the user a
   * redshift in `input` is recorded as set by in the obj's `redshift_history`.
   */
  ensureObj(trx: Knex, input: ObjInput, setBy?: Principal): Promise<{ created: boolean }>;
  /**
   * Objs by id as answers show them, whoever may see them: for a plugin that decided the caller
   * may (a candidate of one of their filters). Missing ids are absent from the map.
   */
  objsById(ids: readonly string[], db?: Knex): Promise<Map<string, ObjAnswer>>;
  /** The groups (the caller's) each of `objIds` is saved to. */
  savedGroups(user: Principal, objIds: readonly string[], db?: Knex): Promise<Map<string, SourceGroup[]>>;
  /**
   * The savings (`sources` rows, alias `s`, with `s.group_id`) of the obj in `objIdColumn`, not
   * scoped: for a correlated `whereExists` the caller narrows to groups it chose (saved status).
   * Without a column: every saving (`s.obj_id`, `s.group_id`, `s.saved_by_id`, `s.saved_at`), to scope.
   */
  savingsOf(db: Knex, objIdColumn?: string): Knex.QueryBuilder;
  /**
   * Adds other plugins' fields to objs of an answer, as `GET /api/sources` does (runs the
   * `sources.serialize` hook): annotations, classifications, `photometry` with
   * `includePhotometry=true` (single view), ... Each tap scopes its own data to `user`.
   */
  serializeObjs(event: SourcesSerializeEvent): Promise<void>;
  /** Instruments by id (missing ids are absent from the map). */
  instrumentsById(ids: readonly number[], db?: Knex): Promise<Map<number, Instrument>>;
  /** Telescope or instrument lookups by name (demo data, alert ingestion). */
  instrumentByName(name: string, db?: Knex): Promise<Instrument | undefined>;
}

/** Instrument types, as SkyPortal has them. */
export const INSTRUMENT_TYPES = ['imager', 'spectrograph', 'imaging spectrograph'] as const;

export { KNOWN_BANDPASSES } from './bandpasses.js';

/** The sources plugin's service, for plugins that list `sources` in `dependsOn`. */
export const sourcesService = createServiceRef<SourcesService>({ id: 'sources.service' });

/** The query parameters of a request as sent: each a string, or a list when repeated. */
export type RawQuery = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Event of `sources.serialize`: the sources of an answer of `GET /api/sources/:id` (`view:
 * 'single'`) or of one page of `GET /api/sources` (`view: 'list'`), before they are sent. Each tap
 * adds its own fields to the sources (`photometry`, `photstats`, ...) when the caller asked for
 * them in `query`, with one query for the whole page (never one per source), scoped to what
 * `user` may see (`scopeToGroups`). A tap that is not asked for returns at once: flags cost
 * nothing unless used. Taps run in parallel, so each writes only its own keys.
 */
export interface SourcesSerializeEvent {
  user: Principal;
  view: 'single' | 'list';
  /** The caller's sources, in answer order, to add fields to. */
  sources: (Record<string, unknown> & { id: string })[];
  /** Parameters as sent: a tap reads (and checks, 400 naming the field) its own flags here. */
  query: RawQuery;
  db: Knex;
}

/**
 * Event of `sources.filter`: lets a plugin narrow `GET /api/sources` (both the sources and the
 * `saveSummary` savings) by its own parameters in `query`. A tap adds conditions with
 * `whereExists` (or `whereNotExists`): a subquery correlated on `objIdColumn` (`whereRaw('p.obj_id = ??', [objIdColumn])`),
 * which keeps a source when it returns a row. Every subquery goes through `scopeToGroups`, so what
 * the caller cannot see never decides what they get. Taps run in turn (asyncSeries).
 */
export interface SourcesFilterEvent {
  user: Principal;
  query: RawQuery;
  db: Knex;
  /** The list query's column holding each candidate's obj id, to correlate on. */
  objIdColumn: string;
  /** Keeps the sources for which `subquery` returns a row. */
  whereExists(subquery: Knex.QueryBuilder): void;
  /** Keeps the sources for which `subquery` returns no row. */
  whereNotExists(subquery: Knex.QueryBuilder): void;
}

/**
 * Event of `sources.order`: `GET /api/sources?sortBy=...` names a key the sources plugin does not
 * know (not one of its columns, `saved_at` or `altdata.<key>`). Taps run in turn; the plugin whose
 * key it is (annotations: `annotation.<origin>.<key>`) calls `orderBy` once with a scalar subquery
 * correlated on `objIdColumn` (at most one row, one value per obj) and scoped through
 * `scopeToGroups`, so a value the caller cannot see never moves a source. The list sorts by it in
 * `sortOrder`, NULLS LAST, then by obj id. A tap that does not know the key does nothing; a key
 * nobody claims is a 400 naming `sortBy`.
 */
export interface SourcesOrderEvent {
  user: Principal;
  /** As sent: a tap compares it with its own keys and leaves others alone. */
  sortBy: string;
  db: Knex;
  /** The list query's column holding each source's obj id, to correlate on. */
  objIdColumn: string;
  /** Claims `sortBy`: sort by `expression`'s value for each obj (a second claim is an error). */
  orderBy(expression: Knex.QueryBuilder): void;
}

export const sourcesHooks = Object.freeze({
  /** After an obj was saved to (more) groups, once committed. */
  saved: defineHook<SourceSavedEvent>({ id: 'sources.saved', kind: 'asyncParallel' }),
  /** Before sources are answered: plugins add their fields (see `SourcesSerializeEvent`). */
  serialize: defineHook<SourcesSerializeEvent>({ id: 'sources.serialize', kind: 'asyncParallel' }),
  /** While `GET /api/sources` is built: plugins add conditions for their parameters (see `SourcesFilterEvent`). */
  filter: defineHook<SourcesFilterEvent>({ id: 'sources.filter', kind: 'asyncSeries' }),
  /** While `GET /api/sources` is built with a `sortBy` of another plugin's: its owner gives the sort value (see `SourcesOrderEvent`). */
  order: defineHook<SourcesOrderEvent>({ id: 'sources.order', kind: 'asyncSeries' }),
  /** Before an obj is deleted (DELETE /api/objs/{id}), in its transaction: throw to refuse. */
  objDeleting: defineHook<ObjDeletingEvent>({ id: 'sources.objDeleting', kind: 'asyncSeries' }),
  /** Before instruments are deleted (DELETE of an instrument or its telescope), in the transaction: throw to refuse. */
  instrumentsDeleting: defineHook<InstrumentsDeletingEvent>({ id: 'sources.instrumentsDeleting', kind: 'asyncSeries' }),
});
