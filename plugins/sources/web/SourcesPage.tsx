import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { apiErrorOf, Coordinates, ErrorCard, formatUtc, Slot } from '@skyportal/sdk/web';
import type { SourceListFilterProps } from '../types';
import { useSourceListQuery } from './api';
import { GroupChips } from './GroupChips';

const PAGE_SIZES = [10, 25, 50, 100];
/** The form's own fields (other plugins add theirs through the slot). */
type SearchField = 'sourceID' | 'ra' | 'dec' | 'radius';
const PAGING = new Set(['pageNumber', 'numPerPage']);

/** The URL's filters (every parameter but paging), as the search form's draft starts from them. */
const filtersOf = (params: URLSearchParams) => Object.fromEntries([...params].filter(([key]) => !PAGING.has(key)));

/**
 * Search filters and paging live in the URL so a result page can be bookmarked and reloaded. The
 * URL's parameters are `GET /api/sources`'s: the form's own fields and those of other plugins'
 * filters (the `sources.list.filters` slot) reach the server the same way.
 */
export function SourcesPage() {
  const [params, setParams] = useSearchParams();
  const pageNumber = Number(params.get('pageNumber') ?? 1) || 1;
  const numPerPage = Number(params.get('numPerPage') ?? 25) || 25;
  // Old rows stay visible (dimmed, aria-busy) while the next page loads: `data`, not `currentData`.
  const result = useSourceListQuery({ sortBy: 'saved_at', sortOrder: 'desc', ...filtersOf(params), pageNumber, numPerPage });
  const error = apiErrorOf(result.error);

  const [draft, setDraft] = useState<Record<string, string>>(() => filtersOf(params));
  const filterProps: SourceListFilterProps = {
    params: draft,
    setParams: (changes) => setDraft((current) => ({ ...current, ...Object.fromEntries(Object.entries(changes).map(([key, value]) => [key, value ?? ''])) })),
  };

  function update(changes: Record<string, string | number | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next);
  }

  function search(event: FormEvent) {
    event.preventDefault();
    update({ ...draft, pageNumber: 1 });
  }

  function clear() {
    setDraft({});
    setParams(new URLSearchParams({ numPerPage: String(numPerPage) }));
  }

  const total = result.data?.totalMatches ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / numPerPage));
  const field = (name: SearchField, label: string, width = '8em') => (
    <label>
      {label}
      <input
        name={name}
        style={{ width }}
        value={draft[name] ?? ''}
        inputMode={name === 'sourceID' ? 'text' : 'decimal'}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="sp-page">
      <h1>Sources</h1>
      <form className="sp-form sp-form--inline sp-card" onSubmit={search} aria-label="Search sources">
        {field('sourceID', 'Name contains', '12em')}
        {field('ra', 'RA (deg)')}
        {field('dec', 'Dec (deg)')}
        {field('radius', 'Radius (deg)', '6em')}
        {/* Other plugins' filters (classification, …): they edit the same draft, applied by Search. */}
        <Slot name="sources.list.filters" props={filterProps} />
        <button type="submit" className="sp-button">
          Search
        </button>
        <button type="button" className="sp-button sp-button--quiet" onClick={clear}>
          Clear
        </button>
      </form>

      {error ? <ErrorCard pluginName="sources" title="Could not load sources" message={error.message} /> : null}

      {/* Scrolls sideways at narrow widths: focusable, so the keyboard can scroll it too. */}
      <div className="sp-card sp-card--flush" tabIndex={0} role="region" aria-label="Sources table">
        <table className="sp-table" data-testid="sources-table" aria-label="Sources" aria-busy={result.isFetching}>
          <thead>
            <tr>
              <th>Name</th>
              <th>RA, Dec (deg / sexagesimal)</th>
              <th className="sp-num">Redshift</th>
              <th>Groups</th>
              <th>Saved</th>
            </tr>
          </thead>
          <tbody>
            {result.data?.sources.map((source) => (
              <tr key={source.id} data-testid="source-row">
                <td>
                  <Link to={`/source/${encodeURIComponent(source.id)}`} className="sp-mono">
                    {source.id}
                  </Link>
                </td>
                <td>
                  <Coordinates ra={source.ra} dec={source.dec} />
                </td>
                <td className="sp-num">{source.redshift ?? '—'}</td>
                <td>
                  <GroupChips groups={source.groups} />
                </td>
                <td className="sp-nowrap">{formatUtc(source.saved_at)}</td>
              </tr>
            ))}
            {result.data && result.data.sources.length === 0 ? (
              <tr>
                <td colSpan={5} className="sp-muted">
                  No sources match.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      <div className="sp-pager" data-testid="pager">
        <button type="button" className="sp-button sp-button--quiet" disabled={pageNumber <= 1} onClick={() => update({ pageNumber: pageNumber - 1 })}>
          ‹ Previous
        </button>
        <span>
          Page {pageNumber} of {lastPage} · {total} sources
        </span>
        <button type="button" className="sp-button sp-button--quiet" disabled={pageNumber >= lastPage} onClick={() => update({ pageNumber: pageNumber + 1 })}>
          Next ›
        </button>
        <label>
          Per page{' '}
          <select value={numPerPage} onChange={(e) => update({ numPerPage: e.target.value, pageNumber: 1 })}>
            {PAGE_SIZES.map((size) => (
              <option key={size}>{size}</option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
