import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// What a scanner's page asks of the list with the other plugins on: a light curve per candidate,
// annotations to sort and filter by (only those the scanner may read), and the savers' leaderboard.
let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
let groupB: number;
let filterA: number;
let instrumentId: number;
let telescopeId: number;

const as = (user: TestUser) => ({
  get: (path: string) => server.request('GET', path, { token: user.token }),
  post: (path: string, body: unknown) => server.request('POST', path, { token: user.token, body }),
});

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry', 'spectra', 'annotations', 'classifications', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Upload data', 'Annotate', 'Classify'] }));
  // Filters read a stream of their group: alice holds it, then group A does.
  const stream = await server.createStream(uniqueId('ztf'), [alice.id]);
  await server.request('POST', `/api/groups/${groupA}/streams`, { body: { stream_id: stream } });
  filterA = (await as(alice).post('/api/filters', { name: 'A', stream_id: stream, group_id: groupA })).body.data.id;
  telescopeId = (await server.request('POST', '/api/telescope', { body: { name: uniqueId('P48'), nickname: uniqueId('p48'), diameter: 1.2 } })).body.data.id;
  instrumentId = (
    await server.request('POST', '/api/instrument', { body: { name: uniqueId('ZTF'), type: 'imager', filters: ['ztfg'], telescope_id: telescopeId } })
  ).body.data.id;
});

/** A new candidate of filter A passing at `hour`, with an annotation from `origin`. */
async function candidate(hour: number, annotation?: { origin: string; data: Record<string, unknown>; group_ids?: number[] }): Promise<string> {
  const id = uniqueId('ZTF');
  expect(
    (await as(alice).post('/api/candidates', { id, ra: 10, dec: 10, filter_ids: [filterA], passed_at: `2026-11-30T${String(hour).padStart(2, '0')}:00:00` }))
      .status,
  ).toBe(200);
  if (annotation) expect((await as(alice).post(`/api/sources/${id}/annotations`, annotation)).status).toBe(200);
  return id;
}

const ids = async (query: string, user = alice) =>
  (await as(user).get(`/api/candidates?groupIDs=${groupA}&${query}`)).body.data.candidates.map((c: { id: string }) => c.id);

test('the list gives each candidate its light curve, scoped to what the scanner may see', async () => {
  const id = await candidate(1);
  const point = (groupIds: number[], mjd: number) => ({
    obj_id: id,
    instrument_id: instrumentId,
    mjd,
    flux: 12,
    fluxerr: 1,
    zp: 23.9,
    magsys: 'ab',
    filter: 'ztfg',
    group_ids: groupIds,
  });
  expect((await as(alice).post('/api/photometry', point([groupA], 60000))).status).toBe(200);
  const hidden = (await server.request('POST', '/api/photometry', { body: point([groupB], 60002) })).body.data.ids[0];
  const listed = (await as(alice).get(`/api/candidates?groupIDs=${groupA}&includePhotometry=t`)).body.data.candidates.find((c: { id: string }) => c.id === id);
  expect(listed.photometry).toHaveLength(1);
  expect(listed.photometry.map((p: { id: number }) => p.id)).not.toContain(hidden);
  const one = (await as(alice).get(`/api/candidates/${id}?includePhotometry=true`)).body.data;
  expect(one.photometry).toHaveLength(1);

  // One candidate's spectra, as SkyPortal's candidate page asks for them (includeSpectra=t).
  const spectrograph = (await server.request('POST', '/api/instrument', { body: { name: uniqueId('SEDM'), type: 'spectrograph', telescope_id: telescopeId } }))
    .body.data.id;
  const spectrum = { obj_id: id, instrument_id: spectrograph, wavelengths: [4000, 5000, 6000], fluxes: [1, 2, 3], observed_at: '2026-11-30T06:00:00' };
  expect((await as(alice).post('/api/spectra', { ...spectrum, group_ids: [groupA] })).status).toBe(200);
  await server.request('POST', '/api/spectra', { body: { ...spectrum, observed_at: '2026-11-30T07:00:00', group_ids: [groupB] } });
  const withSpectra = (await as(alice).get(`/api/candidates/${id}?includeSpectra=t`)).body.data;
  expect(withSpectra.spectra).toHaveLength(1);
  expect(withSpectra.spectra[0].wavelengths).toEqual([4000, 5000, 6000]);
});

test('sorting by an annotation value: ascending, descending, missing last, hidden ones ignored', async () => {
  const origin = uniqueId('braai');
  const low = await candidate(2, { origin, data: { drb: 0.5 } });
  const high = await candidate(3, { origin, data: { drb: 0.9 } });
  const none = await candidate(4, { origin, data: { other: 1 } });
  const otherOrigin = await candidate(5, { origin: uniqueId('other'), data: { drb: 0.1 } });
  const sorted = await ids(`sortByAnnotationOrigin=${origin}&sortByAnnotationKey=drb`);
  expect(sorted.slice(0, 2)).toEqual([low, high]);
  expect(sorted.indexOf(none)).toBeGreaterThan(1);
  expect(sorted.indexOf(otherOrigin)).toBeGreaterThan(1);
  expect((await ids(`sortByAnnotationOrigin=${origin}&sortByAnnotationKey=drb&sortByAnnotationOrder=desc`)).slice(0, 2)).toEqual([high, low]);
  // An annotation only group B may read does not sort A's list.
  const secret = await candidate(6);
  await server.request('POST', `/api/sources/${secret}/annotations`, { body: { origin, data: { drb: 0.01 }, group_ids: [groupB] } });
  expect((await ids(`sortByAnnotationOrigin=${origin}&sortByAnnotationKey=drb`))[0]).toBe(low);
  expect((await as(alice).get(`/api/candidates?sortByAnnotationOrigin=${origin}`)).body.message).toMatch(/sortByAnnotationKey/);
});

