// What the scanning page asks GET /api/candidates for, and how it counts live arrivals. Pure, so it
// is tested without a browser.
import { REJECTED_LIST } from '../types';
import type { CandidatesAddedData, ScanCandidate } from './model';

export type SavedStatus = 'notSavedToAnyAccessible' | 'all';

/** The scanner's choices: what to scan, where to save. */
export interface ScanSettings {
  /** Filters to scan; empty = every filter of the user's groups. */
  filterIds: number[];
  /** `datetime-local` values read as UTC (`2026-12-01T18:00`); empty = open. */
  startDate: string;
  endDate: string;
  savedStatus: SavedStatus;
  /** Leave out candidates on the user's `rejected_candidates` list. */
  hideRejected: boolean;
}

export const PAGE_SIZE = 25;

/** A `datetime-local` value (no zone) as a UTC instant; '' stays ''. */
export function utcIso(local: string): string {
  if (!local) return '';
  const date = new Date(`${local}${local.length === 16 ? ':00' : ''}Z`);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** A UTC instant as a `datetime-local` value (minutes), for the inputs. */
export function localValue(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** The night's default: the last 24 hours, unsaved, rejections hidden, every filter. */
export function defaultSettings(now: Date = new Date()): ScanSettings {
  return {
    filterIds: [],
    startDate: localValue(new Date(now.getTime() - 24 * 3600_000)),
    endDate: '',
    savedStatus: 'notSavedToAnyAccessible',
    hideRejected: true,
  };
}

export type CandidateQuery = Record<string, string | number | boolean>;

/**
 * The request for one page. Page 1 starts a result set (no queryID); later pages pass the queryID
 * the first answer gave, so candidates arriving meanwhile do not push the scanner's place along.
 */
export function candidateQuery(settings: ScanSettings, pageNumber: number, queryID?: string): CandidateQuery {
  const query: CandidateQuery = { pageNumber, numPerPage: PAGE_SIZE, includePhotometry: true, includeThumbnails: true };
  if (settings.filterIds.length) query.filterIDs = [...settings.filterIds].sort((a, b) => a - b).join(',');
  const start = utcIso(settings.startDate);
  const end = utcIso(settings.endDate);
  if (start) query.startDate = start;
  if (end) query.endDate = end;
  if (settings.savedStatus !== 'all') query.savedStatus = settings.savedStatus;
  if (settings.hideRejected) query.listNameReject = REJECTED_LIST;
  if (queryID && pageNumber > 1) query.queryID = queryID;
  return query;
}

/**
 * New candidates announced since the page was loaded that belong to what is being scanned: of a
 * chosen filter (any, when none is chosen), not already on the page, each obj once however many
 * group channels announced it. Returns the same array when nothing changes.
 */
export function addArrival(
  pending: readonly string[],
  data: CandidatesAddedData | undefined,
  settings: ScanSettings,
  shown: ReadonlySet<string>,
): readonly string[] {
  if (!data || typeof data.obj_id !== 'string') return pending;
  // A closed date range in the past cannot gain today's candidates.
  if (settings.endDate && utcIso(settings.endDate) < new Date().toISOString()) return pending;
  const chosen = settings.filterIds;
  if (chosen.length && !(data.filter_ids ?? []).some((id) => chosen.includes(id))) return pending;
  if (shown.has(data.obj_id) || pending.includes(data.obj_id)) return pending;
  return [...pending, data.obj_id];
}

/** A group of the user's profile, as far as Save needs it. */
export interface ProfileGroup {
  id: number;
  name: string;
  single_user_group: boolean;
  /** False where a group admin took the user's power to save to it away. */
  can_save: boolean;
}

/**
 * The groups Save offers: the user's (not their single-user group) that they may save to, as the
 * server decides (`can_save`; a system admin may save to any of theirs).
 */
export function savableGroups(profile: { groups: readonly ProfileGroup[]; acls: readonly string[] } | null | undefined): ProfileGroup[] {
  if (!profile) return [];
  const admin = profile.acls.includes('System admin');
  return profile.groups.filter((group) => !group.single_user_group && (admin || group.can_save));
}

/** The groups a Save goes to by default: those of the filters the candidate passed that the user may save to. */
export function defaultSaveGroups(candidate: Pick<ScanCandidate, 'passing_group_ids'>, savable: readonly number[]): number[] {
  const passing = candidate.passing_group_ids ?? [];
  return savable.filter((id) => passing.includes(id));
}
