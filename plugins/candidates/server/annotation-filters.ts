/**
 * SkyPortal's annotation parameters of the candidates list, on what the annotations plugin lets
 * the caller read (its `visibleOf`): a hidden annotation neither sorts nor keeps a candidate.
 * - `sortByAnnotationOrigin` + `sortByAnnotationKey` (+ `sortByAnnotationOrder`, asc by default):
 *   the value under the key of the obj's annotation from that origin, compared as JSON (numbers
 *   as numbers), missing last; then the latest passing.
 * - `annotationFilterList`: comma-separated JSON objects `{origin, key, value}` (the value's text
 *   equals) or `{origin, key, min, max}` (a number within), each met by the obj's annotation.
 * - `photometryAnnotations...`: its points' annotations (origins, dates, `key` or `key:value:op`),
 *   at least `photometryAnnotationsFilterMinCount` (1) of them.
 */
import { badRequest, inputs, type Knex, type Principal } from '@skyportal/sdk';
import type { AnnotationsService } from '@skyportal/plugin-annotations/types';
import type { CandidateListQuery } from './inputs.js';

export interface AnnotationTerms {
  db: Knex;
  user: Principal;
  annotations: AnnotationsService | undefined;
  objIdColumn: string;
}

interface ListFilterItem {
  origin: string;
  key: string;
  value?: unknown;
  min?: unknown;
  max?: unknown;
}

/** SkyPortal splits the list before each `{`. */
export function parseAnnotationFilterList(text: string): ListFilterItem[] {
  return text.split(/,(?=\s*\{)/).map((item) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(item);
    } catch {
      throw badRequest(`annotationFilterList: could not parse ${JSON.stringify(item)} as JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(`annotationFilterList: ${item} is not an object`);
    const { origin, key } = parsed as Record<string, unknown>;
    if (typeof origin !== 'string' || !origin) throw badRequest(`annotationFilterList: ${item}: "origin" is required`);
    if (typeof key !== 'string' || !key) throw badRequest(`annotationFilterList: ${item}: "key" is required`);
    const filter = parsed as ListFilterItem;
    if (!('value' in filter) && !('min' in filter && 'max' in filter)) {
      throw badRequest(`annotationFilterList: ${item}: should have either "value" or "min" and "max"`);
    }
    return filter;
  });
}

/** The text PostgreSQL's `->>` gives for the value SkyPortal's clients mean (`"true"`, `"a"`, `"{...}"`). */
function asText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    const parsed = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
  } catch {
    return value;
  }
}

const number = (value: unknown, field: string) => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? inputs.parseDecimal(value) : undefined;
  if (n === undefined || !Number.isFinite(n)) throw badRequest(`${field}: ${JSON.stringify(value)} is not a number`);
  return n;
};

const NUMERIC = (column: string) => `(CASE WHEN jsonb_typeof(${column} -> ?) = 'number' THEN (${column} ->> ?)::float8 END)`;
const OPERATORS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

function needAnnotations(terms: AnnotationTerms, field: string): AnnotationsService {
  if (!terms.annotations) throw badRequest(`${field}: the annotations plugin is not enabled`);
  return terms.annotations;
}

/** Narrows `list` by the annotation filters of `query`. */
export function filterByAnnotations(list: Knex.QueryBuilder, query: CandidateListQuery, terms: AnnotationTerms): void {
  const { db, user, objIdColumn } = terms;
  if (query.annotationFilterList) {
    const annotations = needAnnotations(terms, 'annotationFilterList');
    for (const item of parseAnnotationFilterList(query.annotationFilterList)) {
      const match = annotations.visibleOf(db, user, objIdColumn).select(db.raw('1')).where('a.origin', item.origin);
      if ('value' in item) match.whereRaw('a.data ->> ? = ?', [item.key, asText(item.value)]);
      else {
        const column = NUMERIC('a.data');
        match.whereRaw(`${column} BETWEEN ? AND ?`, [
          item.key,
          item.key,
          number(item.min, 'annotationFilterList min'),
          number(item.max, 'annotationFilterList max'),
        ]);
      }
      list.whereExists(match);
    }
  }
  const asksPhotometry =
    query.photometryAnnotationsFilter ||
    query.photometryAnnotationsFilterOrigin ||
    query.photometryAnnotationsFilterBefore ||
    query.photometryAnnotationsFilterAfter;
  if (asksPhotometry) {
    const annotations = needAnnotations(terms, 'photometryAnnotationsFilter');
    const points = annotations.visibleOf(db, user, objIdColumn, 'photometry');
    if (query.photometryAnnotationsFilterOrigin) points.whereIn('a.origin', csv(query.photometryAnnotationsFilterOrigin));
    if (query.photometryAnnotationsFilterBefore) points.where('a.created_at', '<=', query.photometryAnnotationsFilterBefore);
    if (query.photometryAnnotationsFilterAfter) points.where('a.created_at', '>=', query.photometryAnnotationsFilterAfter);
    for (const item of csv(query.photometryAnnotationsFilter ?? '')) {
      const parts = item.split(':').map((part) => part.trim());
      if (parts.length === 1) points.whereRaw('jsonb_exists(a.data, ?)', [parts[0]!]);
      else if (parts.length === 3) {
        const [key, value, op] = parts as [string, string, string];
        if (!(op in OPERATORS)) throw badRequest(`photometryAnnotationsFilter: "${item}": the operator is one of ${Object.keys(OPERATORS).join(', ')}`);
        points.whereRaw(`${NUMERIC('a.data')} ${OPERATORS[op as keyof typeof OPERATORS]} ?`, [key, key, number(value, 'photometryAnnotationsFilter')]);
      } else throw badRequest(`photometryAnnotationsFilter: "${item}": a key, or key:value:op`);
    }
    list.whereRaw('(?) >= ?', [points.clearSelect().count('*'), query.photometryAnnotationsFilterMinCount]);
  }
}

/** The ORDER BY terms of an annotation sort, or none. */
export function annotationSort(query: CandidateListQuery, terms: AnnotationTerms): Knex.Raw | undefined {
  if (!query.sortByAnnotationOrigin) return undefined;
  if (!query.sortByAnnotationKey) throw badRequest('sortByAnnotationKey: Missing required parameter (with sortByAnnotationOrigin)');
  const { db, user, objIdColumn } = terms;
  const value = needAnnotations(terms, 'sortByAnnotationOrigin')
    .visibleOf(db, user, objIdColumn)
    .select(db.raw('a.data -> ?', [query.sortByAnnotationKey]))
    .where('a.origin', query.sortByAnnotationOrigin)
    .limit(1);
  return db.raw(`(?) ${query.sortByAnnotationOrder === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`, [value]);
}

const csv = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
