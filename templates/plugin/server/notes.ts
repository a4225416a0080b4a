import { badRequest, resolveWritableGroups, scopeToGroups, type HookOf, type Knex, type LiveHub, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { exampleHooks, Note, SaveNoteInput } from '../types.js';

export interface NoteDeps {
  db: Knex;
  live: LiveHub;
  sources: SourcesService;
  saved: HookOf<typeof exampleHooks.noteSaved>;
}

/** Notes are read through their groups: the one visibility rule, applied by the SDK's scoping helper. */
export function visibleNotes(db: Knex, user: Principal) {
  const query = db('example_notes').select('example_notes.id', 'obj_id', 'text', 'owner_id', 'created_at');
  return scopeToGroups(query, user, { via: { table: 'example_note_groups', foreignKey: 'note_id', rowId: 'example_notes.id' } });
}

/** Stores a note on a source the caller may see, linked to groups they may write to; then tells others. */
export async function saveNote(deps: NoteDeps, user: Principal, input: SaveNoteInput): Promise<{ id: number }> {
  // A source the caller cannot see gets the same answer as one that does not exist.
  if (!(await deps.sources.visibleObj(user, input.obj_id))) throw badRequest(`obj_id: no source ${input.obj_id} among your sources`);
  const groupIds = await resolveWritableGroups(deps.db, user, input.group_ids);
  const id = await deps.db.transaction(async (trx) => {
    const [note] = await trx('example_notes').insert({ obj_id: input.obj_id, text: input.text, owner_id: user.id }).returning('id');
    await trx('example_note_groups').insert(groupIds.map((group_id) => ({ note_id: note.id, group_id })));
    return note.id as number;
  });
  await deps.saved.promise({ noteId: id, objId: input.obj_id, groupIds });
  await deps.live.publishToGroups(groupIds, { type: 'example.noteSaved', data: { id, obj_id: input.obj_id } });
  return { id };
}

/** The notes on one source that the caller may read, oldest first. */
export async function notesOn(deps: NoteDeps, user: Principal, objId: string): Promise<Note[]> {
  return visibleNotes(deps.db, user).where('obj_id', objId).orderBy('example_notes.id');
}
