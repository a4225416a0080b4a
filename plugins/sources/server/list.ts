/**
 * `GET /api/sources`: the caller's sources (or, with `saveSummary`, their savings), filtered,
 * sorted and paged in one query, then given the fields other plugins add.
 */
import { badRequest, scopeToGroups, type HookOf, type Knex, type Principal } from '@skyportal/sdk';
import type { RawQuery, Source, SourceList, SourceSaving, sourcesHooks } from '../types.js';
import { coneCondition } from './cone.js';
import { isOwnSortKey, SORT_BY_RULE, type SourceListQuery } from './inputs.js';
import { serializeObj } from './serialize.js';
import { groupsOf, objColumns } from './store.js';

export interface SourceExtensions {
  serialize: HookOf<typeof sourcesHooks.serialize>;
  filter: HookOf<typeof sourcesHooks.filter>;
  order: HookOf<typeof sourcesHooks.order>;
}

interface ListRequest {
  db: Knex;
  user: Principal;
  query: SourceListQuery;
  /** The query as sent, for other plugins' parameters. */
  raw: RawQuery;
  extensions: SourceExtensions;
}

/** `%text%` for ILIKE, with the pattern's own characters taken literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A TNS name as SkyPortal matches it in `sourceID`: without spaces, and without its AT/SN prefix. */
function tnsNamePart(sourceID: string): string | undefined {
  const compact = sourceID.toLowerCase().replace(/\s/g, '');
  if (/^(at|sn)\d{1,4}[a-z]*/.test(compact)) return compact.slice(2);
  return /^\d{1,4}[a-z]*/.test(compact) ? compact : undefined;
}

/**
 * Conditions on the objs themselves, as one subquery of obj ids (its own indexes narrow it first:
 * a cone reads a handful of rows), or undefined when there are none.
 */
function objConditions(db: Knex, query: SourceListQuery): Knex.QueryBuilder | undefined {
  const objs = db('objs as c').select('c.id');
  let any = false;
  const where = (add: (q: Knex.QueryBuilder) => void) => {
    add(objs);
    any = true;
  };
  if (query.sourceID) {
    const tns = tnsNamePart(query.sourceID);
    where((q) =>
      q.where((inner) => {
        inner.whereILike('c.id', contains(query.sourceID!));
        if (tns) inner.orWhereILike('c.tns_name', contains(tns));
      }),
    );
  }
  if (query.rejectedSourceIDs?.length) where((q) => q.whereNotIn('c.id', query.rejectedSourceIDs!));
  if (query.radius !== undefined) {
    const { sql, bindings } = coneCondition({ ra: query.ra!, dec: query.dec!, radius: query.radius }, 'c');
    where((q) => q.whereRaw(sql, bindings as Knex.RawBinding[]));
  }
  if (query.minRedshift !== undefined) where((q) => q.where('c.redshift', '>=', query.minRedshift!));
  if (query.maxRedshift !== undefined) where((q) => q.where('c.redshift', '<=', query.maxRedshift!));
  if (query.simbadClass) where((q) => q.whereRaw(`c.altdata -> 'simbad' ->> 'class' ILIKE ?`, [contains(query.simbadClass!)]));
  if (query.alias) where((q) => q.whereRaw('EXISTS (SELECT 1 FROM unnest(c.alias) AS a(name) WHERE a.name ILIKE ?)', [contains(query.alias!)]));
  if (query.origin) where((q) => q.whereILike('c.origin', contains(query.origin!)));
  if (query.hasTNSname) where((q) => q.whereNotNull('c.tns_name'));
  else if (query.hasNoTNSname) where((q) => q.whereNull('c.tns_name'));
  if (query.createdOrModifiedAfter) {
    const after = query.createdOrModifiedAfter;
    where((q) => q.where((inner) => inner.where('c.created_at', '>', after).orWhere('c.modified', '>', after)));
  }
  return any ? objs : undefined;
}

/** The caller's savings (`sources as s`, their groups only) that the savings filters keep. */
function savingsQuery(db: Knex, user: Principal, query: SourceListQuery): Knex.QueryBuilder {
  const savings = scopeToGroups(db('sources as s'), user, { groupColumn: 's.group_id' });
  if (query.group_ids?.length) savings.whereIn('s.group_id', query.group_ids);
  if (query.savedAfter) savings.where('s.saved_at', '>', query.savedAfter);
  if (query.savedBefore) savings.where('s.saved_at', '<', query.savedBefore);
  if (query.savedByCurrentUser) savings.where('s.saved_by_id', user.id);
  const objs = objConditions(db, query);
  if (objs) savings.whereIn('s.obj_id', objs);
  return savings;
}

/** Other plugins' conditions for their own parameters (photometry's magnitudes, ...). */
async function pluginConditions(request: ListRequest, target: Knex.QueryBuilder, objIdColumn: string): Promise<void> {
  const { db, user, raw, extensions } = request;
  await extensions.filter.promise({
    user,
    query: raw,
    db,
    objIdColumn,
    whereExists: (subquery) => void target.whereExists(subquery),
    whereNotExists: (subquery) => void target.whereNotExists(subquery),
  });
}

/**
 * `ORDER BY` of the list: a column of the obj, its saving time, a path into `altdata` (as JSON, so
 * numbers sort as numbers), or the value another plugin gives for its own key (`sources.order`).
 */
