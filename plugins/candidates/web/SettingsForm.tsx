import { useState, type FormEvent } from 'react';
import type { ScanFilter } from './model';
import { defaultSettings, type SavedStatus, type ScanSettings } from './query';

interface Props {
  settings: ScanSettings;
  filters: ScanFilter[];
  groupNames: Map<number, string>;
  onApply(settings: ScanSettings): void;
}

/** What to scan: filters (under their groups), the date range (UTC), saved status, rejections. Applied by Scan. */
export function SettingsForm({ settings, filters, groupNames, onApply }: Props) {
  const [draft, setDraft] = useState(settings);
  const byGroup = new Map<number, ScanFilter[]>();
  for (const filter of filters) byGroup.set(filter.group_id, [...(byGroup.get(filter.group_id) ?? []), filter]);

  function toggle(id: number) {
    setDraft((current) => ({ ...current, filterIds: current.filterIds.includes(id) ? current.filterIds.filter((f) => f !== id) : [...current.filterIds, id] }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="sp-card sp-form scan-settings" onSubmit={submit} aria-label="What to scan">
      <fieldset className="scan-settings__filters">
        <legend>Filters</legend>
        {filters.length === 0 ? <span className="sp-muted">No filters in your groups.</span> : null}
        {[...byGroup].map(([groupId, own]) => (
          <div key={groupId} className="scan-settings__group" role="group" aria-label={groupNames.get(groupId) ?? `Group ${groupId}`}>
            <span className="scan-settings__group-name">{groupNames.get(groupId) ?? `Group ${groupId}`}</span>
            {own.map((filter) => (
              <label key={filter.id} className="scan-check">
                <input type="checkbox" checked={draft.filterIds.includes(filter.id)} onChange={() => toggle(filter.id)} />
                {filter.name}
              </label>
            ))}
          </div>
        ))}
        <span className="sp-muted scan-settings__hint">None ticked: every filter.</span>
      </fieldset>
      <div className="scan-settings__row">
        <label>
          From (UTC)
          <input type="datetime-local" value={draft.startDate} onChange={(e) => setDraft({ ...draft, startDate: e.target.value })} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" value={draft.endDate} onChange={(e) => setDraft({ ...draft, endDate: e.target.value })} />
        </label>
        <label>
          Show
          <select value={draft.savedStatus} onChange={(e) => setDraft({ ...draft, savedStatus: e.target.value as SavedStatus })}>
            <option value="notSavedToAnyAccessible">not yet saved</option>
            <option value="all">saved and not saved</option>
          </select>
        </label>
        <label className="scan-check">
          <input type="checkbox" checked={draft.hideRejected} onChange={(e) => setDraft({ ...draft, hideRejected: e.target.checked })} />
          Hide my rejected
        </label>
        <button type="submit" className="sp-button">
          Scan
        </button>
        <button
          type="button"
          className="sp-button sp-button--quiet"
          onClick={() => {
            const fresh = defaultSettings();
            setDraft(fresh);
            onApply(fresh);
          }}
        >
          Last 24 h
        </button>
      </div>
    </form>
  );
}
