import { checkStreamAccess, ensureStream, grantStream, groupStreamIds, resolveStreamIds, scopeToGroups, streamSummaries, type Principal } from '@skyportal/sdk';
import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: [] });
});

async function profileStreams(token: string): Promise<number[]> {
  const res = await server.request('GET', '/api/internal/profile', { token });
  return res.body.data.streams.map((s: { id: number }) => s.id);
}

describe('/api/streams', () => {
  test('a system admin creates, renames and deletes a stream; duplicate names are refused naming the field', async () => {
    const name = uniqueId('ztf');
    const created = await server.request('POST', '/api/streams', { body: { name, altdata: { collection: 'ZTF_alerts', selector: [1, 2] } } });
    expect(created.status).toBe(200);
    const id = created.body.data.id;
    const got = await server.request('GET', `/api/streams/${id}`);
    expect(got.body.data).toMatchObject({ id, name, altdata: { collection: 'ZTF_alerts', selector: [1, 2] }, auto_join: false });

    const clash = await server.request('POST', '/api/streams', { body: { name } });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toMatch(/^name:/);

    const renamed = uniqueId('ztf-partnership');
    expect((await server.request('PATCH', `/api/streams/${id}`, { body: { name: renamed } })).status).toBe(200);
    expect((await server.request('GET', `/api/streams/${id}`)).body.data.name).toBe(renamed);

    expect((await server.request('DELETE', `/api/streams/${id}`)).status).toBe(200);
    const gone = await server.request('GET', `/api/streams/${id}`);
    expect(gone.status).toBe(400);
    expect(gone.body.message).toBe(`Could not retrieve stream with ID ${id}.`);
  });

  test('bad input is a 400 naming the field, and nothing is stored', async () => {
    const name = uniqueId('bad');
    for (const [body, field] of [
      [{ name, altdata: 'not an object' }, 'altdata'],
      [{ name, auto_join: 'yes' }, 'auto_join'],
      [{ name, colour: 'red' }, 'colour'],
      [{}, 'name'],
    ] as const) {
      const res = await server.request('POST', '/api/streams', { body });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
    expect(await server.knex('streams').where({ name }).first()).toBeUndefined();
    const user = await server.createUser();
    const notUser = await server.request('POST', `/api/streams/${await server.createStream(uniqueId('s'))}/users`, { body: { user_id: 'x' } });
    expect(notUser.status).toBe(400);
    expect(notUser.body.message).toContain('user_id');
    expect(user.id).toBeGreaterThan(0);
  });

  test('only system admins create, change and delete streams (401 for others, as SkyPortal)', async () => {
    const user = await server.createUser({ roles: ['Group admin'] });
    const id = await server.createStream(uniqueId('s'));
    expect((await server.request('POST', '/api/streams', { token: user.token, body: { name: uniqueId('s') } })).status).toBe(401);
    expect((await server.request('PATCH', `/api/streams/${id}`, { token: user.token, body: { auto_join: true } })).status).toBe(401);
    expect((await server.request('DELETE', `/api/streams/${id}`, { token: user.token })).status).toBe(401);
  });

  test('a user sees their streams and auto-join ones, and may give themselves only an auto-join stream', async () => {
    const user = await server.createUser({ roles: ['View only'] });
    const other = await server.createUser();
    const closed = await server.createStream(uniqueId('closed'));
    const open = await server.createStream(uniqueId('open'));
    const list = async () => (await server.request('GET', '/api/streams', { token: user.token })).body.data.map((s: { id: number }) => s.id);
    expect(await list()).not.toContain(closed);
    expect((await server.request('GET', `/api/streams/${closed}`, { token: user.token })).status).toBe(400);

    const refused = await server.request('POST', `/api/streams/${closed}/users`, { token: user.token, body: { user_id: user.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^Insufficient permissions/);

    await server.request('PATCH', `/api/streams/${open}`, { body: { auto_join: true } });
    expect(await list()).toContain(open);
    expect(await profileStreams(user.token)).not.toContain(open);
    // Even on an auto-join stream, only themselves.
    const forOther = await server.request('POST', `/api/streams/${open}/users`, { token: user.token, body: { user_id: other.id } });
    expect(forOther.status).toBe(400);
    expect((await server.request('POST', `/api/streams/${open}/users`, { token: user.token, body: { user_id: user.id } })).status).toBe(200);
    expect(await profileStreams(user.token)).toEqual([open]);
    const again = await server.request('POST', `/api/streams/${open}/users`, { token: user.token, body: { user_id: user.id } });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already has access/);

    // Taking a stream away is for system admins.
    expect((await server.request('DELETE', `/api/streams/${open}/users/${user.id}`, { token: user.token })).status).toBe(401);
    expect((await server.request('DELETE', `/api/streams/${open}/users/${user.id}`)).status).toBe(200);
    expect(await profileStreams(user.token)).toEqual([]);
  });
});

describe('groups and streams', () => {
  test('a group lists its streams; every member must hold a stream before the group gets it', async () => {
    const stream = await server.createStream(uniqueId('s'));
    const holder = await server.createUser({ streamIds: [stream] });
    const lacking = await server.createUser();
    const group = await server.createGroup(uniqueId('g'), [holder.id, lacking.id]);

    const blocked = await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: stream } });
    expect(blocked.status).toBe(403);
    expect(blocked.body.message).toContain('Not all users have stream access');
    expect(blocked.body.message).toContain(lacking.username);

    await server.request('DELETE', `/api/groups/${group}/users/${lacking.id}`);
    expect((await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: stream } })).body.data).toEqual({
      group_id: group,
      stream_id: stream,
    });
    const twice = await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: stream } });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toBe('Specified stream is already associated with this group.');

    const shown = await server.request('GET', `/api/groups/${group}`);
    expect(shown.body.data.streams.map((s: { id: number }) => s.id)).toEqual([stream]);
    const listed = (await server.request('GET', '/api/groups')).body.data.all_groups.find((g: { id: number }) => g.id === group);
    expect(listed.streams).toEqual([{ id: stream, name: expect.any(String) }]);

    // Joining now needs the stream (403 naming it, as SkyPortal); with it, the user joins.
    const join = await server.request('POST', `/api/groups/${group}/users`, { body: { userID: lacking.id } });
    expect(join.status).toBe(403);
    expect(join.body.message).toContain(`does not have stream access with ID ${stream}`);
    const copy = await server.request('POST', `/api/groups/${group}/usersFromGroups`, { body: { fromGroupIDs: [lacking.singleUserGroupId] } });
    expect(copy.status).toBe(403);
    expect(copy.body.message).toContain(`${lacking.id} (${lacking.username}) do not have stream access with ID ${stream}`);
    await server.request('POST', `/api/streams/${stream}/users`, { body: { user_id: lacking.id } });
    expect((await server.request('POST', `/api/groups/${group}/users`, { body: { userID: lacking.id } })).status).toBe(200);

    // A member keeps the stream while the group holds it.
    const keep = await server.request('DELETE', `/api/streams/${stream}/users/${lacking.id}`);
    expect(keep.status).toBe(400);
    expect(keep.body.message).toMatch(/^user_id: .*group\(s\) \d+/);

    // Group admins take a stream from their group; a stream deleted leaves the group without it.
    expect((await server.request('DELETE', `/api/groups/${group}/streams/${stream}`)).status).toBe(200);
    const missing = await server.request('DELETE', `/api/groups/${group}/streams/${stream}`);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe(`No stream IDs with ID ${stream} accessible`);
    await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: stream } });
    await server.request('DELETE', `/api/streams/${stream}`);
    expect((await server.request('GET', `/api/groups/${group}`)).body.data.streams).toEqual([]);
  });

  test("a user created in a group (POST /api/user groupIDs) gets the group's streams, as SkyPortal", async () => {
    const stream = await server.createStream(uniqueId('s'));
    const group = await server.createGroup(uniqueId('g'));
    await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: stream } });
    const created = await server.request('POST', '/api/user', { body: { username: uniqueId('new'), groupIDs: [group] } });
    expect(created.status).toBe(200);
    expect(await server.knex('stream_users').where({ user_id: created.body.data.id }).pluck('stream_id')).toEqual([stream]);
  });

  test('only the group admins give a group a stream; not single-user or the sitewide group; unknown streams name the field', async () => {
    const stream = await server.createStream(uniqueId('s'));
    const member = await server.createUser({ streamIds: [stream] });
    const group = await server.createGroup(uniqueId('g'), [member.id]);
    const notAdmin = await server.request('POST', `/api/groups/${group}/streams`, { token: member.token, body: { stream_id: stream } });
    expect(notAdmin.status).toBe(400);
    expect(notAdmin.body.message).toContain('not accessible');
    const single = await server.request('POST', `/api/groups/${member.singleUserGroupId}/streams`, { body: { stream_id: stream } });
    expect(single.body.message).toContain('It is a single user group');
    const sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
    expect((await server.request('POST', `/api/groups/${sitewide}/streams`, { body: { stream_id: stream } })).status).toBe(400);
    const unknown = await server.request('POST', `/api/groups/${group}/streams`, { body: { stream_id: 2_000_000 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^stream_id:/);
    expect(await server.knex('group_streams').where({ group_id: group })).toEqual([]);
  });
});

