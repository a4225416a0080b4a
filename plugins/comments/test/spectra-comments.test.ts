import { startTestServer, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// Comments on spectra, while the spectra plugin is enabled: the same routes, rules and live
// messages as on sources, under /api/spectra/{id}/comments; a comment is read only where its
// spectrum may be seen; spectra answers carry their comments; a deleted spectrum takes them along.
let server: TestServer;
let alice: TestUser; // in A
let bob: TestUser; // in B
let carol: TestUser; // in A and B
let groupA: number;
let groupB: number;
let objId: string;
let instrumentId: number;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'spectra', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Comment', 'Upload data'] }));
  carol = await server.createUser({ acls: ['Comment', 'Upload data'], username: uniqueId('carol'), groupIds: [groupA, groupB] });
  const telescope = await server.request('POST', '/api/telescope', { body: { name: uniqueId('Keck'), nickname: uniqueId('K'), diameter: 10 } });
  const instrument = await server.request('POST', '/api/instrument', {
    body: { name: uniqueId('LRIS'), type: 'spectrograph', filters: [], telescope_id: telescope.body.data.id },
  });
  instrumentId = instrument.body.data.id;
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 202.5, dec: 13.4, group_ids: [groupA, groupB] } });
});

async function spectrum(groupIds: number[], token = carol.token): Promise<number> {
  const body = {
    obj_id: objId,
    instrument_id: instrumentId,
    observed_at: '2021-04-03T02:28:19',
    wavelengths: [4000, 5000, 6000],
    fluxes: [1, 2, 1.5],
    group_ids: groupIds,
  };
  const response = await server.request('POST', '/api/spectra', { token, body });
  expect(response.status).toBe(200);
  return response.body.data.id;
}

const comments = (spectrumId: number) => `/api/spectra/${spectrumId}/comments`;

async function post(user: TestUser, spectrumId: number, body: Record<string, unknown>): Promise<number> {
  const response = await server.request('POST', comments(spectrumId), { token: user.token, body });
  expect(response.status).toBe(200);
  return response.body.data.comment_id;
}

test('a comment on a spectrum is read, edited and deleted under the spectrum, and is not a comment on the source', async () => {
  const spectrumId = await spectrum([groupA]);
  const id = await post(alice, spectrumId, { text: 'Broad Hα: a II', group_ids: [groupA] });
  const read = (await server.request('GET', `${comments(spectrumId)}/${id}`, { token: alice.token })).body.data;
  expect(read).toMatchObject({ id, text: 'Broad Hα: a II', obj_id: objId, spectrum_id: spectrumId, resourceType: 'spectra', bot: true });
  expect((await server.request('GET', comments(spectrumId), { token: alice.token })).body.data.map((c: { id: number }) => c.id)).toEqual([id]);
  // Not among the source's comments, nor reachable under the source's path.
  expect((await server.request('GET', `/api/sources/${objId}/comments`, { token: alice.token })).body.data.map((c: { id: number }) => c.id)).not.toContain(id);
  expect((await server.request('GET', `/api/sources/${objId}/comments/${id}`, { token: alice.token })).status).toBe(403);
  // Another spectrum's path: SkyPortal's 400, and nothing deleted.
  const other = await spectrum([groupA]);
  const wrong = await server.request('DELETE', `${comments(other)}/${id}`, { token: alice.token });
  expect(wrong.status).toBe(400);
  expect(wrong.body.message).toContain('Comment resource ID does not match resource ID given in path');
  expect((await server.request('PUT', `${comments(spectrumId)}/${id}`, { token: alice.token, body: { text: 'a IIn' } })).status).toBe(200);
  expect((await server.request('GET', `${comments(spectrumId)}/${id}`, { token: alice.token })).body.data.text).toBe('a IIn');
  expect((await server.request('DELETE', `${comments(spectrumId)}/${id}`, { token: bob.token })).status).toBe(403);
  expect((await server.request('DELETE', `${comments(spectrumId)}/${id}`, { token: alice.token })).status).toBe(200);
  expect((await server.request('GET', `${comments(spectrumId)}/${id}`, { token: alice.token })).status).toBe(403);
});

test('a comment open to a group is still hidden from it while the spectrum is (403, as SkyPortal)', async () => {
  const spectrumId = await spectrum([groupB]);
  const id = await post(carol, spectrumId, { text: 'for both groups', group_ids: [groupA, groupB] });
  expect((await server.request('GET', `${comments(spectrumId)}/${id}`, { token: bob.token })).status).toBe(200);
  expect((await server.request('GET', `${comments(spectrumId)}/${id}`, { token: alice.token })).status).toBe(403);
  expect((await server.request('GET', comments(spectrumId), { token: alice.token })).body.data).toEqual([]);
  expect((await server.request('POST', comments(spectrumId), { token: alice.token, body: { text: 'let me' } })).status).toBe(404);
});

