import { startTestServer, tryBadInput, uniqueId, type TestServer, type TestUser } from '@skyportal/test-kit';

// Comments on sources, as SkyPortal's clients and the source page use them: who reads a comment
// (its groups, where the source is visible), who may change it, attachments, paging, the sources
// list's comment filters, and bad input refused before anything is stored.
let server: TestServer;
let alice: TestUser; // in group A
let bob: TestUser; // in group B
let carol: TestUser; // in A and B
let groupA: number;
let groupB: number;
let objId: string;
const TABLES = ['comments', 'comment_groups', 'comment_attachments', 'user_notifications'];

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', new URL('..', import.meta.url)] });
  ({ alice, bob, groupA, groupB } = await server.twoGroupsWithUsers({ acls: ['Comment'] }));
  carol = await server.createUser({ acls: ['Comment'], username: uniqueId('carol'), groupIds: [groupA, groupB] });
  objId = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 210.91, dec: 54.31, group_ids: [groupA, groupB] } });
});

const comments = (id = objId) => `/api/sources/${encodeURIComponent(id)}/comments`;

async function post(user: TestUser, body: Record<string, unknown>, id = objId): Promise<number> {
  const response = await server.request('POST', comments(id), { token: user.token, body });
  expect(response.status).toBe(200);
  return response.body.data.comment_id;
}

test('a comment for one group is read by its members and by no one else, though they see the source', async () => {
  const id = await post(carol, { text: 'Ia at z~0.03', group_ids: [groupA] });
  const read = await server.request('GET', `${comments()}/${id}`, { token: alice.token });
  expect(read.status).toBe(200);
  expect(read.body.data).toMatchObject({
    id,
    text: 'Ia at z~0.03',
    obj_id: objId,
    author: { id: carol.id, username: carol.username },
    resourceType: 'sources',
  });
  expect(read.body.data.groups.map((g: { id: number }) => g.id)).toEqual([groupA]);
  // bob sees the source (group B) but not the comment: SkyPortal's answer for both cases is 403.
  expect((await server.request('GET', `/api/sources/${objId}`, { token: bob.token })).status).toBe(200);
  const hidden = await server.request('GET', `${comments()}/${id}`, { token: bob.token });
  expect(hidden.status).toBe(403);
  expect(hidden.body.message).toBe('Could not find any accessible comments.');
  const listed = await server.request('GET', comments(), { token: bob.token });
  expect(listed.body.data.map((c: { id: number }) => c.id)).not.toContain(id);
  // Given to both groups, both read it.
  expect((await server.request('PUT', `${comments()}/${id}`, { token: carol.token, body: { group_ids: [groupA, groupB] } })).status).toBe(200);
  expect((await server.request('GET', `${comments()}/${id}`, { token: bob.token })).body.data.text).toBe('Ia at z~0.03');
});

test('without group_ids a comment goes to the sitewide group: everyone who sees the source reads it', async () => {
  const id = await post(alice, { text: 'Nice host galaxy' });
  expect((await server.request('GET', `${comments()}/${id}`, { token: bob.token })).body.data.text).toBe('Nice host galaxy');
  const outsider = await server.createUser({ acls: ['Comment'] });
  expect((await server.request('GET', `${comments()}/${id}`, { token: outsider.token })).status).toBe(403);
  expect((await server.request('GET', comments(), { token: outsider.token })).body.data).toEqual([]);
  expect((await server.request('POST', comments(), { token: outsider.token, body: { text: 'hi' } })).status).toBe(404);
});

test('markup is stored exactly as given (HTML, Markdown, odd whitespace)', async () => {
  const text = '<img src=x onerror="alert(1)"> **bold** <script>alert(2)</script>\n\n  indented  \t';
  const id = await post(alice, { text, group_ids: [groupA] });
  expect((await server.request('GET', `${comments()}/${id}`, { token: alice.token })).body.data.text).toBe(text);
});

