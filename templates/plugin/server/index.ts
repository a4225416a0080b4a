import { coreServices, definePlugin, notFound, scopeToGroups, z } from '@skyportal/sdk';
import { exampleHooks, exampleService } from '../types.js';
import { saveNote } from './notes.js';

export * from '../types.js';

/**
 * The scaffold for a new plugin: options, one ACL, one table with group links, routes that declare
 * their access, a typed service and a hook of its own, a live message, and the three lifecycle
 * phases. Start a plugin with `npx skyportal create-plugin NAME`.
 */
export default definePlugin({
  name: 'example',
  // Plugins whose refs this one uses (their hooks and services); they register first.
  dependsOn: [],
  options: z.object({ greeting: z.string().min(1).default('Hello') }).default({ greeting: 'Hello' }),
  acls: ['Write notes'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const deps = { db: services.get(coreServices.db), live: services.get(coreServices.live), saved: hooks.provide(exampleHooks.noteSaved) };
    services.provide(exampleService, { saveNote: (user, input) => saveNote(deps, user, input) });

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
      ({ user, body }) => saveNote(deps, user, body),
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

  // After every plugin registered: a place for work that needs others' services wired (none here).
  async bootstrap({ services }) {
    services.get(coreServices.logger).debug('example plugin ready');
  },

  // On shutdown, in reverse order: release what register or bootstrap acquired (nothing here).
  async destroy({ services }) {
    services.get(coreServices.logger).debug('example plugin stopped');
  },
});
