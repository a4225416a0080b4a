import { useEffect, useRef, useState, type FormEvent } from 'react';
import { apiErrorOf, useProfile, type ApiError, FormError } from '@skyportal/sdk/web';
import type { Source } from '../types';
import { useSaveSourceMutation } from './api';

interface Props {
  source: Source;
  onClose: () => void;
}

/** Modal <dialog>: the user picks among their own groups; already-saved groups are shown checked and locked. */
export function SaveToGroupDialog({ source, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  // The user's groups come with the profile the page already holds: no request of its own.
  const groups = (useProfile()?.groups ?? []).filter((group) => !group.single_user_group);
  const [saveSource, { isLoading: saving }] = useSaveSourceMutation();
  const savedIds = new Set(source.groups.map((g) => g.id));
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      // Saving an existing source only adds groups (the server keeps its stored position).
      await saveSource({ id: source.id, ra: source.ra ?? 0, dec: source.dec ?? 0, group_ids: [...chosen] }).unwrap();
      onClose(); // the source refetches by itself: the save invalidated it
    } catch (failure) {
      setError(apiErrorOf(failure as ApiError)?.message ?? 'Could not save');
    }
  }

  function toggle(id: number) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  }

  return (
    <dialog ref={dialog} className="sp-dialog" aria-label="Save to group" onCancel={onClose}>
      <form onSubmit={save} className="sp-form">
        <h2>Save {source.id} to groups</h2>
        <fieldset className="sp-checklist">
          <legend>Your groups</legend>
          {groups.map((group) => (
            <label key={group.id} className="sp-check">
              <input
                type="checkbox"
                checked={savedIds.has(group.id) || chosen.has(group.id)}
                disabled={savedIds.has(group.id)}
                onChange={() => toggle(group.id)}
              />
              {group.name}
              {savedIds.has(group.id) ? <span className="sp-muted"> (saved)</span> : null}
            </label>
          ))}
        </fieldset>
        <FormError error={error} />
        <div className="sp-form__actions">
          <button type="button" className="sp-button sp-button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="sp-button" disabled={chosen.size === 0 || saving}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
