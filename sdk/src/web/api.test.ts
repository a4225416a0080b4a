import { jest } from '@jest/globals';
import { apiFetch, ApiRequestError, setUnauthorizedHandler, withQuery } from './api';

function respond(status: number, body: unknown) {
  return jest.fn(async (..._args: unknown[]) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('withQuery', () => {
  it('skips empty values and joins arrays with commas', () => {
    expect(withQuery('/api/sources', { pageNumber: 2, sourceID: '', ra: null, group_ids: [1, 2] })).toBe('/api/sources?pageNumber=2&group_ids=1%2C2');
    expect(withQuery('/api/x?a=1', { b: 'c' })).toBe('/api/x?a=1&b=c');
  });
});

describe('apiFetch', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    delete (globalThis as { document?: unknown }).document;
  });

  it('returns data from a success envelope', async () => {
    globalThis.fetch = respond(200, { status: 'success', data: { id: 'ZTF1' } }) as never;
    await expect(apiFetch('/api/sources/ZTF1')).resolves.toEqual({ id: 'ZTF1' });
  });

  it('throws ApiRequestError with the status and the server message', async () => {
    globalThis.fetch = respond(404, { status: 'error', message: 'Source not found' }) as never;
    const error = await apiFetch('/api/sources/nope').catch((e) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 404, message: 'Source not found' });
  });

  it('sends the CSRF cookie as X-CSRF-Token on POST, not on GET', async () => {
    (globalThis as { document?: unknown }).document = { cookie: 'other=1; skyportal.csrf=abc%3D' };
    const fetchMock = respond(200, { status: 'success', data: null });
    globalThis.fetch = fetchMock as never;
    await apiFetch('/api/sources', { method: 'POST', body: { id: 'x' } });
    await apiFetch('/api/sources');
    const [, post] = fetchMock.mock.calls[0] as [string, RequestInit];
    const [, get] = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(post.headers).toMatchObject({ 'X-CSRF-Token': 'abc=', 'Content-Type': 'application/json' });
    expect(post.credentials).toBe('same-origin');
    expect(get.headers).not.toHaveProperty('X-CSRF-Token');
  });
});

describe('setUnauthorizedHandler', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    setUnauthorizedHandler(null);
  });

  it('is told about a 401, not about a 403 or a 401 naming a missing ACL', async () => {
    const handler = jest.fn();
    setUnauthorizedHandler(handler);
    globalThis.fetch = respond(403, { status: 'error', message: 'Forbidden' }) as never;
    await apiFetch('/api/x').catch(() => undefined);
    globalThis.fetch = respond(401, { status: 'error', message: 'This action needs the ACL: Upload data', data: { missing_acl: 'Upload data' } }) as never;
    await apiFetch('/api/x', { method: 'POST' }).catch(() => undefined);
    expect(handler).not.toHaveBeenCalled();
    globalThis.fetch = respond(401, { status: 'error', message: 'Not logged in' }) as never;
    await apiFetch('/api/x').catch(() => undefined);
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
