import { startTestServer, tryBadInput, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { stringify } from 'yaml';
import { classNames } from '../types.js';
import { demoTaxonomy } from '../server/demo.js';

// Taxonomies as an observatory posts them: a tree of classes checked for shape (a bad one refused
// naming where), shared with groups, versions of one name with one "latest", and never deleted
// while classifications use them.
let server: TestServer;
let alice: TestUser; // group A
let bob: TestUser; // group B
let groupA: number;
const TABLES = ['taxonomies', 'taxonomy_groups'];
const ACLS = ['Classify', 'Post taxonomy', 'Delete taxonomy'];
const tree = { class: 'Transient', subclasses: [{ class: 'SN', subclasses: [{ class: 'Ia' }, { class: 'II', tags: ['hydrogen'] }] }, { class: 'TDE' }] };

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA } = await server.twoGroupsWithUsers({ acls: ACLS }));
});

async function post(user: TestUser, body: Record<string, unknown>): Promise<number> {
  const response = await server.request('POST', '/api/taxonomy', { token: user.token, body: { version: '1.0', hierarchy: tree, ...body } });
  expect([response.status, response.body.message]).toEqual([200, undefined]);
  return response.body.data.taxonomy_id;
}

test('a posted taxonomy is read back whole by its groups, and by no one else', async () => {
  const name = uniqueId('sn types');
  const id = await post(alice, { name, provenance: 'https://example.org/sn-types', group_ids: [groupA] });
  const read = await server.request('GET', `/api/taxonomy/${id}`, { token: alice.token });
  expect(read.status).toBe(200);
  expect(read.body.data).toMatchObject({
    id,
    name,
    version: '1.0',
    provenance: 'https://example.org/sn-types',
    isLatest: true,
    hierarchy: tree,
    groups: [{ id: groupA }],
  });
  const hidden = await server.request('GET', `/api/taxonomy/${id}`, { token: bob.token });
  expect(hidden.status).toBe(400);
  expect(hidden.body.message).toBe(`Taxonomy ${id} does not exist or is not available to you.`);
  expect((await server.request('GET', '/api/taxonomy', { token: bob.token })).body.data.map((t: { id: number }) => t.id)).not.toContain(id);
  expect((await server.request('GET', '/api/taxonomy', { token: alice.token })).body.data.map((t: { id: number }) => t.id)).toContain(id);
  // Without group_ids: the sitewide group, so bob reads it too.
  const everyone = await post(alice, { name: uniqueId('sitewide') });
  expect((await server.request('GET', `/api/taxonomy/${everyone}`, { token: bob.token })).status).toBe(200);
});

test('the shipped time-domain tree is a valid taxonomy with the classes scanners use', async () => {
  const demo = await demoTaxonomy();
  const names = classNames(demo.hierarchy);
  for (const name of ['Time-domain Source', 'Ia', 'II', 'Ibc', 'SLSN', 'TDE', 'AGN', 'CV', 'RR Lyrae', 'RRab', 'Cepheid', 'EB', 'Algol', 'Kilonova', 'Bogus']) {
    expect(names).toContain(name);
  }
  expect(new Set(names).size).toBe(names.length);
  await post(alice, { name: uniqueId('tdtax'), version: demo.version, hierarchy: demo.hierarchy });
});

test('hierarchy_file: the same tree as YAML text', async () => {
  const id = await post(alice, { name: uniqueId('yaml'), hierarchy: undefined, hierarchy_file: stringify([tree]) });
  expect((await server.request('GET', `/api/taxonomy/${id}`, { token: alice.token })).body.data.hierarchy).toEqual(tree);
});

