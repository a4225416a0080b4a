import { apiErrorOf, ErrorCard, formatUtc } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useSourceAnnotationsQuery } from './api';
import { annotationRows } from './values';

const numericCell = { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/**
 * `source.panels`: the source's annotations as a table of origin, key and value, one row per key
 * (machine scores such as `drb` with the origin that computed them). Live: a change announced on
 * the source's channel refetches them (see api.ts).
 */
export function AnnotationsPanel({ sourceId }: SourceSlotProps) {
  const { currentData: annotations, error: failure } = useSourceAnnotationsQuery(sourceId);
  const error = apiErrorOf(failure);
  if (error) return <ErrorCard pluginName="annotations" title="Could not load the annotations" message={error.message} />;
  if (!annotations) return <p className="sp-muted">Loading…</p>;
  if (!annotations.length)
    return (
      <p className="sp-muted" data-testid="no-annotations">
        No annotations.
      </p>
    );
  const byId = new Map(annotations.map((annotation) => [annotation.id, annotation]));
  return (
    // As wide as its values need (up to the panel): a score sits next to its key, not across the page.
    <table className="sp-table" aria-label="Annotations" data-testid="annotations-table" style={{ width: 'auto', minWidth: 'min(100%, 28rem)' }}>
      <thead>
        <tr>
          <th scope="col">Origin</th>
          <th scope="col">Key</th>
          <th scope="col" style={{ textAlign: 'right' }}>
            Value
          </th>
        </tr>
      </thead>
      <tbody>
        {annotationRows(annotations).map((row) => {
          const annotation = byId.get(row.annotationId)!;
          return (
            <tr key={`${row.annotationId}:${row.key}`} data-origin={row.origin} data-key={row.key}>
              <td title={`${annotation.author?.username ?? 'unknown'}, ${formatUtc(annotation.modified)}`} className={row.first ? undefined : 'sp-muted'}>
                {row.origin}
              </td>
              <td className="sp-mono">{row.key}</td>
              <td style={row.value.numeric ? numericCell : { overflowWrap: 'anywhere' }} title={row.value.full}>
                {row.value.numeric ? row.value.text : <code>{row.value.text}</code>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