describe('the stream rule in scopeToGroups', () => {
  const principal = (streamIds: number[], groupIds: number[], extra: Partial<Principal> = {}): Principal => ({
    id: 999_999,
    username: 'p',
    acls: new Set(),
    roles: [],
    groupIds,
    adminGroupIds: [],
    singleUserGroupId: -1,
    streamIds,
    isSystemAdmin: false,
    via: 'token',
    ...extra,
  });

  beforeAll(async () => {
    // Throwaway tables in the test database: the rule is the SDK's, on real SQL.
    await server.knex.raw(`CREATE TABLE scope_rows (id int PRIMARY KEY, group_id int, stream_id int, owner_id int)`);
    await server.knex.raw(`CREATE TABLE scope_row_streams (row_id int, stream_id int)`);
    await server.knex('scope_rows').insert([
      { id: 1, group_id: 10, stream_id: null, owner_id: null },
      { id: 2, group_id: 10, stream_id: 100, owner_id: null },
      { id: 3, group_id: 10, stream_id: 200, owner_id: null },
      { id: 4, group_id: 20, stream_id: 100, owner_id: 999_999 },
      { id: 5, group_id: 20, stream_id: null, owner_id: null },
    ]);
    // Row 2: stream 100; row 3: streams 100 and 200; row 4: 200; rows 1, 5: none.
    await server.knex('scope_row_streams').insert([
      { row_id: 2, stream_id: 100 },
      { row_id: 3, stream_id: 100 },
      { row_id: 3, stream_id: 200 },
      { row_id: 4, stream_id: 200 },
    ]);
  });

  const ids = async (user: Principal, options: Parameters<typeof scopeToGroups>[2]) =>
    (await scopeToGroups(server.knex('scope_rows as r').select('r.id').orderBy('r.id'), user, options)).map((r: { id: number }) => r.id);
  const via = { table: 'scope_row_streams', foreignKey: 'row_id', rowId: 'r.id' };

  test('a stream column: a row from a stream is seen only by its holders; a row from none by the group', async () => {
    expect(await ids(principal([], [10]), { groupColumn: 'r.group_id', streams: { column: 'r.stream_id' } })).toEqual([1]);
    expect(await ids(principal([100], [10]), { groupColumn: 'r.group_id', streams: { column: 'r.stream_id' } })).toEqual([1, 2]);
    // Holding a stream does not open another group's rows.
    expect(await ids(principal([100, 200], [10]), { groupColumn: 'r.group_id', streams: { column: 'r.stream_id' } })).toEqual([1, 2, 3]);
  });

  test('a link table: every linked stream must be the caller’s; no link is no restriction', async () => {
    const options = { groupColumn: 'r.group_id', streams: { via } };
    expect(await ids(principal([], [10, 20]), options)).toEqual([1, 5]);
    expect(await ids(principal([100], [10, 20]), options)).toEqual([1, 2, 5]);
    expect(await ids(principal([100, 200], [10, 20]), options)).toEqual([1, 2, 3, 4, 5]);
  });

  test('grants: holding every stream of a row shows it without its group; owners and system admins see theirs / all', async () => {
    expect(await ids(principal([200], []), { groupColumn: 'r.group_id', streams: { via, grants: true } })).toEqual([4]);
    expect(await ids(principal([100], []), { groupColumn: 'r.group_id', streams: { via, grants: true } })).toEqual([2]);
    // The owner sees their row whatever its streams.
    expect(await ids(principal([], []), { groupColumn: 'r.group_id', ownerColumn: 'r.owner_id', streams: { via } })).toEqual([4]);
    expect(await ids(principal([], [], { isSystemAdmin: true }), { groupColumn: 'r.group_id', streams: { via } })).toEqual([1, 2, 3, 4, 5]);
  });

  test('streams alone: only the stream condition (rows seen through their obj)', async () => {
    expect(await ids(principal([], []), { streams: { column: 'r.stream_id' } })).toEqual([1, 5]);
    expect(await ids(principal([200], []), { streams: { column: 'r.stream_id' } })).toEqual([1, 3, 5]);
    // Without any option nothing is seen, as before.
    expect(await ids(principal([100, 200], [10, 20]), {})).toEqual([]);
  });

  test('the SDK helpers: ensureStream, grantStream, groupStreamIds, streamSummaries, resolveStreamIds', async () => {
    const name = uniqueId('survey');
    const id = await ensureStream(server.knex, name);
    expect(await ensureStream(server.knex, name)).toBe(id);
    expect(await streamSummaries(server.knex, [id, 2_000_000])).toEqual(new Map([[id, { id, name }]]));
    const user = await server.createUser();
    const group = await server.createGroup(uniqueId('g'), [user.id]);
    await grantStream(server.knex, id, { userIds: [user.id, user.id], groupIds: [group] });
    await grantStream(server.knex, id, { userIds: [user.id], groupIds: [group] });
    expect(await groupStreamIds(server.knex, group)).toEqual([id]);
    const holder = principal([id], []);
    expect(await resolveStreamIds(server.knex, holder, [id])).toEqual([id]);
    await expect(resolveStreamIds(server.knex, principal([], [], { isSystemAdmin: true }), [2_000_000], 'stream_id')).rejects.toThrow(
      /^stream_id: no stream\(s\) 2000000/,
    );
  });

  test('checkStreamAccess: a 400 naming the field and the streams the caller lacks', () => {
    expect(checkStreamAccess(principal([1, 2], []), [2, 1, 2])).toEqual([2, 1]);
    expect(() => checkStreamAccess(principal([1], []), [1, 3, 4], 'stream_ids')).toThrow(/^stream_ids: no access to stream\(s\) 3, 4/);
  });

  test("a user's principal gains and loses a stream at once (the cache is invalidated)", async () => {
    const stream = await server.createStream(uniqueId('s'));
    const user = await server.createUser({ roles: ['View only'] });
    // GET /api/streams/:id reads the caller's principal (streamIds): warm the cache first.
    expect((await server.request('GET', `/api/streams/${stream}`, { token: user.token })).status).toBe(400);
    await server.request('POST', `/api/streams/${stream}/users`, { body: { user_id: user.id } });
    expect((await server.request('GET', `/api/streams/${stream}`, { token: user.token })).status).toBe(200);
    await server.request('DELETE', `/api/streams/${stream}/users/${user.id}`);
    expect((await server.request('GET', `/api/streams/${stream}`, { token: user.token })).status).toBe(400);
  });
});
