import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// The sources list sorted and filtered by annotations, as a scanner's page asks for it
// (`sortBy=annotation.<origin>.<key>`, `annotationsFilter=drb:0.9:ge`): numbers compare as
// numbers, and an annotation the caller cannot read never moves or keeps a source.
let server: TestServer;
let alice: TestUser; // in group A
let carol: TestUser; // in A and B
let groupA: number;
let groupB: number;
const origin = uniqueId('braai');
const [low, high, none, hidden] = ['low', 'high', 'none', 'hidden'].map((name) => uniqueId(`ZTF${name}`)) as [string, string, string, string];

const annotate = async (user: TestUser, objId: string, body: Record<string, unknown>) => {
  const response = await server.request('POST', `/api/sources/${objId}/annotations`, { token: user.token, body });
  expect(response.status).toBe(200);
};

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Annotate'] }));
  carol = await server.createUser({ acls: ['Annotate'], groupIds: [groupA, groupB] });
  for (const id of [low, high, none, hidden]) await server.request('POST', '/api/sources', { body: { id, ra: 100, dec: 10, group_ids: [groupA] } });
  // 9 and 10: numeric and text order disagree.
  await annotate(alice, low, { origin, data: { drb: 9, sgscore1: 0.1 }, group_ids: [groupA] });
  await annotate(alice, high, { origin, data: { drb: 10, sgscore1: 0.9 }, group_ids: [groupA] });
  await annotate(alice, none, { origin: 'other', data: { drb: 100, note: 'not a number' }, group_ids: [groupA] });
  // The largest value, readable in group B only: alice must not see it move anything.
  await annotate(carol, hidden, { origin, data: { drb: 1000 }, group_ids: [groupB] });
});

const listIds = async (user: TestUser | null, query: Record<string, string>) => {
  const response = await server.request('GET', '/api/sources', { token: user?.token, query: { group_ids: String(groupA), ...query } });
  expect(response.status).toBe(200);
  return response.body.data.sources.map((source: { id: string }) => source.id);
};

test('sortBy=annotation.<origin>.<key> sorts numbers as numbers, missing values last, both ways', async () => {
  const sortBy = `annotation.${origin}.drb`;
  expect(await listIds(carol, { sortBy, sortOrder: 'desc' })).toEqual([hidden, high, low, none]);
  const asc = await listIds(carol, { sortBy, sortOrder: 'asc' });
  expect(asc).toEqual([low, high, hidden, none]);
});

test('a value in a group the caller is not in never moves a source: it sorts as missing', async () => {
  const desc = await listIds(alice, { sortBy: `annotation.${origin}.drb`, sortOrder: 'desc' });
  expect(desc.slice(0, 2)).toEqual([high, low]);
  expect(desc.slice(2).sort()).toEqual([hidden, none].sort());
});

test('a sortBy no plugin knows is a 400 naming sortBy; annotation.<origin> without a key too', async () => {
  for (const sortBy of ['annotation.only-origin', 'annotation..drb', 'nosuchcolumn']) {
    const response = await server.request('GET', '/api/sources', { query: { sortBy } });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^sortBy: /);
  }
});

test('annotationsFilter keeps sources with the key, or with a value meeting the comparison', async () => {
  expect((await listIds(carol, { annotationsFilter: 'drb', sortBy: 'id', sortOrder: 'asc' })).sort()).toEqual([low, high, none, hidden].sort());
  expect((await listIds(carol, { annotationsFilter: 'drb:9.5:ge' })).sort()).toEqual([high, none, hidden].sort());
  expect((await listIds(carol, { annotationsFilter: 'drb:9.5:ge', annotationsFilterOrigin: origin.toUpperCase() })).sort()).toEqual([high, hidden].sort());
  expect(await listIds(carol, { annotationsFilter: 'drb: 9.5: ge, sgscore1:0.5:lt' })).toEqual([]);
  expect(await listIds(carol, { annotationsFilter: 'drb:9:eq,sgscore1:0.5:lt' })).toEqual([low]);
  // A value that is no number never compares; it still has the key.
  expect(await listIds(carol, { annotationsFilter: 'note:0:ge' })).toEqual([]);
  expect(await listIds(carol, { annotationsFilter: 'note' })).toEqual([none]);
  // alice cannot read the hidden source's annotation: it keeps nothing for her.
  expect((await listIds(alice, { annotationsFilter: 'drb:500:gt' })).sort()).toEqual([]);
  expect(await listIds(alice, { annotationsFilterOrigin: origin, annotationsFilterAfter: '2000-01-01' }).then((ids) => ids.sort())).toEqual([low, high].sort());
  expect(await listIds(alice, { annotationsFilterOrigin: origin, annotationsFilterBefore: '2000-01-01' })).toEqual([]);
});

test('a malformed annotationsFilter is a 400 naming it', async () => {
  for (const annotationsFilter of ['drb:high:ge', 'drb:0.5', 'drb:0.5:about', ':1:eq']) {
    const response = await server.request('GET', '/api/sources', { query: { annotationsFilter } });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/annotationsFilter/);
  }
});
