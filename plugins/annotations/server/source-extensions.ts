/**
 * What annotations add to the sources plugin's answers, through the hooks it offers:
 * - `sources.serialize`: `annotations` (a source's own, by origin; on `GET /api/sources/{id}`
 *   always, on the list unless `removeNested=true`, as SkyPortal), and `includePeriodExists`
 *   (`period_exists` on one source, `period` on the list: SkyPortal's two names), true when an
 *   annotation has a `period` key;
 * - `sources.filter`: `annotationsFilter` (comma-separated `key` or `key:value:op`, op one of
 *   eq, ne, gt, ge, lt, le on numbers), `annotationsFilterOrigin` (comma-separated, any case),
 *   `annotationsFilterBefore`/`After` (when the annotation was made);
 * - `sources.order`: `sortBy=annotation.<origin>.<key>`, the value under `key` of the source's
 *   annotation from `origin`, compared as JSON (numbers as numbers), missing last.
 * Only annotations the caller may read count (their groups), so a hidden one changes no answer.
 */
import { badRequest, inputs, z, type Knex, type PluginHooks, type Principal } from '@skyportal/sdk';
import { sourcesHooks, type RawQuery, type SourcesFilterEvent, type SourcesOrderEvent, type SourcesSerializeEvent } from '@skyportal/plugin-sources/types';
import { aboutSourceItself, annotationsOfSources, serializeAnnotations, visibleAnnotations } from './store.js';

const flag = inputs.flag().optional();
const serializeFlags = z.object({ removeNested: flag, includePeriodExists: flag });

/** SkyPortal's spellings of a period among an annotation's keys. */
const PERIOD_KEYS = ['period', 'Period', 'PERIOD'];

async function addAnnotations(event: SourcesSerializeEvent): Promise<void> {
  const { user, db, sources, view } = event;
  if (!sources.length) return;
  const flags = inputs.parseOrBadRequest(
    serializeFlags,
    { removeNested: event.query.removeNested, includePeriodExists: event.query.includePeriodExists },
    'query parameter',
  );
  const withAnnotations = view === 'single' || !flags.removeNested;
  if (!withAnnotations && !flags.includePeriodExists) return;
  const rows = await annotationsOfSources(
    db,
    user,
    sources.map((source) => source.id),
  );
  const annotations = withAnnotations ? await serializeAnnotations(db, user, rows, 'sources') : [];
  for (const source of sources) {
    if (withAnnotations) source.annotations = annotations.filter((annotation) => annotation.obj_id === source.id);
    if (flags.includePeriodExists) {
      const period = rows.some((row) => row.obj_id === source.id && PERIOD_KEYS.some((key) => key in row.data));
      source[view === 'single' ? 'period_exists' : 'period'] = period;
    }
  }
}

/** SkyPortal's comparison names, as SQL. */
const OPERATORS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
type Operator = keyof typeof OPERATORS;

interface KeyCondition {
  key: string;
  compare?: { op: Operator; value: number };
}

/** `key` or `key:value:op` (SkyPortal's triplet; spaces around the parts are allowed). */
function keyCondition(item: string): KeyCondition | string {
  const parts = item.split(':').map((part) => part.trim());
  if (parts.length !== 1 && parts.length !== 3) return `"${item}": a key, or key:value:op`;
  const [key, value, op] = parts as [string, string?, string?];
  if (!key) return `"${item}": the key is empty`;
  if (parts.length === 1) return { key };
  const number = inputs.parseDecimal(value!);
  if (number === undefined || !Number.isFinite(number)) return `"${item}": ${value} is not a number`;
  if (!(op! in OPERATORS)) return `"${item}": the operator is one of ${Object.keys(OPERATORS).join(', ')}`;
  return { key, compare: { op: op as Operator, value: number } };
}

const commaList = (max: number) =>
  inputs
    .text(4000)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(200)).max(max));

const optionalDate = z.preprocess((value) => (value === '' ? undefined : value), inputs.isoDate().optional());

export const annotationFilters = z.object({
  annotationsFilter: commaList(20)
    .transform((items, ctx) =>
      items.map((item) => {
        const condition = keyCondition(item);
        if (typeof condition === 'string') ctx.addIssue({ code: 'custom', message: condition });
        return condition as KeyCondition;
      }),
    )
    .optional()
    .describe('Comma-separated "key" (the annotation has it) or "key:value:op" (op: eq, ne, gt, ge, lt, le; numbers) conditions, each met by some annotation'),
  annotationsFilterOrigin: commaList(50).optional().describe('Only annotations from these origins count (comma-separated, any case)'),
  annotationsFilterBefore: optionalDate.describe('Only annotations made before this instant count'),
  annotationsFilterAfter: optionalDate.describe('Only annotations made after this instant count'),
});

