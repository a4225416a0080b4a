/** Candidates as answers show them: the obj, what it passed of the caller's filters, its savings. */
import { exactInteger, type Knex, type Principal } from '@skyportal/sdk';
import type { RawQuery, SourcesService } from '@skyportal/plugin-sources/types';
import type { Candidate, CandidateRecord, PassingAlert } from '../types.js';
import { visibleFilters } from './filter-store.js';

const isTrue = (value: string | string[] | undefined) => typeof value === 'string' && ['true', '1', 'yes'].includes(value.trim().toLowerCase());

export interface ReadDeps {
  db: Knex;
  sources: SourcesService;
}

type RecordRow = Omit<CandidateRecord, 'passing_alert_id'> & { passing_alert_id: string | null };

/** The candidate rows of the caller's filters (one filter's with `filterId`) for some objs, newest passing first. */
export async function visibleRecords(db: Knex, user: Principal, objIds: readonly string[], filterId?: number): Promise<CandidateRecord[]> {
  if (!objIds.length) return [];
  const query = db('candidates as c')
    .whereIn('c.obj_id', [...objIds])
    .whereIn('c.filter_id', visibleFilters(db, user).select('f.id'))
    .orderBy([
      { column: 'c.passed_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ])
    // passing_alert_id is a bigint: read as text, answered with its exact digits.
    .select('c.id', 'c.obj_id', 'c.filter_id', 'c.passed_at', db.raw('c.passing_alert_id::text AS passing_alert_id'), 'c.uploader_id', 'c.created_at');
  if (filterId !== undefined) query.where('c.filter_id', filterId);
  const rows: RecordRow[] = await query;
  return rows.map((row) => ({ ...row, passing_alert_id: row.passing_alert_id === null ? null : (exactInteger(row.passing_alert_id) as unknown as string) }));
}

/**
 * The answers for `objIds`, in that order, as far as the caller may see them: objs with no
 * candidate of the caller's filters are left out. Other plugins' fields come from the sources
 * plugin's serialize hook (annotations, classifications, `photometry` with includePhotometry, ...).
 */
export async function candidateAnswers(
  deps: ReadDeps,
  user: Principal,
  objIds: readonly string[],
  options: { view: 'single' | 'list'; raw: RawQuery; filterId?: number },
): Promise<Candidate[]> {
  const { db, sources } = deps;
  const records = await visibleRecords(db, user, objIds, options.filterId);
  if (!records.length) return [];
  const [objs, saved, filterGroups] = await Promise.all([
    sources.objsById(objIds, db),
    sources.savedGroups(user, objIds, db),
    db('filters')
      .whereIn('id', [...new Set(records.map((record) => record.filter_id))])
      .select('id', 'group_id') as Promise<{ id: number; group_id: number }[]>,
  ]);
  const groupOfFilter = new Map(filterGroups.map((row) => [row.id, row.group_id]));
  const answers: Candidate[] = [];
  for (const objId of objIds) {
    const obj = objs.get(objId);
    const own = records.filter((record) => record.obj_id === objId);
    if (!obj || !own.length) continue;
    const latest = own[0]!;
    const passingAlerts: PassingAlert[] = own.map((record) => ({
      candidate_id: record.id,
      filter_id: record.filter_id,
      passing_alert_id: record.passing_alert_id,
      passed_at: record.passed_at,
    }));
    const savedGroups = (saved.get(objId) ?? []).map((group) => ({ id: group.id, name: group.name, nickname: group.nickname }));
    answers.push({
      ...obj,
      filter_ids: [...new Set(own.map((record) => record.filter_id))],
      passing_group_ids: [...new Set(own.map((record) => groupOfFilter.get(record.filter_id)!))],
      passed_at: latest.passed_at,
      passing_alert_id: latest.passing_alert_id,
      passing_alerts: passingAlerts,
      is_source: savedGroups.length > 0,
      saved_groups: savedGroups,
    } as Candidate);
  }
  await sources.serializeObjs({ user, view: options.view, sources: answers, query: options.raw, db });
  // A scanner's card shows a small light curve, so the list gives each candidate its points too
  // (the photometry plugin gives them for one source at a time: one query per candidate).
  if (options.view === 'list' && isTrue(options.raw.includePhotometry)) {
    const { deduplicatePhotometry } = options.raw;
    for (const answer of answers) {
      const query = { includePhotometry: 'true', ...(deduplicatePhotometry === undefined ? {} : { deduplicatePhotometry }) };
      const one = { id: answer.id } as Candidate;
      await sources.serializeObjs({ user, view: 'single', sources: [one], query, db });
      answer.photometry = one.photometry;
    }
  }
  return answers;
}
