import { startTestServer, tryBadInput, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { demoTaxonomy } from '../server/demo.js';

// Classifications as a scanner makes them: within a taxonomy shared with their groups, about a
// source they see, read only by the classification's groups; votes, probability edits, who may
// change what, and bad input refused naming the field with nothing stored.
let server: TestServer;
let alice: TestUser; // in group A
let bob: TestUser; // in group B
let carol: TestUser; // in A and B
let groupA: number;
let groupB: number;
let objId: string;
let taxonomyId: number;
const TABLES = ['taxonomies', 'taxonomy_groups', 'classifications', 'classification_groups', 'classification_votes', 'classification_edits'];
const ACLS = ['Classify', 'Post taxonomy', 'Delete taxonomy'];

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ACLS }));
  carol = await server.createUser({ acls: ACLS, username: uniqueId('carol'), groupIds: [groupA, groupB] });
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 210.91, dec: 54.31, group_ids: [groupA, groupB] } });
  const tree = await demoTaxonomy();
  const posted = await server.request('POST', '/api/taxonomy', {
    token: carol.token,
    body: { name: uniqueId('tdtax'), version: tree.version, hierarchy: tree.hierarchy, group_ids: [groupA, groupB] },
  });
  expect(posted.status).toBe(200);
  taxonomyId = posted.body.data.taxonomy_id;
});

async function classify(user: TestUser, body: Record<string, unknown>): Promise<number> {
  const response = await server.request('POST', '/api/classification', { token: user.token, body: { obj_id: objId, taxonomy_id: taxonomyId, ...body } });
  expect(response.status).toBe(200);
  return response.body.data.classification_id;
}

const ofSource = async (user: TestUser) => (await server.request('GET', `/api/sources/${objId}/classifications`, { token: user.token })).body.data;

test('a classification for one group is read by its members only, though others see the source', async () => {
  const id = await classify(alice, { classification: 'Ia', probability: 0.8, origin: 'SEDM spectrum', group_ids: [groupA] });
  const read = await server.request('GET', `/api/classification/${id}`, { token: carol.token });
  expect(read.status).toBe(200);
  expect(read.body.data).toMatchObject({
    id,
    obj_id: objId,
    classification: 'Ia',
    probability: 0.8,
    origin: 'SEDM spectrum',
    ml: false,
    taxonomy_id: taxonomyId,
    author_id: alice.id,
    author_name: alice.username,
  });
  // bob sees the source (group B) but not the classification: SkyPortal's "cannot find", a 400.
  expect((await server.request('GET', `/api/sources/${objId}`, { token: bob.token })).status).toBe(200);
  const hidden = await server.request('GET', `/api/classification/${id}`, { token: bob.token });
  expect(hidden.status).toBe(400);
  expect(hidden.body.message).toBe(`Cannot find classification with ID: ${id}.`);
  expect((await ofSource(bob)).map((c: { id: number }) => c.id)).not.toContain(id);
  const bobsList = await server.request('GET', '/api/classification', { token: bob.token, query: { numPerPage: 500 } });
  expect(bobsList.body.data.classifications.map((c: { id: number }) => c.id)).not.toContain(id);
  // On the source page (sources.serialize), the same rule.
  const source = await server.request('GET', `/api/sources/${objId}`, { token: carol.token });
  expect(source.body.data.classifications.find((c: { id: number }) => c.id === id)).toMatchObject({ classification: 'Ia', groups: [{ id: groupA }] });
  expect((await server.request('GET', `/api/sources/${objId}`, { token: bob.token })).body.data.classifications.map((c: { id: number }) => c.id)).not.toContain(
    id,
  );
});

