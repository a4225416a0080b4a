import { apiErrorOf, ErrorCard } from '@skyportal/sdk/web';
import type { SourceSlotProps } from '@skyportal/plugin-sources/types';
import { useExampleHelloQuery, useExampleNotesQuery } from './api';

/** The plugin's greeting and the notes the caller's groups have on this source; replace with your own panel. */
export function ExamplePanel({ sourceId }: SourceSlotProps) {
  const hello = useExampleHelloQuery();
  const notes = useExampleNotesQuery(sourceId);
  const error = apiErrorOf(hello.error ?? notes.error);
  if (error) return <ErrorCard pluginName="example" title="Example route failed" message={error.message} />;
  if (hello.data === undefined || notes.data === undefined) return <p className="sp-muted">Loading…</p>;
  return (
    <div>
      <p data-testid="example-hello">{hello.data.message}</p>
      {notes.data.length ? (
        <ul data-testid="example-notes">
          {notes.data.map((note) => (
            <li key={note.id}>{note.text}</li>
          ))}
        </ul>
      ) : (
        <p className="sp-muted">No notes on {sourceId} yet.</p>
      )}
    </div>
  );
}
