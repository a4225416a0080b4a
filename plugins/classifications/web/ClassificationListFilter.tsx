import { useMemo, useState } from 'react';
import type { SourceListFilterProps } from '@skyportal/plugin-sources/types';
import type { Taxonomy } from '../types';
import { useTaxonomiesQuery } from './api';
import { ClassPicker } from './ClassPicker';
import { filterParams, readFilter } from './filter';

// The select's values: '' (any), 'unclassified', or `t:<taxonomy name>` (so no name can clash).
const UNCLASSIFIED = 'unclassified';
const taxonomyValue = (name: string) => `t:${name}`;

/** One entry per taxonomy name (the list filters by name, every version): the latest version's tree. */
function byName(taxonomies: readonly Taxonomy[] | undefined): Map<string, Taxonomy> {
  const names = new Map<string, Taxonomy>();
  for (const taxonomy of taxonomies ?? []) {
    const known = names.get(taxonomy.name);
    if (!known || (taxonomy.isLatest && !known.isLatest) || (taxonomy.isLatest === known.isLatest && taxonomy.id > known.id))
      names.set(taxonomy.name, taxonomy);
  }
  return new Map([...names].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The sources list's classification filter (in its search form, applied by Search): sources with a
 * class of a taxonomy, or sources nobody has classified.
 */
export function ClassificationListFilter({ params, setParams }: SourceListFilterProps) {
  const { data: taxonomies } = useTaxonomiesQuery();
  const taxonomiesByName = useMemo(() => byName(taxonomies), [taxonomies]);
  const filter = readFilter(params);
  // A taxonomy chosen with no class yet is no filter, so it lives here until a class is chosen.
  const [pendingTaxonomy, setPendingTaxonomy] = useState<string | null>(null);
  const taxonomyName = filter.kind === 'class' ? filter.taxonomyName : pendingTaxonomy;
  const selected = filter.kind === 'unclassified' ? UNCLASSIFIED : taxonomyName ? taxonomyValue(taxonomyName) : '';
  const hierarchy = taxonomyName ? taxonomiesByName.get(taxonomyName)?.hierarchy : undefined;

  function chooseTaxonomy(value: string) {
    setPendingTaxonomy(value.startsWith('t:') ? value.slice(2) : null);
    setParams(filterParams(value === UNCLASSIFIED ? { kind: 'unclassified' } : { kind: 'any' }));
  }

  return (
    <>
      <label>
        Classification
        <select value={selected} onChange={(event) => chooseTaxonomy(event.target.value)}>
          <option value="">Any</option>
          <option value={UNCLASSIFIED}>Unclassified</option>
          {taxonomyName && !taxonomiesByName.has(taxonomyName) ? <option value={taxonomyValue(taxonomyName)}>{taxonomyName}</option> : null}
          {[...taxonomiesByName.keys()].map((name) => (
            <option key={name} value={taxonomyValue(name)}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {taxonomyName ? (
        <ClassPicker
          label="Class"
          hierarchy={hierarchy}
          value={filter.kind === 'class' ? filter.className : ''}
          onChange={(className) => setParams(filterParams({ kind: 'class', taxonomyName, className }))}
          placeholder="Search the taxonomy"
          pathBelow={false}
        />
      ) : null}
    </>
  );
}
