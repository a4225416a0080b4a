import { startTestServer, tryBadInput, uniqueId, type BadInput, type TestServer, type TestUser } from '@skyportal/test-kit';

// Annotations on sources, as SkyPortal's clients (brokers, classifiers) and the source page use
// them: one per origin, values kept with their JSON types, read through their groups where the
// source is visible, changed by their author only, and bad input refused before anything is stored.
let server: TestServer;
let alice: TestUser; // in group A
let bob: TestUser; // in group B
let carol: TestUser; // in A and B
let groupA: number;
let groupB: number;
let objId: string;
const TABLES = ['annotations', 'annotation_groups'];

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Annotate'] }));
  carol = await server.createUser({ acls: ['Annotate'], groupIds: [groupA, groupB] });
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 210.91, dec: 54.31, group_ids: [groupA, groupB] } });
});

const annotations = (id = objId) => `/api/sources/${encodeURIComponent(id)}/annotations`;

async function post(user: TestUser, body: Record<string, unknown>, id = objId): Promise<number> {
  const response = await server.request('POST', annotations(id), { token: user.token, body });
  expect(response.status).toBe(200);
  return response.body.data.annotation_id;
}

test('values keep their JSON types: numbers stay numbers, strings stay strings, nested data stays whole', async () => {
  const data = { drb: 0.99871, rb: 1, sgscore1: 0, classtar: '0.98', flags: [true, false, null], fit: { t0: 59000.5, note: '<b>bold</b>' } };
  const id = await post(alice, { origin: uniqueId('alerts'), data, group_ids: [groupA] });
  const read = await server.request('GET', `${annotations()}/${id}`, { token: alice.token });
  expect(read.status).toBe(200);
  expect(read.body.data.data).toEqual(data);
  expect(typeof read.body.data.data.drb).toBe('number');
  expect(typeof read.body.data.data.classtar).toBe('string');
  expect(read.body.data).toMatchObject({
    id,
    obj_id: objId,
    spectrum_id: null,
    author_id: alice.id,
    author: { username: alice.username },
    resourceType: 'sources',
  });
  expect(read.body.data.groups.map((g: { id: number }) => g.id)).toEqual([groupA]);
});

test("one annotation per origin and source: a second post is SkyPortal's 400, and the first is unchanged", async () => {
  const origin = uniqueId('kowalski');
  const id = await post(alice, { origin, data: { score: 1 } });
  const again = await server.request('POST', annotations(), { token: carol.token, body: { origin, data: { score: 2 } } });
  expect(again.status).toBe(400);
  expect(again.body.message).toMatch(/duplicate key value violates unique constraint/);
  expect((await server.request('GET', `${annotations()}/${id}`, { token: alice.token })).body.data.data).toEqual({ score: 1 });
  // The same origin on another source is another annotation.
  const other = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: other, ra: 1, dec: 1, group_ids: [groupA] } });
  await post(alice, { origin, data: { score: 3 } }, other);
});

test('an annotation for one group is read by its members only, though others see the source; its groups can change', async () => {
  const id = await post(carol, { origin: uniqueId('gaia'), data: { parallax: 1.2 }, group_ids: [groupA] });
  expect((await server.request('GET', `/api/sources/${objId}`, { token: bob.token })).status).toBe(200);
  const hidden = await server.request('GET', `${annotations()}/${id}`, { token: bob.token });
  expect(hidden.status).toBe(403);
  expect(hidden.body.message).toBe('Could not find any accessible annotations.');
  expect((await server.request('GET', annotations(), { token: bob.token })).body.data.map((a: { id: number }) => a.id)).not.toContain(id);
  expect((await server.request('PUT', `${annotations()}/${id}`, { token: carol.token, body: { group_ids: [groupA, groupB] } })).status).toBe(200);
  expect((await server.request('GET', `${annotations()}/${id}`, { token: bob.token })).body.data.data).toEqual({ parallax: 1.2 });
});

test("without group_ids an annotation goes to all of the author's groups; a source one cannot see has none", async () => {
  const id = await post(alice, { origin: uniqueId('ps1'), data: { mag: 18.2 } });
  const read = await server.request('GET', `${annotations()}/${id}`, { token: alice.token });
  expect(read.body.data.groups.map((g: { id: number }) => g.id)).toContain(groupA);
  // bob is in none of alice's groups but the sitewide one, which alice is in too: he reads it.
  expect((await server.request('GET', `${annotations()}/${id}`, { token: bob.token })).status).toBe(200);
  const outsider = await server.createUser({ acls: ['Annotate'] });
  expect((await server.request('GET', `${annotations()}/${id}`, { token: outsider.token })).status).toBe(403);
  expect((await server.request('GET', annotations(), { token: outsider.token })).body.data).toEqual([]);
  expect((await server.request('POST', annotations(), { token: outsider.token, body: { origin: 'x', data: { a: 1 } } })).status).toBe(404);
});

