import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { coreHooks } from '@skyportal/sdk';
import { sourcesHooks } from '@skyportal/plugin-sources/types';

let server: TestServer;
let sitewide: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources'] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
});
afterAll(() => server.stop());

async function save(body: Record<string, unknown>, token?: string) {
  return server.request('POST', '/api/sources', { body, token });
}

describe('saving and reading sources', () => {
  let alice: TestUser;
  let bob: TestUser;
  let groupA: number;
  let groupB: number;
  beforeAll(async () => {
    ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers());
  });

  test('a source saved to group A is visible to A members only; others get 404, not 403', async () => {
    const id = uniqueId('src');
    const res = await save({ id, ra: 10.5, dec: -20.25, redshift: 0.05, group_ids: [groupA] }, alice.token);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ id, saved_to_groups: [groupA] });
    const seen = await server.request('GET', `/api/sources/${id}`, { token: alice.token });
    expect(seen.status).toBe(200);
    expect(seen.body.data).toMatchObject({ id, ra: 10.5, dec: -20.25, redshift: 0.05 });
    expect(seen.body.data.groups.map((g: any) => g.id)).toEqual([groupA]);
    expect(seen.body.data.groups[0].saved_by.id).toBe(alice.id);
    expect(seen.body.data.saved_at).toEqual(expect.any(String));
    const hidden = await server.request('GET', `/api/sources/${id}`, { token: bob.token });
    expect(hidden.status).toBe(404);
    const missing = await server.request('GET', `/api/sources/${uniqueId('nope')}`, { token: bob.token });
    expect(missing.status).toBe(404);
    expect(hidden.body.message).toBe(missing.body.message.replace(/nope\w+/, id));
    // System admins see every source.
    expect((await server.request('GET', `/api/sources/${id}`)).status).toBe(200);
  });

  test('saving again to another group adds it; the caller sees only their groups', async () => {
    const id = uniqueId('src');
    await save({ id, ra: 1, dec: 2, group_ids: [groupA] }, alice.token);
    const again = await save({ id, ra: 1, dec: 2, group_ids: [groupB] });
    expect(again.status).toBe(200);
    const byAdmin = await server.request('GET', `/api/sources/${id}`);
    expect(byAdmin.body.data.groups.map((g: any) => g.id).sort()).toEqual([groupA, groupB].sort());
    const byBob = await server.request('GET', `/api/sources/${id}`, { token: bob.token });
    expect(byBob.body.data.groups.map((g: any) => g.id)).toEqual([groupB]);
  });

  test('saving to a group the caller is not in is 403; an unknown group is 400 naming group_ids', async () => {
    expect((await save({ id: uniqueId('src'), ra: 1, dec: 2, group_ids: [groupB] }, alice.token)).status).toBe(403);
    const res = await save({ id: uniqueId('src'), ra: 1, dec: 2, group_ids: [999999] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^group_ids: /);
  });

  test("without group_ids a source goes to the caller's groups except single-user ones", async () => {
    const id = uniqueId('src');
    expect((await save({ id, ra: 3, dec: 4 }, alice.token)).status).toBe(200);
    const groups = (await server.request('GET', `/api/sources/${id}`, { token: alice.token })).body.data.groups.map((g: any) => g.id);
    expect(groups.sort()).toEqual([sitewide, groupA].sort());
    expect(groups).not.toContain(alice.singleUserGroupId);
  });

  test('a member without save power (canSave false) cannot save to that group, and it is left out of the defaults', async () => {
    const { alice: carol, groupA: readOnly } = await server.twoGroupsWithUsers();
    const change = await server.request('PATCH', `/api/groups/${readOnly}/users`, { body: { userID: carol.id, canSave: false } });
    expect(change.status).toBe(200);
    const id = uniqueId('src');
    const refused = await save({ id, ra: 5, dec: 6, group_ids: [readOnly] }, carol.token);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(`group_ids: no power to save to group(s) ${readOnly}`);
    expect((await server.request('GET', `/api/sources/${id}`)).status).toBe(404);
    expect((await save({ id, ra: 5, dec: 6 }, carol.token)).status).toBe(200);
    const groups = (await server.request('GET', `/api/sources/${id}`)).body.data.groups.map((g: any) => g.id);
    expect(groups).toEqual([sitewide]);
  });

  test('bad input is 400 naming the field', async () => {
    const res = await save({ id: uniqueId('src'), ra: 1, dec: 91 });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/dec/);
    const noId = await save({ ra: 1, dec: 1 });
    expect(noId.status).toBe(400);
    expect(noId.body.message).toMatch(/id/);
  });

  test('a view-only user cannot save (401 naming the ACL, as SkyPortal)', async () => {
    const viewer = await server.createUser({ roles: ['View only'] });
    const id = uniqueId('src');
    expect((await save({ id, ra: 1, dec: 2 }, viewer.token)).status).toBe(401);
    expect((await server.request('GET', `/api/sources/${id}`)).status).toBe(404);
  });

  test("PATCH and DELETE need Manage sources; DELETE unsaves from one group or all of the caller's", async () => {
    const id = uniqueId('src');
    await save({ id, ra: 5, dec: 5, group_ids: [groupA, groupB] });
    expect((await server.request('PATCH', `/api/sources/${id}`, { token: alice.token, body: { redshift: 0.1 } })).status).toBe(401);
    const manager = await server.createUser({ roles: ['Group admin'], groupIds: [groupA] });
    // Saved to B as well, which the manager is not in: the change would reach B's users.
    const beyond = await server.request('PATCH', `/api/sources/${id}`, { token: manager.token, body: { redshift: 0.1 } });
    expect(beyond.status).toBe(403);
    expect((await server.request('GET', `/api/sources/${id}`)).body.data.redshift).toBeNull();
    const managerOfBoth = await server.createUser({ roles: ['Group admin'], groupIds: [groupA, groupB] });
    // ra is normalised into [0, 360) on every route: -1 is stored as 359.
    const patched = await server.request('PATCH', `/api/sources/${id}`, { token: managerOfBoth.token, body: { redshift: 0.1, ra: -1 } });
    expect(patched.status).toBe(200);
    const after = (await server.request('GET', `/api/sources/${id}`)).body.data;
    expect(after.redshift).toBe(0.1);
    expect(after.ra).toBe(359);
    // B is not the manager's group: it stays.
    expect((await server.request('DELETE', `/api/sources/${id}`, { token: manager.token, query: { group_id: groupB } })).status).toBe(404);
    const removed = await server.request('DELETE', `/api/sources/${id}`, { token: manager.token });
    expect(removed.status).toBe(200);
    expect(removed.body.data.group_ids).toEqual([groupA]);
    expect((await server.request('GET', `/api/sources/${id}`, { token: alice.token })).status).toBe(404);
    expect((await server.request('GET', `/api/sources/${id}`, { token: bob.token })).status).toBe(200);
  });

  test("saving an obj you cannot see is 409 and shows nothing of it; its group's admin elsewhere cannot change it", async () => {
    const id = uniqueId('src');
    expect((await save({ id, ra: 10.5, dec: -20.25, redshift: 0.0512, group_ids: [groupA] }, alice.token)).status).toBe(200);
    const before = (await server.request('GET', `/api/sources/${id}`)).body.data;
    const adminOfB = await server.createUser({ roles: ['Group admin'], groupIds: [groupB] });
    for (const token of [bob.token, adminOfB.token]) {
      const res = await save({ id, ra: 1, dec: 1, group_ids: [groupB] }, token);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/^id: /);
      for (const secret of ['10.5', '20.25', '0.0512']) expect(res.text).not.toContain(secret);
      expect((await server.request('GET', `/api/sources/${id}`, { token })).status).toBe(404);
      const patched = await server.request('PATCH', `/api/sources/${id}`, { token, body: { ra: 1, dec: 1, redshift: 2 } });
      expect(patched.status).toBe(token === bob.token ? 401 : 404);
    }
    expect((await server.request('GET', `/api/sources/${id}`)).body.data).toEqual(before);
    expect(before.groups.map((g: { id: number }) => g.id)).toEqual([groupA]);
    // A member who sees it may share it with their other groups (it keeps its values).
    const both = await server.createUser({ groupIds: [groupA, groupB] });
    expect((await save({ id, ra: 1, dec: 1, group_ids: [groupB] }, both.token)).status).toBe(200);
    const shared = await server.request('GET', `/api/sources/${id}`, { token: bob.token });
    expect(shared.body.data).toMatchObject({ ra: 10.5, dec: -20.25, redshift: 0.0512 });
  });

  test('an obj no group holds any more is saved afresh with the new saver’s values', async () => {
    const id = uniqueId('src');
    await save({ id, ra: 33, dec: 44, redshift: 0.3, group_ids: [groupA] }, alice.token);
    expect((await server.request('DELETE', `/api/sources/${id}`)).status).toBe(200);
    const res = await save({ id, ra: 1, dec: 2, group_ids: [groupB] }, bob.token);
    expect(res.status).toBe(200);
    const seen = (await server.request('GET', `/api/sources/${id}`, { token: bob.token })).body.data;
    expect(seen).toMatchObject({ id, ra: 1, dec: 2, redshift: null });
  });

  test('the sources.saved hook tells other plugins which groups an obj was newly saved to', async () => {
    const events: unknown[] = [];
    server.app.hooks.of(sourcesHooks.saved).tapPromise('test', async (event) => void events.push(event));
    const id = uniqueId('src');
    await save({ id, ra: 9, dec: 9, group_ids: [groupA] }, alice.token);
    await save({ id, ra: 9, dec: 9, group_ids: [groupA] }, alice.token); // nothing new: no event
    expect(events).toEqual([{ objId: id, groupIds: [groupA], userId: alice.id }]);
  });

  test('a new save sends sources.saved to the group channel', async () => {
    const live = await server.subscribe(`group:${groupA}`, { token: alice.token });
    const id = uniqueId('src');
    await save({ id, ra: 7, dec: 7, group_ids: [groupA] }, alice.token);
    expect(await live.next((m) => m.type === 'sources.saved')).toMatchObject({ channel: `group:${groupA}`, data: { obj_id: id } });
  });

  test('only those who may see a source can subscribe to source:<id>', async () => {
    const id = uniqueId('src');
    await save({ id, ra: 8, dec: 8, group_ids: [groupA] }, alice.token);
    await expect(server.subscribe(`source:${id}`, { token: bob.token })).rejects.toThrow(`subscribing to source:${id} was refused`);
    await expect(server.subscribe(`source:${id}`, { token: alice.token })).resolves.toMatchObject({ channel: `source:${id}` });
  });
});