test("a user outside the taxonomy's groups neither reads its classifications nor classifies with it", async () => {
  const id = await classify(carol, { classification: 'AGN', group_ids: [groupB] });
  // dana is in group B and sees the source, but the taxonomy is now shared with group A only.
  const dana = await server.createUser({ acls: ACLS, groupIds: [groupB] });
  expect((await server.request('GET', `/api/classification/${id}`, { token: dana.token })).status).toBe(200);
  const tree = await demoTaxonomy();
  const narrow = (
    await server.request('POST', '/api/taxonomy', {
      token: alice.token,
      body: { name: uniqueId('A only'), version: '1', hierarchy: tree.hierarchy, group_ids: [groupA] },
    })
  ).body.data.taxonomy_id;
  expect((await server.request('GET', `/api/taxonomy/${narrow}`, { token: dana.token })).status).toBe(400);
  expect((await server.request('GET', '/api/taxonomy', { token: dana.token })).body.data.map((t: { id: number }) => t.id)).not.toContain(narrow);
  const refused = await server.request('POST', '/api/classification', {
    token: dana.token,
    body: { obj_id: objId, taxonomy_id: narrow, classification: 'Ia', group_ids: [groupB] },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.message).toMatch(/^taxonomy_id: /);
});

test('without group_ids a classification goes to the sitewide group; without Classify none is made (401)', async () => {
  const id = await classify(alice, { classification: 'II' });
  expect((await server.request('GET', `/api/classification/${id}`, { token: carol.token })).status).toBe(200);
  const viewer = await server.createUser({ groupIds: [groupA], roles: ['View only'] });
  const refused = await server.request('POST', '/api/classification', {
    token: viewer.token,
    body: { obj_id: objId, taxonomy_id: taxonomyId, classification: 'II' },
  });
  expect(refused.status).toBe(401);
});

test('bad input is refused naming the field, and nothing is stored', async () => {
  const post = (body: Record<string, unknown>, field: string, token = carol.token) =>
    tryBadInput(
      server,
      {
        method: 'POST',
        path: '/api/classification',
        token,
        body: { obj_id: objId, taxonomy_id: taxonomyId, classification: 'Ia', ...body },
        status: 400,
        field,
      },
      TABLES,
    );
  const cases = [
    post({ classification: 'Fried Green Tomato' }, 'classification'),
    post({ classification: '' }, 'classification'),
    post({ probability: 10 }, 'probability'),
    post({ probability: -0.01 }, 'probability'),
    post({ probability: 'high' }, 'probability'),
    post({ taxonomy_id: 999999 }, 'taxonomy_id'),
    post({ taxonomy_id: 'tdtax' }, 'taxonomy_id'),
    post({ obj_id: uniqueId('nowhere') }, 'obj_id'),
    post({ group_ids: [bob.singleUserGroupId] }, 'group_ids'),
    post({ group_ids: [999999] }, 'group_ids'),
    post({ ml: 'maybe' }, 'ml'),
    post({ colour: 'red' }, 'colour'),
    // A bulk post is all or nothing: the second item's bad class stores neither.
    tryBadInput(
      server,
      {
        method: 'POST',
        path: '/api/classification',
        token: carol.token,
        body: {
          classifications: [
            { obj_id: objId, taxonomy_id: taxonomyId, classification: 'Ia' },
            { obj_id: objId, taxonomy_id: taxonomyId, classification: 'Ia-pec-pec' },
          ],
        },
        status: 400,
        field: 'classifications[1].classification',
      },
      TABLES,
    ),
  ];
  for (const outcome of await Promise.all(cases)) expect(outcome.problems).toEqual([]);
  const unknown = await post({ classification: 'Fried Green Tomato' }, 'classification');
  expect(unknown.message).toContain('is not in the allowed classes');
  expect((await post({ probability: 10 }, 'probability')).message).toContain('outside the allowable range');
});

test('several classifications in one post', async () => {
  const response = await server.request('POST', '/api/classification', {
    token: carol.token,
    body: {
      classifications: [
        { obj_id: objId, taxonomy_id: taxonomyId, classification: 'Algol', probability: 0.6, group_ids: [groupA] },
        { obj_id: objId, taxonomy_id: taxonomyId, classification: 'Time-domain Source', probability: 1, group_ids: [groupA] },
      ],
    },
  });
  expect(response.status).toBe(200);
  const ids: number[] = response.body.data.classification_ids;
  expect(ids).toHaveLength(2);
  const mine = (await ofSource(alice)).filter((c: { id: number }) => ids.includes(c.id));
  expect(mine.map((c: { classification: string }) => c.classification)).toEqual(['Algol', 'Time-domain Source']);
});

test("votes: the author's up vote comes with a classification; one vote per user, changed or taken back", async () => {
  const id = await classify(alice, { classification: 'SLSN-I', group_ids: [groupA] });
  const votesOf = async (user: TestUser) => (await ofSource(user)).find((c: { id: number }) => c.id === id).votes;
  expect(await votesOf(alice)).toMatchObject([{ voter_id: alice.id, vote: 1, classification_id: id }]);
  expect((await server.request('POST', `/api/classification/votes/${id}`, { token: carol.token, body: { vote: -1 } })).status).toBe(200);
  expect((await server.request('POST', `/api/classification/votes/${id}`, { token: alice.token, body: { vote: 1 } })).status).toBe(200);
  expect((await votesOf(carol)).map((v: { voter_id: number; vote: number }) => [v.voter_id, v.vote])).toEqual([
    [alice.id, 1],
    [carol.id, -1],
  ]);
  expect((await server.request('POST', `/api/classification/votes/${id}`, { token: carol.token, body: { vote: 1 } })).status).toBe(200);
  expect((await votesOf(carol)).find((v: { voter_id: number }) => v.voter_id === carol.id).vote).toBe(1);
  expect((await server.request('DELETE', `/api/classification/votes/${id}`, { token: carol.token })).status).toBe(200);
  expect((await votesOf(carol)).map((v: { voter_id: number }) => v.voter_id)).toEqual([alice.id]);
  // bob cannot read it, so cannot vote on it; a vote is 1 or -1.
  expect((await server.request('POST', `/api/classification/votes/${id}`, { token: bob.token, body: { vote: 1 } })).status).toBe(400);
  const bad = await tryBadInput(
    server,
    { method: 'POST', path: `/api/classification/votes/${id}`, token: carol.token, body: { vote: 5 }, status: 400, field: 'vote' },
    TABLES,
  );
  expect(bad.problems).toEqual([]);
  // vote: false posts it without the author's vote.
  const quiet = await classify(alice, { classification: 'Ic', group_ids: [groupA], vote: false });
  expect((await ofSource(alice)).find((c: { id: number }) => c.id === quiet).votes).toEqual([]);
});

test('a changed probability is recorded as an edit; an unchanged one is not', async () => {
  const id = await classify(alice, { classification: 'Ia', probability: 1, group_ids: [groupA] });
  const put = (body: Record<string, unknown>, user = alice) => server.request('PUT', `/api/classification/${id}`, { token: user.token, body });
  expect((await put({ obj_id: objId, classification: 'Ia', taxonomy_id: taxonomyId, probability: 0 })).status).toBe(200);
  expect((await put({ obj_id: objId, classification: 'Ia', taxonomy_id: taxonomyId, probability: 0 })).status).toBe(200);
  const row = (await ofSource(alice)).find((c: { id: number }) => c.id === id);
  expect(row.probability).toBe(0);
  expect(row.edits).toMatchObject([{ old_probability: 1, new_probability: 0, editor_id: alice.id, editor_name: alice.username }]);
  // Another class of the same taxonomy is fine; one outside it, or moving to another source, is not.
  expect((await put({ classification: 'Ia-91T' })).status).toBe(200);
  for (const [body, field] of [
    [{ classification: 'Cheese' }, 'classification'],
    [{ probability: 2 }, 'probability'],
    [{ obj_id: uniqueId('other') }, 'obj_id'],
    [{ hierarchy: {} }, 'hierarchy'],
  ] as const) {
    const outcome = await tryBadInput(server, { method: 'PUT', path: `/api/classification/${id}`, token: alice.token, body, status: 400, field }, TABLES);
    expect(outcome.problems).toEqual([]);
  }
  // carol reads it (group A) but is neither its author nor an admin of its groups.
  expect((await put({ probability: 0.5 }, carol)).status).toBe(403);
});

test('its author deletes a classification; then it is gone for everyone', async () => {
  const id = await classify(alice, { classification: 'TDE', group_ids: [groupA] });
  expect((await server.request('DELETE', `/api/classification/${id}`, { token: carol.token })).status).toBe(403);
  expect((await server.request('DELETE', `/api/classification/${id}`, { token: alice.token })).status).toBe(200);
  expect((await server.request('GET', `/api/classification/${id}`, { token: alice.token })).status).toBe(400);
  expect(await server.knex('classification_votes').where({ classification_id: id })).toEqual([]);
});

test("GET /api/classification pages the caller's classifications; /api/classification/sources lists their sources", async () => {
  const id = await classify(carol, { classification: 'CV', group_ids: [groupB] });
  const page = await server.request('GET', '/api/classification', { token: carol.token, query: { numPerPage: 2, pageNumber: 1, includeTaxonomy: true } });
  expect(page.status).toBe(200);
  expect(page.body.data.classifications).toHaveLength(2);
  expect(page.body.data.classifications[0].taxonomy).toMatchObject({ id: taxonomyId });
  const all = await server.request('GET', '/api/classification', { token: carol.token, query: { numPerPage: 500 } });
  expect(all.body.data.totalMatches).toBe(all.body.data.classifications.length);
  expect(all.body.data.classifications.map((c: { id: number }) => c.id)).toContain(id);
  expect((await server.request('GET', '/api/classification/sources', { token: carol.token })).body.data).toContain(objId);
  const outsider = await server.createUser({ acls: ACLS });
  expect((await server.request('GET', '/api/classification/sources', { token: outsider.token })).body.data).not.toContain(objId);
});

test('an obj with classifications is not deleted until they are (as SkyPortal)', async () => {
  const other = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: other, ra: 10, dec: 10, group_ids: [groupA] } });
  const id = (await server.request('POST', '/api/classification', { body: { obj_id: other, taxonomy_id: taxonomyId, classification: 'Nova' } })).body.data
    .classification_id;
  const refused = await server.request('DELETE', `/api/objs/${other}`);
  expect(refused.status).toBe(400);
  expect(refused.body.message).toBe(`Please remove all associated classifications from object with ID ${other} before removing.`);
  expect((await server.request('DELETE', `/api/sources/${other}/classifications`)).body.data.deleted).toEqual([id]);
  expect((await server.request('DELETE', `/api/objs/${other}`)).status).toBe(200);
});
