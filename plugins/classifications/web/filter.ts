// The sources list's classification filter, as `GET /api/sources` parameters: `classifications=`
// (`<taxonomy name>: <class>`, as SkyPortal writes it; a taxonomy is named, so every version of it
// counts) and `unclassified=true` (no classification made by a person).
import { classificationFilterItem } from '../types';

export type ClassificationFilter = { kind: 'any' } | { kind: 'unclassified' } | { kind: 'class'; taxonomyName: string; className: string };

/** What the filter's parameters say. A list of several classes (from a bookmarked URL) shows its first. */
export function readFilter(params: Readonly<Record<string, string | undefined>>): ClassificationFilter {
  if (/^(true|1|yes|t)$/i.test(params.unclassified ?? '')) return { kind: 'unclassified' };
  const first = (params.classifications ?? '').split(',')[0]!;
  const colon = first.indexOf(':');
  if (colon > 0) return { kind: 'class', taxonomyName: first.slice(0, colon).trim(), className: first.slice(colon + 1).trim() };
  return { kind: 'any' };
}

/** The parameters of a filter: those it does not use are removed (null). */
export function filterParams(filter: ClassificationFilter): Record<'classifications' | 'unclassified', string | null> {
  if (filter.kind === 'unclassified') return { classifications: null, unclassified: 'true' };
  if (filter.kind === 'class' && filter.className)
    return { classifications: classificationFilterItem(filter.taxonomyName, filter.className), unclassified: null };
  return { classifications: null, unclassified: null };
}
