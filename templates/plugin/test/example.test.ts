// The plugin's tests, on a real app and a real PostgreSQL started by @skyportal/test-kit with only
// the plugins named here. Run them with `npm test` in this folder (or from the repository root).
import { coreServices, definePlugin } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TwoGroups } from '@skyportal/test-kit';
import { exampleHooks, exampleService, type NoteSavedEvent } from '../types.js';

// A plugin defined in the test that depends on this one: it reaches the service and the hook.
const notesSeen: NoteSavedEvent[] = [];
const dependent = definePlugin({
  name: 'example-dependent',
  dependsOn: ['example'],
  register({ router, hooks, services }) {
    hooks.get(exampleHooks.noteSaved).tap('example-dependent', (event) => void notesSeen.push(event));
    const notes = services.get(exampleService);
    const site = services.get(coreServices.site);
    router.post('/api/example-dependent/:objId', { access: { acl: 'Write example notes' }, summary: 'saves a note through the service' }, ({ user, ctx }) =>
      notes.saveNote(user, { obj_id: ctx.params.objId!, text: 'through the service', group_ids: [site.sitewideGroupId] }),
    );
  },
});

let server: TestServer;
let people: TwoGroups;
beforeAll(async () => {
  server = await startTestServer({
    plugins: ['sources', { plugin: new URL('..', import.meta.url), options: { greeting: 'Clear skies' } }, dependent],
  });
  // Writing notes takes this plugin's own ACL, which no role carries: granted to both.
  people = await server.twoGroupsWithUsers({ acls: ['Write example notes'] });
});

/** A source saved to `groupIds`, as its owner would save it. */
async function newSource(groupIds: number[]): Promise<string> {
  const id = uniqueId('src');
  expect((await server.request('POST', '/api/sources', { body: { id, ra: 210.9, dec: 54.3, group_ids: groupIds } })).status).toBe(200);
  return id;
}

const postNote = (body: object, token: string) => server.request('POST', '/api/example/notes', { token, body });

test('the plugin answers with its configured option', async () => {
  const res = await server.request('GET', '/api/example/hello', { token: null });
  expect(res.status).toBe(200);
  expect(res.body.data.message).toBe('Clear skies from the example plugin');
});

test('writing a note takes the ACL the plugin declares (401 without it, as SkyPortal), and nothing is stored', async () => {
  expect((await server.request('GET', '/api/acls')).body.data).toContain('Write example notes');
  const fullUser = await server.createUser({ groupIds: [people.groupA] });
  const objId = await newSource([people.groupA]);
  const res = await postNote({ obj_id: objId, text: 'hi', group_ids: [people.groupA] }, fullUser.token);
  expect(res.status).toBe(401);
  expect(res.body.message).toMatch(/Write example notes/);
  expect(await server.knex('example_notes').where({ obj_id: objId })).toEqual([]);
});

test('a note on a source is seen through its group only (404 for others)', async () => {
  const { alice, bob, groupA, groupB } = people;
  const objId = await newSource([groupA, groupB]);
  const made = await postNote({ obj_id: objId, text: 'seen through group A', group_ids: [groupA] }, alice.token);
  expect(made.status).toBe(200);
  const { id } = made.body.data;
  expect((await server.request('GET', `/api/example/notes/${id}`, { token: alice.token })).body.data).toMatchObject({
    obj_id: objId,
    text: 'seen through group A',
  });
  expect((await server.request('GET', `/api/example/notes/${id}`, { token: bob.token })).status).toBe(404);
  expect((await server.request('GET', '/api/example/notes', { token: bob.token, query: { obj_id: objId } })).body.data).toEqual([]);
  const listed = await server.request('GET', '/api/example/notes', { token: alice.token, query: { obj_id: objId } });
  expect(listed.body.data.map((note: { id: number }) => note.id)).toEqual([id]);
});

test('a source the caller cannot see is refused like one that does not exist: 400 naming obj_id, nothing stored', async () => {
  const { alice, groupA, groupB } = people;
  const hidden = await newSource([groupB]);
  const res = await postNote({ obj_id: hidden, text: 'sneaky', group_ids: [groupA] }, alice.token);
  expect(res.status).toBe(400);
  expect(res.body.message).toMatch(/^obj_id: /);
  expect(await server.knex('example_notes').where({ obj_id: hidden })).toEqual([]);
  expect((await server.request('GET', '/api/example/notes', { token: alice.token, query: { obj_id: hidden } })).status).toBe(404);
});

test('bad input is a 400 naming the field', async () => {
  const objId = await newSource([people.groupA]);
  const res = await postNote({ obj_id: objId, text: '   ', group_ids: [people.groupA] }, people.alice.token);
  expect(res.status).toBe(400);
  expect(res.body.message).toMatch(/\btext: /);
  expect(await server.knex('example_notes').where({ obj_id: objId })).toEqual([]);
});

test('a saved note fires the hook and reaches the group live; other plugins save through the service', async () => {
  const { alice, groupA } = people;
  const objId = await newSource([groupA]);
  const live = await server.subscribe(`group:${groupA}`, { token: alice.token });
  const made = await postNote({ obj_id: objId, text: 'live', group_ids: [groupA] }, alice.token);
  expect(await live.next((m) => m.type === 'example.noteSaved')).toEqual({
    channel: `group:${groupA}`,
    type: 'example.noteSaved',
    data: { id: made.body.data.id, obj_id: objId },
  });
  expect(notesSeen).toContainEqual({ noteId: made.body.data.id, objId, groupIds: [groupA] });

  const viaService = await server.request('POST', `/api/example-dependent/${objId}`);
  expect(viaService.status).toBe(200);
  expect(notesSeen.map((event) => event.noteId)).toContain(viaService.body.data.id);
});

test('deleting a source deletes its notes; the migration is recorded under the plugin name', async () => {
  const objId = await newSource([people.groupA]);
  await postNote({ obj_id: objId, text: 'gone with the source', group_ids: [people.groupA] }, people.alice.token);
  await server.knex('objs').where({ id: objId }).delete();
  expect(await server.knex('example_notes').where({ obj_id: objId })).toEqual([]);
  expect(await server.knex('knex_migrations').pluck('name')).toEqual(expect.arrayContaining(['core/001_core.ts', 'example/001_notes.ts']));
});
