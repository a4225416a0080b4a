// Small pieces every admin page uses: times, a pager, a mutation's error as text.
import { apiErrorOf } from '@skyportal/sdk/web';

/** An instant as the admin reads it (UTC, to the minute); SkyPortal's zone-less timestamps are UTC. */
export function when(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? value : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function errorText(error: unknown): string | null {
  if (!error) return null;
  return apiErrorOf(error as Parameters<typeof apiErrorOf>[0])?.message ?? 'Something went wrong';
}

export function Pager({
  pageNumber,
  numPerPage,
  total,
  noun,
  onPage,
}: {
  pageNumber: number;
  numPerPage: number;
  total: number;
  noun: string;
  onPage: (page: number) => void;
}) {
  const lastPage = Math.max(1, Math.ceil(total / numPerPage));
  return (
    <div className="sp-pager" data-testid="pager">
      <button type="button" className="sp-button sp-button--quiet" disabled={pageNumber <= 1} onClick={() => onPage(pageNumber - 1)}>
        ‹ Previous
      </button>
      <span>
        Page {pageNumber} of {lastPage} · {total} {noun}
      </span>
      <button type="button" className="sp-button sp-button--quiet" disabled={pageNumber >= lastPage} onClick={() => onPage(pageNumber + 1)}>
        Next ›
      </button>
    </div>
  );
}
