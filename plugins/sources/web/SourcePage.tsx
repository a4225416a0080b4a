import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { apiErrorOf, Coordinates, ErrorCard, FailedPluginCards, Slot, type SlotFrame } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '../types';
import { useSourceQuery } from './api';
import { GroupChips } from './GroupChips';
import { SaveToGroupDialog } from './SaveToGroupDialog';

/** Panels are titled cards, named for screen readers by their title. */
const PanelCard: SlotFrame = ({ entry, children }) => (
  <section className="sp-card" data-testid={`panel-${entry.pluginName}.${entry.id}`} aria-label={entry.title ?? entry.id}>
    <h2 className="sp-card__title">{entry.title ?? entry.id}</h2>
    {children}
  </section>
);

/**
 * `/source/:id`. Offers two slots to other plugins, each entry given `{ sourceId, source }`:
 * `source.header` (inside the header) and `source.panels` (titled cards, by order).
 */
export function SourcePage() {
  const sourceId = useParams().id!;
  // currentData: the source of this URL only, never the previous one while the next loads.
  const { currentData: source, error: failure } = useSourceQuery(sourceId);
  const error = apiErrorOf(failure);
  const [saving, setSaving] = useState(false);

  if (error?.status === 404) {
    // Deliberately says nothing more: an invisible source and a missing one look the same.
    return (
      <div className="sp-page">
        <h1 data-testid="source-not-found">Source not found</h1>
      </div>
    );
  }
  if (error) return <ErrorCard pluginName="sources" title="Could not load the source" message={error.message} />;
  if (!source) return <p className="sp-muted">Loading…</p>;

  const slotProps: SourceSlotProps = { sourceId: source.id, source };
  return (
    <div className="sp-page">
      <header className="sp-card sp-page-header" data-testid="source-header">
        <div className="sp-page-header__main">
          <h1 className="sp-mono">{source.id}</h1>
          <Coordinates ra={source.ra} dec={source.dec} />
          <span>
            <span className="sp-muted">z = </span>
            <span data-testid="redshift">{source.redshift ?? '—'}</span>
          </span>
          <GroupChips groups={source.groups} />
          <button type="button" className="sp-button sp-button--secondary" onClick={() => setSaving(true)}>
            Save to group
          </button>
        </div>
        <Slot name="source.header" props={slotProps} />
      </header>

      {saving ? <SaveToGroupDialog source={source} onClose={() => setSaving(false)} /> : null}

      <div className="sp-panels" data-testid="source-panels">
        <Slot name="source.panels" props={slotProps} frame={PanelCard} />
        <FailedPluginCards />
      </div>
    </div>
  );
}
