/** `/api/candidates...`: posting candidates, the scanning list, one candidate, deletions. */
import { badRequest, inputs, notFound, pageQuery, z, type PluginRouter } from '@skyportal/sdk';
import type { RawQuery, SourcesService } from '@skyportal/plugin-sources/types';
import type { AnnotationsService } from '@skyportal/plugin-annotations/types';
import type { ClassificationsService } from '@skyportal/plugin-classifications/types';
import type { Candidate, CandidateList, CandidateRecord } from '../types.js';
import type { CandidateWriter } from './candidate-writer.js';
import { candidateAnswers } from './candidate-read.js';
import { listCandidates } from './candidate-list.js';
import { alertId, candidateListQuery, objIdInput } from './inputs.js';
import { visibleFilters } from './filter-store.js';
import { topLevelIntegerText } from './exact-id.js';
import { exactInteger, type Knex, type Principal } from '@skyportal/sdk';

const tags = ['candidates'];

export interface CandidateRouteDeps {
  sources: SourcesService;
  annotations: AnnotationsService | undefined;
  classifications: ClassificationsService | undefined;
  writer: CandidateWriter;
  queryMinutes: number;
}

const candidateBody = z.looseObject({
  id: objIdInput,
  filter_ids: inputs.dbIdArray(1000).min(1, 'at least one filter id'),
  passed_at: inputs.isoDate().describe('When the obj passed the filters'),
  passing_alert_id: alertId.describe('The alert that passed (e.g. a ZTF candid); digits as text keep a bigint exact'),
});

/**
 * SkyPortal's scanning page sends `includePhotometry=t`; the plugins reading the flags (through
 * sources.serialize) take true/false, 1/0, yes/no. `t`/`f` of an include flag are spelled out here.
 */
export function flagsSpelledOut(raw: RawQuery): RawQuery {
  const out: Record<string, string | string[] | undefined> = { ...raw };
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('include') || typeof value !== 'string') continue;
    const word = value.trim().toLowerCase();
    if (word === 't') out[key] = 'true';
    if (word === 'f') out[key] = 'false';
  }
  return out;
}

const objParams = z.object({ obj_id: objIdInput });
const objFilterParams = z.object({ obj_id: objIdInput, filter_id: inputs.dbId });

/** The caller's filters among `ids`; any other is a 400 naming them. */
async function usableFilters(db: Knex, user: Principal, ids: readonly number[], field: string): Promise<number[]> {
  const found: number[] = await visibleFilters(db, user)
    .whereIn('f.id', [...ids])
    .pluck('f.id');
  const missing = [...new Set(ids)].filter((id) => !found.includes(id));
  if (missing.length) throw badRequest(`${field}: no filter(s) ${missing.join(', ')} among your groups' filters`);
  return found;
}