describe('listing and cone search', () => {
  let user: TestUser;
  let group: number;
  const prefix = uniqueId('cone');
  beforeAll(async () => {
    user = await server.createUser();
    group = await server.createGroup(uniqueId('C'), [user.id]);
    const positions: [string, number, number][] = [
      ['wrapHi', 359.999, 0],
      ['wrapLo', 0.001, 0],
      ['farRa', 0.01, 0], // 36" from (0, 0)
      ['poleA', 0, 89.9995],
      ['poleB', 180, 89.9995], // 3.6" from poleA across the pole
      ['poleC', 90, 89.999],
      ['south', 123.4, -89.9999],
      ['plain', 150, 30],
    ];
    for (const [name, ra, dec] of positions) {
      expect((await save({ id: `${prefix}${name}`, ra, dec, group_ids: [group] }, user.token)).status).toBe(200);
    }
  });

  const cone = async (ra: number, dec: number, radius: number) => {
    const res = await server.request('GET', '/api/sources', {
      token: user.token,
      query: { ra, dec, radius, sourceID: prefix, sortBy: 'id', sortOrder: 'asc' },
    });
    expect(res.status).toBe(200);
    return res.body.data.sources.map((s: any) => s.id.slice(prefix.length));
  };

  test('a cone at ra 0 finds objects on both sides of RA 0/360', async () => {
    expect(await cone(0, 0, 5 / 3600)).toEqual(['wrapHi', 'wrapLo']);
    expect(await cone(360, 0, 5 / 3600)).toEqual(['wrapHi', 'wrapLo']);
    expect(await cone(-360, 0, 5 / 3600)).toEqual(['wrapHi', 'wrapLo']);
    expect(await cone(0, 0, 40 / 3600)).toEqual(['farRa', 'wrapHi', 'wrapLo']);
    expect(await cone(359.9995, 0, 2 / 3600)).toEqual(['wrapHi']);
  });

  test('cones at and near the poles see across them', async () => {
    expect(await cone(0, 90, 5 / 3600)).toEqual(['poleA', 'poleB', 'poleC']);
    expect(await cone(0, 89.9995, 4 / 3600)).toEqual(['poleA', 'poleB']);
    expect(await cone(270, 89.9995, 2 / 3600)).toEqual([]);
    expect(await cone(0, -90, 1 / 3600)).toEqual(['south']);
    expect(await cone(150, 30, 1)).toEqual(['plain']);
  });

  test('a cone needs ra, dec and radius together', async () => {
    const res = await server.request('GET', '/api/sources', { token: user.token, query: { ra: 1, dec: 2 } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/radius/);
  });

  test('pages, totals, sorting and filters', async () => {
    const page1 = await server.request('GET', '/api/sources', {
      token: user.token,
      query: { sourceID: prefix.toUpperCase(), numPerPage: 3, sortBy: 'dec', sortOrder: 'desc' },
    });
    expect(page1.status).toBe(200);
    expect(page1.body.data).toMatchObject({ totalMatches: 8, pageNumber: 1, numPerPage: 3 });
    expect(page1.body.data.sources.map((s: any) => s.dec)).toEqual([89.9995, 89.9995, 89.999]);
    const page3 = await server.request('GET', '/api/sources', { token: user.token, query: { sourceID: prefix, numPerPage: 3, pageNumber: 3 } });
    expect(page3.body.data.sources).toHaveLength(2);
    const past = await server.request('GET', '/api/sources', { token: user.token, query: { sourceID: prefix, numPerPage: 3, pageNumber: 9 } });
    expect(past.body.data).toMatchObject({ sources: [], totalMatches: 8 });
    const other = await server.createUser();
    const none = await server.request('GET', '/api/sources', { token: other.token, query: { sourceID: prefix } });
    expect(none.body.data.totalMatches).toBe(0);
    const byGroup = await server.request('GET', '/api/sources', { token: user.token, query: { group_ids: group } });
    expect(byGroup.body.data.totalMatches).toBe(8);
    const future = await server.request('GET', '/api/sources', {
      token: user.token,
      query: { sourceID: prefix, savedAfter: new Date(Date.now() + 3600_000).toISOString() },
    });
    expect(future.body.data.totalMatches).toBe(0);
    expect((await server.request('GET', '/api/sources', { token: user.token, query: { numPerPage: 501 } })).status).toBe(400);
  });

  test('a cross-match finds every obj near each position, with its distance', async () => {
    const { crossMatch } = await import('../server/cone.js');
    const matches = await crossMatch(
      server.knex,
      [
        { ra: 0, dec: 0 },
        { ra: 150, dec: 30 },
        { ra: 45, dec: 45 },
        { ra: 10, dec: 90 },
      ],
      5 / 3600,
    );
    const mine = matches.filter((m) => m.id.startsWith(prefix)).map((m) => [m.index, m.id.slice(prefix.length), m.distance] as const);
    expect(mine.map(([i, id]) => [i, id])).toEqual([
      [0, 'wrapHi'],
      [0, 'wrapLo'],
      [1, 'plain'],
      [3, 'poleA'],
      [3, 'poleB'],
      [3, 'poleC'],
    ]);
    expect(mine[0]![2]).toBeCloseTo(0.001, 9);
  });

  test('the cone search uses the (zone, ra) index', async () => {
    const { coneSearchSql } = await import('../server/cone.js');
    const { text, values } = coneSearchSql({ ra: 0, dec: 0, radius: 5 / 3600 });
    const client = await server.knex.client.acquireConnection();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(`EXPLAIN ${text}`, values);
      await client.query('RESET enable_seqscan');
      expect(plan.rows.map((r: any) => r['QUERY PLAN']).join('\n')).toMatch(/objs_zone_ra/);
    } finally {
      await server.knex.client.releaseConnection(client);
    }
  });
});

