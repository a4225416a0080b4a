import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// The candidates API over real HTTP on a real database: who sees which candidates (their filters'
// groups only), idempotent posting, what a 400 names, and paging that new arrivals do not shift.
let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
let groupB: number;
let filterA: number;
let filterB: number;
let STREAM: number;

/** Filters read a stream of their group: the users hold it, then their groups do (members hold their group's streams). */
async function onStream(users: TestUser[], groupIds: number[]) {
  for (const user of users) await server.request('POST', `/api/streams/${STREAM}/users`, { body: { user_id: user.id } });
  for (const group of groupIds) await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: STREAM } });
}

const as = (user: TestUser) => ({
  get: (path: string) => server.request('GET', path, { token: user.token }),
  post: (path: string, body: unknown) => server.request('POST', path, { token: user.token, body }),
  patch: (path: string, body: unknown) => server.request('PATCH', path, { token: user.token, body }),
  del: (path: string, body?: unknown) => server.request('DELETE', path, { token: user.token, ...(body ? { body } : {}) }),
});

const newCandidate = (filterIds: number[], extra: Record<string, unknown> = {}) => ({
  id: uniqueId('ZTF'),
  ra: 150.1,
  dec: 2.2,
  filter_ids: filterIds,
  passed_at: '2026-11-30T05:00:00',
  ...extra,
});

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Upload data'] }));
  STREAM = await server.createStream(uniqueId('ztf'));
  await onStream([alice, bob], [groupA, groupB]);
  filterA = (await as(alice).post('/api/filters', { name: 'A bright', stream_id: STREAM, group_id: groupA })).body.data.id;
  filterB = (await as(bob).post('/api/filters', { name: 'B all', stream_id: STREAM, group_id: groupB })).body.data.id;
});

test("a candidate of group A's filter is A's to see, never B's", async () => {
  const candidate = newCandidate([filterA], { redshift: 0.05 });
  const posted = await as(alice).post('/api/candidates', candidate);
  expect(posted.status).toBe(200);
  expect(posted.body.data.ids).toHaveLength(1);

  const one = await as(alice).get(`/api/candidates/${candidate.id}`);
  expect(one.status).toBe(200);
  expect(one.body.data).toMatchObject({
    id: candidate.id,
    ra: 150.1,
    dec: 2.2,
    redshift: 0.05,
    filter_ids: [filterA],
    passing_group_ids: [groupA],
    is_source: false,
  });
  expect(one.body.data.passed_at).toBe('2026-11-30T05:00:00.000');

  const list = await as(alice).get('/api/candidates');
  expect(list.body.data.candidates.map((c: { id: string }) => c.id)).toContain(candidate.id);

  // Bob is in no group of the filter: not in his list, not by id, not by HEAD.
  const bobs = await as(bob).get('/api/candidates');
  expect(bobs.body.data.candidates.map((c: { id: string }) => c.id)).not.toContain(candidate.id);
  expect((await as(bob).get(`/api/candidates/${candidate.id}`)).status).toBe(404);
  expect((await server.request('HEAD', `/api/candidates/${candidate.id}`, { token: bob.token })).status).toBe(404);
  expect((await server.request('HEAD', `/api/candidates/${candidate.id}`, { token: alice.token })).status).toBe(200);
  // Other plugins' data about the obj follows the candidate: A may follow it live, B may not.
  await expect(server.subscribe(`source:${candidate.id}`, { token: alice.token })).resolves.toBeDefined();
  await expect(server.subscribe(`source:${candidate.id}`, { token: bob.token })).rejects.toThrow();
  // Nor may he post to A's filter, or delete A's candidates.
  const foreign = await as(bob).post('/api/candidates', newCandidate([filterA]));
  expect(foreign.status).toBe(400);
  expect(foreign.body.message).toMatch(/filter_ids: no filter\(s\) \d+/);
  expect((await as(bob).del(`/api/candidates/${candidate.id}/${filterA}`)).status).toBe(400);
  expect((await as(alice).get(`/api/candidates/${candidate.id}`)).status).toBe(200);

  // The same obj passing B's filter is B's candidate: each sees only their own filter's passing.
  expect((await as(bob).post('/api/candidates', { id: candidate.id, filter_ids: [filterB], passed_at: '2026-11-30T08:00:00' })).status).toBe(200);
  expect((await as(bob).get(`/api/candidates/${candidate.id}`)).body.data).toMatchObject({ filter_ids: [filterB], passing_group_ids: [groupB] });
  expect((await as(alice).get(`/api/candidates/${candidate.id}`)).body.data).toMatchObject({ filter_ids: [filterA], passed_at: '2026-11-30T05:00:00.000' });
});