async function order(list: Knex.QueryBuilder, request: ListRequest): Promise<void> {
  const { query } = request;
  const direction = query.sortOrder;
  if (!isOwnSortKey(query.sortBy)) {
    const { expression } = await claimedOrder(request, 'v.obj_id');
    const { sql, bindings } = expression.toSQL();
    list.orderByRaw(`(${sql}) ${direction} NULLS LAST, "o"."id" ${direction}`, bindings as Knex.RawBinding[]);
    return;
  }
  if (query.sortBy.startsWith('altdata.')) {
    const path = query.sortBy.slice('altdata.'.length).split('.');
    list.orderByRaw(`"o"."altdata" #> ?::text[] ${direction} NULLS LAST, "o"."id" ${direction}`, [path]);
    return;
  }
  const column = query.sortBy === 'saved_at' ? '"v"."saved_at"' : `"o"."${query.sortBy}"`;
  list.orderByRaw(`${column} ${direction} NULLS LAST, "o"."id" ${direction}`);
}

/**
 * The sort value another plugin gives for `sortBy`, or a 400 naming `sortBy` when no plugin knows
 * it. Wrapped: a query builder is a thenable, which an async function would run instead of returning.
 */
async function claimedOrder(request: ListRequest, objIdColumn: string): Promise<{ expression: Knex.QueryBuilder }> {
  const { db, user, query, extensions } = request;
  let claimed: Knex.QueryBuilder | undefined;
  await extensions.order.promise({
    user,
    sortBy: query.sortBy,
    db,
    objIdColumn,
    orderBy: (expression) => {
      if (claimed) throw new Error(`sources.order: sortBy ${query.sortBy} claimed twice`);
      claimed = expression;
    },
  });
  if (!claimed) throw badRequest(`sortBy: ${SORT_BY_RULE}`);
  return { expression: claimed };
}

/** The total when a page is past the end (no row carried the window count). */
async function countAlone(page: Knex.QueryBuilder, db: Knex): Promise<number> {
  const counted = await page.clone().clearSelect().clearOrder().offset(0).limit(1).select(db.raw('count(*) OVER () AS n'));
  return counted.length ? Number(counted[0].n) : 0;
}

/** `saveSummary=true`: the savings themselves (one per obj and group), in the order they were made. */
async function listSavings(request: ListRequest): Promise<SourceList<Source | SourceSaving>> {
  const { db, user, query } = request;
  // Savings are listed in the order they were made; a sortBy is still checked (a typo is a 400).
  if (!isOwnSortKey(query.sortBy)) await claimedOrder(request, 's.obj_id');
  const savings = savingsQuery(db, user, query)
    .select('s.id', 's.obj_id', 's.group_id', 's.saved_by_id', 's.saved_at')
    .select(db.raw('count(*) OVER () AS total_matches'));
  await pluginConditions(request, savings, 's.obj_id');
  savings
    .orderBy('s.id')
    .limit(query.numPerPage)
    .offset((query.pageNumber - 1) * query.numPerPage);
  const rows: (SourceSaving & { total_matches: string })[] = await savings;
  const totalMatches = rows.length ? Number(rows[0]!.total_matches) : query.pageNumber > 1 ? await countAlone(savings, db) : 0;
  const sources = rows.map(({ total_matches: _total, ...saving }) => saving);
  return { sources, totalMatches, pageNumber: query.pageNumber, numPerPage: query.numPerPage };
}

export async function listSources(request: ListRequest): Promise<SourceList<Source | SourceSaving>> {
  const { db, user, query, raw, extensions } = request;
  const cone = [query.ra, query.dec, query.radius];
  if (cone.some((v) => v !== undefined) && cone.some((v) => v === undefined)) {
    throw badRequest('ra, dec, radius: a cone search needs all three');
  }
  if (query.saveSummary) return listSavings(request);

  // Driven from the caller's savings, one pass grouped per obj: each source's `saved_at` is its
  // earliest saving among those kept.
  const savings = savingsQuery(db, user, query).select('s.obj_id').min('s.saved_at as saved_at').groupBy('s.obj_id');
  const list = db
    .from(savings.as('v'))
    .join('objs as o', 'o.id', 'v.obj_id')
    // One array: knex drops a column given after an array (saved_at went missing from the list).
    .select([...objColumns('o'), 'v.saved_at'])
    .select(db.raw('count(*) OVER () AS total_matches'));
  // Per obj, after grouping: a plugin's condition runs once per source, not once per saving.
  await pluginConditions(request, list, 'v.obj_id');
  await order(list, request);
  list.limit(query.numPerPage).offset((query.pageNumber - 1) * query.numPerPage);

  const rows: Record<string, unknown>[] = await list;
  const totalMatches = rows.length ? Number(rows[0]!.total_matches) : query.pageNumber > 1 ? await countAlone(list, db) : 0;
  const groups = query.removeNested
    ? undefined
    : await groupsOf(
        db,
        user,
        rows.map((row) => row.id as string),
      );
  const sources = rows.map(({ total_matches: _total, saved_at, ...row }) => {
    const source: Record<string, unknown> & { id: string } = { ...serializeObj(row), saved_at };
    if (groups) source.groups = groups.get(source.id) ?? [];
    return source;
  });
  await extensions.serialize.promise({ user, view: 'list', sources, query: raw, db });
  return { sources: sources as unknown as Source[], totalMatches, pageNumber: query.pageNumber, numPerPage: query.numPerPage };
}
