import { useLoadedPlugins } from '@skyportal/sdk/web';

/** A one-line notice for pages that do not show plugin entries, so a failed plugin is never silent. */
export function FailedPluginNotice() {
  const { failed } = useLoadedPlugins();
  if (failed.length === 0) return null;
  return (
    <p className="sp-notice" role="status" data-testid="failed-plugins-notice">
      {failed.length === 1 ? 'A plugin' : `${failed.length} plugins`} could not be loaded: {failed.map((f) => f.name).join(', ')}. The rest of SkyPortal works
      normally.
    </p>
  );
}
