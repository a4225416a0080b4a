import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// An open source page learns of classifications being added, edited, voted on and deleted
// (`classifications.changed` on `source:<obj_id>`, over a real WebSocket), and only those who may
// read the classification hear of it.
let server: TestServer;
let alice: TestUser; // group A
let bob: TestUser; // group B
let groupA: number;
let groupB: number;
let objId: string;
let taxonomyId: number;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Classify', 'Post taxonomy'] }));
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 12, dec: 34, group_ids: [groupA, groupB] } });
  taxonomyId = (
    await server.request('POST', '/api/taxonomy', {
      body: { name: uniqueId('live'), version: '1', hierarchy: { class: 'Transient', subclasses: [{ class: 'Ia' }, { class: 'II' }] } },
    })
  ).body.data.taxonomy_id;
});

const changed = (id: number, action: string) => (m: { type: string; data?: { classification_id?: number; action?: string } }) =>
  m.type === 'classifications.changed' && m.data?.classification_id === id && m.data?.action === action;

test("a classification's changes reach its group's open source pages, not others'", async () => {
  const alicePage = await server.subscribe(`source:${objId}`, { token: alice.token });
  const bobPage = await server.subscribe(`source:${objId}`, { token: bob.token });
  const posted = await server.request('POST', '/api/classification', {
    token: alice.token,
    body: { obj_id: objId, taxonomy_id: taxonomyId, classification: 'Ia', probability: 0.7, group_ids: [groupA] },
  });
  const id: number = posted.body.data.classification_id;
  expect(await alicePage.next(changed(id, 'added'))).toMatchObject({
    type: 'classifications.changed',
    data: { obj_id: objId, classification_id: id, action: 'added' },
  });
  await server.request('PUT', `/api/classification/${id}`, { token: alice.token, body: { probability: 0.9 } });
  await alicePage.next(changed(id, 'edited'));
  await server.request('POST', `/api/classification/votes/${id}`, { token: alice.token, body: { vote: -1 } });
  await alicePage.next(changed(id, 'voted'));
  await server.request('DELETE', `/api/classification/${id}`, { token: alice.token });
  await alicePage.next(changed(id, 'deleted'));
  // bob (group B) sees the source but not this classification: nothing of it reaches him.
  await expect(bobPage.next((m) => m.type === 'classifications.changed', { timeoutMs: 500 })).rejects.toThrow();
});

test('moving a classification to another group tells both, so the old one drops it', async () => {
  const bobPage = await server.subscribe(`source:${objId}`, { token: bob.token });
  const id = (
    await server.request('POST', '/api/classification', { body: { obj_id: objId, taxonomy_id: taxonomyId, classification: 'II', group_ids: [groupB] } })
  ).body.data.classification_id;
  await bobPage.next(changed(id, 'added'));
  expect((await server.request('PUT', `/api/classification/${id}`, { body: { group_ids: [groupA] } })).status).toBe(200);
  await bobPage.next(changed(id, 'edited'));
  expect((await server.request('GET', `/api/sources/${objId}/classifications`, { token: bob.token })).body.data.map((c: { id: number }) => c.id)).not.toContain(
    id,
  );
});

test('a posted taxonomy is announced to its groups', async () => {
  const groupPage = await server.subscribe(`group:${groupA}`, { token: alice.token });
  const id = (
    await server.request('POST', '/api/taxonomy', {
      token: alice.token,
      body: { name: uniqueId('announced'), version: '1', hierarchy: { class: 'X' }, group_ids: [groupA] },
    })
  ).body.data.taxonomy_id;
  expect(await groupPage.next((m) => m.type === 'taxonomies.changed')).toMatchObject({
    type: 'taxonomies.changed',
    data: { taxonomy_id: id, action: 'added' },
  });
});
