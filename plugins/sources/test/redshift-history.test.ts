/**
 * `redshift_history` (SkyPortal's): each change of an obj's redshift through the API is recorded
 * with who made it, when, and the uncertainty given; clients read it and cannot write it.
 */
import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let group: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources'] });
  // PATCH needs `Manage sources`.
  alice = await server.createUser({ acls: ['Manage sources'] });
  bob = await server.createUser({ acls: ['Manage sources'] });
  group = await server.createGroup(uniqueId('redshift'), [alice.id, bob.id]);
});
afterAll(() => server.stop());

const history = async (id: string) => {
  const res = await server.request('GET', `/api/sources/${id}`, { token: alice.token });
  expect(res.status).toBe(200);
  return res.body.data.redshift_history as
    { set_by_user_id: number; set_at_utc: string; value: number | null; uncertainty: number | null; origin?: string }[] | null;
};
const patch = (id: string, body: Record<string, unknown>, token: string) => server.request('PATCH', `/api/sources/${id}`, { body, token });

test('a new source with a redshift starts its history; one without has none', async () => {
  const id = uniqueId('z');
  const before = Date.now();
  const saved = await server.request('POST', '/api/sources', {
    body: { id, ra: 10, dec: 5, redshift: 0.052, redshift_error: 0.002, redshift_origin: 'host spectrum', group_ids: [group] },
    token: alice.token,
  });
  expect(saved.status).toBe(200);
  const [entry, ...rest] = (await history(id))!;
  expect(rest).toEqual([]);
  expect(entry).toEqual({ set_by_user_id: alice.id, set_at_utc: expect.any(String), value: 0.052, uncertainty: 0.002, origin: 'host spectrum' });
  expect(Date.parse(entry!.set_at_utc)).toBeGreaterThanOrEqual(before - 1000);
  expect(entry!.set_at_utc).toMatch(/Z$/);

  const plain = uniqueId('z');
  await server.request('POST', '/api/sources', { body: { id: plain, ra: 11, dec: 5, group_ids: [group] }, token: alice.token });
  expect(await history(plain)).toBeNull();
});

test('PATCH appends each change, by whoever made it; the same value again or other fields add nothing', async () => {
  const id = uniqueId('z');
  await server.request('POST', '/api/sources', { body: { id, ra: 12, dec: 5, redshift: 0.1, group_ids: [group] }, token: alice.token });
  expect((await patch(id, { redshift: 0.1 }, alice.token)).status).toBe(200);
  expect((await patch(id, { transient: true, redshift_error: 0.01 }, alice.token)).status).toBe(200);
  expect(await history(id)).toHaveLength(1);

  expect((await patch(id, { redshift: 0.0987, redshift_error: 0.0004 }, bob.token)).status).toBe(200);
  expect((await patch(id, { redshift: null }, alice.token)).status).toBe(200);
  const entries = (await history(id))!;
  expect(entries.map(({ set_by_user_id, value, uncertainty }) => ({ set_by_user_id, value, uncertainty }))).toEqual([
    { set_by_user_id: alice.id, value: 0.1, uncertainty: null },
    { set_by_user_id: bob.id, value: 0.0987, uncertainty: 0.0004 },
    { set_by_user_id: alice.id, value: null, uncertainty: null },
  ]);
  const read = (await server.request('GET', `/api/sources/${id}`, { token: bob.token })).body.data;
  expect(read.redshift).toBeNull();
});

test('the history is the server’s: a client cannot write it', async () => {
  const id = uniqueId('z');
  const forged = [{ set_by_user_id: 1, set_at_utc: '2000-01-01T00:00:00Z', value: 9, uncertainty: null }];
  await server.request('POST', '/api/sources', {
    body: { id, ra: 13, dec: 5, redshift: 0.2, redshift_history: forged, group_ids: [group] },
    token: alice.token,
  });
  expect((await history(id))!.map((e) => e.value)).toEqual([0.2]);
  const refused = await patch(id, { redshift_history: forged }, alice.token);
  expect(refused.status).toBe(400);
  expect(refused.body.message).toMatch(/redshift_history/);
  expect((await history(id))!.map((e) => e.value)).toEqual([0.2]);
});

test('a list item carries it too', async () => {
  const id = uniqueId('z');
  await server.request('POST', '/api/sources', { body: { id, ra: 14, dec: 5, redshift: 0.3, group_ids: [group] }, token: alice.token });
  const res = await server.request('GET', '/api/sources', { token: alice.token, query: { group_ids: group, numPerPage: 100 } });
  const item = (res.body.data.sources as { id: string; redshift_history: { value: number }[] }[]).find((s) => s.id === id);
  expect(item?.redshift_history.map((e) => e.value)).toEqual([0.3]);
});