export function candidateRoutes(router: PluginRouter, deps: CandidateRouteDeps): void {
  const { sources, writer } = deps;

  router.post(
    '/api/candidates',
    {
      access: { acl: 'Upload data' },
      tags,
      summary: 'Record that an obj (created if new: ra and dec needed) passed some of your filters',
      description: 'Idempotent: posting the same obj, filter and passed_at again returns the same candidate ids.',
      body: candidateBody,
      response: z.object({ ids: z.array(z.number()) }),
    },
    async ({ user, db, body, ctx }) => {
      await usableFilters(db, user, body.filter_ids, 'filter_ids');
      const raw = (ctx.request as { rawBody?: unknown }).rawBody;
      const digits = typeof raw === 'string' ? topLevelIntegerText(raw, 'id') : undefined;
      if (digits !== undefined && String(Number(digits)) === body.id) body.id = digits;
      const { filter_ids, passed_at, passing_alert_id, ...obj } = body;
      return db.transaction(async (trx) => {
        const existing = await sources.objsById([obj.id], trx);
        if (!existing.has(obj.id)) {
          if (obj.ra === undefined || obj.ra === null || obj.dec === undefined || obj.dec === null) {
            throw badRequest('ra, dec: Missing required parameter (a new obj needs its position)');
          }
          await sources.ensureObj(trx, obj as Parameters<SourcesService['ensureObj']>[1], user);
        }
        return writer.add(trx, { objId: obj.id, filterIds: filter_ids, passedAt: passed_at, passingAlertId: passing_alert_id, uploaderId: user.id });
      });
    },
  );

  router.get(
    '/api/candidates',
    {
      access: 'authenticated',
      tags,
      summary: "Objs that passed your groups' filters, newest passing first, paged over a snapshot",
      description:
        'One item per obj. Pass back the answer’s queryID with later pages: they page the same snapshot, so candidates arriving meanwhile ' +
        'shift nothing. Other plugins add fields on request (includePhotometry, ...).',
      query: candidateListQuery,
    },
    ({ user, db, query, ctx }): Promise<CandidateList | { candidates: { id: string }[] }> =>
      listCandidates(
        { db, sources, annotations: deps.annotations, classifications: deps.classifications, queryMinutes: deps.queryMinutes },
        user,
        query,
        flagsSpelledOut(ctx.query as RawQuery),
      ),
  );

  const single = async (db: Knex, user: Principal, objId: string, raw: RawQuery, filterId?: number): Promise<Candidate> => {
    const [answer] = await candidateAnswers({ db, sources }, user, [objId], { view: 'single', raw, filterId });
    if (!answer) throw notFound(`Candidate ${objId}${filterId === undefined ? '' : ` of filter ${filterId}`}`);
    return answer;
  };

  router.get(
    '/api/candidates/:obj_id',
    { access: 'authenticated', tags, summary: 'An obj that passed one of your filters (404 otherwise)', params: objParams },
    ({ user, db, params, ctx }) => single(db, user, params.obj_id, flagsSpelledOut(ctx.query as RawQuery)),
  );

  router.get(
    '/api/candidates/:obj_id/:filter_id',
    { access: 'authenticated', tags, summary: 'An obj as a candidate of one of your filters (404 otherwise)', params: objFilterParams },
    ({ user, db, params, ctx }) => single(db, user, params.obj_id, flagsSpelledOut(ctx.query as RawQuery), params.filter_id),
  );

  const remove = async (db: Knex, user: Principal, objId: string, filterId?: number) => {
    const query = db('candidates').where({ obj_id: objId }).whereIn('filter_id', visibleFilters(db, user).select('f.id'));
    if (filterId !== undefined) query.where({ filter_id: filterId });
    const deleted = await query.delete();
    if (!deleted) throw badRequest('Invalid (obj_id, filter_id) pairing - no matching candidates');
    return {};
  };

  router.delete(
    '/api/candidates/:obj_id/:filter_id',
    { access: { acl: 'Upload data' }, tags, summary: "Delete an obj's candidates of one of your filters", params: objFilterParams },
    ({ user, db, params }) => remove(db, user, params.obj_id, params.filter_id),
  );

  router.delete(
    '/api/candidates/:obj_id',
    { access: { acl: 'Upload data' }, tags, summary: "Delete an obj's candidates of all your filters", params: objParams },
    ({ user, db, params }) => remove(db, user, params.obj_id),
  );

  router.post(
    '/api/candidates/bulk_delete',
    {
      access: { acl: 'System admin' },
      tags,
      summary: 'Delete candidates older than maxAgeMonths whose obj is nobody’s source (dryRun: count them)',
      body: z.object({ maxAgeMonths: z.number().int().min(1).max(1200).default(6), dryRun: z.boolean().default(false) }).strict(),
      response: z.object({ deleted: z.number(), remaining: z.number() }),
    },
    async ({ db, body }) => {
      const old = db('candidates as c')
        .where('c.passed_at', '<', db.raw(`now() - make_interval(months => ?)`, [body.maxAgeMonths]))
        .whereNotExists(sources.savingsOf(db, 'c.obj_id').select(db.raw('1')));
      if (body.dryRun) {
        const { n } = (await old.clone().count('* as n').first()) as { n: string };
        return { deleted: 0, remaining: Number(n) };
      }
      const deleted = await db('candidates').whereIn('id', old.clone().select('c.id')).delete();
      return { deleted, remaining: 0 };
    },
  );

  router.get(
    '/api/candidates_filter',
    {
      access: 'authenticated',
      tags,
      summary: "Candidate rows of your groups' filters (one per passing), newest first",
      query: pageQuery.extend({ filterIDs: inputs.dbIdList, startDate: inputs.isoDate().optional(), endDate: inputs.isoDate().optional() }),
    },
    async ({ user, db, query }) => {
      const rows = db('candidates as c').whereIn('c.filter_id', visibleFilters(db, user).select('f.id'));
      if (query.filterIDs) rows.whereIn('c.filter_id', query.filterIDs);
      if (query.startDate) rows.where('c.passed_at', '>=', query.startDate);
      if (query.endDate) rows.where('c.passed_at', '<=', query.endDate);
      const page: (Omit<CandidateRecord, 'passing_alert_id'> & { passing_alert_id: string | null; total: string })[] = await rows
        .clone()
        .select('c.id', 'c.obj_id', 'c.filter_id', 'c.passed_at', db.raw('c.passing_alert_id::text AS passing_alert_id'), 'c.uploader_id', 'c.created_at')
        .select(db.raw('count(*) OVER () AS total'))
        .orderBy([
          { column: 'c.passed_at', order: 'desc' },
          { column: 'c.id', order: 'desc' },
        ])
        .limit(query.numPerPage)
        .offset((query.pageNumber - 1) * query.numPerPage);
      const totalMatches = page.length ? Number(page[0]!.total) : Number(((await rows.clone().count('* as n').first()) as { n: string }).n);
      const candidates = page.map(({ total: _total, ...row }) => ({
        ...row,
        passing_alert_id: row.passing_alert_id === null ? null : exactInteger(row.passing_alert_id),
      }));
      return { candidates, totalMatches, pageNumber: query.pageNumber, numPerPage: query.numPerPage };
    },
  );
}