const asksFor = (query: RawQuery) => Object.keys(annotationFilters.shape).some((key) => query[key] !== undefined && query[key] !== '');

/** The caller's annotations of the source on `objIdColumn` that meet the origin and date conditions. */
function annotationsMatching(db: Knex, user: Principal, objIdColumn: string, f: z.output<typeof annotationFilters>): Knex.QueryBuilder {
  const query = aboutSourceItself(visibleAnnotations(db, user).select(db.raw('1')).whereRaw('a.obj_id = ??', [objIdColumn]));
  if (f.annotationsFilterOrigin?.length) {
    query.whereRaw('lower(a.origin) = ANY (?)', [f.annotationsFilterOrigin.map((origin) => origin.toLowerCase())]);
  }
  if (f.annotationsFilterBefore) query.where('a.created_at', '<=', f.annotationsFilterBefore);
  if (f.annotationsFilterAfter) query.where('a.created_at', '>=', f.annotationsFilterAfter);
  return query;
}

async function narrowByAnnotations(event: SourcesFilterEvent): Promise<void> {
  if (!asksFor(event.query)) return;
  const f = inputs.parseOrBadRequest(annotationFilters, event.query, 'query parameter');
  const { db, user, objIdColumn } = event;
  if (!f.annotationsFilter?.length) {
    event.whereExists(annotationsMatching(db, user, objIdColumn, f));
    return;
  }
  // Each condition is met by some annotation of the source (not necessarily the same one), as SkyPortal.
  for (const { key, compare } of f.annotationsFilter) {
    // `data ? key` lets the GIN index on data narrow the candidates; a value that is no number never compares.
    const match = annotationsMatching(db, user, objIdColumn, f).whereRaw('a.data \\? ?', [key]);
    if (compare) {
      match.whereRaw(`(CASE WHEN jsonb_typeof(a.data -> ?) = 'number' THEN (a.data ->> ?)::float8 END) ${OPERATORS[compare.op]} ?`, [key, key, compare.value]);
    }
    event.whereExists(match);
  }
}

const SORT_PREFIX = 'annotation.';

/**
 * `annotation.<origin>.<key>` (the key may hold dots): the value of the caller-visible annotation
 * from `origin` on each source, one lookup in the (obj_id, origin) unique index per source. Measured
 * (100,000 visible sources, each with 3 annotations, one group; EXPLAIN ANALYZE on this 2-core box):
 *   SubPlan 1 -> Limit (actual time=0.024..0.024 rows=1 loops=100000)
 *     -> Nested Loop
 *       -> Index Scan using annotations_obj_id_origin_key on annotations a (actual time=0.011 loops=100000)
 *            Index Cond: ((obj_id = v.obj_id) AND (origin = 'braai'::text))
 *       -> Index Only Scan using annotation_groups_pkey on annotation_groups ag (actual time=0.009 loops=100000)
 *            Index Cond: ((annotation_id = a.id) AND (group_id = 1))
 * 3.4 s for the page's query against 0.9 s sorted by saved_at: every visible source's value is
 * needed to pick the top page. (A LEFT JOIN of all the origin's annotations took 2.4 s.)
 */
async function orderByAnnotation(event: SourcesOrderEvent): Promise<void> {
  if (!event.sortBy.startsWith(SORT_PREFIX)) return;
  const parts = event.sortBy.slice(SORT_PREFIX.length).split('.');
  if (parts.length < 2 || parts.some((part) => part === '')) throw badRequest(`sortBy: annotation.<origin>.<key>, got ${event.sortBy}`);
  const [origin, ...key] = parts as [string, ...string[]];
  const { db, user, objIdColumn } = event;
  event.orderBy(
    aboutSourceItself(
      visibleAnnotations(db, user)
        .select(db.raw('a.data -> ?', [key.join('.')]))
        .whereRaw('a.obj_id = ??', [objIdColumn])
        .where('a.origin', origin),
    ).limit(1),
  );
}

/** Taps the sources plugin's hooks (called in `register`). */
export function extendSources(hooks: PluginHooks): void {
  hooks.get(sourcesHooks.serialize).tapPromise('annotations', addAnnotations);
  hooks.get(sourcesHooks.filter).tapPromise('annotations', narrowByAnnotations);
  hooks.get(sourcesHooks.order).tapPromise('annotations', orderByAnnotation);
}
