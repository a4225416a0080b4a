import { useId, useRef, useState, type FormEvent } from 'react';
import { apiErrorOf, useProfile, type ApiError, FormError } from '@skyportal/sdk/web';
import { COMMENT_MAX_LENGTH } from '../types';
import { usePostCommentMutation, type CommentSubject } from './api';
import { readAttachment } from './files';
import { MentionTextarea } from './MentionTextarea';

interface Props {
  subject: CommentSubject;
  /** Groups the subject is shared with: those of them the user is in are chosen at first (else all the user's groups). */
  subjectGroupIds?: readonly number[];
}

/** Writes a comment: Markdown text, who may read it (the user's groups), and an optional file. */
export function CommentForm({ subject, subjectGroupIds }: Props) {
  const profile = useProfile();
  const groups = (profile?.groups ?? []).filter((group) => !group.single_user_group);
  const initial = groups.filter((group) => subjectGroupIds?.includes(group.id)).map((group) => group.id);
  const [chosen, setChosen] = useState<number[] | null>(null);
  const groupIds = chosen ?? (initial.length ? initial : groups.map((group) => group.id));
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [post, { isLoading: posting }] = usePostCommentMutation();
  const id = useId();
  const canComment = profile?.acls.includes('Comment') ?? false;

  if (!canComment) return <p className="sp-muted">You may read comments here; writing them needs the Comment permission.</p>;

  function toggle(groupId: number) {
    setChosen(groupIds.includes(groupId) ? groupIds.filter((g) => g !== groupId) : [...groupIds, groupId]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const attachment = file ? await readAttachment(file) : undefined;
      await post({ ...subject, text, group_ids: groupIds, attachment }).unwrap();
      setText('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : (apiErrorOf(failure as ApiError)?.message ?? 'Could not post the comment'));
    }
  }

  return (
    <form className="sp-form comments-form" onSubmit={submit} aria-label="New comment">
      <label htmlFor={`${id}-text`}>Comment (Markdown; @username notifies that person)</label>
      <MentionTextarea
        id={`${id}-text`}
        value={text}
        onChange={setText}
        groupIds={groupIds}
        rows={3}
        maxLength={COMMENT_MAX_LENGTH}
        required
        className="comments-textarea"
      />
      <fieldset className="sp-checklist sp-checklist--inline">
        <legend>Visible to</legend>
        {groups.map((group) => (
          <label key={group.id} className="sp-check">
            <input type="checkbox" checked={groupIds.includes(group.id)} onChange={() => toggle(group.id)} />
            {group.nickname || group.name}
          </label>
        ))}
      </fieldset>
      <div className="sp-form--inline comments-form__actions">
        <label>
          Attachment (optional)
          <input ref={fileInput} type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" className="sp-button" disabled={posting || !text.trim() || groupIds.length === 0}>
          {posting ? 'Posting…' : 'Post comment'}
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
}