test('annotationFilterList keeps numbers in a range, equal booleans and strings; photometry annotations filter too', async () => {
  const origin = uniqueId('xmatch');
  const a = await candidate(7, { origin, data: { n: 1, flag: true, label: 'a' } });
  const b = await candidate(8, { origin, data: { n: 2, flag: false, label: 'b' } });
  const only = async (filter: string) => ids(`annotationFilterList=${encodeURIComponent(filter)}`);
  expect(await only(`{"origin":"${origin}","key":"n","min":0,"max":1.5}`)).toEqual([a]);
  expect(await only(`{"origin": "${origin}", "key": "flag", "value": "true"}`)).toEqual([a]);
  expect(await only(`{"origin": "${origin}", "key": "label", "value": "b"}`)).toEqual([b]);
  expect(await only(`{"origin":"${origin}","key":"n","min":0,"max":5},{"origin":"${origin}","key":"label","value":"b"}`)).toEqual([b]);
  const bad = await as(alice).get(`/api/candidates?annotationFilterList=${encodeURIComponent('{"origin":"x"}')}`);
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/annotationFilterList.*"key" is required/);

  const point = (
    await as(alice).post('/api/photometry', {
      obj_id: b,
      instrument_id: instrumentId,
      mjd: 60001,
      flux: 10,
      fluxerr: 1,
      zp: 23.9,
      magsys: 'ab',
      filter: 'ztfg',
      group_ids: [groupA],
    })
  ).body.data.ids[0];
  expect((await as(alice).post(`/api/photometry/${point}/annotations`, { origin: 'kowalski', data: { gaia_G: 15.7 }, group_ids: [groupA] })).status).toBe(200);
  expect(await ids('photometryAnnotationsFilterOrigin=kowalski')).toEqual([b]);
  expect(await ids('photometryAnnotationsFilter=gaia_G')).toEqual([b]);
  expect(await ids('photometryAnnotationsFilter=nope')).toEqual([]);
  expect(await ids('photometryAnnotationsFilter=gaia_G%20%3A%2015.0%20%3A%20ge')).toEqual([b]);
  expect(await ids('photometryAnnotationsFilter=gaia_G%20%3A%2015.0%20%3A%20le')).toEqual([]);
  expect(await ids('photometryAnnotationsFilterOrigin=kowalski&photometryAnnotationsFilterBefore=2000-01-01T00:00:00')).toEqual([]);
});

test("the savers' leaderboard counts candidates saved to the caller's groups", async () => {
  const [c1, c2] = [await candidate(9), await candidate(10)];
  await as(alice).post('/api/sources', { id: c1, group_ids: [groupA] });
  await as(alice).post('/api/sources', { id: c2, group_ids: [groupA] });
  const board = (await as(alice).get('/api/internal/source_savers')).body.data;
  expect(board[0]).toMatchObject({ rank: 1, author: { id: alice.id, username: alice.username }, saves: expect.any(Number) });
  expect(board[0].saves).toBeGreaterThanOrEqual(2);
  // Bob is in none of A's groups: A's savings are not his to count.
  expect((await as(bob).get('/api/internal/source_savers')).body.data.map((s: { author: { id: number } }) => s.author.id)).not.toContain(alice.id);
});

test('classifications keeps objs of the classes, classificationsReject leaves them out; only classifications the scanner may read', async () => {
  const hierarchy = { class: 'Time-domain Source', subclasses: [{ class: 'Algol' }, { class: 'RR Lyrae' }] };
  const taxonomy = (await server.request('POST', '/api/taxonomy', { body: { name: uniqueId('tax'), version: '1', hierarchy, group_ids: [groupA, groupB] } }))
    .body.data.taxonomy_id;
  const [algol, rrlyr, plain, secret] = [await candidate(11), await candidate(12), await candidate(13), await candidate(14)];
  const classify = (objId: string, classification: string, groupIds: number[]) =>
    server.request('POST', '/api/classification', { body: { obj_id: objId, classification, taxonomy_id: taxonomy, probability: 1, group_ids: groupIds } });
  for (const [obj, cls] of [
    [algol, 'Algol'],
    [rrlyr, 'RR Lyrae'],
  ] as const)
    expect((await classify(obj, cls, [groupA])).status).toBe(200);
  // B's classification of an A candidate decides nothing for A.
  expect((await classify(secret, 'Algol', [groupB])).status).toBe(200);
  expect(await ids('classifications=Algol')).toEqual([algol]);
  expect(await ids('classifications=Algol,RR%20Lyrae')).toEqual([rrlyr, algol]);
  const rejected = await ids('classificationsReject=Algol');
  expect(rejected).toEqual(expect.arrayContaining([rrlyr, plain, secret]));
  expect(rejected).not.toContain(algol);
  expect((await as(alice).get('/api/candidates?classifications=,')).body.message).toMatch(/classifications: must provide at least one class/);
});
