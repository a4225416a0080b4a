import { useId, useState, type FormEvent } from 'react';
import { apiErrorOf, formatUtc, parseUtc, useProfile, type ApiError, FormError } from '@skyportal/sdk/web';
import { COMMENT_MAX_LENGTH, type Comment } from '../types';
import { useDeleteCommentMutation, useEditCommentMutation, type CommentSubject } from './api';
import { Author } from './Author';
import { formatBytes } from './files';
import { Markdown } from './Markdown';
import { MentionTextarea } from './MentionTextarea';

/** One comment: who, when, for whom, its text as Markdown, its file; its author may edit or delete it. */
export function CommentItem({ comment, subject }: { comment: Comment; subject: CommentSubject }) {
  const profile = useProfile();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [remove, { isLoading: removing }] = useDeleteCommentMutation();
  // The server decides (the author, or Manage sources over all of its groups); these are who may try.
  const mayChange = profile && (comment.author_id === profile.id || profile.acls.includes('Manage sources') || profile.acls.includes('System admin'));
  // Both are the insert's now() until a change sets `modified`.
  const edited = parseUtc(comment.modified).getTime() > parseUtc(comment.created_at).getTime();
  const attachmentUrl = `/api/${subject.resource}/${encodeURIComponent(String(subject.id))}/comments/${comment.id}/attachment`;

  async function onDelete() {
    if (!window.confirm('Delete this comment?')) return;
    setError(null);
    try {
      await remove({ ...subject, commentId: comment.id }).unwrap();
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not delete the comment');
    }
  }

  return (
    <li className="comments-item" data-testid="comment" data-comment-id={comment.id}>
      <div className="comments-item__meta">
        <Author author={comment.author} bot={comment.bot} />
        <time dateTime={comment.created_at} className="sp-muted" title={`${formatUtc(comment.created_at)} UTC`}>
          {formatUtc(comment.created_at)} UTC
        </time>
        {edited ? <span className="sp-muted">(edited)</span> : null}
        <span className="sp-chips" aria-label="Visible to">
          {comment.groups.map((group) => (
            <span key={group.id} className="sp-chip" title={group.name}>
              {group.nickname || group.name}
            </span>
          ))}
        </span>
        {mayChange && !editing ? (
          <span className="comments-item__actions">
            <button type="button" className="sp-button sp-button--quiet" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="sp-button sp-button--danger" onClick={onDelete} disabled={removing}>
              Delete
            </button>
          </span>
        ) : null}
      </div>
      {editing ? <EditForm comment={comment} subject={subject} onDone={() => setEditing(false)} /> : <Markdown text={comment.text} testId="comment-text" />}
      {comment.attachment_name ? (
        <p className="comments-item__attachment">
          <a href={attachmentUrl} download={comment.attachment_name}>
            {comment.attachment_name}
          </a>
          {comment.attachment_size !== null ? <span className="sp-muted"> ({formatBytes(comment.attachment_size)})</span> : null}
        </p>
      ) : null}
      <FormError error={error} />
    </li>
  );
}

function EditForm({ comment, subject, onDone }: { comment: Comment; subject: CommentSubject; onDone: () => void }) {
  const [text, setText] = useState(comment.text);
  const [error, setError] = useState<string | null>(null);
  const [edit, { isLoading: saving }] = useEditCommentMutation();
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await edit({ ...subject, commentId: comment.id, text }).unwrap();
      onDone();
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not save the comment');
    }
  }

  return (
    <form className="sp-form" onSubmit={submit} aria-label="Edit comment">
      <label htmlFor={`${id}-text`}>Comment</label>
      <MentionTextarea
        id={`${id}-text`}
        value={text}
        onChange={setText}
        groupIds={comment.groups.map((group) => group.id)}
        rows={3}
        maxLength={COMMENT_MAX_LENGTH}
        required
        className="comments-textarea"
        autoFocus
      />
      <div className="sp-form__actions">
        <button type="button" className="sp-button sp-button--quiet" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="sp-button" disabled={saving || !text.trim()}>
          Save
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}
