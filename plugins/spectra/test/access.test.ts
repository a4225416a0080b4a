/**
 * Who sees and who changes a spectrum. Alice's spectrum is shared with her group only; Bob is in
 * another group and sees the source (it is saved to the sitewide group too). Nothing of Alice's
 * spectrum reaches Bob by any route, flag, filter or live message, and a hidden spectrum answers
 * exactly as one that does not exist.
 */
import { definePlugin, z } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { spectraService } from '../types.js';
import { csvSpectrum, makeSource, makeSpectrograph } from './helpers.js';

/** Another plugin, as the comments plugin is: it asks the spectra service what the caller may see. */
const probe = definePlugin({
  name: 'probe',
  dependsOn: ['spectra'],
  register({ router, services }) {
    const spectra = services.get(spectraService);
    router.get(
      '/api/probe/spectra',
      { access: 'authenticated', summary: 'What the spectra service answers for these ids', query: z.object({ ids: z.string() }) },
      async ({ user, query, db }) => {
        const ids = query.ids.split(',').map(Number);
        return {
          each: await Promise.all(ids.map(async (id) => (await spectra.visibleSpectrum(user, id)) ?? null)),
          visible: [...(await spectra.visibleSpectrumIds(user, ids))],
          // A query on rows about spectra (here their group links), narrowed to spectra the caller may see.
          scoped: await spectra
            .scopeToVisibleSpectra(db('spectrum_groups as x'), user, 'x.spectrum_id')
            .whereIn(
              'x.spectrum_id',
              ids.filter((id) => Number.isInteger(id) && id > 0 && id < 2 ** 31),
            )
            .distinct('x.spectrum_id')
            .pluck('x.spectrum_id'),
        };
      },
    );
  },
});

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
let instrument: number;
let objId: string;
let hidden: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', { plugin: new URL('..', import.meta.url) }, probe] });
  ({ alice, bob, groupA } = await server.twoGroupsWithUsers({ roles: ['Full user'] }));
  const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  instrument = await makeSpectrograph(server);
  objId = await makeSource(server, [sitewide, groupA], alice.token);
  const res = await server.request('POST', '/api/spectra', {
    token: alice.token,
    body: { obj_id: objId, instrument_id: instrument, observed_at: '2021-04-03T02:28:19', group_ids: [groupA], ...csvSpectrum('ZTF21aaqjmps_spec.csv') },
  });
  expect(res.status).toBe(200);
  hidden = res.body.data.id;
});

