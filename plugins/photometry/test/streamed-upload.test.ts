/**
 * Large uploads through POST /api/photometry, sent as a client streaming a file sends them: in
 * chunks, without a Content-Length (or gzipped). All of it is stored, in input order, or none of
 * it: a bad value deep in the body, broken JSON or a body past the limit leaves the tables as they
 * were.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';

const ROWS = 100_000;
const TABLES = ['photometry', 'photometry_groups'];
let server: TestServer;
let ztf: number;
let sitewide: number;

beforeAll(async () => {
  // 100,000 rows a post: a body limit of 64 MB.
  server = await startTestServer({ plugins: ['sources', { plugin: 'photometry', options: { maxRowsPerPost: ROWS } }] });
  sitewide = (await server.request('GET', '/api/groups/public')).body.data.id;
  const tel = await server.request('POST', '/api/telescope', { body: { name: 'Stream 48-inch', nickname: 'S48', diameter: 1.2 } });
  ztf = (await server.request('POST', '/api/instrument', { body: { name: 'ZTF', type: 'imager', filters: ['ztfg', 'ztfr'], telescope_id: tel.body.data.id } }))
    .body.data.id;
});
afterAll(() => server.stop());

async function newSource() {
  const id = uniqueId('stream');
  expect((await server.request('POST', '/api/sources', { body: { id, ra: 10, dec: 20, group_ids: [sitewide] } })).status).toBe(200);
  return id;
}

/** A flux-mode light curve of n points: every tenth a non-detection (flux null). */
function lightCurve(objId: string, n: number) {
  return {
    obj_id: objId,
    instrument_id: ztf,
    magsys: 'ab',
    zp: 23.9,
    group_ids: [sitewide],
    mjd: Array.from({ length: n }, (_, i) => 58000 + i / 1000),
    filter: Array.from({ length: n }, (_, i): string => (i % 2 ? 'ztfr' : 'ztfg')),
    flux: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : 100 + (i % 97))),
    fluxerr: Array.from({ length: n }, (_, i) => 1 + (i % 5)),
  };
}

/** Sends `bytes` in 64 KB chunks with chunked transfer encoding (no Content-Length). */
async function streamPost(bytes: Buffer, headers: Record<string, string> = {}) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536));
      controller.close();
    },
  });
  const res = await fetch(new URL('/api/photometry', server.url), {
    method: 'POST',
    headers: { authorization: `token ${server.adminToken}`, 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as any };
}

const pointsOf = (objId: string) => server.knex('photometry').where({ obj_id: objId }).orderBy('id').select('id', 'mjd', 'filter', 'flux', 'fluxerr');

test(`${ROWS.toLocaleString('en')} points streamed in chunks are all stored, in input order`, async () => {
  const objId = await newSource();
  const curve = lightCurve(objId, ROWS);
  const res = await streamPost(Buffer.from(JSON.stringify(curve)));
  expect(res.status).toBe(200);
  const ids: number[] = res.body.data.ids;
  expect(ids).toHaveLength(ROWS);
  const stored = await pointsOf(objId);
  expect(stored.map((p) => Number(p.id))).toEqual(ids);
  for (const i of [0, 1, 9, 10, 49_999, ROWS - 1]) {
    expect(stored[i]).toMatchObject({ mjd: curve.mjd[i], filter: curve.filter[i], flux: curve.flux[i], fluxerr: curve.fluxerr[i] });
  }
  const links = await server
    .knex('photometry_groups')
    .whereIn('photometry_id', [ids[0]!, ids[ROWS - 1]!])
    .pluck('group_id');
  expect(links).toContain(sitewide);
}, 180_000);

test('a gzipped upload is read as it is inflated', async () => {
  const objId = await newSource();
  const curve = lightCurve(objId, 5_000);
  const res = await streamPost(gzipSync(JSON.stringify(curve)), { 'content-encoding': 'gzip' });
  expect(res.status).toBe(200);
  expect(await pointsOf(objId)).toHaveLength(5_000);
});

describe('a bad upload stores nothing', () => {
  /** Rows in each table: a POST only adds, so the same counts mean nothing was stored. */
  const counts = async () => Promise.all(TABLES.map(async (table) => Number((await server.knex(table).count('* as n'))[0]!.n)));
  async function refused(bytes: Buffer, status: number, message: RegExp) {
    const before = await counts();
    const res = await streamPost(bytes);
    expect({ status: res.status, message: res.body.message }).toEqual({ status, message: expect.stringMatching(message) });
    expect(await counts()).toEqual(before);
  }

  test('a bad value deep in the body: a 400 naming the field and row', async () => {
    const curve = lightCurve(await newSource(), ROWS);
    curve.fluxerr[ROWS - 3] = -1;
    await refused(Buffer.from(JSON.stringify(curve)), 400, new RegExp(`^fluxerr\\[${ROWS - 3}\\]: Invalid value: must be > 0`));
  }, 180_000);

  test('a NUL in a string deep in a list: a 400 naming its place', async () => {
    const curve = lightCurve(await newSource(), ROWS);
    curve.filter[ROWS - 1] = 'ztfg\u0000';
    await refused(Buffer.from(JSON.stringify(curve)), 400, new RegExp(`^Invalid body: filter\\[${ROWS - 1}\\]: contains a NUL`));
  }, 180_000);

  test('a body cut short: a 400', async () => {
    const text = JSON.stringify(lightCurve(await newSource(), ROWS));
    await refused(Buffer.from(text.slice(0, text.length - 1000)), 400, /^Invalid JSON body/);
  }, 180_000);

  test('a streamed body past the limit: a 413, and a declared one is refused before it is read', async () => {
    const curve = lightCurve(await newSource(), 10);
    // A body of 65 MB (the limit is 64 MB): valid JSON, padded with spaces.
    const big = Buffer.alloc(65 * 2 ** 20, 0x20);
    Buffer.from(JSON.stringify(curve)).copy(big);
    await refused(big, 413, /^Request body larger than 64mb/);
    // Declared too long: answered at once, without waiting for the body.
    const answer = await new Promise<{ status: number; message: string }>((resolve, reject) => {
      const req = request(new URL('/api/photometry', server.url), {
        method: 'POST',
        headers: { authorization: `token ${server.adminToken}`, 'content-type': 'application/json', 'content-length': String(200 * 2 ** 20) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, message: JSON.parse(text).message }));
      });
      req.on('error', reject);
      req.write('{"mjd": [');
    });
    expect(answer).toEqual({ status: 413, message: 'Request body larger than 64mb' });
  }, 180_000);
});