describe('telescopes and instruments', () => {
  test('create and read; filters must be known bandpasses', async () => {
    const name = uniqueId('T');
    const tel = await server.request('POST', '/api/telescope', {
      body: { name, nickname: name, lat: 10, lon: 20, elevation: 100, diameter: 1.5, robotic: true },
    });
    expect(tel.status).toBe(200);
    const telescope_id = tel.body.data.id;
    expect((await server.request('GET', `/api/telescope/${telescope_id}`)).body.data).toMatchObject({ name, diameter: 1.5, robotic: true });
    const inst = await server.request('POST', '/api/instrument', {
      body: { name: `${name}cam`, type: 'imager', band: 'optical', filters: ['ztfg', 'sdssr'], telescope_id },
    });
    expect(inst.status).toBe(200);
    const read = await server.request('GET', `/api/instrument/${inst.body.data.id}`);
    expect(read.body.data).toMatchObject({ name: `${name}cam`, filters: ['ztfg', 'sdssr'], telescope_id });
    const bad = await server.request('POST', '/api/instrument', { body: { name: `${name}bad`, type: 'imager', filters: ['ztfg', 'nosuch'], telescope_id } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^filters\[1\]/);
    const noTel = await server.request('POST', '/api/instrument', { body: { name: `${name}x`, type: 'imager', filters: [], telescope_id: 999999 } });
    expect(noTel.status).toBe(400);
    expect(noTel.body.message).toMatch(/telescope_id/);
    expect((await server.request('GET', '/api/instrument/999999')).status).toBe(400);
    const list = await server.request('GET', '/api/instrument', { query: { name: `${name}cam` } });
    expect(list.body.data).toHaveLength(1);
  });

  test('demo seeding is idempotent', async () => {
    const loadDemo = server.app.hooks.of(coreHooks.loadDemo);
    const admin = (await server.app.principals.forSession(1))!;
    await loadDemo.promise({ admin });
    await loadDemo.promise({ admin });
    const ztf = await server.request('GET', '/api/instrument', { query: { name: 'ZTF' } });
    expect(ztf.body.data).toHaveLength(1);
    expect(ztf.body.data[0].filters).toEqual(['ztfg', 'ztfr', 'ztfi']);
    expect(ztf.body.data[0].telescope.nickname).toBe('P48');
  });
});
