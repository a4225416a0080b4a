import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, uniqueId, type TestServer } from '@skyportal/test-kit';

// Prometheus metrics as a scraper reads them: over HTTP, with the configured bearer token.
const METRICS_TOKEN = 'metrics-token-for-the-scraper';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry'], config: { metrics: { token: METRICS_TOKEN } } });
});
afterAll(() => server.stop());

async function scrape(): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one series, found by its name and exact labels (in any order). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.keys(labels).length === Object.keys(found).length && Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

test('without the bearer token /metrics is refused', async () => {
  expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
  const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
  expect(wrong.status).toBe(401);
  // An API token is not the metrics token.
  expect((await server.request('GET', '/metrics')).status).toBe(401);
});

test('a request is counted and timed under its route pattern, never its raw path', async () => {
  const user = await server.createUser();
  const before = await scrape();
  const labels = { method: 'GET', route: '/api/user/:id', status: '200' };
  const countBefore = sample(before, 'skyportal_http_requests_total', labels) ?? 0;

  for (let i = 0; i < 3; i++) expect((await server.request('GET', `/api/user/${user.id}`)).status).toBe(200);
  // A secret in a path (SkyPortal's scripts revoke tokens so) and a missing route.
  await server.request('DELETE', `/api/internal/tokens/${user.token}`);
  await server.request('GET', `/api/nothing-here/${user.id}`);

  const after = await scrape();
  expect(sample(after, 'skyportal_http_requests_total', labels)).toBe(countBefore + 3);
  expect(sample(after, 'skyportal_http_request_duration_seconds_count', { method: 'GET', route: '/api/user/:id' })).toBeGreaterThanOrEqual(3);
  expect(sample(after, 'skyportal_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBeGreaterThanOrEqual(1);

  const labelValues = after
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .flatMap((line) => [...line.matchAll(/="([^"]*)"/g)].map((m) => m[1]!));
  expect(labelValues).not.toContain(`/api/user/${user.id}`);
  expect(after).not.toContain(user.token);
  expect(after).not.toContain(server.adminToken);
  expect(after).not.toContain(METRICS_TOKEN);
  for (const value of labelValues.filter((v) => v.startsWith('/'))) expect(value).not.toMatch(/\/\d+(\/|$)/);
});

test('WebSocket clients, the database pool and process facts are there', async () => {
  const socket = await server.connect(server.adminToken);
  try {
    const text = await scrape();
    expect(/^skyportal_websocket_clients (\d+)$/m.exec(text)?.[1]).toBe('1');
    expect(text).toMatch(/^skyportal_db_pool_used \d+$/m);
    expect(text).toMatch(/^skyportal_db_pool_free \d+$/m);
    expect(text).toMatch(/^skyportal_db_pool_pending 0$/m);
    expect(text).toMatch(/^skyportal_process_resident_memory_bytes \d+/m);
  } finally {
    socket.close();
  }
});

test('photometry counts the points it stores through the SDK metrics facility', async () => {
  const objId = uniqueId('metrics');
  const telescope = await server.request('POST', '/api/telescope', { body: { name: uniqueId('Metrics scope'), nickname: uniqueId('MS'), diameter: 1 } });
  const instrument = await server.request('POST', '/api/instrument', {
    body: { name: uniqueId('metricscam'), type: 'imager', filters: ['ztfg'], telescope_id: telescope.body.data.id },
  });
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 10, dec: 10 } });
  const labels = { plugin: 'photometry', kind: 'points' };
  const before = sample(await scrape(), 'skyportal_ingested_total', labels) ?? 0;
  const posted = await server.request('POST', '/api/photometry', {
    body: { obj_id: objId, instrument_id: instrument.body.data.id, mjd: [59000, 59001, 59002], flux: 12, fluxerr: 1, zp: 23.9, magsys: 'ab', filter: 'ztfg' },
  });
  expect(posted.status).toBe(200);
  expect(sample(await scrape(), 'skyportal_ingested_total', labels)).toBe(before + 3);
  // Points already there are not counted again (PUT returns their ids).
  const again = await server.request('PUT', '/api/photometry', {
    body: { obj_id: objId, instrument_id: instrument.body.data.id, mjd: [59000, 59001, 59002], flux: 12, fluxerr: 1, zp: 23.9, magsys: 'ab', filter: 'ztfg' },
  });
  expect(again.status).toBe(200);
  expect(sample(await scrape(), 'skyportal_ingested_total', labels)).toBe(before + 3);
});

test('a site without a metrics token or port has no /metrics at all, not even its web page', async () => {
  // A web app answers every page path with its index.html; /metrics is not a page.
  const hostDir = mkdtempSync(path.join(tmpdir(), 'skyportal-host-'));
  writeFileSync(path.join(hostDir, 'index.html'), '<!doctype html><title>SkyPortal</title>');
  const plain = await startTestServer({ config: { web: { hostDir } } });
  try {
    expect((await fetch(`${plain.url}/some/page`)).status).toBe(200);
    const res = await fetch(`${plain.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SkyPortal');
    expect((await fetch(`${plain.url}/metrics`, { headers: { authorization: 'Bearer anything-at-all-here' } })).status).toBe(404);
  } finally {
    await plain.stop();
    rmSync(hostDir, { recursive: true, force: true });
  }
});
