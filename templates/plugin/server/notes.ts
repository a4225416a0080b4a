import { resolveWritableGroups, type HookOf, type Knex, type LiveHub, type Principal } from '@skyportal/sdk';
import type { exampleHooks, SaveNoteInput } from '../types.js';

export interface NoteDeps {
  db: Knex;
  live: LiveHub;
  saved: HookOf<typeof exampleHooks.noteSaved>;
}

/** Stores a note linked to groups the caller may write to, then tells others (hook, live message). */
export async function saveNote(deps: NoteDeps, user: Principal, input: SaveNoteInput): Promise<{ id: number }> {
  const groupIds = await resolveWritableGroups(deps.db, user, input.group_ids);
  const id = await deps.db.transaction(async (trx) => {
    const [note] = await trx('example_notes').insert({ text: input.text, owner_id: user.id }).returning('id');
    await trx('example_note_groups').insert(groupIds.map((group_id) => ({ note_id: note.id, group_id })));
    return note.id as number;
  });
  await deps.saved.promise({ noteId: id, groupIds });
  await deps.live.publishToGroups(groupIds, { type: 'example.noteSaved', data: { id } });
  return { id };
}
