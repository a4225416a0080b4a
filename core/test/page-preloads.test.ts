/**
 * Plugins name the API answers a page asks for first (`skyportal.preload` in package.json); the
 * page's HTML answer hints them in a `Link` header, so the browser fetches them while the app's
 * scripts load. The hinted URL must be exactly the one the app asks for (router-decoded segment,
 * encoded again), or the browser would fetch it twice.
 */
import http from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '@skyportal/test-kit';
import { parsePagePreloads } from '../src/plugins/page-preloads.js';

let server: TestServer;
beforeAll(async () => {
  const hostDir = mkdtempSync(path.join(tmpdir(), 'skyportal-preload-'));
  writeFileSync(path.join(hostDir, 'index.html'), '<!doctype html><title>app shell</title>');
  mkdirSync(path.join(hostDir, 'assets'));
  writeFileSync(path.join(hostDir, 'assets', 'app.js'), '1');
  server = await startTestServer({ plugins: ['core/test/fixtures/plugins/with-web'], config: { web: { hostDir } } });
});
afterAll(() => server.stop());

function linkOf(rawPath: string): Promise<{ status: number; link: string | undefined; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, link: response.headers.link as string | undefined, body }));
      })
      .on('error', reject);
  });
}

test("a page a plugin names gets its API answers hinted, the path's segment in them", async () => {
  const page = await linkOf('/thing/ZTF21abc');
  expect(page.status).toBe(200);
  expect(page.body).toContain('app shell');
  expect(page.link).toBe(
    '</api/things/ZTF21abc>; rel=preload; as=fetch; crossorigin, </api/things/ZTF21abc/parts?layout=columns&x=a:b>; rel=preload; as=fetch; crossorigin',
  );
});

test('the segment is hinted as the app encodes it, and never breaks the header', async () => {
  expect((await linkOf('/thing/a%20b%2Fc')).link).toMatch(/^<\/api\/things\/a%20b%2Fc>;/);
  expect((await linkOf('/thing/%E2%98%85')).link).toMatch(/^<\/api\/things\/%E2%98%85>;/);
  expect((await linkOf('/thing/a%3E%3B%20rel%3Dstylesheet')).link).toMatch(
    /^<\/api\/things\/a%3E%3B%20rel%3Dstylesheet>; rel=preload; as=fetch; crossorigin, /,
  );
  // Malformed percent-encoding: the page, without hints.
  const malformed = await linkOf('/thing/%E2%98');
  expect(malformed.status).toBe(200);
  expect(malformed.link).toBeUndefined();
});

test('other pages, deeper paths, assets and the API get no hint', async () => {
  for (const other of ['/', '/thing', '/thing/a/b', '/things/a', '/assets/app.js']) expect((await linkOf(other)).link).toBeUndefined();
  expect((await linkOf('/api/things/a')).link).toBeUndefined();
});

test('a malformed declaration stops the start, naming the plugin and the entry', () => {
  expect(() => parsePagePreloads('p', ['/api/x'])).toThrow('Plugin "p": skyportal.preload must be an object');
  expect(() => parsePagePreloads('p', { 'thing/:id': ['/api/x'] })).toThrow('"thing/:id": a page path starts with /');
  expect(() => parsePagePreloads('p', { '/thing/:id': ['https://elsewhere.example/api/x'] })).toThrow('is not an /api/ URL');
  expect(() => parsePagePreloads('p', { '/thing/:id': ['/api/x\r\nSet-Cookie: a=b'] })).toThrow('is not an /api/ URL');
  expect(() => parsePagePreloads('p', { '/thing/:id': ['/api/things/:name'] })).toThrow('uses :name, which the page path does not have');
  expect(() => parsePagePreloads('p', { '/thing/:id': [] })).toThrow('expected a list of API URLs');
  expect(() => parsePagePreloads('p', { '/th ing': ['/api/x'] })).toThrow('is neither a plain segment nor a :parameter');
});
