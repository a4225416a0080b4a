import { ErrorCard } from '@skyportal/sdk/web';
import { useAppSelector } from '../hooks';

/** One error card per plugin that could not load, shown where its panels would have been. */
export function FailedPluginCards() {
  const failed = useAppSelector((state) => state.plugins.failed);
  return (
    <>
      {failed.map(({ name, reason }) => (
        <ErrorCard key={name} pluginName={name} title={`Plugin "${name}" could not be loaded`} message={reason} />
      ))}
    </>
  );
}

/** A one-line notice for pages that do not host plugin panels. */
export function FailedPluginNotice() {
  const failed = useAppSelector((state) => state.plugins.failed);
  if (failed.length === 0) return null;
  return (
    <p className="sp-notice" role="status" data-testid="failed-plugins-notice">
      {failed.length === 1 ? 'A plugin' : `${failed.length} plugins`} could not be loaded: {failed.map((f) => f.name).join(', ')}. The rest of SkyPortal works
      normally.
    </p>
  );
}