test("spectra answers carry the comments the caller may read, newest first; the list's comment filters narrow it", async () => {
  const spectrumId = await spectrum([groupA, groupB]);
  const word = uniqueId('Hbeta');
  const forA = await post(carol, spectrumId, { text: `${word} for A`, group_ids: [groupA] });
  const forAll = await post(carol, spectrumId, { text: `${word} for A and B`, group_ids: [groupA, groupB] });
  const ids = (data: { comments: { id: number }[] }) => data.comments.map((c) => c.id);
  expect(ids((await server.request('GET', `/api/spectra/${spectrumId}`, { token: alice.token })).body.data)).toEqual([forAll, forA]);
  expect(ids((await server.request('GET', `/api/spectra/${spectrumId}`, { token: bob.token })).body.data)).toEqual([forAll]);
  const ofSource = (await server.request('GET', `/api/sources/${objId}/spectra`, { token: bob.token })).body.data.spectra;
  expect(ids(ofSource.find((s: { id: number }) => s.id === spectrumId))).toEqual([forAll]);
  const list = async (user: TestUser, query: Record<string, string>) =>
    (await server.request('GET', '/api/spectra', { token: user.token, query })).body.data.map((s: { id: number }) => s.id);
  expect(await list(alice, { commentsFilter: `${word} FOR A` })).toEqual([spectrumId]);
  expect(await list(bob, { commentsFilter: `${word} for A,` })).toEqual([spectrumId]); // "for A and B" contains it
  expect(await list(bob, { commentsFilter: `${word} for A`, commentsFilterAuthor: alice.username })).toEqual([]);
  const bad = await server.request('GET', '/api/spectra', { token: bob.token, query: { commentsFilterBefore: 'last week' } });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/commentsFilterBefore/);
});

test("a comment on a spectrum reaches the source's open pages of its groups only, and mentions only those who may see the spectrum", async () => {
  const spectrumId = await spectrum([groupA]);
  const alicePage = await server.subscribe(`source:${objId}`, { token: alice.token });
  const bobPage = await server.subscribe(`source:${objId}`, { token: bob.token });
  const bobInbox = await server.subscribe(`user:${bob.id}`, { token: bob.token });
  const dana = await server.createUser({ acls: ['Comment'], username: uniqueId('dana'), groupIds: [groupA] });
  const danaInbox = await server.subscribe(`user:${dana.id}`, { token: dana.token });
  // Open to both groups, but bob cannot see the spectrum: no live message or mention for him.
  const id = await post(carol, spectrumId, { text: `@${bob.username} @${dana.username} look`, group_ids: [groupA, groupB] });
  const message = await alicePage.next((m) => m.type === 'comments.changed');
  expect(message.data).toEqual({ obj_id: objId, spectrum_id: spectrumId, comment_id: id, action: 'added' });
  expect((await danaInbox.next((m) => m.type === 'notifications.added')).data.text).toBe(
    `${carol.username} mentioned you in a comment on a spectrum of ${objId}`,
  );
  await expect(bobInbox.next((m) => m.type === 'notifications.added', { timeoutMs: 300 })).rejects.toThrow();
  // bob is in group B, one of the comment's groups, but may not see the spectrum: nothing reaches him.
  await expect(bobPage.next((m) => m.type === 'comments.changed', { timeoutMs: 300 })).rejects.toThrow();
  expect((await server.request('GET', comments(spectrumId), { token: bob.token })).body.data).toEqual([]);
});

test("deleting a spectrum deletes its comments and their attachments; the source's stay", async () => {
  const spectrumId = await spectrum([groupA]);
  const file = Buffer.from('fit results').toString('base64');
  const withFile = await post(alice, spectrumId, { text: 'with a file', group_ids: [groupA], attachment: { body: file, name: 'fit.txt' } });
  const onSource = (
    await server.request('POST', `/api/sources/${objId}/comments`, { token: alice.token, body: { text: 'on the source', group_ids: [groupA] } })
  ).body.data.comment_id;
  expect((await server.request('DELETE', `/api/spectra/${spectrumId}`, { token: carol.token })).status).toBe(200);
  expect(await server.knex('comments').where({ spectrum_id: spectrumId }).select('id')).toEqual([]);
  expect(await server.knex('comment_attachments').where({ comment_id: withFile }).select('comment_id')).toEqual([]);
  expect((await server.request('GET', `/api/sources/${objId}/comments/${onSource}`, { token: alice.token })).status).toBe(200);
});

test('without the spectra plugin there are no comments on spectra, and comments on sources work', async () => {
  const plain = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  expect((await plain.request('GET', '/api/spectra/1/comments')).status).toBe(404);
  const id = uniqueId('ZTF');
  await plain.request('POST', '/api/sources', { body: { id, ra: 1, dec: 1 } });
  expect((await plain.request('POST', `/api/sources/${id}/comments`, { body: { text: 'fine' } })).status).toBe(200);
  await plain.stop();
});
