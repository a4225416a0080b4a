import { useState } from 'react';
import { apiErrorOf, ErrorCard } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useCommentsQuery, type CommentSubject } from './api';
import { CommentForm } from './CommentForm';
import { CommentItem } from './CommentItem';

/** Comments per page: a night's discussion of a source fits on the first. */
export const COMMENTS_PER_PAGE = 10;

interface Props {
  subject: CommentSubject;
  subjectGroupIds?: readonly number[];
  /** Names the list for screen readers and tests (`comments` on a source, `spectrum-comments` on a spectrum). */
  testId: string;
}

/**
 * The comments on a source or a spectrum, newest first, with the form to add one. Live: the page
 * follows the source's channel, where every change to its comments is announced to exactly the
 * users who may read it; the cached page then refetches (see api.ts).
 */
export function CommentsPanel({ subject, subjectGroupIds, testId }: Props) {
  const [pageNumber, setPageNumber] = useState(1);
  const { currentData: comments, error: failure, isFetching } = useCommentsQuery({ ...subject, pageNumber, numPerPage: COMMENTS_PER_PAGE });
  const error = apiErrorOf(failure);
  const older = comments?.length === COMMENTS_PER_PAGE;

  return (
    <div className="comments-panel" data-testid={testId}>
      <CommentForm subject={subject} subjectGroupIds={subjectGroupIds} />
      {error ? <ErrorCard pluginName="comments" title="Could not load the comments" message={error.message} /> : null}
      {comments && comments.length === 0 ? (
        <p className="sp-muted" data-testid="no-comments">
          {pageNumber === 1 ? 'No comments yet.' : 'No older comments.'}
        </p>
      ) : null}
      {comments && comments.length > 0 ? (
        <ul className="comments-list" aria-label="Comments" aria-busy={isFetching}>
          {comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} subject={subject} />
          ))}
        </ul>
      ) : null}
      {pageNumber > 1 || older ? (
        <nav className="sp-pager" aria-label="Comment pages">
          <button type="button" className="sp-button sp-button--secondary" disabled={pageNumber === 1} onClick={() => setPageNumber(pageNumber - 1)}>
            Newer
          </button>
          <span className="sp-muted">Page {pageNumber}</span>
          <button type="button" className="sp-button sp-button--secondary" disabled={!older} onClick={() => setPageNumber(pageNumber + 1)}>
            Older
          </button>
        </nav>
      ) : null}
    </div>
  );
}

/** `source.panels`: the comments on the source itself. */
export function SourceCommentsPanel({ sourceId, source }: SourceSlotProps) {
  return (
    <CommentsPanel
      subject={{ resource: 'sources', id: sourceId, objId: sourceId }}
      subjectGroupIds={source.groups.map((group) => group.id)}
      testId="comments"
    />
  );
}

/**
 * The props of the spectra plugin's `spectrum.panels` slot that this entry reads (the spectra web
 * part renders the slot once per spectrum). Declared here so comments need no spectra code.
 */
export interface SpectrumCommentsProps {
  sourceId: string;
  spectrumId: number;
  spectrum?: { groups?: { id: number }[] };
}

/** `spectrum.panels`: the comments on one spectrum. */
export function SpectrumCommentsPanel({ sourceId, spectrumId, spectrum }: SpectrumCommentsProps) {
  return (
    <CommentsPanel
      subject={{ resource: 'spectra', id: spectrumId, objId: sourceId }}
      subjectGroupIds={spectrum?.groups?.map((group) => group.id)}
      testId="spectrum-comments"
    />
  );
}
