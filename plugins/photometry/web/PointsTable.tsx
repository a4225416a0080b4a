import { useMemo, useState } from 'react';
import type { PhotometryFormat, PhotometryPoint } from './types';

type SortKey = 'mjd' | 'filter' | 'value' | 'instrument_name';

const fixed = (value: number | null, digits: number) => (value == null ? '—' : value.toFixed(digits));

export function PointsTable({ points, format }: { points: PhotometryPoint[]; format: PhotometryFormat }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'mjd', descending: true });
  const valueOf = (p: PhotometryPoint) => (format === 'mag' ? (p.mag ?? p.limiting_mag) : p.flux);

  const sorted = useMemo(() => {
    const keyOf = (p: PhotometryPoint): number | string =>
      sort.key === 'value' ? (valueOf(p) ?? Infinity) : sort.key === 'mjd' ? p.mjd : (p[sort.key] ?? '');
    const copy = [...points].sort((a, b) => {
      const x = keyOf(a);
      const y = keyOf(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return sort.descending ? copy.reverse() : copy;
    // valueOf depends only on format
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [points, sort, format]);

  const header = (key: SortKey, label: string, numeric = false) => (
    <th
      className={`sp-sortable${numeric ? ' sp-num' : ''}`}
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : false })}
    >
      {label}
      {sort.key === key ? (sort.descending ? ' ▾' : ' ▴') : ''}
    </th>
  );

  return (
    // A scroll box: sources with thousands of points must not make the page endless.
    <div className="photometry-table-scroll" style={{ maxHeight: 360, overflowY: "auto", marginTop: "0.75rem" }}>
      <table className="sp-table" data-testid="photometry-table">
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
          {sorted.map((p) => (
            <tr key={p.id}>
              <td className="sp-num">{p.mjd.toFixed(5)}</td>
              <td>{p.filter}</td>
              <td className="sp-num">{format === 'mag' ? fixed(p.mag, 3) : fixed(p.flux, 2)}</td>
              <td className="sp-num">{format === 'mag' ? fixed(p.magerr, 3) : fixed(p.fluxerr, 2)}</td>
              {format === 'mag' ? <td className="sp-num">{fixed(p.limiting_mag, 2)}</td> : null}
              <td>{p.instrument_name ?? '—'}</td>
              <td>{p.origin || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
