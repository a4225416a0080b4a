import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiFetch, ApiRequestError, withQuery } from './http';

/** A real HTTP server that records what it was sent and answers with SkyPortal's envelope. */
let server: http.Server;
let base: string;
const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      const [status, envelope] = request.url!.startsWith('/api/sources/nope')
        ? [404, { status: 'error', message: 'Source not found', data: {} }]
        : request.url!.startsWith('/api/photometry')
          ? [401, { status: 'error', message: 'This action needs the ACL: Upload data', data: { missing_acl: 'Upload data' } }]
          : [200, { status: 'success', data: { id: 'ZTF1' } }];
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(envelope));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(() => {
  received.length = 0;
  delete (globalThis as { document?: unknown }).document;
});

describe('withQuery', () => {
  it('skips empty values and joins arrays with commas', () => {
    expect(withQuery('/api/sources', { pageNumber: 2, sourceID: '', ra: null, group_ids: [1, 2] })).toBe('/api/sources?pageNumber=2&group_ids=1%2C2');
    expect(withQuery('/api/x?a=1', { b: 'c' })).toBe('/api/x?a=1&b=c');
  });
});

describe('apiFetch', () => {
  it('returns data from a success envelope', async () => {
    await expect(apiFetch(`${base}/api/sources/ZTF1`)).resolves.toEqual({ id: 'ZTF1' });
  });

  it('throws ApiRequestError with the status and the server message', async () => {
    const error = await apiFetch(`${base}/api/sources/nope`).catch((e) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 404, message: 'Source not found' });
  });

  it('tells a missing ACL (401 naming it, as SkyPortal answers) apart from a missing session', async () => {
    const error = await apiFetch(`${base}/api/photometry`, { method: 'POST', body: {} }).catch((e) => e);
    expect(error).toMatchObject({ status: 401, missingAcl: 'Upload data', message: 'This action needs the ACL: Upload data' });
  });

  it('says the server could not be reached, with status 0, when nothing answers', async () => {
    const error = await apiFetch('http://127.0.0.1:1/api/sources').catch((e) => e);
    expect(error).toMatchObject({ status: 0, message: 'GET http://127.0.0.1:1/api/sources: the server could not be reached' });
  });

  it('echoes the CSRF cookie as X-CSRF-Token on writes, not on reads, and sends the body as JSON', async () => {
    (globalThis as { document?: unknown }).document = { cookie: 'other=1; skyportal.csrf=abc%3D' };
    await apiFetch(`${base}/api/sources`, { method: 'POST', body: { id: 'x' } });
    await apiFetch(`${base}/api/sources`, { query: { pageNumber: 2 } });
    const [post, get] = received;
    expect(post).toMatchObject({ method: 'POST', body: '{"id":"x"}', headers: { 'x-csrf-token': 'abc=', 'content-type': 'application/json' } });
    expect(get).toMatchObject({ method: 'GET', url: '/api/sources?pageNumber=2' });
    expect(get!.headers).not.toHaveProperty('x-csrf-token');
  });
});
