import { useMemo, useState } from 'react';
import { valueAt, type DisplayUnit, type LightCurve } from './types';

type SortKey = 'mjd' | 'filter' | 'value' | 'instrument_name';

/**
 * Rows shown at once. A source can have 10,000+ points: rendering them all as rows kept the main
 * thread busy ~2 s before the plot could start (bench/source-page), for rows nobody reads at once.
 * Sorting still covers every point; the pager walks through them.
 */
export const PAGE_SIZE = 100;

const fixed = (value: number | null | undefined, digits: number) => (value == null ? '—' : value.toFixed(digits));

export function PointsTable({ curve, format }: { curve: LightCurve; format: DisplayUnit }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'mjd', descending: true });
  const [page, setPage] = useState(0);
  const { mjd, filter, origin, fluxerr } = curve.photometry;

  // Rows are point indices into the columns; sorting reorders the indices only.
  const sorted = useMemo(() => {
    const keyOf = (i: number): number | string => {
      if (sort.key === 'value') return (format === 'mag' ? (curve.mag[i] ?? curve.limiting_mag[i]) : curve.photometry.flux?.[i]) ?? Infinity;
      if (sort.key === 'mjd') return mjd[i]!;
      return (sort.key === 'filter' ? filter[i] : curve.instrument_name[i]) ?? '';
    };
    const rows = Array.from({ length: curve.count }, (_, i) => i).sort((a, b) => {
      const x = keyOf(a);
      const y = keyOf(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return sort.descending ? rows.reverse() : rows;
  }, [curve, mjd, filter, sort, format]);

  // A button inside each sortable header, so sorting works from the keyboard too.
  const header = (key: SortKey, label: string, numeric = false) => (
    <th className={`sp-sortable${numeric ? ' sp-num' : ''}`} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sp-th-button"
        onClick={() => {
          setSort({ key, descending: sort.key === key ? !sort.descending : false });
          setPage(0);
        }}
      >
        {label}
        {sort.key === key ? (sort.descending ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );

  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1); // the list can change under the pager (reloads): stay in range
  const shown = sorted.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);

  return (
    <>
      {/* A scroll box: sources with thousands of points must not make the page endless. */}
      <div
        className="photometry-table-scroll"
        style={{ maxHeight: 360, overflow: 'auto', marginTop: '0.75rem' }}
        tabIndex={0}
        role="region"
        aria-label="Photometry points (scrolls)"
      >
        <table className="sp-table" data-testid="photometry-table" aria-label="Photometry points">
          <thead>
            <tr>
              {header('mjd', 'MJD', true)}
              {header('filter', 'Filter')}
              {header('value', format === 'mag' ? 'Mag' : 'Flux', true)}
              <th className="sp-num">{format === 'mag' ? 'Mag err' : 'Flux err'}</th>
              {format === 'mag' ? <th className="sp-num">Limit</th> : null}
              {header('instrument_name', 'Instrument')}
              <th>Origin</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => {
              const { value, error } = valueAt(curve, i, format);
              return (
                <tr key={curve.id[i]}>
                  <td className="sp-num">{mjd[i]!.toFixed(5)}</td>
                  <td>{filter[i]}</td>
                  <td className="sp-num">{fixed(value, format === 'mag' ? 3 : 2)}</td>
                  <td className="sp-num">{fixed(format === 'mag' ? error : fluxerr?.[i], format === 'mag' ? 3 : 2)}</td>
                  {format === 'mag' ? <td className="sp-num">{fixed(curve.limiting_mag[i], 2)}</td> : null}
                  <td>{curve.instrument_name[i] ?? '—'}</td>
                  <td>{origin[i] || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <div className="sp-toolbar" style={{ marginTop: '0.5rem' }} data-testid="photometry-table-pager">
          <button type="button" className="sp-button sp-button--quiet" disabled={current === 0} onClick={() => setPage(current - 1)}>
            ‹ Previous
          </button>
          <span className="sp-muted">
            Rows {current * PAGE_SIZE + 1}–{current * PAGE_SIZE + shown.length} of {sorted.length}
          </span>
          <button type="button" className="sp-button sp-button--quiet" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next ›
          </button>
        </div>
      ) : null}
    </>
  );
}