test("a token's comments are marked bot, a browser session's are not", async () => {
  const password = 'a long enough password';
  const dana = await server.createUser({ acls: ['Comment'], groupIds: [groupA], password });
  const byToken = await post(dana, { text: 'from a script', group_ids: [groupA] });
  const browser = await server.signIn(dana.username, password);
  const bySession = (await browser.request('POST', comments(), { body: { text: 'from the page', group_ids: [groupA] } })).body.data.comment_id;
  expect((await server.request('GET', `${comments()}/${byToken}`, { token: dana.token })).body.data.bot).toBe(true);
  expect((await server.request('GET', `${comments()}/${bySession}`, { token: dana.token })).body.data.bot).toBe(false);
});

test('without the Comment ACL a user cannot comment (401, as SkyPortal), and nothing is stored', async () => {
  const viewer = await server.createUser({ roles: ['View only'], groupIds: [groupA] });
  const result = await tryBadInput(
    server,
    { method: 'POST', path: comments(), token: viewer.token, body: { text: 'hi' }, status: 401, field: 'Comment' },
    TABLES,
  );
  expect(result).toMatchObject({ status: 401, changedTables: [] });
  expect(result.message).toMatch(/Comment/);
});

test.each([
  ['text missing', { group_ids: [] }, 'text'],
  ['text blank', { text: '   \n ' }, 'text'],
  ['text too long', { text: 'x'.repeat(20_001) }, 'text'],
  ['text not a string', { text: 42 }, 'text'],
  ['group id not an integer', { text: 'hi', group_ids: ['a'] }, 'group_ids[0]'],
  ['attachment as a bare string', { text: 'hi', attachment: 'aGVsbG8=' }, 'attachment'],
  ['attachment without a name', { text: 'hi', attachment: { body: 'aGVsbG8=' } }, 'attachment.name'],
  ['attachment body not base64', { text: 'hi', attachment: { body: 'not base64 at all!', name: 'a.txt' } }, 'attachment.body'],
])('bad input (%s) is a 400 naming the field, and nothing is stored', async (_case, body, field) => {
  const result = await tryBadInput(server, { method: 'POST', path: comments(), token: alice.token, body, status: 400, field }, TABLES);
  expect(result).toMatchObject({ status: 400, namesField: true, changedTables: [] });
});

test('a group the caller is not in is refused (403), one that does not exist is a 400; nothing is stored', async () => {
  const foreign = await tryBadInput(
    server,
    { method: 'POST', path: comments(), token: alice.token, body: { text: 'hi', group_ids: [groupB] }, status: 403, field: 'group_ids' },
    TABLES,
  );
  expect(foreign).toMatchObject({ status: 403, namesField: true, changedTables: [] });
  // The admin may write to any group: one that does not exist is bad input.
  const missing = await tryBadInput(
    server,
    { method: 'POST', path: comments(), body: { text: 'hi', group_ids: [2_000_000_000] }, status: 400, field: 'group_ids' },
    TABLES,
  );
  expect(missing).toMatchObject({ status: 400, namesField: true, changedTables: [] });
});

test('the author edits and deletes; another member may not; a moderator (Manage sources) may, within their groups only', async () => {
  const id = await post(carol, { text: 'first draft', group_ids: [groupA] });
  expect((await server.request('PUT', `${comments()}/${id}`, { token: alice.token, body: { text: 'hijacked' } })).status).toBe(403);
  expect((await server.request('PUT', `${comments()}/${id}`, { token: carol.token, body: { text: 'second draft' } })).status).toBe(200);
  const edited = (await server.request('GET', `${comments()}/${id}`, { token: alice.token })).body.data;
  expect(edited.text).toBe('second draft');
  expect(edited.modified > edited.created_at).toBe(true);

  const moderatorA = await server.createUser({ acls: ['Comment', 'Manage sources'], groupIds: [groupA] });
  expect((await server.request('PUT', `${comments()}/${id}`, { token: moderatorA.token, body: { text: 'moderated' } })).status).toBe(200);
  // Read by group B too now: a moderator of A alone has no say over what B reads.
  await server.request('PUT', `${comments()}/${id}`, { token: carol.token, body: { group_ids: [groupA, groupB] } });
  expect((await server.request('DELETE', `${comments()}/${id}`, { token: moderatorA.token })).status).toBe(403);
  expect((await server.request('DELETE', `${comments()}/${id}`, { token: alice.token })).status).toBe(403);
  expect((await server.request('GET', `${comments()}/${id}`, { token: carol.token })).status).toBe(200);
  expect((await server.request('DELETE', `${comments()}/${id}`, { token: carol.token })).status).toBe(200);
  expect((await server.request('GET', `${comments()}/${id}`, { token: carol.token })).status).toBe(403);
});

