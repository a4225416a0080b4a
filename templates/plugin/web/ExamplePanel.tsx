import { ErrorCard, useApiQuery, type SourceSlotProps } from '@skyportal/sdk/web';

/** Shows what the example plugin's server route answers; replace with your own panel. */
export function ExamplePanel({ sourceId }: SourceSlotProps) {
  const { data, error, loading } = useApiQuery<unknown>('/api/example/hello', { sourceId });
  if (error) return <ErrorCard pluginName="example" title="Example route failed" message={error.message} />;
  if (loading && data === undefined) return <p className="sp-muted">Loading…</p>;
  return (
    <pre className="sp-mono" data-testid="example-hello">
      {JSON.stringify(data, null, 2)}
    </pre>
  );
}
