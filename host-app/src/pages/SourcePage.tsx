import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiRequestError, ErrorCard, PluginErrorBoundary, useApiQuery, type SourceSlotProps, type SourceSummary } from '@skyportal/sdk/web';
import { Coordinates } from '../components/Coordinates';
import { FailedPluginCards } from '../components/FailedPluginCards';
import { GroupChips } from '../components/GroupChips';
import { SaveToGroupDialog } from '../components/SaveToGroupDialog';
import { useSlot } from '../plugins/registry';

export function SourcePage() {
  const sourceId = useParams().id!;
  const { data: source, error, loading, reload } = useApiQuery<SourceSummary>(`/api/sources/${encodeURIComponent(sourceId)}`);
  const headerEntries = useSlot<SourceSlotProps>('source.header');
  const panels = useSlot<SourceSlotProps>('source.panels');
  const [saving, setSaving] = useState(false);

  if (error instanceof ApiRequestError && error.status === 404) {
    // Deliberately says nothing more: an invisible source and a missing one look the same.
    return (
      <div className="sp-page">
        <h1 data-testid="source-not-found">Source not found</h1>
      </div>
    );
  }
  if (error) return <ErrorCard title="Could not load the source" message={error.message} />;
  if (!source || (loading && source.id !== sourceId)) return <p className="sp-muted">Loading…</p>;

  return (
    <div className="sp-page">
      <header className="sp-card sp-source-header" data-testid="source-header">
        <div className="sp-source-header__main">
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
        {headerEntries.map(({ pluginName, id, component: Entry }) => (
          <PluginErrorBoundary key={`${pluginName}.${id}`} pluginName={pluginName} label={`header ${id}`}>
            <Entry sourceId={source.id} source={source} />
          </PluginErrorBoundary>
        ))}
      </header>

      {saving ? (
        <SaveToGroupDialog
          source={source}
          onClose={() => setSaving(false)}
          onSaved={() => {
            setSaving(false);
            reload();
          }}
        />
      ) : null}

      <div className="sp-panels" data-testid="source-panels">
        {panels.map(({ pluginName, id, title, component: Panel }) => (
          <section key={`${pluginName}.${id}`} className="sp-card" data-testid={`panel-${pluginName}.${id}`}>
            <h2 className="sp-card__title">{title ?? id}</h2>
            <PluginErrorBoundary pluginName={pluginName} label={`panel ${id}`}>
              <Panel sourceId={source.id} source={source} />
            </PluginErrorBoundary>
          </section>
        ))}
        <FailedPluginCards />
      </div>
    </div>
  );
}
