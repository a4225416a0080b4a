import { apiErrorOf, ErrorCard } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useExampleHelloQuery } from './api';

/** Shows what the example plugin's server route answers; replace with your own panel. */
export function ExamplePanel(_props: SourceSlotProps) {
  const { data, error: failure } = useExampleHelloQuery();
  const error = apiErrorOf(failure);
  if (error) return <ErrorCard pluginName="example" title="Example route failed" message={error.message} />;
  if (data === undefined) return <p className="sp-muted">Loading…</p>;
  return (
    <pre className="sp-mono" data-testid="example-hello">
      {JSON.stringify(data, null, 2)}
    </pre>
  );
}
