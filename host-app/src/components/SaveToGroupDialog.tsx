import { useEffect, useRef, useState, type FormEvent } from 'react';
import { apiFetch, ErrorCard, useApiQuery, type SourceSummary } from '@skyportal/sdk/web';

interface GroupsResponse {
  user_groups: { id: number; name: string; nickname: string | null; single_user_group: boolean }[];
}

interface Props {
  source: SourceSummary;
  onClose: () => void;
  onSaved: () => void;
}

/** Modal <dialog>: the user picks among their own groups; already-saved groups are shown checked and locked. */
export function SaveToGroupDialog({ source, onClose, onSaved }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const groups = useApiQuery<GroupsResponse>('/api/groups');
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
      await apiFetch('/api/sources', {
        method: 'POST',
        body: { id: source.id, ra: source.ra, dec: source.dec, group_ids: [...chosen] },
      });
      onSaved();
    } catch (failure) {
      setError((failure as Error).message);
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
        {groups.error ? <ErrorCard title="Could not load your groups" message={groups.error.message} /> : null}
        <fieldset className="sp-checklist">
          <legend>Your groups</legend>
          {groups.data?.user_groups.map((group) => (
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
        {error ? (
          <p className="sp-form__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="sp-form__actions">
          <button type="button" className="sp-button sp-button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="sp-button" disabled={chosen.size === 0}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
