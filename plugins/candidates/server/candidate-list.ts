/**
 * `GET /api/candidates`: the objs that passed the caller's filters (or the chosen ones), newest
 * passing first, one item per obj, paged over a snapshot (queryID) so new arrivals between pages
 * shift nothing.
 */
import { randomUUID } from 'node:crypto';
import { accessibleGroupIds, badRequest, forbidden, type Knex, type Principal } from '@skyportal/sdk';
import type { RawQuery, SourcesService } from '@skyportal/plugin-sources/types';
import type { CandidateList, SavedStatus } from '../types.js';
import type { CandidateListQuery } from './inputs.js';
import { visibleFilters } from './filter-store.js';
import { candidateAnswers } from './candidate-read.js';
import { annotationSort, filterByAnnotations } from './annotation-filters.js';
import type { AnnotationsService } from '@skyportal/plugin-annotations/types';
import type { ClassificationsService } from '@skyportal/plugin-classifications/types';

export interface ListDeps {
  db: Knex;
  sources: SourcesService;
  /** The annotations plugin's, when it is enabled: the list sorts and filters by annotations. */
  annotations: AnnotationsService | undefined;
  /** The classifications plugin's, when it is enabled: the list keeps or leaves out classes. */
  classifications: ClassificationsService | undefined;
  /** How long a queryID's snapshot is kept. */
  queryMinutes: number;
}

/** The filters a query reads and the groups its saved status speaks of ("selected"). */
async function chosenFilters(db: Knex, user: Principal, query: CandidateListQuery): Promise<{ filterIds: number[]; selectedGroupIds: number[] }> {
  if (query.groupIDs && !user.isSystemAdmin) {
    const foreign = query.groupIDs.filter((id) => !user.groupIds.includes(id));
    if (foreign.length) throw forbidden(`groupIDs: not a member of group(s) ${foreign.join(', ')}`);
  }
  const mine: { id: number; group_id: number }[] = await visibleFilters(db, user).select('f.id', 'f.group_id');
  if (query.filterIDs) {
    const unknown = query.filterIDs.filter((id) => !mine.some((filter) => filter.id === id));
    if (unknown.length) throw badRequest(`filterIDs: no filter(s) ${unknown.join(', ')} among your groups'`);
  }
  const filters = mine.filter(
    (filter) => (!query.filterIDs || query.filterIDs.includes(filter.id)) && (!query.groupIDs || query.groupIDs.includes(filter.group_id)),
  );
  const selectedGroupIds = query.groupIDs ?? [...new Set(filters.map((filter) => filter.group_id))];
  return { filterIds: filters.map((filter) => filter.id), selectedGroupIds };
}

/**
 * The snapshot a page reads: the newest candidate id when the query was first made. An unknown or
 * expired queryID (or another user's) starts a new snapshot with a new id. Expired ones are cleaned
 * up here.
 */
async function snapshot(db: Knex, user: Principal, queryId: string | undefined, minutes: number): Promise<{ queryID: string; maxId: number }> {
  const cutoff = db.raw(`now() - make_interval(secs => ?)`, [minutes * 60]);
  await db('candidate_queries').where('created_at', '<', cutoff).delete();
  if (queryId) {
    const kept = await db('candidate_queries').where({ id: queryId, user_id: user.id }).first('max_candidate_id');
    if (kept) return { queryID: queryId, maxId: kept.max_candidate_id };
  }
  const { max } = (await db('candidates').max('id as max').first()) as { max: number | null };
  const id = randomUUID();
  await db('candidate_queries').insert({ id, user_id: user.id, max_candidate_id: max ?? 0 });
  return { queryID: id, maxId: max ?? 0 };
}

/** Keeps the objs (`objIdColumn`) of the saved status, SkyPortal's seven. */
function applySavedStatus(
  query: Knex.QueryBuilder,
  status: SavedStatus,
  deps: { db: Knex; sources: SourcesService; user: Principal; selected: number[]; objIdColumn: string },
): void {
  if (status === 'all') return;
  const { db, sources, user, selected, objIdColumn } = deps;
  const savedIn = (groupIds: readonly number[] | null) => {
    const sub = sources.savingsOf(db, objIdColumn).select(db.raw('1'));
    return groupIds === null ? sub : sub.whereIn('s.group_id', [...groupIds]);
  };
  const savedInAll = (q: Knex.QueryBuilder, negate: boolean) => {
    // Saved to every selected group: as many of them hold it as there are.
    const count = sources.savingsOf(db, objIdColumn).whereIn('s.group_id', selected).countDistinct('s.group_id');
    q.whereRaw(`(?) ${negate ? '<' : '='} ?`, [count, selected.length]);
  };
  const accessible = accessibleGroupIds(user);
  switch (status) {
    case 'savedToAnySelected':
      query.whereExists(savedIn(selected));
      return;
    case 'notSavedToAnySelected':
      query.whereNotExists(savedIn(selected));
      return;
    case 'savedToAnyAccessible':
      query.whereExists(savedIn(accessible));
      return;
    case 'notSavedToAnyAccessible':
      query.whereNotExists(savedIn(accessible));
      return;
    case 'savedToAllSelected':
      savedInAll(query, false);
      return;
    case 'notSavedToAllSelected':
      savedInAll(query, true);
      return;
  }
}

