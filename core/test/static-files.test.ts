/**
 * Static files (the web app, plugins' remotes, the API docs' assets): a path that leaves the web
 * root is answered exactly as a file that does not exist, so no answer tells an outsider which
 * files the server has. Requests go out raw (node:http): fetch would normalise `..` away.
 */
import http from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '@skyportal/test-kit';

let server: TestServer;

beforeAll(async () => {
  // The web root, and beside it a file no request may reach: secret.txt.
  const site = mkdtempSync(path.join(tmpdir(), 'skyportal-site-'));
  chmodSync(site, 0o755);
  writeFileSync(path.join(site, 'secret.txt'), 'not for the web');
  const hostDir = path.join(site, 'web');
  mkdirSync(hostDir);
  writeFileSync(path.join(hostDir, 'index.html'), '<!doctype html><title>app shell</title>');
  writeFileSync(path.join(hostDir, 'main.js'), 'console.log("main")');
  mkdirSync(path.join(hostDir, 'assets'));
  writeFileSync(path.join(hostDir, 'assets', 'logo.svg'), '<svg/>');
  server = await startTestServer({
    plugins: ['core/test/fixtures/plugins/with-web'],
    config: { web: { hostDir } },
  });
});
afterAll(() => server.stop());

/** A raw GET: the path goes out exactly as written. */
function get(rawPath: string): Promise<{ status: number; body: string; type: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path: rawPath, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body, type: String(response.headers['content-type'] ?? '') }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The answer with anything that names the path itself (a 404's "No ...") taken out. */
const answer = async (rawPath: string) => {
  const { status, body, type } = await get(rawPath);
  return { status, type, body: body.replaceAll(rawPath, '<path>') };
};

// [what, a path to a file that exists outside the web root, the same path to one that does not]
const PAIRS: [string, string, string][] = [
  ['the app, ../', '/../../../../../etc/passwd', '/../../../../../etc/no-such-file-here'],
  ['the app, ../ to a file beside the root', '/../secret.txt', '/../no-such-secret.txt'],
  ['the app, encoded, to a file beside the root', '/..%2fsecret.txt', '/..%2fno-such-secret.txt'],
  ['the app, encoded slashes', '/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd', '/..%2f..%2f..%2f..%2f..%2fetc%2fno-such-file'],
  ['the app, encoded dots', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/no-such-file'],
  ['the app, backslashes', '/..\\..\\..\\..\\..\\etc\\passwd', '/..\\..\\..\\..\\..\\etc\\no-such-file'],
  ['a plugin remote, ../', '/plugins/with-web/../../../../../../../../etc/passwd', '/plugins/with-web/../../../../../../../../etc/no-such-file'],
  [
    'a plugin remote, encoded',
    '/plugins/with-web/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/plugins/with-web/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fno-such-file',
  ],
  ['the API docs, ../', '/api/docs/assets/../../../../../../../../etc/passwd', '/api/docs/assets/../../../../../../../../etc/no-such-file'],
  [
    'the API docs, encoded',
    '/api/docs/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/api/docs/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fno-such-file',
  ],
];

test.each(PAIRS)('%s: a file outside the root is answered as a missing one', async (_what, existing, missing) => {
  const [outside, absent] = await Promise.all([answer(existing), answer(missing)]);
  expect(outside.status).not.toBe(403);
  expect(outside.body).not.toMatch(/root:|not for the web/); // never the file itself
  expect(outside).toEqual(absent);
});

test('files inside the roots are served, and a page path gets the app shell', async () => {
  expect(await get('/main.js')).toMatchObject({ status: 200, body: 'console.log("main")' });
  expect(await get('/assets/logo.svg')).toMatchObject({ status: 200, body: '<svg/>' });
  expect(await get('/sources/ZTF18aabcvnq')).toMatchObject({ status: 200, body: expect.stringContaining('app shell') });
  expect((await get('/plugins/with-web/remoteEntry.js')).status).toBe(200);
  expect((await get('/api/docs/assets/swagger-ui.css')).status).toBe(200);
  expect((await get('/no-such-asset.js')).status).toBe(404);
  // A folder is not a file: the same answer as a missing page.
  expect(await answer('/assets')).toEqual(await answer('/no-such-folder'));
});
