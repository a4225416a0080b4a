import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// Annotations on photometry points, while the photometry plugin is enabled (SkyPortal's
// /api/photometry/{id}/annotations): read only where the point may be seen, one per origin and
// point, apart from the source's own annotations, gone with a deleted point.
let server: TestServer;
let alice: TestUser; // in A
let bob: TestUser; // in B
let groupA: number;
let groupB: number;
let objId: string;
let instrumentId: number;
let mjd = 59000;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Annotate', 'Upload data', 'Delete bulk photometry'] }));
  const telescope = await server.request('POST', '/api/telescope', { body: { name: uniqueId('P48'), nickname: uniqueId('P'), diameter: 1.2 } });
  const instrument = await server.request('POST', '/api/instrument', {
    body: { name: uniqueId('ZTFcam'), type: 'imager', filters: ['ztfg', 'ztfr'], telescope_id: telescope.body.data.id },
  });
  instrumentId = instrument.body.data.id;
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 202.5, dec: 13.4, group_ids: [groupA, groupB] } });
});
afterAll(() => server.stop());

async function point(groupIds: number[]): Promise<number> {
  const body = { obj_id: objId, instrument_id: instrumentId, mjd: mjd++, flux: 12, fluxerr: 1, zp: 23.9, magsys: 'ab', filter: 'ztfg', group_ids: groupIds };
  const response = await server.request('POST', '/api/photometry', { token: alice.token, body });
  expect(response.status).toBe(200);
  return response.body.data.ids[0];
}

test("a point's annotations are read where the point is seen, one per origin, apart from the source's", async () => {
  const id = await point([groupA]);
  const base = `/api/photometry/${id}/annotations`;
  const posted = await server.request('POST', base, {
    token: alice.token,
    body: { origin: 'forced_phot', data: { chi2: 1.07, nepochs: 12 }, group_ids: [groupA] },
  });
  expect(posted.status).toBe(200);
  const annotationId = posted.body.data.annotation_id;
  expect((await server.request('POST', base, { token: alice.token, body: { origin: 'forced_phot', data: { chi2: 2 } } })).status).toBe(400);
  // The same origin on the source itself is another subject, not a second annotation of the point.
  const onSource = await server.request('POST', `/api/sources/${objId}/annotations`, {
    token: alice.token,
    body: { origin: 'forced_phot', data: { chi2: 3 } },
  });
  expect(onSource.status).toBe(200);

  const read = (await server.request('GET', `${base}/${annotationId}`, { token: alice.token })).body.data;
  expect(read).toMatchObject({ obj_id: objId, photometry_id: id, spectrum_id: null, resourceType: 'photometry', data: { chi2: 1.07, nepochs: 12 } });
  expect((await server.request('GET', base, { token: alice.token })).body.data.map((a: { id: number }) => a.id)).toEqual([annotationId]);
  const sourceOnes = (await server.request('GET', `/api/sources/${objId}/annotations`, { token: alice.token })).body.data;
  expect(sourceOnes.map((a: { id: number }) => a.id)).toEqual([onSource.body.data.annotation_id]);
  expect((await server.request('GET', `/api/sources/${objId}/annotations/${annotationId}`, { token: alice.token })).status).toBe(403);

  // bob sees the source but not the point: no annotations, a 403 for the one, a 404 to post.
  expect((await server.request('GET', base, { token: bob.token })).body.data).toEqual([]);
  expect((await server.request('GET', `${base}/${annotationId}`, { token: bob.token })).status).toBe(403);
  expect((await server.request('POST', base, { token: bob.token, body: { origin: 'x', data: { a: 1 } } })).status).toBe(404);

  // Its author changes it; the path must name its point.
  expect((await server.request('PUT', `${base}/${annotationId}`, { token: alice.token, body: { data: { chi2: 0.98 } } })).status).toBe(200);
  expect((await server.request('GET', `${base}/${annotationId}`, { token: alice.token })).body.data.data).toEqual({ chi2: 0.98 });
  const other = await point([groupA]);
  expect((await server.request('GET', `/api/photometry/${other}/annotations/${annotationId}`, { token: alice.token })).status).toBe(400);

  // Deleting the point takes its annotations; the source's stay.
  expect((await server.request('DELETE', `/api/photometry/${id}`, { token: alice.token })).status).toBe(200);
  expect(await server.knex('annotations').where({ id: annotationId }).first()).toBeUndefined();
  expect(await server.knex('annotations').where({ id: onSource.body.data.annotation_id }).first()).toBeDefined();
});

test("deleting a source's photometry in bulk takes the points' annotations", async () => {
  const ids = [await point([groupA]), await point([groupA])];
  for (const id of ids) {
    const posted = await server.request('POST', `/api/photometry/${id}/annotations`, { token: alice.token, body: { origin: 'bulk', data: { n: id } } });
    expect(posted.status).toBe(200);
  }
  expect((await server.request('DELETE', `/api/sources/${objId}/photometry`, { token: alice.token })).status).toBe(200);
  expect(await server.knex('annotations').whereIn('photometry_id', ids)).toEqual([]);
});

test("a point's annotation neither sorts nor filters the sources list", async () => {
  const id = await point([groupA]);
  await server.request('POST', `/api/photometry/${id}/annotations`, { token: alice.token, body: { origin: 'pointonly', data: { drb: 0.99 } } });
  const filtered = await server.request('GET', '/api/sources', {
    token: alice.token,
    query: { annotationsFilter: 'drb', annotationsFilterOrigin: 'pointonly' },
  });
  expect(filtered.status).toBe(200);
  expect(filtered.body.data.sources.map((s: { id: string }) => s.id)).not.toContain(objId);
});

test('a point id that is not a whole number is a 400 naming it', async () => {
  const response = await server.request('GET', '/api/photometry/abc/annotations', { token: alice.token });
  expect(response.status).toBe(400);
  expect(response.body.message).toMatch(/id/);
});
