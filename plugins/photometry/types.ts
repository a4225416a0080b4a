// Shapes shared by the photometry plugin's server, its web part and plugins that depend on it.
import type { Knex, Principal } from '@skyportal/sdk';
import { createServiceRef, defineHook } from '@skyportal/sdk/refs';

export type PhotometryFormat = 'mag' | 'flux' | 'both';
export type MagSys = 'ab' | 'vega';

/** `format=plot`: only what a light-curve plot draws, as SkyPortal's slim answer (no groups, owner or instrument). */
export const PLOT_POINT_KEYS = ['id', 'obj_id', 'filter', 'mjd', 'origin', 'mag', 'magerr', 'limiting_mag'] as const;
export type PlotPoint = { [K in (typeof PLOT_POINT_KEYS)[number]]: K extends 'mag' | 'magerr' | 'limiting_mag' ? number | null : PhotometryPoint[K] };

export interface PhotometryGroup {
  id: number;
  name: string;
  nickname: string | null;
  single_user_group: boolean;
}

/** A point as `GET /api/sources/:id/photometry` and `GET /api/photometry/:id` return it (SkyPortal's keys). */
export interface PhotometryPoint {
  id: number;
  obj_id: string;
  instrument_id: number;
  instrument_name: string;
  mjd: number;
  filter: string;
  origin: string;
  ra: number | null;
  dec: number | null;
  ra_unc: number | null;
  dec_unc: number | null;
  altdata: Record<string, unknown> | null;
  snr: number | null;
  upload_id: string;
  created_at: string;
  groups: PhotometryGroup[];
  owner: { id: number; username: string; first_name: string | null; last_name: string | null } | null;
  magsys: MagSys;
  /** format=mag (or both): AB (or Vega) magnitudes; null where flux <= 0 or is missing. */
  mag?: number | null;
  magerr?: number | null;
  limiting_mag?: number | null;
  /** format=flux (or both): flux at zero point `zp` in `magsys` (µJy-scale for AB, zp 23.9). */
  flux?: number | null;
  fluxerr?: number;
  zp?: number;
  /**
   * Only for a point uploaded with a reference flux (`ref_flux`/`ref_fluxerr` or `magref`/`e_magref`):
   * the reference image's flux at `zp` (as `flux`), the total flux `flux + ref_flux`, and their
   * magnitudes in `magsys` (null where the flux is not positive), as SkyPortal derives them.
   */
  ref_flux?: number;
  ref_fluxerr?: number;
  tot_flux?: number | null;
  tot_fluxerr?: number;
  magref?: number | null;
  e_magref?: number | null;
  magtot?: number | null;
  e_magtot?: number | null;
}

/**
 * A body of `POST /api/photometry`, one list per field (`obj_id` and `magsys` are one value for
 * every point): what `layout=columns` answers under `photometry`. Fluxes (format flux or both)
 * or magnitudes (format mag); optional fields that no point has are left out.
 */
export interface PhotometryUploadColumns {
  obj_id: string;
  magsys: MagSys;
  instrument_id: number[];
  mjd: number[];
  filter: string[];
  origin: string[];
  flux?: (number | null)[];
  fluxerr?: number[];
  zp?: number[];
  mag?: (number | null)[];
  magerr?: (number | null)[];
  limiting_mag?: (number | null)[];
  limiting_mag_nsigma?: number[];
  ra?: (number | null)[];
  dec?: (number | null)[];
  ra_unc?: (number | null)[];
  dec_unc?: (number | null)[];
  altdata?: (Record<string, unknown> | null)[];
  ref_flux?: (number | null)[];
  ref_fluxerr?: (number | null)[];
  ref_zp?: (number | null)[];
  magref?: (number | null)[];
  e_magref?: (number | null)[];
}

/**
 * `GET /api/sources/{id}/photometry?layout=columns`: the points as columns, sorted by MJD. Row i
 * of every list is the same point. `photometry` posts back as it is; `id` and `instrument_name`
 * are beside it (a post takes neither), and with format=both the magnitudes too.
 */
export interface PhotometryColumns {
  count: number;
  id: number[];
  instrument_name: string[];
  photometry: PhotometryUploadColumns;
  mag?: (number | null)[];
  magerr?: (number | null)[];
  limiting_mag?: (number | null)[];
}

export interface PhotometryUploadResult {
  ids: number[];
  upload_id: string;
}

/** Event of the `photometry.ingested` hook, after the points are committed. */
export interface PhotometryIngestedEvent {
  objIds: string[];
  /** Ids of the points stored by this upload (new ones; PUT's existing ones are not included). */
  ids: number[];
  uploadId: string;
  userId: number;
}

/** The live message on `source:<obj_id>` when points arrive. */
export interface PhotometryAddedMessage {
  type: 'photometry.added';
  data: { obj_id: string; ids: number[]; count: number };
}

/** A point the caller may see, as other plugins need it (annotations on it). */
export interface VisiblePoint {
  id: number;
  obj_id: string;
  owner_id: number | null;
  /** Every group the point is linked to (for a live message's audience; not for answers). */
  groupIds: number[];
}

/** Event of `photometry.deleting`: points about to be deleted, inside the deleting transaction. */
export interface PhotometryDeletingEvent {
  pointIds: number[];
  trx: Knex.Transaction;
}

/** What plugins that depend on `photometry` call: `services.get(photometryService)`. */
export interface PhotometryService {
  /** The point, if it exists and the caller may see it (through one of their groups, or as its owner). */
  visiblePoint(user: Principal, id: number): Promise<VisiblePoint | undefined>;
  /**
   * The bulk path of `POST`/`PUT /api/photometry`, callable in-process (alert ingestion, demo data).
   * `mode: 'put'` stores new points and returns the ids of those already stored. `stream_ids` in
   * the payload: the streams the points were made from (each one the caller's).
   * With `trx`, the points go in the caller's transaction (a savepoint: a refused upload leaves it
   * usable), and the `photometry.ingested` hook and live message go out once it commits.
   */
  ingest(user: Principal, payload: Record<string, unknown>, mode: 'post' | 'put', options?: { trx?: Knex.Transaction }): Promise<PhotometryUploadResult>;
}

/** The photometry plugin's service, for plugins that list `photometry` in `dependsOn`. */
export const photometryService = createServiceRef<PhotometryService>({ id: 'photometry.service' });

export const photometryHooks = Object.freeze({
  /** After an upload committed new points. */
  ingested: defineHook<PhotometryIngestedEvent>({ id: 'photometry.ingested', kind: 'asyncParallel' }),
  /** Before points are deleted, in the deleting transaction: plugins remove what they hold about them. */
  deleting: defineHook<PhotometryDeletingEvent>({ id: 'photometry.deleting', kind: 'asyncSeries' }),
});
