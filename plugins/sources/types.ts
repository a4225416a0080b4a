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

/** `GET /api/sources/:id` and each element of `GET /api/sources`. */
export interface Source {
  id: string;
  ra: number | null;
  dec: number | null;
  redshift: number | null;
  created_at: string;
  /** When the source was first saved to one of the caller's groups. */
  saved_at: string | null;
  groups: SourceGroup[];
}

/**
 * What the source page hands to each entry of the slots it offers, `source.header` and
 * `source.panels`: the source as already fetched, so no panel needs to fetch it again.
 */
export interface SourceSlotProps {
  sourceId: string;
  source: Source;
}

export interface SourceList {
  sources: Source[];
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

export interface SaveSourceInput {
  id: string;
  ra: number;
  dec: number;
  redshift?: number | null;
  /** Default: every group of the caller except single-user groups (see README). */
  group_ids?: number[];
}

/** What plugins that depend on `sources` call: `services.get(sourcesService)`. */
export interface SourcesService {
  /** Whether the caller may see the source (saved to one of their groups, or system admin). */
  visibleObj(user: Principal, objId: string): Promise<boolean>;
  /** The subset of `objIds` the caller may see. */
  visibleObjIds(user: Principal, objIds: readonly string[], db?: Knex): Promise<Set<string>>;
  /** Creates the obj if missing and saves it to the groups (the same path as `POST /api/sources`). */
  saveSource(user: Principal, input: SaveSourceInput): Promise<{ id: string; groupIds: number[] }>;
  /** Instruments by id (missing ids are absent from the map). */
  instrumentsById(ids: readonly number[], db?: Knex): Promise<Map<number, Instrument>>;
  /** Telescope or instrument lookups by name (demo data, alert ingestion). */
  instrumentByName(name: string, db?: Knex): Promise<Instrument | undefined>;
}

/** Instrument types, as SkyPortal has them. */
export const INSTRUMENT_TYPES = ['imager', 'spectrograph', 'imaging spectrograph'] as const;

/**
 * sncosmo bandpass names this site accepts for instruments and photometry (a subset of
 * SkyPortal's ALLOWED_BANDPASSES, which is sncosmo's registry).
 */
export const KNOWN_BANDPASSES: readonly string[] = [
  'ztfg',
  'ztfr',
  'ztfi',
  'sdssu',
  'sdssg',
  'sdssr',
  'sdssi',
  'sdssz',
  'ps1::g',
  'ps1::r',
  'ps1::i',
  'ps1::z',
  'ps1::y',
  'ps1::open',
  'ps1::w',
  'atlasc',
  'atlaso',
  'lsstu',
  'lsstg',
  'lsstr',
  'lssti',
  'lsstz',
  'lssty',
  'bessellux',
  'bessellb',
  'bessellv',
  'bessellr',
  'besselli',
  'standard::u',
  'standard::b',
  'standard::v',
  'standard::r',
  'standard::i',
  'desg',
  'desr',
  'desi',
  'desz',
  'desy',
  '2massj',
  '2massh',
  '2massks',
  'uvot::b',
  'uvot::u',
  'uvot::uvm2',
  'uvot::uvw1',
  'uvot::uvw2',
  'uvot::v',
  'uvot::white',
  'cspb',
  'cspv3014',
  'cspv3009',
  'cspv9844',
  'cspg',
  'cspr',
  'cspi',
  'cspu',
  'cspjs',
  'csphs',
  'cspys',
  'cspk',
  'f435w',
  'f475w',
  'f555w',
  'f606w',
  'f625w',
  'f775w',
  'f814w',
  'f850lp',
  'keplercam::us',
  'keplercam::b',
  'keplercam::v',
  'keplercam::r',
  'keplercam::i',
  'tess',
  'swiftxrt',
];

/** The sources plugin's service, for plugins that list `sources` in `dependsOn`. */
export const sourcesService = createServiceRef<SourcesService>({ id: 'sources.service' });

export const sourcesHooks = Object.freeze({
  /** After an obj was saved to (more) groups, once committed. */
  saved: defineHook<SourceSavedEvent>({ id: 'sources.saved', kind: 'asyncParallel' }),
});