test('posting the same obj, filter and passed_at again returns the same ids; a new filter adds one', async () => {
  const candidate = newCandidate([filterA]);
  const first = (await as(alice).post('/api/candidates', candidate)).body.data.ids;
  const again = (await as(alice).post('/api/candidates', candidate)).body.data.ids;
  expect(again).toEqual(first);
  // Same passing through a second filter of the caller's: one new row, the old one reused.
  const filterA2 = (await as(alice).post('/api/filters', { name: 'A second', stream_id: STREAM, group_id: groupA })).body.data.id;
  const both = (await as(alice).post('/api/candidates', { ...candidate, filter_ids: [filterA, filterA2] })).body.data.ids;
  expect(both).toHaveLength(2);
  expect(both[0]).toBe(first[0]);
  const records = await as(alice).get(`/api/candidates_filter?filterIDs=${filterA},${filterA2}&numPerPage=500`);
  expect(records.body.data.candidates.filter((r: { obj_id: string }) => r.obj_id === candidate.id)).toHaveLength(2);
  // A later passing is another candidate of the same obj.
  const later = (await as(alice).post('/api/candidates', { ...candidate, passed_at: '2026-11-30T06:00:00' })).body.data.ids;
  expect(later[0]).not.toBe(first[0]);
});

test("the redshift a new candidate brings starts its obj's history, set by the poster; a repost changes neither", async () => {
  const candidate = newCandidate([filterA], { redshift: 3, redshift_error: 0.2 });
  expect((await as(alice).post('/api/candidates', candidate)).status).toBe(200);
  const history = async () => (await as(alice).get(`/api/candidates/${candidate.id}`)).body.data.redshift_history;
  expect(await history()).toEqual([{ set_by_user_id: alice.id, set_at_utc: expect.stringMatching(/Z$/), value: 3, uncertainty: 0.2 }]);
  // An obj that exists is left as it is: another passing with another redshift records nothing.
  expect((await as(alice).post('/api/candidates', { ...candidate, redshift: 4, passed_at: '2026-11-30T08:00:00' })).status).toBe(200);
  expect((await history()).map((e: { value: number }) => e.value)).toEqual([3]);
  expect((await as(alice).get(`/api/candidates/${candidate.id}`)).body.data.redshift).toBe(3);
  // Without a redshift there is no history.
  const plain = newCandidate([filterA]);
  await as(alice).post('/api/candidates', plain);
  expect((await as(alice).get(`/api/candidates/${plain.id}`)).body.data.redshift_history).toBeNull();
});

