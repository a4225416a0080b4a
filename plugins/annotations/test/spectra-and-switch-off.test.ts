import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// Annotations on spectra, while the spectra plugin is enabled: the same routes and rules under
// /api/spectra/{id}/annotations, read only where the spectrum may be seen, carried by spectra
// answers, gone with a deleted spectrum. And the plugin switched off on a site that has them:
// sources, objs and groups work as before.
let server: TestServer;
let without: TestServer;
let alice: TestUser; // in A
let bob: TestUser; // in B
let groupA: number;
let groupB: number;
let objId: string;
let instrumentId: number;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'spectra', new URL('..', import.meta.url)] });
  without = await startTestServer({ plugins: ['sources', 'spectra'], replicaOf: server });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Annotate', 'Upload data'] }));
  const telescope = await server.request('POST', '/api/telescope', { body: { name: uniqueId('Keck'), nickname: uniqueId('K'), diameter: 10 } });
  const instrument = await server.request('POST', '/api/instrument', {
    body: { name: uniqueId('LRIS'), type: 'spectrograph', filters: [], telescope_id: telescope.body.data.id },
  });
  instrumentId = instrument.body.data.id;
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 202.5, dec: 13.4, group_ids: [groupA, groupB] } });
});

async function spectrum(groupIds: number[]): Promise<number> {
  const body = {
    obj_id: objId,
    instrument_id: instrumentId,
    observed_at: '2021-04-03T02:28:19',
    wavelengths: [4000, 5000, 6000],
    fluxes: [1, 2, 1.5],
    group_ids: groupIds,
  };
  const response = await server.request('POST', '/api/spectra', { token: alice.token, body });
  expect(response.status).toBe(200);
  return response.body.data.id;
}

test("a spectrum's annotations are read where the spectrum is seen, one per origin, and carried by the spectrum", async () => {
  const id = await spectrum([groupA]);
  const base = `/api/spectra/${id}/annotations`;
  const posted = await server.request('POST', base, {
    token: alice.token,
    body: { origin: 'snid', data: { z: 0.0312, type: 'Ia-norm', rlap: 12.5 }, group_ids: [groupA] },
  });
  expect(posted.status).toBe(200);
  const annotationId = posted.body.data.annotation_id;
  const again = await server.request('POST', base, { token: alice.token, body: { origin: 'snid', data: { z: 1 } } });
  expect(again.status).toBe(400);
  const read = (await server.request('GET', `${base}/${annotationId}`, { token: alice.token })).body.data;
  expect(read).toMatchObject({ obj_id: objId, spectrum_id: id, resourceType: 'spectra', data: { z: 0.0312, type: 'Ia-norm', rlap: 12.5 } });
  expect((await server.request('GET', `/api/spectra/${id}`, { token: alice.token })).body.data.annotations.map((a: { id: number }) => a.id)).toEqual([
    annotationId,
  ]);
  // bob cannot see the spectrum: no annotations, a 403 for the one, a 404 to post.
  expect((await server.request('GET', base, { token: bob.token })).body.data).toEqual([]);
  expect((await server.request('GET', `${base}/${annotationId}`, { token: bob.token })).status).toBe(403);
  expect((await server.request('POST', base, { token: bob.token, body: { origin: 'x', data: { a: 1 } } })).status).toBe(404);
  // A spectrum's annotation is not the source's, nor reachable through the source's path.
  expect((await server.request('GET', `/api/sources/${objId}/annotations`, { token: alice.token })).body.data).toEqual([]);
  expect((await server.request('GET', `/api/sources/${objId}/annotations/${annotationId}`, { token: alice.token })).status).toBe(403);
  // Deleting the spectrum takes its annotations.
  expect((await server.request('DELETE', `/api/spectra/${id}`, { token: alice.token })).status).toBe(200);
  expect(await server.knex('annotations').where({ id: annotationId }).first()).toBeUndefined();
});

test('switched off, the routes and fields are gone and sources, objs and groups with annotations work as before', async () => {
  const id = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id, ra: 12.5, dec: -3.2, group_ids: [groupA] } });
  const group = await server.createGroup(uniqueId('scanners'), [alice.id]);
  await server.request('POST', `/api/sources/${id}/annotations`, { token: alice.token, body: { origin: 'kowalski', data: { drb: 0.9 }, group_ids: [group] } });
  expect((await without.request('GET', `/api/sources/${id}/annotations`, { token: alice.token })).status).toBe(404);
  const source = await without.request('GET', `/api/sources/${id}`, { token: alice.token });
  expect(source.status).toBe(200);
  expect(source.body.data).not.toHaveProperty('annotations');
  const sorted = await without.request('GET', '/api/sources', { token: alice.token, query: { sortBy: 'annotation.kowalski.drb' } });
  expect(sorted.status).toBe(400);
  expect((await without.request('DELETE', `/api/groups/${group}`)).status).toBe(200);
  expect((await without.request('DELETE', `/api/objs/${id}`)).status).toBe(200);
  expect(await server.knex('annotations').where({ obj_id: id }).first()).toBeUndefined();
});
