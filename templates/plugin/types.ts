// What the example plugin offers others: the shapes of its hooks and the refs to reach them.
import type { Principal } from '@skyportal/sdk';
import { createServiceRef, defineHook } from '@skyportal/sdk/refs';

/** Fired after a note is saved; other plugins that depend on `example` may tap it. */
export interface NoteSavedEvent {
  noteId: number;
  groupIds: number[];
}

export const exampleHooks = Object.freeze({
  noteSaved: defineHook<NoteSavedEvent>({ id: 'example.noteSaved', kind: 'asyncParallel' }),
});

export interface SaveNoteInput {
  text: string;
  group_ids: number[];
}

/** What plugins that depend on `example` call: `services.get(exampleService)`. */
export interface ExampleService {
  /** Saves a note as `user` would through `POST /api/example/notes` (same checks, same hook). */
  saveNote(user: Principal, input: SaveNoteInput): Promise<{ id: number }>;
}

export const exampleService = createServiceRef<ExampleService>({ id: 'example.service' });
