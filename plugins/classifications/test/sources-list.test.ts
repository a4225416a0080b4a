import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { demoTaxonomy } from '../server/demo.js';

// The sources list and source answers with classifications (sources.serialize / sources.filter):
// SkyPortal's `classifications=<taxonomy>: <class>`, `nonclassifications`, `classified`,
// `unclassified` filters (upstream's test_sources_filter_by_classifications/unclassified, which the
// peer harness cannot run), and the `classifications` field, each counting only what the caller reads.
let server: TestServer;
let alice: TestUser; // group A
let bob: TestUser; // group B
let groupA: number;
let groupB: number;
let taxonomyName: string;
let taxonomyId: number;
const ACLS = ['Classify', 'Post taxonomy', 'Upload data'];

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ACLS }));
  const tree = await demoTaxonomy();
  taxonomyName = uniqueId('tdtax');
  taxonomyId = (
    await server.request('POST', '/api/taxonomy', {
      body: { name: taxonomyName, version: tree.version, hierarchy: tree.hierarchy, group_ids: [groupA, groupB] },
    })
  ).body.data.taxonomy_id;
});

/** A new source saved to both groups. */
async function source(): Promise<string> {
  const id = uniqueId('src');
  expect((await server.request('POST', '/api/sources', { body: { id, ra: 234.22, dec: -22.33, group_ids: [groupA, groupB] } })).status).toBe(200);
  return id;
}

async function classify(user: TestUser, objId: string, classification: string, groupIds: number[], extra: Record<string, unknown> = {}): Promise<number> {
  const response = await server.request('POST', '/api/classification', {
    token: user.token,
    body: { obj_id: objId, taxonomy_id: taxonomyId, classification, probability: 1, group_ids: groupIds, ...extra },
  });
  expect([response.status, response.body.message]).toEqual([200, undefined]);
  return response.body.data.classification_id;
}

async function listed(user: TestUser, query: Record<string, string | number | boolean>, ids: string[]): Promise<string[]> {
  const response = await server.request('GET', '/api/sources', { token: user.token, query: { numPerPage: 500, ...query } });
  expect(response.status).toBe(200);
  return response.body.data.sources.map((s: { id: string }) => s.id).filter((id: string) => ids.includes(id));
}

test('classifications=<taxonomy>: <class> keeps sources with that class; nonclassifications those without it', async () => {
  const [algol, agn, both] = [await source(), await source(), await source()];
  await classify(alice, algol, 'Algol', [groupA]);
  await classify(alice, agn, 'AGN', [groupA]);
  await classify(alice, both, 'Algol', [groupA]);
  await classify(alice, both, 'AGN', [groupA]);
  const ids = [algol, agn, both];
  expect(await listed(alice, { classifications: `${taxonomyName}: Algol` }, ids)).toEqual(expect.arrayContaining([algol, both]));
  expect(await listed(alice, { classifications: `${taxonomyName}: Algol` }, ids)).not.toContain(agn);
  // Any of several, or (classifications_simul) all of them.
  expect((await listed(alice, { classifications: `${taxonomyName}: Algol, ${taxonomyName}: AGN` }, ids)).sort()).toEqual([...ids].sort());
  expect(await listed(alice, { classifications: `${taxonomyName}: Algol,${taxonomyName}: AGN`, classifications_simul: true }, ids)).toEqual([both]);
  expect(await listed(alice, { nonclassifications: `${taxonomyName}: Algol` }, ids)).toEqual([agn]);
  // bob reads none of them (group A only): for him no source has these classes.
  expect(await listed(bob, { classifications: `${taxonomyName}: Algol` }, ids)).toEqual([]);
  expect((await listed(bob, { nonclassifications: `${taxonomyName}: Algol` }, ids)).sort()).toEqual([...ids].sort());
});

test('unclassified=true keeps sources without a classification the caller reads, made by a person', async () => {
  const [mine, hidden, byModel, bare] = [await source(), await source(), await source(), await source()];
  const ids = [mine, hidden, byModel, bare];
  const id = await classify(alice, mine, 'Ia', [groupA]);
  await classify(bob, hidden, 'II', [groupB]);
  await classify(alice, byModel, 'Ia', [groupA], { ml: true });
  expect((await listed(alice, { unclassified: true }, ids)).sort()).toEqual([hidden, byModel, bare].sort());
  expect((await listed(alice, { classified: true }, ids)).sort()).toEqual([mine]);
  expect((await listed(alice, { unclassified: false }, ids)).sort()).toEqual([...ids].sort());
  // Once its classification is deleted, a source is unclassified again.
  expect((await server.request('DELETE', `/api/classification/${id}`, { token: alice.token })).status).toBe(200);
  expect(await listed(alice, { unclassified: true }, ids)).toContain(mine);
});

test('bad filters are a 400 naming the parameter', async () => {
  for (const [query, field] of [
    [{ classifications: 'Algol' }, 'classifications'],
    [{ classifications: 'no such taxonomy: Algol' }, 'classifications'],
    [{ nonclassifications: 'Algol' }, 'nonclassifications'],
    [{ unclassified: 'perhaps' }, 'unclassified'],
    [{ includeClassifications: 'perhaps' }, 'includeClassifications'],
  ] as const) {
    const response = await server.request('GET', '/api/sources', { token: alice.token, query });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(new RegExp(`(^|\\s)${field}(\\[\\d+\\])?:`));
  }
});

test("a source's classifications come with it (votes, edits, groups); a list leaves them out with removeNested", async () => {
  const objId = await source();
  const id = await classify(alice, objId, 'RRab', [groupA]);
  const single = await server.request('GET', `/api/sources/${objId}`, { token: alice.token });
  expect(single.body.data.classifications).toMatchObject([
    { id, classification: 'RRab', probability: 1, votes: [{ voter_id: alice.id, vote: 1 }], edits: [], groups: [{ id: groupA }] },
  ]);
  expect((await server.request('GET', `/api/sources/${objId}`, { token: bob.token })).body.data.classifications).toEqual([]);
  expect((await server.request('GET', `/api/sources/${objId}`, { token: alice.token, query: { includeClassifications: false } })).body.data).not.toHaveProperty(
    'classifications',
  );
  const list = await server.request('GET', '/api/sources', { token: alice.token, query: { numPerPage: 500 } });
  expect(list.body.data.sources.find((s: { id: string }) => s.id === objId).classifications.map((c: { id: number }) => c.id)).toEqual([id]);
  const bare = await server.request('GET', '/api/sources', { token: alice.token, query: { numPerPage: 500, removeNested: true } });
  expect(bare.body.data.sources.find((s: { id: string }) => s.id === objId)).not.toHaveProperty('classifications');
});

test('classifying labels the source for its groups (hasBeenLabelled), unless label: false', async () => {
  const [labelled, quiet] = [await source(), await source()];
  await classify(alice, labelled, 'Ia', [groupA]);
  await classify(alice, quiet, 'Ia', [groupA], { label: false });
  expect(await listed(alice, { hasBeenLabelled: true, currentUserLabeller: true }, [labelled, quiet])).toEqual([labelled]);
  // bob's groups were not labelled.
  expect(await listed(bob, { hasBeenLabelled: true }, [labelled, quiet])).toEqual([]);
});
