/**
 * Thumbnails over real HTTP on a real database, with the images in a real folder: uploading the
 * real ZTF cutouts, reading them back (metadata, bytes, caching), a source's thumbnails with the
 * survey cutouts of its position, changing and deleting, and what the plugin refuses.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { startTestServer, tryBadInput, type TestServer, type TestUser } from '@skyportal/test-kit';
import { b64, colourPng, demoPng, eventually, filesUnder, makePng, makeSource, tempFolder } from './helpers.js';

let server: TestServer;
let folder: string;
let alice: TestUser;
let bob: TestUser;
let groupA: number;
beforeAll(async () => {
  folder = tempFolder();
  server = await startTestServer({ plugins: ['sources', { plugin: new URL('..', import.meta.url), options: { folder } }] });
  ({ alice, bob, groupA } = await server.twoGroupsWithUsers({ roles: ['Full user'] }));
});

const post = (objId: string, png: Buffer | string, ttype = 'new', token?: string) =>
  server.request('POST', '/api/thumbnail', { token, body: { obj_id: objId, data: typeof png === 'string' ? png : b64(png), ttype } });

async function postOk(objId: string, png: Buffer, ttype = 'new', token?: string): Promise<number> {
  const res = await post(objId, png, ttype, token);
  expect(res.status).toBe(200);
  expect(Number.isInteger(res.body.data.id)).toBe(true);
  return res.body.data.id;
}

const sourceThumbnails = async (objId: string, token?: string) =>
  (await server.request('GET', `/api/sources/${objId}`, { token, query: { includeThumbnails: 'true' } })).body.data.thumbnails;

describe('the real ZTF cutouts of a source', () => {
  let objId: string;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    objId = await makeSource(server, [groupA], alice.token);
    for (const type of ['new', 'ref', 'sub'] as const) ids[type] = await postOk(objId, demoPng(type), type, alice.token);
  });

  test('read back: type, source, size, grayscale (these cutouts come colour-mapped) and where the file is', async () => {
    const res = await server.request('GET', `/api/thumbnail/${ids.ref}`, { token: alice.token });
    expect(res.status).toBe(200);
    const sha = createHash('sha256').update(demoPng('ref')).digest('hex');
    expect(res.body.data).toMatchObject({
      id: ids.ref,
      obj_id: objId,
      type: 'ref',
      width: 168,
      height: 168,
      is_grayscale: false,
      public_url: `/api/thumbnail/${ids.ref}/image/${sha}.png`,
    });
    expect(readFileSync(res.body.data.file_uri)).toEqual(demoPng('ref'));
    expect(res.body.data.file_uri.startsWith(folder)).toBe(true);
  });

  test('the image is served as the bytes posted, cached for good and privately, and revalidated by its ETag', async () => {
    const { public_url } = (await server.request('GET', `/api/thumbnail/${ids.sub}`, { token: alice.token })).body.data;
    const res = await fetch(`${server.url}${public_url}`, { headers: { authorization: `token ${alice.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(demoPng('sub'));
    const again = await fetch(`${server.url}${public_url}`, { headers: { authorization: `token ${alice.token}`, 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // Another digest in the path is not this image.
    expect((await server.request('GET', public_url.replace(/[0-9a-f]{64}/, '0'.repeat(64)), { token: alice.token })).status).toBe(404);
  });

  test("the source lists them, ZTF's first, then the survey cutouts of its position", async () => {
    const thumbnails = await sourceThumbnails(objId, alice.token);
    expect(thumbnails.map((t: any) => t.type)).toEqual(['new', 'ref', 'sub', 'sdss', 'ls', 'ps1']);
    expect(thumbnails.slice(0, 3).every((t: any) => t.public_url.startsWith(`/api/thumbnail/${t.id}/image/`))).toBe(true);
    expect(thumbnails.slice(0, 3).map((t: any) => t.id)).toEqual([ids.new, ids.ref, ids.sub]);
    for (const t of thumbnails.slice(3)) {
      expect(t).toMatchObject({ id: null, obj_id: objId, is_grayscale: null });
      expect(t.public_url).toMatch(/^https:\/\//);
      expect(t.public_url).toContain('172.0534465');
      expect(t.public_url).toContain('25.6596908');
    }
    // The same list on its own, for the page (which has the source already).
    expect((await server.request('GET', `/api/sources/${objId}/thumbnails`, { token: alice.token })).body.data).toEqual(thumbnails);
    expect((await server.request('GET', `/api/sources/${objId}/thumbnails`, { token: bob.token })).status).toBe(404);
    // Not asked for, not there.
    expect((await server.request('GET', `/api/sources/${objId}`, { token: alice.token })).body.data.thumbnails).toBeUndefined();
  });

  test('a gray image in an RGB file is grayscale, also slightly tinted; a colour image is not', async () => {
    const gray = await postOk(
      objId,
      makePng(50, 50, (x, y) => [x * 5, x * 5, x * 5 + (y % 3)]),
      'dr8',
      alice.token,
    );
    const tinted = await postOk(
      objId,
      makePng(50, 50, (x) => [x * 4 + 10, x * 4, x * 4]),
      'sdss',
      alice.token,
    );
    expect((await server.request('GET', `/api/thumbnail/${gray}`, { token: alice.token })).body.data.is_grayscale).toBe(true);
    expect((await server.request('GET', `/api/thumbnail/${tinted}`, { token: alice.token })).body.data.is_grayscale).toBe(true);
    const id = await postOk(objId, colourPng(), 'ls', alice.token);
    expect((await server.request('GET', `/api/thumbnail/${id}`, { token: alice.token })).body.data.is_grayscale).toBe(false);
    // An uploaded Legacy Survey cutout stands for the one built from the position.
    const ls = (await sourceThumbnails(objId, alice.token)).filter((t: any) => t.type === 'ls');
    expect(ls.map((t: any) => t.id)).toEqual([id]);
  });

  test('Bob, in another group, gets the same 404 as for an unused id: metadata, bytes, the source, a new upload', async () => {
    const { public_url } = (await server.request('GET', `/api/thumbnail/${ids.new}`, { token: alice.token })).body.data;
    const hidden = await server.request('GET', `/api/thumbnail/${ids.new}`, { token: bob.token });
    const never = await server.request('GET', '/api/thumbnail/2000000000', { token: bob.token });
    expect([hidden.status, never.status]).toEqual([404, 404]);
    expect(hidden.body.message.replace(String(ids.new), 'N')).toBe(never.body.message.replace('2000000000', 'N'));
    const bytes = await fetch(`${server.url}${public_url}`, { headers: { authorization: `token ${bob.token}` } });
    expect(bytes.status).toBe(404);
    expect(bytes.headers.get('content-type')).not.toBe('image/png');
    expect((await fetch(`${server.url}${public_url}`)).status).toBe(401);
    const upload = await post(objId, demoPng('new'), 'new', bob.token);
    expect(upload.status).toBe(400);
    expect(upload.body.message).toMatch(/^obj_id: /);
  });
});

describe('bad input: a 400 naming the field, nothing stored', () => {
  let objId: string;
  beforeAll(async () => {
    objId = await makeSource(server, [groupA]);
  });
  const jpegLike = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]);
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['not an image', { data: b64(Buffer.alloc(2048, 3)) }, 'data', /cannot identify image file/],
    ['a JPEG', { data: b64(jpegLike) }, 'data', /Invalid thumbnail image type\. Only PNG are supported\./],
    ['a PNG signature and garbage', { data: b64(Buffer.concat([demoPng('new').subarray(0, 40), Buffer.alloc(100, 1)])) }, 'data', /cannot identify image file/],
    ['13 px a side', { data: b64(makePng(13, 13)) }, 'data', /Invalid thumbnail size\./],
    ['501 px wide', { data: b64(makePng(501, 20)) }, 'data', /Invalid thumbnail size\./],
    ['not base64', { data: '%%% not base64 %%%' }, 'data', /not base64/],
    ['an unknown type', { ttype: 'invalid_ttype' }, 'ttype', /is not among the defined enum values/],
    ['no type', { ttype: undefined }, 'ttype', /Missing required parameter/],
    ['no source', { obj_id: undefined }, 'obj_id', /Missing required parameter/],
    ['an unknown source', { obj_id: 'nosuchsource' }, 'obj_id', /Invalid obj_id/],
    ['an unknown field', { file_uri: '/etc/passwd' }, 'body', /Unrecognized key: "file_uri"/],
  ];
  test.each(cases)('%s', async (_name, change, field, words) => {
    const before = filesUnder(folder);
    const body = { obj_id: objId, data: b64(demoPng('new')), ttype: 'new', ...change };
    const outcome = await tryBadInput(server, { method: 'POST', path: '/api/thumbnail', body, status: 400, field }, ['thumbnails']);
    expect(outcome.problems).toEqual([]);
    expect(outcome.message).toMatch(words);
    expect(filesUnder(folder)).toEqual(before);
  });

  test('16 and 500 px a side are fine', async () => {
    await postOk(objId, makePng(16, 500));
  });

  test('PUT: an unknown type, or a source the caller does not see, is a 400 naming the field; nothing changes', async () => {
    const id = await postOk(objId, makePng(20, 20));
    for (const [body, field] of [
      [{ type: 'bogus' }, 'type'],
      [{ obj_id: 'nosuchsource' }, 'obj_id'],
      [{ is_grayscale: 'maybe' }, 'is_grayscale'],
    ] as const) {
      const outcome = await tryBadInput(server, { method: 'PUT', path: `/api/thumbnail/${id}`, body, status: 400, field }, ['thumbnails']);
      expect(outcome.problems).toEqual([]);
    }
  });
});

test('PUT changes the type and origin', async () => {
  const objId = await makeSource(server, [groupA]);
  const id = await postOk(objId, makePng(30, 30), 'new');
  expect((await server.request('PUT', `/api/thumbnail/${id}`, { body: { type: 'ref', origin: 'fritz' } })).status).toBe(200);
  expect((await server.request('GET', `/api/thumbnail/${id}`)).body.data).toMatchObject({ type: 'ref', origin: 'fritz' });
  // Changing needs Manage sources, which a full user has not.
  expect((await server.request('PUT', `/api/thumbnail/${id}`, { token: alice.token, body: { type: 'sub' } })).status).toBe(401);
});

describe('deleting', () => {
  test('deleting a thumbnail removes its file, unless another thumbnail has the same image', async () => {
    const objId = await makeSource(server, [groupA]);
    const png = makePng(40, 40, (x, y) => [x * 6, y * 6, 100]);
    const first = await postOk(objId, png, 'new');
    const second = await postOk(objId, png, 'ref');
    const file = (await server.request('GET', `/api/thumbnail/${first}`)).body.data.file_uri;
    expect((await server.request('GET', `/api/thumbnail/${second}`)).body.data.file_uri).toBe(file);
    expect((await server.request('DELETE', `/api/thumbnail/${first}`)).status).toBe(200);
    expect((await server.request('GET', `/api/thumbnail/${first}`)).status).toBe(404);
    expect(existsSync(file)).toBe(true);
    expect((await server.request('DELETE', `/api/thumbnail/${second}`)).status).toBe(200);
    expect(existsSync(file)).toBe(false);
    expect(await sourceThumbnails(objId)).toHaveLength(3); // the survey cutouts only
  });

  test('Bob cannot delete what he cannot see, even with Manage sources', async () => {
    const objId = await makeSource(server, [groupA]);
    const id = await postOk(objId, makePng(41, 41));
    const manager = await server.createUser({ roles: ['Full user'], acls: ['Manage sources'], groupIds: [] });
    expect((await server.request('DELETE', `/api/thumbnail/${id}`, { token: manager.token })).status).toBe(404);
    expect((await server.request('GET', `/api/thumbnail/${id}`)).status).toBe(200);
  });

  test("deleting the source's obj deletes its thumbnails and their files", async () => {
    const objId = await makeSource(server, [groupA]);
    const id = await postOk(
      objId,
      makePng(42, 42, (x) => [x, 2 * x, 3 * x]),
    );
    const file = (await server.request('GET', `/api/thumbnail/${id}`)).body.data.file_uri;
    expect((await server.request('DELETE', `/api/objs/${objId}`)).status).toBe(200);
    expect((await server.request('GET', `/api/thumbnail/${id}`)).status).toBe(404);
    // The file goes once the deletion committed.
    expect(await eventually(() => !existsSync(file))).toBe(true);
  });
});

describe('survey cutouts', () => {
  test('SkyMapper on demand; an unknown survey refused; a source without a visible obj is a 404', async () => {
    const objId = await makeSource(server, [groupA], undefined, { ra: 10.5, dec: -45.25 });
    expect((await server.request('POST', '/api/internal/survey_thumbnail', { body: { objID: objId } })).status).toBe(200);
    expect((await sourceThumbnails(objId)).map((t: any) => t.type)).toEqual(['sdss', 'ls', 'ps1']);
    const bogus = await server.request('POST', '/api/internal/survey_thumbnail', { body: { objID: objId, types: ['bogus'] } });
    expect(bogus.status).toBe(400);
    expect(bogus.body.message).toMatch(/^types: must be a subset of/);
    expect((await server.request('POST', '/api/internal/survey_thumbnail', { body: { objID: objId, types: ['sm'] } })).status).toBe(200);
    expect((await server.request('POST', '/api/internal/survey_thumbnail', { body: { objID: objId, types: ['sm'] } })).status).toBe(200);
    const sm = (await sourceThumbnails(objId)).filter((t: any) => t.type === 'sm');
    expect(sm).toHaveLength(1);
    expect(sm[0].public_url).toContain('ra=10.5');
    expect(sm[0].public_url).toContain('dec=-45.25');
    expect((await server.request('POST', '/api/internal/survey_thumbnail', { token: bob.token, body: { objID: objId, types: ['sm'] } })).status).toBe(404);
  });
});

test('the folder layout: moved to 3 levels and back, old folders left empty, then pruned', async () => {
  const objId = await makeSource(server, [groupA]);
  const id = await postOk(
    objId,
    makePng(43, 43, (x, y) => [x, y, 7]),
  );
  const at = async () => (await server.request('GET', `/api/thumbnail/${id}`)).body.data.file_uri as string;
  const twoLevels = await at();
  expect(twoLevels.slice(folder.length)).toMatch(/^\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
  const moved = await server.request('PATCH', '/api/thumbnailPath', { query: { requiredDepth: '3', numPerPage: '500' } });
  expect(moved.status).toBe(200);
  expect(moved.body.data).toMatchObject({ inWrongFolder: 0 });
  const threeLevels = await at();
  expect(threeLevels.slice(folder.length)).toMatch(/^\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
  expect(existsSync(twoLevels)).toBe(false);
  expect(readFileSync(threeLevels)).toEqual(makePng(43, 43, (x, y) => [x, y, 7]));
  expect((await server.request('PATCH', '/api/thumbnailPath', { query: { requiredDepth: '2', numPerPage: '500' } })).body.data.inWrongFolder).toBe(0);
  expect(await at()).toBe(twoLevels);
  const oldFolder = threeLevels.slice(0, threeLevels.lastIndexOf('/'));
  expect(existsSync(oldFolder)).toBe(true);
  expect((await server.request('DELETE', '/api/thumbnailPath')).status).toBe(200);
  expect(existsSync(oldFolder)).toBe(false);
  expect(existsSync(twoLevels)).toBe(true);
  // System admins only.
  expect((await server.request('DELETE', '/api/thumbnailPath', { token: alice.token })).status).toBe(401);
});
