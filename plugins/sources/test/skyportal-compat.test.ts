// Telescopes, instruments and objs as SkyPortal's clients use them (fields, updates, deletion,
// source_exists), with group scoping unchanged: what the caller may not see answers as missing.
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { ApiError } from '@skyportal/sdk';
import { sourcesHooks } from '@skyportal/plugin-sources/types';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources'] });
});
afterAll(() => server.stop());

async function telescope(body: Record<string, unknown> = {}) {
  const name = uniqueId('tel');
  const res = await server.request('POST', '/api/telescope', { body: { name, nickname: name, lat: 0, lon: 0, elevation: 0, diameter: 10, ...body } });
  expect(res.status).toBe(200);
  return res.body.data.id as number;
}

async function instrument(body: Record<string, unknown> = {}) {
  const res = await server.request('POST', '/api/instrument', {
    body: { name: uniqueId('inst'), type: 'imager', filters: ['f110w'], telescope_id: await telescope(), ...body },
  });
  return res;
}

describe('telescopes', () => {
  test('links, robotic and fixed_location are stored and read back', async () => {
    const body = { skycam_link: 'http://www.lulin.ncu.edu.tw/wea/cur_sky.jpg', weather_link: '/static/weather.html', robotic: true };
    const id = await telescope(body);
    const read = (await server.request('GET', `/api/telescope/${id}`)).body.data;
    expect(read).toMatchObject({ ...body, fixed_location: true, diameter: 10, instruments: [] });
    const bad = await server.request('POST', '/api/telescope', {
      body: { name: uniqueId(), nickname: uniqueId(), diameter: 1, skycam_link: 'javascript:alert(1)' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/skycam_link/);
  });

  test('a space telescope: diameter 0 allowed, no location; a fixed one needs lat, lon and elevation', async () => {
    const name = uniqueId('space');
    expect((await server.request('POST', '/api/telescope', { body: { name, nickname: name, diameter: 0, fixed_location: false } })).status).toBe(200);
    const fixed = await server.request('POST', '/api/telescope', { body: { name: uniqueId(), nickname: uniqueId(), diameter: 1, fixed_location: true } });
    expect(fixed.status).toBe(400);
    expect(fixed.body.message).toMatch(/^lat, lon, elevation: Missing required parameter/);
  });

  test('the list filters by a latitude and longitude box', async () => {
    const inside = await telescope({ lat: -30, lon: 60 });
    const outside = await telescope({ lat: 0, lon: 0 });
    const ids = (
      await server.request('GET', '/api/telescope', { query: { latitudeMin: -45, latitudeMax: -15, longitudeMin: 45, longitudeMax: 75 } })
    ).body.data.map((t: { id: number }) => t.id);
    expect(ids).toContain(inside);
    expect(ids).not.toContain(outside);
  });

  test('PUT changes the fields given and needs Manage telescopes (401 without)', async () => {
    const id = await telescope();
    const user = await server.createUser();
    const denied = await server.request('PUT', `/api/telescope/${id}`, { token: user.token, body: { diameter: 12 } });
    expect(denied.status).toBe(401);
    expect(denied.body.data).toEqual({ missing_acl: 'Manage telescopes' });
    expect((await server.request('PUT', `/api/telescope/${id}`, { body: { diameter: 12 } })).status).toBe(200);
    expect((await server.request('GET', `/api/telescope/${id}`)).body.data).toMatchObject({ diameter: 12, lat: 0, robotic: false });
    const unfix = await server.request('PUT', `/api/telescope/${id}`, { body: { lat: null } });
    expect(unfix.status).toBe(400);
  });

  test('DELETE removes it with its instruments; then it answers 400, as SkyPortal', async () => {
    const inst = (await instrument()).body.data.id;
    const { telescope_id: id } = (await server.request('GET', `/api/instrument/${inst}`)).body.data;
    expect((await server.request('DELETE', `/api/telescope/${id}`)).status).toBe(200);
    const gone = await server.request('GET', `/api/telescope/${id}`);
    expect(gone.status).toBe(400);
    expect(gone.body.message).toBe(`Cannot find telescope with ID ${id}`);
    expect((await server.request('GET', `/api/instrument/${inst}`)).status).toBe(400);
  });
});

describe('instruments', () => {
  test("SkyPortal's bandpass names (sncosmo's registry) are filters", async () => {
    const res = await instrument({ filters: ['f110w', 'nicf160w', 'ztfg'] });
    expect(res.status).toBe(200);
  });

  test('sensitivity data must be about the instrument’s filters (SkyPortal’s message)', async () => {
    const wrong = await instrument({ sensitivity_data: { ztfr: { limiting_magnitude: 20.5, magsys: 'ab', exposure_time: 30 } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe('Sensitivity_data filters must be a subset of the instrument filters');
    const sensitivity_data = { f110w: { limiting_magnitude: 20.5, magsys: 'ab', exposure_time: 30 } };
    const ok = await instrument({ sensitivity_data });
    expect((await server.request('GET', `/api/instrument/${ok.body.data.id}`)).body.data.sensitivity_data).toEqual(sensitivity_data);
  });

  test('a field of view becomes its DS9 region (circle or rectangle)', async () => {
    const circle = await instrument({ field_fov_type: 'circle', field_fov_attributes: 3.0 });
    expect((await server.request('GET', `/api/instrument/${circle.body.data.id}`, { query: { includeRegion: 'true' } })).body.data.region).toBe(
      '# Region file format: DS9 astropy/regions\nicrs\ncircle(0.00000000,0.00000000,3.00000000)\n',
    );
    const box = await instrument({ field_fov_type: 'rectangle', field_fov_attributes: [2.5, 1.25] });
    const listed = (await server.request('GET', '/api/instrument', { query: { includeRegion: 'true' } })).body.data.find(
      (i: { id: number }) => i.id === box.body.data.id,
    );
    expect(listed.region).toMatch(/\nbox\(0\.00000000,0\.00000000,2\.50000000,1\.25000000,0\.00000000\)\n$/);
    expect((await instrument({ field_fov_type: 'circle', field_fov_attributes: [1, 2] })).status).toBe(400);
    expect((await instrument({ field_fov_type: 'circle' })).status).toBe(400);
    const fields = await instrument({ field_data: { ID: [1], RA: [0], Dec: [0] } });
    expect(fields.status).toBe(400);
    expect(fields.body.message).toMatch(/field_data/);
  });

  test('PUT changes the fields given (across_id alone) and needs Manage instruments', async () => {
    const id = (await instrument({ band: 'NIR' })).body.data.id;
    const user = await server.createUser({ roles: ['Group admin'] });
    expect((await server.request('PUT', `/api/instrument/${id}`, { token: user.token, body: { across_id: 'x' } })).status).toBe(401);
    expect((await server.request('PUT', `/api/instrument/${id}`, { body: { across_id: 'b1c0-acr055' } })).status).toBe(200);
    expect((await server.request('GET', `/api/instrument/${id}`, { token: user.token })).body.data).toMatchObject({
      across_id: 'b1c0-acr055',
      band: 'NIR',
      filters: ['f110w'],
    });
    expect((await server.request('PUT', `/api/instrument/${id}`, { body: { filters: ['nosuch'] } })).status).toBe(400);
  });

  test('DELETE removes it; a plugin holding data about it may refuse, and then nothing is deleted', async () => {
    const id = (await instrument()).body.data.id;
    const refused: number[] = [];
    server.app.hooks.of(sourcesHooks.instrumentsDeleting).tapPromise('test-guard', async ({ instrumentIds }: { instrumentIds: number[] }) => {
      if (refused.some((r) => instrumentIds.includes(r))) throw new ApiError(400, 'still in use');
    });
    refused.push(id);
    const res = await server.request('DELETE', `/api/instrument/${id}`);
    expect(res.status).toBe(400);
    expect((await server.request('GET', `/api/instrument/${id}`)).status).toBe(200);
    refused.length = 0;
    expect((await server.request('DELETE', `/api/instrument/${id}`)).status).toBe(200);
    expect((await server.request('GET', `/api/instrument/${id}`)).status).toBe(400);
  });
});

describe('objs', () => {
  let alice: TestUser;
  let bob: TestUser;
  let groupA: number;
  let groupB: number;
  beforeAll(async () => {
    alice = await server.createUser({ roles: ['Group admin'] });
    bob = await server.createUser({ roles: ['Group admin'] });
    groupA = await server.createGroup(uniqueId('A'), [alice.id]);
    groupB = await server.createGroup(uniqueId('B'), [bob.id]);
  });
  const save = (id: string, groups: number[], ra = 10, dec = 20) => server.request('POST', '/api/sources', { body: { id, ra, dec, group_ids: groups } });

  test("GET /api/sources/{id}/groups lists the caller's groups it is saved to; 404 for one they cannot see", async () => {
    const id = uniqueId('grp');
    await save(id, [groupA, groupB]);
    const groups = (await server.request('GET', `/api/sources/${id}/groups`, { token: alice.token })).body.data;
    expect(groups.map((g: { id: number }) => g.id)).toEqual([groupA]);
    const other = uniqueId('grp');
    await save(other, [groupB]);
    expect((await server.request('GET', `/api/sources/${other}/groups`, { token: alice.token })).status).toBe(404);
  });

  test('source_exists by id and by position reports only sources the caller may see', async () => {
    const mine = uniqueId('ex');
    const theirs = uniqueId('ex');
    await save(mine, [groupA], 150, -40);
    await save(theirs, [groupB], 150.0001, -40);
    const byId = await server.request('GET', `/api/source_exists/${mine}`, { token: alice.token });
    expect(byId.body.data).toEqual({ source_exists: true, message: `A source with the name ${mine} already exists.` });
    expect((await server.request('GET', `/api/source_exists/${theirs}`, { token: alice.token })).body.data.source_exists).toBe(false);
    const cone = await server.request('GET', '/api/source_exists', { token: alice.token, query: { ra: 150, dec: -40, radius: 0.01 } });
    expect(cone.body.data).toEqual({ source_exists: true, message: `A source at that location already exists: ${mine}.` });
    const missThenCone = await server.request('GET', `/api/source_exists/${uniqueId('none')}`, {
      token: bob.token,
      query: { ra: 150, dec: -40, radius: 0.01 },
    });
    expect(missThenCone.body.data.message).toBe(`A source at that location already exists: ${theirs}.`);
    expect((await server.request('GET', '/api/source_exists', { token: alice.token })).status).toBe(400);
    expect((await server.request('GET', '/api/source_exists', { token: alice.token, query: { ra: 'x', dec: 'y', radius: 'z' } })).status).toBe(400);
  });

  test('DELETE /api/objs/{id}: only where every group it is in is yours, once nothing refers to it', async () => {
    const shared = uniqueId('del');
    await save(shared, [groupA, groupB]);
    const blocked = await server.request('DELETE', `/api/objs/${shared}`, { token: alice.token });
    expect(blocked.status).toBe(403);
    expect((await server.request('GET', `/api/sources/${shared}`, { token: bob.token })).status).toBe(200);

    const hidden = uniqueId('del');
    await save(hidden, [groupB]);
    const notSeen = await server.request('DELETE', `/api/objs/${hidden}`, { token: alice.token });
    expect(notSeen.status).toBe(400);
    expect(notSeen.body.message).toBe(`Cannot find object with ID ${hidden}.`);
    expect(notSeen.body.message.replace(hidden, 'X')).toBe(
      (await server.request('DELETE', '/api/objs/nosuchobj', { token: alice.token })).body.message.replace('nosuchobj', 'X'),
    );

    const mine = uniqueId('del');
    await save(mine, [groupA]);
    let refuse = true;
    server.app.hooks.of(sourcesHooks.objDeleting).tapPromise('test-guard', async ({ objId }: { objId: string }) => {
      if (refuse && objId === mine) throw new ApiError(400, `Please remove all associated photometry from object with ID ${objId} before removing.`);
    });
    const held = await server.request('DELETE', `/api/objs/${mine}`, { token: alice.token });
    expect(held.status).toBe(400);
    expect((await server.request('GET', `/api/sources/${mine}`, { token: alice.token })).status).toBe(200);
    refuse = false;
    expect((await server.request('DELETE', `/api/objs/${mine}`, { token: alice.token })).status).toBe(200);
    expect((await server.request('GET', `/api/sources/${mine}`)).status).toBe(404);
    // A system admin deletes what no one else could.
    expect((await server.request('DELETE', `/api/objs/${shared}`)).status).toBe(200);
  });

  test('deleting an obj needs Manage sources (401 without)', async () => {
    const id = uniqueId('acl');
    const user = await server.createUser({ groupIds: [groupA] });
    await save(id, [groupA]);
    expect((await server.request('DELETE', `/api/objs/${id}`, { token: user.token })).status).toBe(401);
  });
});