describe('a spectrum in a group Bob is not in is invisible to him, as if it did not exist', () => {
  test('by id: the same 403 and words as for an id that was never used, on both paths', async () => {
    const missing = 2_000_000_000;
    for (const path of ['/api/spectra', '/api/spectrum']) {
      const seen = await server.request('GET', `${path}/${hidden}`, { token: bob.token });
      const never = await server.request('GET', `${path}/${missing}`, { token: bob.token });
      expect([seen.status, never.status]).toEqual([403, 403]);
      expect(seen.body.message.replace(String(hidden), 'N')).toBe(never.body.message.replace(String(missing), 'N'));
    }
    expect((await server.request('GET', `/api/spectra/${hidden}`, { token: alice.token })).status).toBe(200);
  });

  test("the source's spectra, the list, the range and the bulk answer leave it out", async () => {
    expect((await server.request('GET', `/api/sources/${objId}/spectra`, { token: bob.token })).body.data).toEqual({ obj_id: objId, spectra: [] });
    expect((await server.request('GET', '/api/spectra', { token: bob.token, query: { objID: objId } })).body.data).toEqual([]);
    expect((await server.request('GET', '/api/spectra/range', { token: bob.token, query: { min_date: '2021-01-01' } })).body.data).toEqual([]);
    const bulk = await server.request('POST', '/api/spectra/bulk', { token: bob.token, body: { obj_ids: [objId] } });
    expect(bulk.body.data.sources.map((s: any) => s.id)).toEqual([objId]);
    expect(bulk.body.data.spectra).toEqual([]);
    const mine = await server.request('POST', '/api/spectra/bulk', { token: alice.token, body: { obj_ids: [objId] } });
    expect(mine.body.data.spectra).toHaveLength(1);
  });

  test("the sources plugin's flag and filters count only spectra he can see", async () => {
    const single = await server.request('GET', `/api/sources/${objId}`, { token: bob.token, query: { includeSpectrumExists: 'true' } });
    expect(single.body.data.spectrum_exists).toBe(false);
    const hasSpectrum = await server.request('GET', '/api/sources', { token: bob.token, query: { hasSpectrum: 'true', sourceID: objId } });
    expect(hasSpectrum.body.data.sources).toEqual([]);
    const before = await server.request('GET', '/api/sources', { token: bob.token, query: { hasSpectrumBefore: '2030-01-01', sourceID: objId } });
    expect(before.body.data.sources).toEqual([]);
    const noSpectrum = await server.request('GET', '/api/sources', { token: bob.token, query: { hasNoSpectrum: 'true', sourceID: objId } });
    expect(noSpectrum.body.data.sources.map((s: any) => s.id)).toEqual([objId]);
    // Alice, in the group, sees it everywhere.
    expect(
      (await server.request('GET', `/api/sources/${objId}`, { token: alice.token, query: { includeSpectrumExists: 'true' } })).body.data.spectrum_exists,
    ).toBe(true);
    expect(
      (await server.request('GET', '/api/sources', { token: alice.token, query: { hasSpectrum: 'true', sourceID: objId } })).body.data.sources,
    ).toHaveLength(1);
  });

  test('he can neither change nor delete it, and learns nothing from trying', async () => {
    for (const [method, body] of [
      ['PUT', { label: 'mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await server.request(method, `/api/spectra/${hidden}`, { token: bob.token, body });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe(`Could not access spectrum ${hidden}.`);
    }
    expect((await server.request('GET', `/api/spectra/${hidden}`, { token: alice.token })).body.data.label).toBeNull();
  });

  test('no live message about it reaches him, while Alice gets hers', async () => {
    const bobLive = await server.subscribe(`source:${objId}`, { token: bob.token });
    const aliceLive = await server.subscribe(`source:${objId}`, { token: alice.token });
    await server.request('PUT', `/api/spectra/${hidden}`, { token: alice.token, body: { label: 'Type II' } });
    expect(await aliceLive.next((m) => m.type === 'spectra.changed')).toMatchObject({ data: { spectrum_id: hidden, action: 'updated' } });
    await expect(bobLive.next((m) => m.type === 'spectra.changed', { timeoutMs: 1000 })).rejects.toThrow();
  });

  test('he cannot share a spectrum with a group he is not in, and nothing is stored', async () => {
    const before = await server.knex('spectra').count('* as n');
    const res = await server.request('POST', '/api/spectra', {
      token: bob.token,
      body: { obj_id: objId, instrument_id: instrument, observed_at: '2021-04-03', wavelengths: [1, 2], fluxes: [1, 2], group_ids: [groupA] },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/group_ids/);
    expect(await server.knex('spectra').count('* as n')).toEqual(before);
  });
});

describe('other plugins see through the spectra service exactly what the caller sees', () => {
  test('visibleSpectrum, visibleSpectrumIds and scopeToVisibleSpectra: Alice gets hers, Bob nothing, impossible ids nothing', async () => {
    const ask = async (user: TestUser, ids: unknown[]) => {
      const res = await server.request('GET', '/api/probe/spectra', { token: user.token, query: { ids: ids.join(',') } });
      expect(res.status).toBe(200);
      return res.body.data;
    };
    const impossible = ['NaN', 1.5, 2 ** 31, 0, -3];
    const forAlice = await ask(alice, [hidden, ...impossible]);
    expect(forAlice.each[0]).toMatchObject({ id: hidden, obj_id: objId, owner_id: alice.id });
    expect(forAlice.each[0].groupIds.sort()).toEqual([groupA, alice.singleUserGroupId].sort());
    expect(forAlice.each.slice(1)).toEqual(impossible.map(() => null));
    expect(forAlice.visible).toEqual([hidden]);
    expect(forAlice.scoped).toEqual([hidden]);
    expect(await ask(bob, [hidden, ...impossible])).toEqual({ each: [null, ...impossible.map(() => null)], visible: [], scoped: [] });
  });
});

describe('owners, system admins and everyone else', () => {
  test('a member of the group who is not the owner sees it but cannot change or delete it (401, as SkyPortal)', async () => {
    const colleague = await server.createUser({ username: uniqueId('colleague'), roles: ['Full user'], groupIds: [groupA], acls: ['Manage sources'] });
    expect((await server.request('GET', `/api/spectra/${hidden}`, { token: colleague.token })).status).toBe(200);
    expect((await server.request('PUT', `/api/spectra/${hidden}`, { token: colleague.token, body: { label: 'x' } })).status).toBe(401);
    expect((await server.request('DELETE', `/api/spectra/${hidden}`, { token: colleague.token })).status).toBe(401);
  });

  test('a view-only user cannot upload (401: no Upload data) and nothing is stored', async () => {
    const viewer = await server.createUser({ username: uniqueId('viewer'), roles: ['View only'], groupIds: [groupA] });
    const before = await server.knex('spectra').count('* as n');
    for (const path of ['/api/spectra', '/api/spectra/ascii', '/api/spectra/parse/ascii']) {
      const res = await server.request('POST', path, {
        token: viewer.token,
        body: { obj_id: objId, instrument_id: instrument, observed_at: '2021-04-03', wavelengths: [1], fluxes: [1] },
      });
      expect(res.status).toBe(401);
    }
    expect(await server.knex('spectra').count('* as n')).toEqual(before);
  });

  test('a system admin sees and changes anyone’s spectrum', async () => {
    expect((await server.request('GET', `/api/spectra/${hidden}`)).status).toBe(200);
    expect((await server.request('PUT', `/api/spectra/${hidden}`, { body: { origin: 'curated' } })).status).toBe(200);
    expect((await server.request('GET', `/api/spectra/${hidden}`, { token: alice.token })).body.data.origin).toBe('curated');
  });
});
