import { definePlugin, z, AsyncParallelHook, scopeToGroups, checkWritableGroups, notFound } from '@skyportal/sdk';

/** Fired after a note is saved; other plugins that depend on `example` may tap it. */
export interface NoteSavedEvent {
  noteId: number;
  groupIds: number[];
}

/**
 * The scaffold for a new plugin: options, one ACL, one table with group links, routes that declare
 * their access, a hook of its own and a live message. Copy this folder to start a plugin.
 */
export default definePlugin({
  name: 'example',
  options: z.object({ greeting: z.string().min(1).default('Hello') }),
  acls: ['Write notes'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, options, live }) {
    const saved = hooks.define('noteSaved', new AsyncParallelHook<[NoteSavedEvent]>(['event']));

    router.get('/api/example/hello', { access: 'public', summary: 'A greeting from the example plugin' }, () => ({
      message: `${options.greeting} from the example plugin`,
    }));

    router.post(
      '/api/example/notes',
      {
        access: { acl: 'Write notes' },
        summary: 'Save a note to some of your groups',
        body: z.object({ text: z.string().trim().min(1).max(2000), group_ids: z.array(z.number().int()).min(1) }),
      },
      async ({ user, body, db }) => {
        const groupIds = checkWritableGroups(user, body.group_ids);
        const id = await db.transaction(async (trx) => {
          const [note] = await trx('example_notes').insert({ text: body.text, owner_id: user.id }).returning('id');
          await trx('example_note_groups').insert(groupIds.map((group_id) => ({ note_id: note.id, group_id })));
          return note.id as number;
        });
        await saved.promise({ noteId: id, groupIds });
        for (const groupId of groupIds) {
          await live.publish(`group:${groupId}`, { type: 'example.noteSaved', data: { id } }, { groupIds: [groupId] });
        }
        return { id };
      },
    );

    router.get(
      '/api/example/notes/:id',
      { access: 'authenticated', summary: 'A note, if one of your groups has it', params: z.object({ id: z.coerce.number().int() }) },
      async ({ user, params, db }) => {
        const query = db('example_notes').where('example_notes.id', params.id).first('id', 'text', 'owner_id');
        const note = await scopeToGroups(query, user, {
          via: { table: 'example_note_groups', foreignKey: 'note_id', rowId: 'example_notes.id' },
        });
        if (!note) throw notFound(`Note ${params.id}`);
        return note;
      },
    );
  },
});