test("a comment named under another source's path is a 400 saying so, and is not deleted", async () => {
  const other = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id: other, ra: 10, dec: 10, group_ids: [groupA] } });
  const id = await post(alice, { text: 'here', group_ids: [groupA] });
  const wrong = await server.request('DELETE', `${comments(other)}/${id}`, { token: alice.token });
  expect(wrong.status).toBe(400);
  expect(wrong.body.message).toContain('Comment resource ID does not match resource ID given in path');
  expect((await server.request('GET', `${comments()}/${id}`, { token: alice.token })).status).toBe(200);
});

test('an attachment comes back byte for byte, as a download the browser does not render', async () => {
  const file = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
  const id = await post(alice, { text: 'finding chart', group_ids: [groupA], attachment: { body: file.toString('base64'), name: 'chart é.svg' } });
  const meta = (await server.request('GET', `${comments()}/${id}`, { token: alice.token })).body.data;
  expect(meta).toMatchObject({ attachment_name: 'chart é.svg', attachment_size: file.length });
  const response = await fetch(`${server.url}${comments()}/${id}/attachment`, { headers: { authorization: `token ${alice.token}` } });
  expect(response.status).toBe(200);
  expect(Buffer.from(await response.arrayBuffer())).toEqual(file);
  expect(response.headers.get('content-type')).toBe('application/octet-stream');
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="chart e.svg"; filename*=UTF-8''chart%20%C3%A9.svg`);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  // download=false: the text inside the envelope, as SkyPortal offers it.
  const asText = await server.request('GET', `${comments()}/${id}/attachment`, { token: alice.token, query: { download: 'false' } });
  expect(asText.body.data).toEqual({ commentId: id, attachment: file.toString('utf8'), attachmentName: 'chart é.svg' });
  // Hidden from bob like the comment itself.
  expect((await server.request('GET', `${comments()}/${id}/attachment`, { token: bob.token })).status).toBe(403);
});

test('an attachment may be added later with PUT; a comment without one answers 400 for its file', async () => {
  const id = await post(alice, { text: 'fit coming', group_ids: [groupA] });
  expect((await server.request('GET', `${comments()}/${id}/attachment`, { token: alice.token })).body.message).toBe('Comment has no attachment');
  const fit = { model: 'salt2', z: 0.117 };
  const body = { attachment: { body: `data:application/json;base64,${Buffer.from(JSON.stringify(fit)).toString('base64')}`, name: 'fit.json' } };
  expect((await server.request('PUT', `${comments()}/${id}`, { token: alice.token, body })).status).toBe(200);
  const download = await server.request('GET', `${comments()}/${id}/attachment`, { token: alice.token });
  expect(JSON.parse(download.text)).toEqual(fit);
});

test('an attachment over the size bound is a 400 naming it, and nothing is stored', async () => {
  const small = await startTestServer({ plugins: ['sources', { plugin: new URL('..', import.meta.url), options: { maxAttachmentBytes: 1000 } }] });
  const id = uniqueId('ZTF');
  await small.request('POST', '/api/sources', { body: { id, ra: 1, dec: 1 } });
  const big = Buffer.alloc(1001, 7).toString('base64');
  const result = await tryBadInput(
    small,
    { method: 'POST', path: comments(id), body: { text: 'big', attachment: { body: big, name: 'big.bin' } }, status: 400, field: 'attachment.body' },
    TABLES,
  );
  expect(result).toMatchObject({ status: 400, namesField: true, changedTables: [] });
  expect(result.message).toContain('1001 bytes, more than the 1000 allowed');
  await small.stop();
});

test('comments page newest first, and filter by text', async () => {
  const id = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id, ra: 2, dec: 2, group_ids: [groupA] } });
  const ids: number[] = [];
  for (const n of [1, 2, 3, 4, 5]) ids.push(await post(alice, { text: `night ${n} 50%`, group_ids: [groupA] }, id));
  const page = await server.request('GET', comments(id), { token: alice.token, query: { numPerPage: '2', pageNumber: '2' } });
  expect(page.body.data.map((c: { id: number }) => c.id)).toEqual([ids[2], ids[1]]);
  const found = await server.request('GET', comments(id), { token: alice.token, query: { text: 'NIGHT 4 50%' } });
  expect(found.body.data.map((c: { text: string }) => c.text)).toEqual(['night 4 50%']);
  expect((await server.request('GET', comments(id), { token: alice.token, query: { numPerPage: '501' } })).status).toBe(400);
});

test('posting the same comment twice gives the first one back, as SkyPortal (a retrying script comments once)', async () => {
  const first = await post(alice, { text: 'retry me', group_ids: [groupA] });
  const again = await server.request('POST', comments(), { token: alice.token, body: { text: 'retry me', group_ids: [groupA] } });
  expect(again.body.data).toEqual({ comment_id: first, message: 'Same comment already exists.' });
  expect(await post(alice, { text: 'retry me', group_ids: [groupA, alice.singleUserGroupId] })).not.toBe(first);
});

test("source answers carry the caller's comments, and the list filters by them, hidden comments counting for nothing", async () => {
  const id = uniqueId('ZTF');
  await server.request('POST', '/api/sources', { body: { id, ra: 3, dec: 3, group_ids: [groupA, groupB] } });
  const word = uniqueId('kilonova');
  await post(alice, { text: `a ${word} candidate`, group_ids: [groupA] }, id);
  const single = await server.request('GET', `/api/sources/${id}`, { token: alice.token, query: { includeComments: 'true', includeCommentExists: 'true' } });
  expect(single.body.data.comments.map((c: { text: string }) => c.text)).toEqual([`a ${word} candidate`]);
  expect(single.body.data.comment_exists).toBe(true);
  const forBob = await server.request('GET', `/api/sources/${id}`, { token: bob.token, query: { includeComments: 'true', includeCommentExists: 'true' } });
  expect(forBob.body.data).toMatchObject({ comments: [], comment_exists: false });

  const listFor = (user: TestUser, query: Record<string, string>) => server.request('GET', '/api/sources', { token: user.token, query });
  expect((await listFor(alice, { commentsFilter: word.toUpperCase() })).body.data.sources.map((s: { id: string }) => s.id)).toEqual([id]);
  expect((await listFor(bob, { commentsFilter: word })).body.data.sources).toEqual([]);
  expect(
    (await listFor(alice, { commentsFilter: `nothing-like-it,${word.slice(2)}`, commentsFilterAuthor: alice.username.slice(2, 9) })).body.data.sources,
  ).toHaveLength(1);
  expect((await listFor(alice, { commentsFilter: word, commentsFilterAuthor: bob.username })).body.data.sources).toEqual([]);
  expect((await listFor(alice, { commentsFilter: word, commentsFilterAuthor: String(alice.id) })).body.data.sources).toHaveLength(1);
  // Digits are a part of a username too (SkyPortal's clients send a slice of a uuid-like name).
  const stamp = String(Date.now());
  const observer = await server.createUser({ username: `observer-${stamp}` });
  await server.request('POST', `/api/groups/${groupA}/users`, { body: { userID: observer.id } });
  await post(observer, { text: `${word} seen again`, group_ids: [groupA] }, id);
  expect((await listFor(alice, { commentsFilter: 'seen again', commentsFilterAuthor: stamp.slice(4, 12) })).body.data.sources).toHaveLength(1);
  expect((await listFor(alice, { commentsFilter: word, commentsFilterBefore: '2000-01-01' })).body.data.sources).toEqual([]);
  const bad = await listFor(alice, { commentsFilterAfter: 'yesterday' });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/commentsFilterAfter/);
});
