// The scanning page's view of the plugin's answers (../types.ts) and of the fields other plugins add
// to a candidate through the sources plugin's serialize hook (annotations, thumbnails, photometry):
// for those, only the keys the page reads, since this plugin depends on none of them.
import type { Candidate, CandidateList, CandidatesAddedMessage, Filter } from '../types';

/** A filter of one of the user's groups, as `GET /api/filters` lists it. */
export type ScanFilter = Pick<Filter, 'id' | 'name' | 'group_id' | 'stream_id'>;

/** One point of the candidate's light curve (`includePhotometry=true`), AB magnitudes. */
export interface ScanPoint {
  mjd: number;
  filter: string;
  mag: number | null;
  magerr: number | null;
  limiting_mag: number | null;
  instrument_name?: string | null;
}

/** An annotation of the candidate's obj: machine scores of one origin (`{rb: 0.93, drb: 0.99}` from `ZTF`). */
export interface ScanAnnotation {
  id: number;
  origin: string;
  data: Record<string, unknown>;
}

/** A thumbnail on the candidate (`includeThumbnails=true`), as the thumbnails plugin serialises it. */
export interface ScanThumbnail {
  id: number | null;
  type: string;
  public_url: string;
}

export interface ScanGroup {
  id: number;
  name: string;
}

/** One candidate of `GET /api/candidates`, with the other plugins' fields the card shows. */
export interface ScanCandidate extends Candidate {
  annotations?: ScanAnnotation[];
  thumbnails?: ScanThumbnail[];
  photometry?: ScanPoint[];
}

/** `GET /api/candidates`'s answer. `queryID` names the result set: later pages with it list the same candidates. */
export interface CandidatePage extends Omit<CandidateList, 'candidates'> {
  candidates: ScanCandidate[];
}

/** `candidates.added` on `group:<id>`: new candidates of that group's filters. */
export type CandidatesAddedData = CandidatesAddedMessage['data'];
