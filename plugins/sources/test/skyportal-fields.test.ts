/**
 * What SkyPortal's clients read and post beyond position and redshift: the Obj fields, the HEALPix
 * index, distances, duplicates, saving as another user, and the filters, sorts and summary of
 * GET /api/sources.
 */
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let group: number;
let other: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources'] });
  alice = await server.createUser();
  bob = await server.createUser();
  group = await server.createGroup(uniqueId('fields'), [alice.id, bob.id]);
  other = await server.createGroup(uniqueId('other'), [bob.id]);
});
afterAll(() => server.stop());

const save = (body: Record<string, unknown>, token = alice.token) => server.request('POST', '/api/sources', { body: { group_ids: [group], ...body }, token });
const read = (id: string, token = alice.token) => server.request('GET', `/api/sources/${id}`, { token });
const list = async (query: Record<string, string | number | boolean>, token = alice.token) => {
  const res = await server.request('GET', '/api/sources', { token, query: { group_ids: group, ...query } });
  expect(res.status).toBe(200);
  return res.body.data;
};
const ids = (data: { sources: { id: string }[] }) => data.sources.map((s) => s.id);

describe('Obj fields', () => {
  test('posted fields are stored and answered; PATCH changes them', async () => {
    const id = uniqueId('f');
    const fields = {
      alias: ['SN 2026abc'],
      origin: 'ZTF alert stream',
      tns_name: '2026abc',
      redshift_origin: 'host-spectrum',
      redshift_error: 0.001,
      altdata: { simbad: { class: 'RRLyr' }, nested: { key: 2 } },
      transient: true,
      ra_dis: 10.0001,
      dec_dis: -5.0001,
    };
    expect((await save({ id, ra: 10, dec: -5, redshift: 0.05, ...fields })).status).toBe(200);
    const seen = (await read(id)).body.data;
    expect(seen).toMatchObject({ id, ...fields, varstar: false, is_roid: false, offset: 0, score: null });
    expect(seen.modified).toEqual(expect.any(String));
    const patched = await server.request('PATCH', `/api/sources/${id}`, { body: { transient: false, ra_dis: 2.3, altdata: { dm: 30 } } });
    expect(patched.status).toBe(200);
    expect((await read(id)).body.data).toMatchObject({ transient: false, ra_dis: 2.3, altdata: { dm: 30 }, alias: ['SN 2026abc'] });
    // An unknown field is refused, naming it.
    const unknown = await server.request('PATCH', `/api/sources/${id}`, { body: { colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/colour/);
  });

  test('healpix is the exact order-29 nested index, and follows a new position', async () => {
    const id = uniqueId('f');
    await save({ id, ra: 234.22, dec: -22.33 });
    // Values from astropy-healpix (HEALPix(nside=2**29, order="nested")), as SkyPortal stores them.
    expect((await read(id)).text).toContain('"healpix":3120579787410559663');
    await server.request('PATCH', `/api/sources/${id}`, { body: { ra: 230.22 } });
    expect((await read(id)).text).toContain('"healpix":3126137476541327364');
    const edge = uniqueId('f');
    await save({ id: edge, ra: 0, dec: 0 });
    // On a pixel corner: the pixel astropy-healpix gives.
    expect((await read(edge)).text).toContain('"healpix":1369094286720630784');
  });

  test('galactic coordinates are those of astropy', async () => {
    const id = uniqueId('f');
    await save({ id, ra: 234.22, dec: -22.33 });
    const seen = (await read(id)).body.data;
    // SkyCoord(234.22, -22.33, unit="deg").galactic (astropy 5.2)
    expect(seen.gal_lon).toBeCloseTo(345.9647872456891, 10);
    expect(seen.gal_lat).toBeCloseTo(26.401343020728902, 10);
    const centre = uniqueId('f');
    await save({ id: centre, ra: 266.405, dec: -28.936 });
    const [listed] = (await list({ sourceID: centre })).sources;
    expect(listed.gal_lon).toBeCloseTo(0.00015706771092496573, 10);
    expect(listed.gal_lat).toBeCloseTo(8.386939073649143e-5, 10);
  });

  test('distances come from altdata when given, else from the redshift in Planck 2018', async () => {
    const far = uniqueId('f');
    await save({ id: far, ra: 1, dec: 1, redshift: 3 });
    const z3 = (await read(far)).body.data;
    // astropy.cosmology.Planck18.luminosity_distance(3.0)
    expect(Math.abs(z3.luminosity_distance - 26016.015955798568)).toBeLessThan(1e-7);
    expect(z3.angular_diameter_distance).toBeCloseTo(26016.015955798568 / 16, 9);
    expect(z3.dm).toBeCloseTo(5 * Math.log10(26016.015955798568 * 1e5), 9);

    const withDm = uniqueId('f');
    await save({ id: withDm, ra: 1, dec: 1, redshift: 0, altdata: { dm: 28.5 } });
    const fromDm = (await read(withDm)).body.data;
    expect(fromDm.dm).toBeCloseTo(28.5, 12);
    expect(fromDm.luminosity_distance).toBeCloseTo(10 ** (28.5 / 5 - 5), 12);
    expect(fromDm.angular_diameter_distance).toBe(fromDm.luminosity_distance);

    const parallax = uniqueId('f');
    await save({ id: parallax, ra: 1, dec: 1, altdata: { parallax: 0.001 } });
    expect((await read(parallax)).body.data.dm).toBeCloseTo(10, 12);

    // Below the Hubble flow (cz < 350 km/s) a redshift gives no distance.
    const near = uniqueId('f');
    await save({ id: near, ra: 1, dec: 1, redshift: 0.00001 });
    expect((await read(near)).body.data).toMatchObject({ dm: null, luminosity_distance: null, angular_diameter_distance: null });
    expect((await list({ sourceID: near })).sources[0]).toMatchObject({ dm: null });
  });
});

describe('duplicates', () => {
  test('other sources within 4 arcsec that the caller can see, nearest first; never one they cannot', async () => {
    const [a, b, c, hidden] = [uniqueId('dupA'), uniqueId('dupB'), uniqueId('dupC'), uniqueId('dupH')];
    await save({ id: a, ra: 120, dec: 45 });
    await save({ id: b, ra: 120 + 0.0001, dec: 45 + 0.0005 }); // 1.82"
    await save({ id: c, ra: 120, dec: 45 + 3.5 / 3600 }); // 3.5"
    await save({ id: hidden, ra: 120, dec: 45 - 1 / 3600, group_ids: [other] }, bob.token);
    const dups = (await read(a)).body.data.duplicates;
    expect(dups.map((d: { obj_id: string }) => d.obj_id)).toEqual([b, c]);
    expect(dups[0]).toEqual({ obj_id: b, ra: 120 + 0.0001, dec: 45 + 0.0005, separation: expect.any(Number) });
    expect(dups[0].separation).toBeCloseTo(1.8179, 3);
    expect((await read(a, bob.token)).body.data.duplicates.map((d: { obj_id: string }) => d.obj_id)).toEqual([hidden, b, c]);
    // A moving object is nobody's duplicate.
    await server.request('PATCH', `/api/sources/${c}`, { body: { is_roid: true } });
    expect((await read(a)).body.data.duplicates.map((d: { obj_id: string }) => d.obj_id)).toEqual([b]);
    expect((await read(c)).body.data.duplicates).toEqual([]);
  });
});

describe('saving as another user (saver_per_group_id)', () => {
  test('only system admins may; a saver who is not in the group is replaced by the caller, with a warning', async () => {
    const id = uniqueId('f');
    const refused = await save({ id, ra: 1, dec: 1, saver_per_group_id: { [group]: bob.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('Failed to post source: You must be an admin to specify a saver_per_group_id field.');
    expect((await read(id)).status).toBe(404);

    const saved = await save({ id, ra: 1, dec: 1, group_ids: [group, other], saver_per_group_id: { [group]: bob.id, [other]: alice.id } }, server.adminToken);
    expect(saved.status).toBe(200);
    expect(saved.body.data.saved_to_groups.sort()).toEqual([group, other].sort());
    expect(saved.body.data.warnings).toEqual([expect.stringMatching(new RegExp(`^Could not save to group ${other} as user ${alice.id} `))]);
    const groups = (await read(id, bob.token)).body.data.groups;
    const savers = Object.fromEntries(groups.map((g: { id: number; saved_by: { id: number } }) => [g.id, g.saved_by.id]));
    expect(savers[group]).toBe(bob.id);
    expect(savers[other]).not.toBe(alice.id);
  });
});

describe('GET /api/sources filters, sorts and summary', () => {
  test('by id, rejected ids, redshift, SIMBAD class, TNS name, alias and origin', async () => {
    const prefix = uniqueId('flt');
    const [one, two] = [`${prefix}a`, `${prefix}b`];
    await save({ id: one, ra: 50, dec: 5, redshift: 3, altdata: { simbad: { class: 'QSO' } }, tns_name: '2026xyz', alias: ['Alpha'], origin: 'Kowalski' });
    await save({ id: two, ra: 50, dec: 5, redshift: 1 });
    const both = { sourceID: prefix };
    expect(ids(await list({ ...both, sortBy: 'id', sortOrder: 'asc' }))).toEqual([one, two].sort());
    expect(ids(await list({ ...both, rejectedSourceIDs: two }))).toEqual([one]);
    expect(ids(await list({ ...both, rejectedSourceIDs: `${one},${two}` }))).toEqual([]);
    expect(ids(await list({ ...both, minRedshift: 2 }))).toEqual([one]);
    expect(ids(await list({ ...both, maxRedshift: 2 }))).toEqual([two]);
    expect(ids(await list({ ...both, simbadClass: 'qs' }))).toEqual([one]);
    expect(ids(await list({ ...both, hasTNSname: 'true' }))).toEqual([one]);
    expect(ids(await list({ ...both, hasNoTNSname: 'True' }))).toEqual([two]);
    expect(ids(await list({ ...both, hasTNSname: 'false', sortBy: 'id', sortOrder: 'asc' }))).toEqual([one, two].sort());
    expect(ids(await list({ ...both, alias: 'alp' }))).toEqual([one]);
    expect(ids(await list({ ...both, origin: 'kowal' }))).toEqual([one]);
    // A TNS name finds its source, with or without the AT/SN prefix.
    expect(ids(await list({ sourceID: 'AT 2026xyz' }))).toEqual([one]);
  });

  test('by when and by whom it was saved, and when the obj was created or changed', async () => {
    const prefix = uniqueId('when');
    const first = `${prefix}a`;
    await save({ id: first, ra: 60, dec: 6 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = `${prefix}b`;
    await save({ id: second, ra: 60, dec: 6 }, bob.token);
    const both = { sourceID: prefix };
    expect(ids(await list({ ...both, savedBefore: between }))).toEqual([first]);
    expect(ids(await list({ ...both, savedAfter: between }))).toEqual([second]);
    expect(ids(await list({ ...both, savedByCurrentUser: true }))).toEqual([first]);
    expect(ids(await list({ ...both, savedByCurrentUser: true }, bob.token))).toEqual([second]);
    expect(ids(await list({ ...both, createdOrModifiedAfter: between }))).toEqual([second]);
    await server.request('PATCH', `/api/sources/${first}`, { body: { redshift: 0.2 } });
    expect(ids(await list({ ...both, createdOrModifiedAfter: between, sortBy: 'id', sortOrder: 'asc' }))).toEqual([first, second]);
    // A zone in the date, as Python's str(datetime) writes it.
    expect(ids(await list({ ...both, savedAfter: between.replace('T', ' ').replace('Z', '+00:00') }))).toEqual([second]);
  });

  test('sorting by a value inside altdata sorts numbers as numbers, missing values last', async () => {
    const prefix = uniqueId('alt');
    const [nine, ten, none] = [`${prefix}a`, `${prefix}b`, `${prefix}c`];
    await save({ id: nine, ra: 70, dec: 7, altdata: { 'Einstein Radius': 9, nested: { key: 2 } } });
    await save({ id: ten, ra: 70, dec: 7, altdata: { 'Einstein Radius': 10, nested: { key: 1 } } });
    await save({ id: none, ra: 70, dec: 7 });
    const q = { sourceID: prefix };
    expect(ids(await list({ ...q, sortBy: 'altdata.Einstein Radius', sortOrder: 'desc' }))).toEqual([ten, nine, none]);
    expect(ids(await list({ ...q, sortBy: 'altdata.Einstein Radius', sortOrder: 'asc' }))).toEqual([nine, ten, none]);
    expect(ids(await list({ ...q, sortBy: 'altdata.nested.key', sortOrder: 'asc' }))).toEqual([ten, nine, none]);
  });

  test('removeNested leaves the groups out', async () => {
    const id = uniqueId('nest');
    await save({ id, ra: 80, dec: 8 });
    const [withGroups] = (await list({ sourceID: id })).sources;
    expect(withGroups.groups.map((g: { id: number }) => g.id)).toEqual([group]);
    const [bare] = (await list({ sourceID: id, removeNested: true })).sources;
    expect(bare).toMatchObject({ id, ra: 80, dec: 8 });
    expect(bare).not.toHaveProperty('groups');
  });

  test("saveSummary lists the caller's savings, oldest first, paged", async () => {
    const summaryGroup = await server.createGroup(uniqueId('summary'), [alice.id]);
    const saved: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = uniqueId('sum');
      saved.push(id);
      await save({ id, ra: 90, dec: 9, group_ids: [summaryGroup, group] });
    }
    const all = await list({ saveSummary: true, group_ids: summaryGroup });
    expect(all.totalMatches).toBe(5);
    expect(all.sources.map((s: { obj_id: string }) => s.obj_id)).toEqual(saved);
    expect(all.sources[0]).toEqual({ id: expect.any(Number), obj_id: saved[0], group_id: summaryGroup, saved_by_id: alice.id, saved_at: expect.any(String) });
    const page2 = await list({ saveSummary: true, group_ids: summaryGroup, numPerPage: 2, pageNumber: 2 });
    expect(page2.sources.map((s: { obj_id: string }) => s.obj_id)).toEqual(saved.slice(2, 4));
    expect((await list({ saveSummary: true, group_ids: summaryGroup, numPerPage: 2, pageNumber: 9 })).totalMatches).toBe(5);
    // Bob is in neither group's savings of these: nothing.
    expect((await list({ saveSummary: true, group_ids: summaryGroup }, bob.token)).totalMatches).toBe(0);
  });
});

describe('source labels', () => {
  test('a user labels a source for their groups, and takes it back; others of the group see who', async () => {
    const prefix = uniqueId('lbl');
    const [id, unlabelled] = [`${prefix}a`, `${prefix}b`];
    await save({ id, ra: 110, dec: 11 });
    await save({ id: unlabelled, ra: 110, dec: 11 });
    const labellers = async (token = alice.token) =>
      (await server.request('GET', `/api/sources/${id}`, { token, query: { includeLabellers: 'true' } })).body.data.labellers;
    expect(await labellers()).toEqual([]);
    expect((await server.request('POST', `/api/sources/${id}/labels`, { token: alice.token, body: { groupIds: [group] } })).status).toBe(200);
    // Twice is once.
    expect((await server.request('POST', `/api/sources/${id}/labels`, { token: alice.token, body: { groupIds: [group] } })).status).toBe(200);
    expect(await labellers(bob.token)).toEqual([{ id: alice.id, username: alice.username, first_name: null, last_name: null }]);
    expect(ids(await list({ sourceID: prefix, hasBeenLabelled: true }))).toEqual([id]);
    expect(ids(await list({ sourceID: prefix, hasNotBeenLabelled: true }))).toEqual([unlabelled]);
    expect(ids(await list({ sourceID: prefix, hasBeenLabelled: true, currentUserLabeller: true }, bob.token))).toEqual([]);
    const [listed] = (await list({ sourceID: id, includeLabellers: true })).sources;
    expect(listed.labellers).toEqual([{ id: expect.any(Number), obj_id: id, group_id: group, labeller_id: alice.id, created_at: expect.any(String) }]);
    // Only for the caller's groups, and only on sources they can see.
    expect((await server.request('POST', `/api/sources/${id}/labels`, { token: alice.token, body: { groupIds: [other] } })).status).toBe(403);
    const hidden = uniqueId('lblhidden');
    await save({ id: hidden, ra: 1, dec: 1, group_ids: [other] }, bob.token);
    expect((await server.request('POST', `/api/sources/${hidden}/labels`, { token: alice.token, body: { groupIds: [group] } })).status).toBe(404);
    expect((await server.request('DELETE', `/api/sources/${id}/labels`, { token: alice.token, body: { groupIds: [group] } })).status).toBe(200);
    expect(await labellers()).toEqual([]);
    const noGroups = await server.request('POST', `/api/sources/${id}/labels`, { token: alice.token, body: {} });
    expect(noGroups.status).toBe(400);
    expect(noGroups.body.message).toMatch(/groupIds/);
  });
});

describe('hooks for other plugins', () => {
  test('sources.serialize gets the page with the raw query; sources.filter narrows by a correlated condition', async () => {
    const prefix = uniqueId('hook');
    const [keep, drop] = [`${prefix}a`, `${prefix}b`];
    await save({ id: keep, ra: 100, dec: 10 });
    await save({ id: drop, ra: 100, dec: 10 });
    const { sourcesHooks } = await import('@skyportal/plugin-sources/types');
    const seen: { view: string; ids: string[]; flag: unknown }[] = [];
    server.app.hooks.of(sourcesHooks.serialize).tapPromise('test', async (event) => {
      seen.push({ view: event.view, ids: event.sources.map((s) => s.id), flag: event.query.testFlag });
      for (const source of event.sources) source.test_field = `for ${source.id}`;
    });
    server.app.hooks.of(sourcesHooks.filter).tapPromise('test', async (event) => {
      if (event.query.onlyId !== undefined)
        event.whereExists(event.db('objs as t').whereRaw('t.id = ??', [event.objIdColumn]).where('t.id', String(event.query.onlyId)));
    });
    const page = await list({ sourceID: prefix, onlyId: keep, testFlag: 'yes' });
    expect(ids(page)).toEqual([keep]);
    expect(page.sources[0].test_field).toBe(`for ${keep}`);
    expect((await list({ saveSummary: true, sourceID: prefix, onlyId: keep })).sources.map((s: { obj_id: string }) => s.obj_id)).toEqual([keep]);
    expect((await server.request('GET', `/api/sources/${drop}`, { token: alice.token, query: { testFlag: 'single' } })).body.data.test_field).toBe(
      `for ${drop}`,
    );
    expect(seen).toEqual([
      { view: 'list', ids: [keep], flag: 'yes' },
      { view: 'single', ids: [drop], flag: 'single' },
    ]);
  });
});