test('a numeric obj id is taken as its digits; an existing obj needs no position', async () => {
  const lsst = `17059153948862${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
  // Past 2^53, as JSON text: JSON.parse would round it; the stored id keeps every digit.
  const exact = await server.request('POST', '/api/candidates', {
    token: alice.token,
    body: `{"id": ${lsst}, "ra": 10, "dec": 10, "filter_ids": [${filterA}], "passed_at": "2026-11-30T05:00:00"}`,
  });
  expect(exact.status).toBe(200);
  expect((await as(alice).get(`/api/candidates/${lsst}`)).body.data.id).toBe(lsst);

  const numeric = 1705915394886 + Math.floor(Math.random() * 1e6);
  const posted = await as(alice).post('/api/candidates', { id: numeric, ra: 10, dec: 10, filter_ids: [filterA], passed_at: '2026-11-30T05:00:00' });
  expect(posted.status).toBe(200);
  expect((await as(alice).get(`/api/candidates/${numeric}`)).body.data.id).toBe(String(numeric));
  const repost = await as(alice).post('/api/candidates', { id: String(numeric), filter_ids: [filterA], passed_at: '2026-11-30T07:00:00' });
  expect(repost.status).toBe(200);
});

test('bad input is a 400 naming the field, and stores nothing', async () => {
  const before = (await as(alice).get('/api/candidates_filter?numPerPage=1')).body.data.totalMatches;
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...newCandidate([filterA]), filter_ids: undefined }, /filter_ids/],
    [{ ...newCandidate([filterA]), filter_ids: [] }, /filter_ids/],
    [{ ...newCandidate([filterA]), passed_at: undefined }, /passed_at/],
    [{ ...newCandidate([filterA]), passed_at: 'yesterday' }, /passed_at/],
    [{ ...newCandidate([filterA]), ra: undefined }, /ra, dec/],
    [{ ...newCandidate([filterA]), dec: 91 }, /dec/],
    [{ ...newCandidate([filterA]), passing_alert_id: 'x12' }, /passing_alert_id/],
    [{ ...newCandidate([filterA]), id: 'a/b' }, /id/],
  ];
  for (const [body, field] of cases) {
    const answer = await as(alice).post('/api/candidates', body);
    expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 400, message: expect.stringMatching(field) });
  }
  expect((await as(alice).get('/api/candidates_filter?numPerPage=1')).body.data.totalMatches).toBe(before);
  const badList = await as(alice).get('/api/candidates?savedStatus=sometimes');
  expect(badList.status).toBe(400);
  expect(badList.body.message).toMatch(/savedStatus/);
  expect((await as(alice).get('/api/candidates?numPerPage=501')).body.message).toMatch(/numPerPage/);
});

test('a bigint alert id keeps every digit', async () => {
  const candidate = newCandidate([filterA], { passing_alert_id: '2480511235915015007' });
  await as(alice).post('/api/candidates', candidate);
  const answer = await server.request('GET', `/api/candidates/${candidate.id}`, { token: alice.token });
  expect(answer.text).toContain('"passing_alert_id":2480511235915015007');
});

test('paging is stable when candidates arrive between pages, and a new query sees them', async () => {
  const { alice: carol, groupA: groupC } = await server.twoGroupsWithUsers({ acls: ['Upload data'] });
  await onStream([carol], [groupC]);
  const filterC = (await as(carol).post('/api/filters', { name: 'C', stream_id: STREAM, group_id: groupC })).body.data.id;
  const ids: string[] = [];
  for (let hour = 0; hour < 5; hour += 1) {
    const candidate = newCandidate([filterC], { passed_at: `2026-11-30T0${hour}:00:00` });
    ids.push(candidate.id);
    await as(carol).post('/api/candidates', candidate);
  }
  const newestFirst = [...ids].reverse();
  const page1 = (await as(carol).get('/api/candidates?numPerPage=2')).body.data;
  expect(page1.candidates.map((c: { id: string }) => c.id)).toEqual(newestFirst.slice(0, 2));
  expect(page1.totalMatches).toBe(5);

  // Two newer candidates arrive (one a new passing of an obj already seen) while the scanner reads page 1.
  const arrival = newCandidate([filterC], { passed_at: '2026-11-30T09:00:00' });
  await as(carol).post('/api/candidates', arrival);
  await as(carol).post('/api/candidates', { id: ids[0], filter_ids: [filterC], passed_at: '2026-11-30T10:00:00' });

  const page2 = (await as(carol).get(`/api/candidates?numPerPage=2&pageNumber=2&queryID=${page1.queryID}`)).body.data;
  expect(page2.queryID).toBe(page1.queryID);
  expect(page2.candidates.map((c: { id: string }) => c.id)).toEqual(newestFirst.slice(2, 4));
  expect(page2.totalMatches).toBe(5);
  const page3 = (await as(carol).get(`/api/candidates?numPerPage=2&pageNumber=3&queryID=${page1.queryID}`)).body.data;
  expect(page3.candidates.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
  const beyond = await as(carol).get(`/api/candidates?numPerPage=2&pageNumber=4&queryID=${page1.queryID}`);
  expect(beyond.status).toBe(400);
  expect(beyond.body.message).toMatch(/Page number out of range/);

  // A fresh query sees the arrivals first.
  const fresh = (await as(carol).get('/api/candidates?numPerPage=2')).body.data;
  expect(fresh.queryID).not.toBe(page1.queryID);
  expect(fresh.candidates.map((c: { id: string }) => c.id)).toEqual([ids[0], arrival.id]);
  expect(fresh.totalMatches).toBe(6);
  // Another user's queryID is not theirs to reuse.
  expect((await as(alice).get(`/api/candidates?queryID=${page1.queryID}`)).body.data.queryID).not.toBe(page1.queryID);
});

test('saved status, redshift range, dates and lists narrow the list', async () => {
  const { alice: dana, groupA: groupD } = await server.twoGroupsWithUsers({ acls: ['Upload data'] });
  await onStream([dana], [groupD]);
  const filterD = (await as(dana).post('/api/filters', { name: 'D', stream_id: STREAM, group_id: groupD })).body.data.id;
  const saved = newCandidate([filterD], { redshift: 0.1, passed_at: '2026-11-29T01:00:00' });
  const unsaved = newCandidate([filterD], { redshift: 0.9, passed_at: '2026-11-30T01:00:00' });
  for (const c of [saved, unsaved]) await as(dana).post('/api/candidates', c);
  // Saving with the id alone makes the candidate a source; it keeps its position.
  expect((await as(dana).post('/api/sources', { id: saved.id, group_ids: [groupD] })).status).toBe(200);
  const unknownObj = await as(dana).post('/api/sources', { id: uniqueId('nowhere'), group_ids: [groupD] });
  expect({ status: unknownObj.status, message: unknownObj.body.message }).toEqual({
    status: 400,
    message: expect.stringMatching(/ra, dec: Missing required parameter/),
  });
  const ids = async (query: string) => (await as(dana).get(`/api/candidates?${query}`)).body.data.candidates.map((c: { id: string }) => c.id);
  expect(await ids(`groupIDs=${groupD}&savedStatus=savedToAnySelected`)).toEqual([saved.id]);
  expect(await ids(`groupIDs=${groupD}&savedStatus=notSavedToAnySelected`)).toEqual([unsaved.id]);
  expect(await ids(`savedStatus=savedToAllSelected&groupIDs=${groupD}`)).toEqual([saved.id]);
  expect(await ids('savedStatus=notSavedToAnyAccessible')).toEqual([unsaved.id]);
  expect(await ids('minRedshift=0&maxRedshift=0.5')).toEqual([saved.id]);
  expect(await ids('startDate=2026-11-30T00:00:00')).toEqual([unsaved.id]);
  expect(await ids('endDate=2026-11-30T00:00:00&startDate=')).toEqual([saved.id]);
  const one = (await as(dana).get(`/api/candidates/${saved.id}`)).body.data;
  expect(one).toMatchObject({ is_source: true, ra: 150.1, saved_groups: [expect.objectContaining({ id: groupD })] });

  // Rejecting puts it on a list of hers; listNameReject hides it, listName shows only it.
  expect((await as(dana).post('/api/listing', { obj_id: unsaved.id, list_name: 'rejected_candidates' })).status).toBe(200);
  expect(await ids('listNameReject=rejected_candidates')).toEqual([saved.id]);
  expect(await ids('listName=rejected_candidates')).toEqual([unsaved.id]);
  // Her list is hers: another user's list does not hide anything from her, and she cannot list an obj she cannot see.
  expect((await as(bob).post('/api/listing', { obj_id: unsaved.id, list_name: 'favorites' })).body.message).toMatch(/obj_id: Cannot find Obj/);
  const listings = (await as(dana).get('/api/listing?listName=rejected_candidates')).body.data;
  expect(listings).toEqual([expect.objectContaining({ obj_id: unsaved.id, list_name: 'rejected_candidates' })]);
  expect((await as(dana).del(`/api/listing/${listings[0].id}`)).status).toBe(200);
  expect(await ids('listNameReject=rejected_candidates')).toEqual([unsaved.id, saved.id]);
});

test('filters: members of the group see them; only its admins change them; placement is checked', async () => {
  expect((await as(alice).get('/api/filters')).body.data.map((f: { id: number }) => f.id)).toContain(filterA);
  expect((await as(bob).get('/api/filters')).body.data.map((f: { id: number }) => f.id)).not.toContain(filterA);
  const hidden = await as(bob).get(`/api/filters/${filterA}`);
  expect(hidden.status).toBe(400);
  expect(hidden.body.message).toMatch(/Cannot find a filter with ID/);
  // Alice is a member, not an admin, of group A.
  const rename = await as(alice).patch(`/api/filters/${filterA}`, { name: 'renamed' });
  expect(rename.status).toBe(403);
  expect(rename.body.message).toMatch(/group admin/);
  const admin = await server.request('PATCH', `/api/filters/${filterA}`, { body: { name: 'renamed', autosave: true } });
  expect(admin.status).toBe(200);
  expect((await as(alice).get(`/api/filters/${filterA}`)).body.data).toMatchObject({ name: 'renamed', autosave: true, group_id: groupA, stream_id: STREAM });
  expect((await server.request('PATCH', `/api/filters/${filterA}`, { body: { group_id: groupB } })).body.message).toMatch(
    /Cannot update group_id or stream_id/,
  );
  // A group one is not in is no place for one's filter.
  const foreign = await as(alice).post('/api/filters', { name: 'x', stream_id: STREAM, group_id: groupB });
  expect(foreign.status).toBe(403);
  expect(foreign.body.message).toMatch(/group_id/);
});

test('conditions are validated, a 400 naming the path; valid ones are stored as given', async () => {
  const body = (conditions: unknown) => ({ name: 'c', stream_id: STREAM, group_id: groupA, conditions });
  const bad: [unknown, string][] = [
    [
      {
        all: [
          { field: 'candidate.rb', op: '>=', value: 0.65 },
          { field: 'candidate.drb', op: '~', value: 1 },
        ],
      },
      'conditions.all[1].op',
    ],
    [{ any: [{ not: { field: 'candidate.rb', op: '>=', value: 'x'.repeat(2000) } }] }, 'conditions.any[0].not.value'],
    [{ all: { field: 'a', op: '==', value: 1 } }, 'conditions.all'],
    [{ field: 'a b', op: '==', value: 1 }, 'conditions.field'],
    [{ field: 'a', op: 'in', value: 3 }, 'conditions.value'],
    [{ field: 'a', op: '==', value: 1, extra: true }, 'conditions'],
    [{ all: [], any: [] }, 'conditions'],
  ];
  for (const [conditions, path] of bad) {
    const answer = await as(alice).post('/api/filters', body(conditions));
    expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 400, message: expect.stringContaining(`${path}:`) });
  }
  const conditions = {
    all: [
      { field: 'candidate.rb', op: '>=', value: 0.65 },
      {
        any: [
          { field: 'candidate.ssdistnr', op: '<', value: 0 },
          { field: 'candidate.ssdistnr', op: '>', value: 12 },
        ],
      },
    ],
  };
  const created = (await as(alice).post('/api/filters', body(conditions))).body.data.id;
  expect((await as(alice).get(`/api/filters/${created}`)).body.data.conditions).toEqual(conditions);
});

test("a filter reads one of its group's streams; the group keeps it while the filter does; deleting the stream takes the filter", async () => {
  const lonely = await server.createStream(uniqueId('lonely'));
  // Alice may read it, but group A does not have it.
  await server.request('POST', `/api/streams/${lonely}/users`, { body: { user_id: alice.id } });
  const notTheGroups = await as(alice).post('/api/filters', { name: 'x', stream_id: lonely, group_id: groupA });
  expect({ status: notTheGroups.status, message: notTheGroups.body.message }).toEqual({
    status: 401,
    message: expect.stringMatching(/stream_id: group \d+ has no stream/),
  });
  // A stream Bob may not read is no stream of his filters.
  const hidden = await as(bob).post('/api/filters', { name: 'x', stream_id: lonely, group_id: groupB });
  expect({ status: hidden.status, message: hidden.body.message }).toEqual({ status: 401, message: expect.stringMatching(/stream_id: no access to stream/) });
  const none = await server.request('POST', '/api/filters', { body: { name: 'x', stream_id: 2_000_000_000, group_id: groupA } });
  expect({ status: none.status, message: none.body.message }).toEqual({ status: 401, message: expect.stringMatching(/stream_id: no stream/) });

  await server.request('POST', `/api/groups/${groupA}/streams`, { body: { stream_id: lonely } });
  const filter = (await as(alice).post('/api/filters', { name: 'on lonely', stream_id: lonely, group_id: groupA })).body.data.id;
  const candidate = newCandidate([filter]);
  await as(alice).post('/api/candidates', candidate);
  const removal = await server.request('DELETE', `/api/groups/${groupA}/streams/${lonely}`);
  expect({ status: removal.status, message: removal.body.message }).toEqual({ status: 400, message: expect.stringContaining('No stream IDs with') });
  expect((await as(alice).get(`/api/filters/${filter}`)).status).toBe(200);

  expect((await server.request('DELETE', `/api/streams/${lonely}`)).status).toBe(200);
  expect((await as(alice).get(`/api/filters/${filter}`)).body.message).toMatch(/Cannot find a filter/);
  expect((await as(alice).get(`/api/candidates/${candidate.id}`)).status).toBe(404);
});
