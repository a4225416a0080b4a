import { coreServices, definePlugin, inputs, notFound, z } from '@skyportal/sdk';
import { sourcesService } from '@skyportal/plugin-sources/types';
import { exampleHooks, exampleService } from '../types.js';
import { notesOn, saveNote, visibleNotes, type NoteDeps } from './notes.js';

export * from '../types.js';

/**
 * The scaffold for a new plugin: notes on sources. It shows a dependency (`sources`: its typed
 * service), options, one ACL, a migration with group links, routes that declare their access, a
 * typed service and a hook of its own, a live message, the three lifecycle phases, and (in web/) a
 * panel on the source page. Start a plugin with `npx skyportal create-plugin NAME`.
 */
export default definePlugin({
  name: 'example',
  // Plugins whose refs this one uses; they register first, and their hooks and services become reachable.
  dependsOn: ['sources'],
  options: z.object({ greeting: z.string().min(1).default('Hello') }).default({ greeting: 'Hello' }),
  acls: ['Write example notes'],
  migrations: new URL('../migrations/', import.meta.url),

  register({ router, hooks, services, options }) {
    const deps: NoteDeps = {
      db: services.get(coreServices.db),
      live: services.get(coreServices.live),
      sources: services.get(sourcesService),
      saved: hooks.provide(exampleHooks.noteSaved),
    };
    services.provide(exampleService, { saveNote: (user, input) => saveNote(deps, user, input) });

    router.get('/api/example/hello', { access: 'public', summary: 'A greeting from the example plugin' }, () => ({
      message: `${options.greeting} from the example plugin`,
    }));

    router.post(
      '/api/example/notes',
      {
        access: { acl: 'Write example notes' },
        summary: 'Save a note on a source to some of your groups',
        body: z.object({ obj_id: inputs.identifier(200), text: inputs.text(2000).trim().min(1), group_ids: inputs.dbIdArray(100).min(1) }),
      },
      ({ user, body }) => saveNote(deps, user, body),
    );

    router.get(
      '/api/example/notes',
      { access: 'authenticated', summary: 'The notes on a source that your groups have', query: z.object({ obj_id: inputs.identifier(200) }) },
      async ({ user, query }) => {
        if (!(await deps.sources.visibleObj(user, query.obj_id))) throw notFound(`Source ${query.obj_id}`);
        return notesOn(deps, user, query.obj_id);
      },
    );

    router.get(
      '/api/example/notes/:id',
      { access: 'authenticated', summary: 'A note, if one of your groups has it', params: z.object({ id: inputs.dbId }) },
      async ({ user, params }) => {
        const note = await visibleNotes(deps.db, user).where('example_notes.id', params.id).first();
        if (!note) throw notFound(`Note ${params.id}`);
        return note;
      },
    );
  },

  // After every plugin registered: work that needs the database migrated and every service wired.
  async bootstrap({ services }) {
    const stored = await services.get(coreServices.db)('example_notes').count({ count: '*' }).first();
    services.get(coreServices.logger).info({ notes: Number(stored?.count ?? 0) }, 'example plugin ready');
  },

  // On shutdown, in reverse order: release what register or bootstrap acquired (timers, clients).
  async destroy({ services }) {
    services.get(coreServices.logger).info('example plugin stopped');
  },
});