test('only the author changes or deletes an annotation; the path must name its source', async () => {
  const id = await post(carol, { origin: uniqueId('sedm'), data: { z: 0.03 }, group_ids: [groupA] });
  expect((await server.request('PUT', `${annotations()}/${id}`, { token: alice.token, body: { data: { z: 0.5 } } })).status).toBe(403);
  expect((await server.request('DELETE', `${annotations()}/${id}`, { token: alice.token })).status).toBe(403);
  const wrong = await server.request('DELETE', `${annotations(`${objId}zzz`)}/${id}`, { token: carol.token });
  expect(wrong.status).toBe(400);
  expect(wrong.body.message).toMatch(/Annotation resource ID does not match resource ID given in path/);
  // Fields the path decides are ignored, as SkyPortal's clients send them.
  const changed = await server.request('PUT', `${annotations()}/${id}`, { token: carol.token, body: { data: { z: 0.031 }, obj_id: 'other', author_id: 1 } });
  expect(changed.status).toBe(200);
  const read = (await server.request('GET', `${annotations()}/${id}`, { token: carol.token })).body.data;
  expect(read).toMatchObject({ data: { z: 0.031 }, obj_id: objId, author_id: carol.id });
  expect((await server.request('DELETE', `${annotations()}/${id}`, { token: carol.token })).status).toBe(200);
  expect((await server.request('GET', `${annotations()}/${id}`, { token: carol.token })).status).toBe(403);
});

test('without the Annotate ACL nobody annotates (401, as SkyPortal)', async () => {
  const viewer = await server.createUser({ groupIds: [groupA], tokenAcls: [] });
  const response = await server.request('POST', annotations(), { token: viewer.token, body: { origin: 'x', data: { a: 1 } } });
  expect(response.status).toBe(401);
});

test('the source carries its annotations (the list too, unless removeNested), and includePeriodExists finds a period', async () => {
  const id = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id, ra: 20, dec: 20, group_ids: [groupA] } });
  await post(alice, { origin: 'fritz', data: { period: 0.42 }, group_ids: [groupA] }, id);
  const single = (await server.request('GET', `/api/sources/${id}`, { token: alice.token, query: { includePeriodExists: true } })).body.data;
  expect(single.annotations.map((a: { origin: string; data: unknown }) => [a.origin, a.data])).toEqual([['fritz', { period: 0.42 }]]);
  expect(single.period_exists).toBe(true);
  const list = async (query: Record<string, string>) =>
    (await server.request('GET', '/api/sources', { token: alice.token, query: { sourceID: id, ...query } })).body.data.sources[0];
  expect((await list({})).annotations).toHaveLength(1);
  const bare = await list({ removeNested: 'true' });
  expect(bare).not.toHaveProperty('annotations');
  expect((await list({ removeNested: 'true', includePeriodExists: 'true' })).period).toBe(true);
});

test('an annotated obj is not deleted until its annotations are (as SkyPortal)', async () => {
  const id = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id, ra: 30, dec: 30, group_ids: [groupA] } });
  const annotation = await post(alice, { origin: 'kowalski', data: { drb: 0.5 }, group_ids: [groupA] }, id);
  const refused = await server.request('DELETE', `/api/objs/${id}`);
  expect(refused.status).toBe(400);
  expect(refused.body.message).toBe(`Please remove all associated annotations from object with ID ${id} before removing.`);
  await server.request('DELETE', `${annotations(id)}/${annotation}`, { token: alice.token });
  expect((await server.request('DELETE', `/api/objs/${id}`)).status).toBe(200);
});

// Thunks: the source and groups exist only once beforeAll ran.
const bad =
  (body: unknown, field: string, status = 400) =>
  (): BadInput => ({ method: 'POST', path: annotations(), body, status, field });
const CASES: [string, () => BadInput][] = [
  ['no origin', bad({ data: { a: 1 } }, 'origin')],
  ['an empty origin', bad({ origin: '', data: { a: 1 } }, 'origin')],
  ['an origin starting with a dash', bad({ origin: '-x', data: { a: 1 } }, 'origin')],
  ['a 1,000-character origin', bad({ origin: 'o'.repeat(1000), data: { a: 1 } }, 'origin')],
  ['no data', bad({ origin: 'x' }, 'data')],
  ['data that is text', bad({ origin: 'x', data: 'Test' }, 'data')],
  ['data that is a list', bad({ origin: 'x', data: [1, 2] }, 'data')],
  ['a 100 KB data', bad({ origin: 'x', data: { blob: 'x'.repeat(100_000) } }, 'data')],
  ['an empty key', bad({ origin: 'x', data: { '': 1 } }, 'data')],
  ['a group id that is text', bad({ origin: 'x', data: { a: 1 }, group_ids: ['A'] }, 'group_ids[0]')],
  ['a group of someone else', () => bad({ origin: 'x', data: { a: 1 }, group_ids: [groupB] }, 'group_ids', 403)()],
  ['a group that does not exist', bad({ origin: 'x', data: { a: 1 }, group_ids: [2_000_000_000] }, 'group_ids', 403)],
];

test.each(CASES)('bad input is refused naming the field, nothing stored: %s', async (_name, row) => {
  const input = { ...row(), token: alice.token };
  expect((await tryBadInput(server, input, TABLES)).problems).toEqual([]);
});

test("SkyPortal's wording for what its clients check", async () => {
  const message = async (body: unknown) => (await server.request('POST', annotations(), { token: alice.token, body })).body.message;
  expect(await message({ data: { a: 1 } })).toContain('origin: Field required');
  expect(await message({ origin: '', data: { a: 1 } })).toContain('origin: String should match pattern');
  expect(await message({ origin: 'x' })).toContain('data: Field required');
  expect(await message({ origin: 'x', data: 'Test' })).toContain('data: Input should be a valid dictionary');
});