test('a bad tree or field is refused naming where, and nothing is stored', async () => {
  const bad = (body: Record<string, unknown>, field: string, token = alice.token) =>
    tryBadInput(
      server,
      { method: 'POST', path: '/api/taxonomy', token, body: { name: uniqueId('bad'), version: '1', hierarchy: tree, ...body }, status: 400, field },
      TABLES,
    );
  const cases = await Promise.all([
    bad({ hierarchy: { subclasses: [] } }, 'hierarchy.class'),
    bad({ hierarchy: { class: '' } }, 'hierarchy.class'),
    bad({ hierarchy: { class: 'Transient', subclasses: [{ class: 'SN' }, { name: 'TDE' }] } }, 'hierarchy.subclasses[1].class'),
    bad({ hierarchy: { class: 'Transient', subclasses: { class: 'SN' } } }, 'hierarchy.subclasses'),
    bad({ hierarchy: { class: 'Transient', subclasses: [{ class: 'SN', subclasses: [{ class: 42 }] }] } }, 'hierarchy.subclasses[0].subclasses[0].class'),
    bad({ hierarchy: { class: 'Transient', tags: 'hydrogen' } }, 'hierarchy.tags'),
    bad({ hierarchy: ['Transient'] }, 'hierarchy'),
    bad({ hierarchy: undefined }, 'hierarchy'),
    bad({ hierarchy: undefined, hierarchy_file: 'class: [unclosed' }, 'hierarchy_file'),
    bad({ hierarchy: undefined, hierarchy_file: 'subclasses: []' }, 'hierarchy_file.class'),
    bad({ name: '' }, 'name'),
    bad({ version: undefined }, 'version'),
    bad({ group_ids: [bob.singleUserGroupId] }, 'group_ids'),
    bad({ group_ids: [999999] }, 'group_ids'),
    bad({ isLatest: 'yes please' }, 'isLatest'),
    bad({ colour: 'red' }, 'colour'),
  ]);
  for (const outcome of cases) expect(outcome.problems).toEqual([]);
  // Without Post taxonomy: 401, as SkyPortal.
  const viewer = await server.createUser({ roles: ['View only'], groupIds: [groupA] });
  expect((await bad({}, 'name', viewer.token)).status).toBe(401);
});

test('versions of one name: the same version twice is refused; the newest latest clears the others', async () => {
  const name = uniqueId('versions');
  const first = await post(alice, { name, version: '1.0', group_ids: [groupA] });
  const again = await tryBadInput(
    server,
    {
      method: 'POST',
      path: '/api/taxonomy',
      token: alice.token,
      body: { name, version: '1.0', hierarchy: tree, group_ids: [groupA] },
      status: 400,
      field: 'version',
    },
    TABLES,
  );
  expect(again.problems).toEqual([]);
  const second = await post(alice, { name, version: '2.0', group_ids: [groupA] });
  const latest = async (id: number) => (await server.request('GET', `/api/taxonomy/${id}`, { token: alice.token })).body.data.isLatest;
  expect([await latest(first), await latest(second)]).toEqual([false, true]);
  const old = await post(alice, { name, version: '0.9', isLatest: false, group_ids: [groupA] });
  expect([await latest(old), await latest(second)]).toEqual([false, true]);
});

test('PUT changes what describes a taxonomy, never its tree', async () => {
  const id = await post(alice, { name: uniqueId('put'), group_ids: [groupA] });
  expect((await server.request('PUT', `/api/taxonomy/${id}`, { token: alice.token, body: { provenance: 'git 1a2b3c', isLatest: false } })).status).toBe(200);
  expect((await server.request('GET', `/api/taxonomy/${id}`, { token: alice.token })).body.data).toMatchObject({ provenance: 'git 1a2b3c', isLatest: false });
  const refused = await tryBadInput(
    server,
    { method: 'PUT', path: `/api/taxonomy/${id}`, token: alice.token, body: { hierarchy: { class: 'Other' } }, status: 400, field: 'hierarchy' },
    TABLES,
  );
  expect(refused.problems).toEqual([]);
  expect((await server.request('PUT', `/api/taxonomy/${id}`, { token: bob.token, body: { provenance: 'mine now' } })).status).toBe(400);
});

test('a taxonomy is deleted only while nothing was classified in it', async () => {
  const id = await post(alice, { name: uniqueId('delete'), group_ids: [groupA] });
  const objId = uniqueId('src');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 1, dec: 2, group_ids: [groupA] } });
  const classified = await server.request('POST', '/api/classification', {
    token: alice.token,
    body: { obj_id: objId, taxonomy_id: id, classification: 'Ia', group_ids: [groupA] },
  });
  expect(classified.status).toBe(200);
  expect((await server.request('DELETE', `/api/taxonomy/${id}`, { token: bob.token })).status).toBe(400);
  const refused = await server.request('DELETE', `/api/taxonomy/${id}`, { token: alice.token });
  expect(refused.status).toBe(400);
  expect(refused.body.message).toContain('classifications were made in it');
  expect((await server.request('DELETE', `/api/classification/${classified.body.data.classification_id}`, { token: alice.token })).status).toBe(200);
  expect((await server.request('DELETE', `/api/taxonomy/${id}`, { token: alice.token })).status).toBe(200);
  expect((await server.request('GET', `/api/taxonomy/${id}`, { token: alice.token })).status).toBe(400);
});
