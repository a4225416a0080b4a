// Shapes shared by the thumbnails plugin's server, its web part and the plugins that depend on it.
import type { Knex } from '@skyportal/sdk';
import { createServiceRef } from '@skyportal/sdk/refs';

/**
 * Thumbnail types, as SkyPortal has them: `new`, `ref`, `sub` (a survey's science, reference and
 * difference cutouts; `_gz` when they came gzipped), and archival cutouts of the position:
 * `sdss`, `dr8` (SDSS DR8), `ls` (Legacy Survey), `ps1` (Pan-STARRS 1), `sm` (SkyMapper), and the
 * pointed missions `hst`, `chandra`, `jwst`.
 */
export const THUMBNAIL_TYPES = ['new', 'ref', 'sub', 'sdss', 'dr8', 'ls', 'ps1', 'sm', 'hst', 'chandra', 'jwst', 'new_gz', 'ref_gz', 'sub_gz'] as const;
export type ThumbnailType = (typeof THUMBNAIL_TYPES)[number];

/** Survey cutouts listed on every source with a position, as links built from it (never downloaded by the server). */
export const DEFAULT_SURVEY_TYPES = ['sdss', 'ls', 'ps1'] as const;
/** Survey cutouts added only when asked for (`POST /api/internal/survey_thumbnail {types}`). */
export const ON_DEMAND_SURVEY_TYPES = ['sm', 'hst', 'chandra', 'jwst'] as const;

/**
 * A thumbnail as `GET /api/thumbnail/:id` and a source's `thumbnails` (`includeThumbnails=true`)
 * give it. Uploaded images are served at `public_url` (the site's own path, group-scoped); survey
 * cutouts' `public_url` is the survey's image service, which the viewer's browser fetches.
 */
export interface Thumbnail {
  /** null for the survey cutouts every source lists without a stored row. */
  id: number | null;
  obj_id: string;
  type: ThumbnailType;
  public_url: string;
  origin: string | null;
  /** Survey the cutout came from (`ZTF`), when it says. */
  survey: string | null;
  /** null until known (survey cutouts are never fetched by the server). */
  is_grayscale: boolean | null;
  /** Pixels of an uploaded image; null for survey cutouts. */
  width: number | null;
  height: number | null;
  /** Where the bytes are kept (with the folder storage: the file's path on the server), as SkyPortal's `file_uri`. */
  file_uri: string | null;
  /** The alert stream the cutout was made from (only its holders see it), or null. */
  stream_id: number | null;
  created_at: string | null;
  modified: string | null;
}

/** What the write path takes: one image of one obj. */
export interface AddThumbnailInput {
  objId: string;
  type: ThumbnailType;
  /** The PNG file's bytes (16 to 500 px a side), checked by decoding them. */
  png: Buffer;
  origin?: string | null;
  survey?: string | null;
  /** Who uploaded it (null for the site itself, e.g. alert ingestion). */
  ownerId?: number | null;
  /** The alert stream the cutout was made from: only holders of the stream see it. It must exist. */
  streamId?: number | null;
}

/** What plugins that depend on `thumbnails` call: `services.get(thumbnailsService)`. */
export interface ThumbnailsService {
  /**
   * Stores a thumbnail of an obj inside the caller's transaction (the same path as `POST
   * /api/thumbnail`): the image is checked (an `ApiError` 400 naming `data` otherwise), its bytes
   * stored, its row inserted. The caller has checked that the obj exists and may be written to.
   * A rolled-back transaction leaves no row, and its file is removed (unless another row has the
   * same image: files are content-addressed).
   */
  add(trx: Knex.Transaction, input: AddThumbnailInput): Promise<{ id: number }>;
  /**
   * As `add` for several images at once (an alert's cutouts: one lock statement and one INSERT
   * instead of two statements each). Every image is checked first: one bad image is a 400 and none
   * is stored. Ids in input order.
   */
  addMany(trx: Knex.Transaction, inputs: readonly AddThumbnailInput[]): Promise<{ id: number }[]>;
}

export const thumbnailsService = createServiceRef<ThumbnailsService>({ id: 'thumbnails.service' });
