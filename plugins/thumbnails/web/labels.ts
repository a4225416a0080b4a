import type { Thumbnail, ThumbnailType } from '../types';

/** What each stamp is called under it: a survey's science, reference and difference images, and the archival surveys. */
const LABELS: Record<ThumbnailType, string> = {
  new: 'New',
  ref: 'Reference',
  sub: 'Difference',
  new_gz: 'New',
  ref_gz: 'Reference',
  sub_gz: 'Difference',
  sdss: 'SDSS',
  dr8: 'SDSS DR8',
  ls: 'Legacy Survey DR10',
  ps1: 'Pan-STARRS1',
  sm: 'SkyMapper',
  hst: 'HST',
  chandra: 'Chandra',
  jwst: 'JWST',
};

/** The stamp's label: its kind, with the survey it came from when it says (`ZTF New`). */
export function thumbnailLabel(thumbnail: Pick<Thumbnail, 'type' | 'survey'>): string {
  const label = LABELS[thumbnail.type] ?? thumbnail.type;
  return thumbnail.survey ? `${thumbnail.survey} ${label}` : label;
}

/** A survey cutout is fetched by the viewer's browser from the survey (and may fail offline). */
export const isRemote = (thumbnail: Pick<Thumbnail, 'public_url'>) => /^https?:\/\//.test(thumbnail.public_url);
