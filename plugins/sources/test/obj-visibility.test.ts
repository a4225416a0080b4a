import { definePlugin } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';
import { sourcesService } from '../types.js';

// Another plugin's reason to see an obj (as candidates will grant: a filter of the caller's groups
// passed it): other plugins' data about the obj follows; the sources list and routes do not.
let grantedGroup = 0;
const granting = definePlugin({
  name: 'probe',
  dependsOn: ['sources'],
  register({ services }) {
    services.get(sourcesService).grantObjVisibility((db, user, objIdColumn) => {
      const reason = db.select(db.raw('1')).whereRaw('?? LIKE ?', [objIdColumn, 'granted%']);
      if (!user.groupIds.includes(grantedGroup)) reason.whereRaw('false');
      return reason;
    });
  },
});

let server: TestServer;
let alice: TestUser; // in A: the granted group
let bob: TestUser; // in B
let groupB: number;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry', granting] });
  let groupA: number;
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({}));
  grantedGroup = groupA;
});
afterAll(() => server.stop());

test("an obj seen through a grant opens other plugins' data about it, not the sources list", async () => {
  const granted = uniqueId('granted');
  const plain = uniqueId('plain');
  for (const id of [granted, plain])
    expect((await server.request('POST', '/api/sources', { body: { id, ra: 10, dec: 10, group_ids: [groupB] } })).status).toBe(200);

  // Photometry asks the sources service: alice sees the granted obj's (empty) light curve, not the other.
  expect((await server.request('GET', `/api/sources/${granted}/photometry`, { token: alice.token })).status).toBe(200);
  expect((await server.request('GET', `/api/sources/${plain}/photometry`, { token: alice.token })).status).toBe(404);
  // bob sees both through his group's savings; the grant is not his.
  expect((await server.request('GET', `/api/sources/${granted}/photometry`, { token: bob.token })).status).toBe(200);

  // A candidate is not a source until it is saved: the source routes and list keep to savings.
  expect((await server.request('GET', `/api/sources/${granted}`, { token: alice.token })).status).toBe(404);
  const list = await server.request('GET', '/api/sources', { token: alice.token, query: { numPerPage: 500 } });
  expect(list.body.data.sources.map((source: { id: string }) => source.id)).not.toContain(granted);
});