const csv = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** SkyPortal's class filters: classified so (by a classification the caller may read), or not. */
function filterByClasses(
  list: Knex.QueryBuilder,
  query: CandidateListQuery,
  deps: { db: Knex; user: Principal; classifications: ClassificationsService | undefined },
): void {
  for (const field of ['classifications', 'classificationsReject'] as const) {
    const value = query[field];
    if (value === undefined) continue;
    const classes = csv(value);
    if (!classes.length) throw badRequest(`${field}: must provide at least one class`);
    if (!deps.classifications) throw badRequest(`${field}: the classifications plugin is not enabled`);
    const classified = deps.classifications.visibleOf(deps.db, deps.user, 'p.obj_id').select(deps.db.raw('1')).whereIn('c.classification', classes);
    if (field === 'classifications') list.whereExists(classified);
    else list.whereNotExists(classified);
  }
}

export async function listCandidates(
  deps: ListDeps,
  user: Principal,
  query: CandidateListQuery,
  raw: RawQuery,
): Promise<CandidateList | { candidates: { id: string }[] }> {
  const { db, sources } = deps;
  const { filterIds, selectedGroupIds } = await chosenFilters(db, user, query);

  // The toolbar's quick search: ids starting with the text, among the caller's candidates.
  if (query.nameOnly && query.objID) {
    const prefix = `${query.objID.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const ids: string[] = filterIds.length
      ? await db('candidates')
          .whereIn('filter_id', filterIds)
          .whereLike('obj_id', prefix)
          .distinct('obj_id')
          .orderBy('obj_id')
          .limit(query.numPerPage)
          .pluck('obj_id')
      : [];
    return { candidates: ids.map((id) => ({ id })) };
  }

  const { queryID, maxId } = await snapshot(db, user, query.queryID, deps.queryMinutes);
  // One row per obj: its latest passing of the chosen filters within the snapshot and dates.
  const passings = db('candidates as c')
    .whereIn('c.filter_id', filterIds.length ? filterIds : [0])
    .where('c.id', '<=', maxId)
    .groupBy('c.obj_id')
    .select('c.obj_id', db.raw('max(c.passed_at) AS passed_at'), db.raw('max(c.id) AS last_id'));
  if (query.startDate) passings.where('c.passed_at', '>=', query.startDate);
  if (query.endDate) passings.where('c.passed_at', '<=', query.endDate);

  const list = db.from(passings.as('p')).join('objs as o', 'o.id', 'p.obj_id');
  if (query.minRedshift !== undefined) list.where('o.redshift', '>=', query.minRedshift);
  if (query.maxRedshift !== undefined) list.where('o.redshift', '<=', query.maxRedshift);
  applySavedStatus(list, query.savedStatus, { db, sources, user, selected: selectedGroupIds, objIdColumn: 'p.obj_id' });
  const onList = (name: string) => db('listings as l').select(db.raw('1')).whereRaw('l.obj_id = p.obj_id').where({ 'l.user_id': user.id, 'l.list_name': name });
  if (query.listName) list.whereExists(onList(query.listName));
  if (query.listNameReject) list.whereNotExists(onList(query.listNameReject));
  const terms = { db, user, annotations: deps.annotations, objIdColumn: 'p.obj_id' };
  filterByAnnotations(list, query, terms);
  filterByClasses(list, query, { db, user, classifications: deps.classifications });
  const sort = annotationSort(query, terms);

  const offset = (query.pageNumber - 1) * query.numPerPage;
  const page = list.clone().select('p.obj_id', db.raw('count(*) OVER () AS total_matches'));
  if (sort) page.orderByRaw(sort);
  const rows: { obj_id: string; total_matches: string | number }[] = await page
    .orderBy([
      { column: 'p.passed_at', order: 'desc' },
      { column: 'p.last_id', order: 'desc' },
    ])
    .limit(query.numPerPage)
    .offset(offset);
  const totalMatches = rows.length
    ? Number(rows[0]!.total_matches)
    : Number(((await db.from(list.clone().select('p.obj_id').as('m')).count('* as n').first()) as { n: string }).n);
  if (!rows.length && query.pageNumber > 1) throw badRequest('Page number out of range.');

  const objIds = rows.map((row) => row.obj_id);
  if (query.autosave && objIds.length) {
    for (const id of objIds) await sources.saveSource(user, { id, ...(query.autosaveGroupIds ? { group_ids: query.autosaveGroupIds } : {}) });
  }
  const candidates = await candidateAnswers({ db, sources }, user, objIds, { view: 'list', raw });
  return { candidates, totalMatches, pageNumber: query.pageNumber, numPerPage: query.numPerPage, queryID };
}
