// What the example plugin offers others: the shapes of its rows, hook and service, and the typed
// refs to reach them. Read by its server part, its web part and the plugins that depend on it, so
// it imports only types and `@skyportal/sdk/refs` (no runtime dependencies).
import type { Principal } from '@skyportal/sdk';
import { createServiceRef, defineHook } from '@skyportal/sdk/refs';

/** A note on a source, as `GET /api/example/notes` lists it. */
export interface Note {
  id: number;
  obj_id: string;
  text: string;
  owner_id: number | null;
  created_at: string;
}

/** Fired after a note is saved; plugins that list `example` in `dependsOn` may tap it. */
export interface NoteSavedEvent {
  noteId: number;
  objId: string;
  groupIds: number[];
}

export const exampleHooks = Object.freeze({
  noteSaved: defineHook<NoteSavedEvent>({ id: 'example.noteSaved', kind: 'asyncParallel' }),
});

export interface SaveNoteInput {
  obj_id: string;
  text: string;
  group_ids: number[];
}

/** What plugins that depend on `example` call: `services.get(exampleService)`. */
export interface ExampleService {
  /** Saves a note as `user` would through `POST /api/example/notes` (same checks, same hook). */
  saveNote(user: Principal, input: SaveNoteInput): Promise<{ id: number }>;
}

export const exampleService = createServiceRef<ExampleService>({ id: 'example.service' });
