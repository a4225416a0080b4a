/**
 * Source page: time from navigation to the first drawn light curve of a 10,000-point source, in
 * headless chromium, against a bare page that loads the prebuilt BokehJS bundles and plots the same
 * points (same glyphs, error bars, legend, hover) in the same run; and the page's JavaScript split
 * into host app, module-federation runtime, plugins and Bokeh.
 *
 *   npm run build:web && node --import tsx bench/source-page.ts
 *
 * BENCH_RUNS (default 5) page loads per case; BENCH_SCREENSHOT=<file.png> also saves the page;
 * BENCH_VERBOSE=1 prints every request of the median loads and the JS split per file;
 * BENCH_REFERENCE_GL=1 makes the bare page draw with Bokeh's WebGL backend (+ bokeh-gl.min.js);
 * BENCH_TRACE=<file.json> traces one more cold load of each page (Chromium's performance trace)
 * and prints its requests and main-thread tasks.
 * A real `skyportal start` process (sources + photometry) on an embedded PostgreSQL
 * (bench/lib/postgres.ts, or DATABASE_URL's server), logged in through the real login page.
 *
 * "Drawn" is the `lightcurve-drawn` performance mark that the photometry panel sets once
 * Bokeh.Plotting.show() has resolved (Bokeh resolves it when the document is idle, i.e. painted);
 * the bare page sets the same mark at the same point. Times are performance.now() in the page, so
 * they start at the navigation's time origin.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Response } from '@playwright/test';
import { startPortalProcess } from '@skyportal/test-kit/process';
import { describeTrace } from './lib/chrome-trace.js';
import { lightCurve } from './lib/lightcurve.js';
import { formatMemory, processMemory } from './lib/memory.js';
import { benchDatabase } from './lib/postgres.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const POINTS = 10_000;
const OBJ_ID = 'ZTF21benchlc';
const ADMIN_TOKEN = 'bench-source-page-admin-token-0123456789';
const ADMIN_PASSWORD = 'bench-source-page-password';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const BOKEH_BUILD = path.join(repoRoot, 'node_modules/@bokeh/bokehjs/build/js');

// ---------------------------------------------------------------------------------------------
// The server, as an observatory runs it

function startPortal(databaseUrl: string) {
  return startPortalProcess({
    cwd: repoRoot,
    databaseUrl,
    config: { plugins: { sources: { enabled: true }, photometry: { enabled: true } } },
    env: { SKYPORTAL_ADMIN_TOKEN: ADMIN_TOKEN, SKYPORTAL_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
}

async function api<T = any>(base: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (json.status !== 'success') throw new Error(`${method} ${route}: ${response.status} ${json.message}`);
  return json.data;
}

// ---------------------------------------------------------------------------------------------
// The reference: a bare static page with the prebuilt Bokeh bundles, plotting the same points.

const REFERENCE_PAGE = (withGl: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare BokehJS</title>
<script>window.points = fetch('/points.json').then((r) => r.json());</script>
<script src="/bokeh.min.js"></script>
${withGl ? '<script src="/bokeh-gl.min.js"></script>' : ''}
<script src="/bokeh-api.min.js"></script>
</head><body><div id="plot" style="min-height:420px"></div>
<script>
(async () => {
  const curve = (await window.points).data; // layout=columns: lists per field, as the panel gets them
  const p = curve.photometry;
  const colours = { ztfg: '#2ca02c', ztfr: '#d62728', ztfi: '#b8860b' };
  const byFilter = new Map();
  for (let i = 0; i < curve.count; i++) {
    const filter = p.filter[i], mjd = p.mjd[i], mag = curve.mag[i], instrument = curve.instrument_name[i] ?? '';
    let s = byFilter.get(filter);
    if (!s) byFilter.set(filter, (s = { filter,
      det: { mjd: [], y: [], err: [], lower: [], upper: [], instrument: [], filter: [] },
      lim: { mjd: [], y: [], instrument: [], filter: [] } }));
    if (mag != null) {
      const e = curve.magerr[i] ?? 0;
      s.det.mjd.push(mjd); s.det.y.push(mag); s.det.err.push(e); s.det.lower.push(mag - e);
      s.det.upper.push(mag + e); s.det.instrument.push(instrument); s.det.filter.push(filter);
    } else if (curve.limiting_mag[i] != null) {
      s.lim.mjd.push(mjd); s.lim.y.push(curve.limiting_mag[i]); s.lim.instrument.push(instrument); s.lim.filter.push(filter);
    }
  }
  const series = [...byFilter.values()].sort((a, b) => a.filter.localeCompare(b.filter));
  let min = Infinity, max = -Infinity;
  for (const t of p.mjd) { if (t < min) min = t; if (t > max) max = t; }
  const pad = Math.max((max - min) * 0.04, 0.5);
  const now = Date.now() / 86400000 + 40587; // MJD, for the same "days ago" axis as the panel's
  const plot = Bokeh.Plotting.figure({
    height: 420, sizing_mode: 'stretch_width',
    x_range: new Bokeh.Range1d({ start: min - pad, end: max + pad }),
    extra_x_ranges: { days_ago: new Bokeh.Range1d({ start: now - min + pad, end: now - max - pad }) },
    y_range: new Bokeh.DataRange1d({ flipped: true }),
    x_axis_label: 'MJD', y_axis_label: 'AB mag',
    tools: 'pan,box_zoom,wheel_zoom,reset,save',
    output_backend: ${withGl ? "'webgl'" : "'canvas'"},
  });
  plot.add_layout(new Bokeh.LinearAxis({ x_range_name: 'days_ago', axis_label: 'Days ago' }), 'above');
  const items = [], det = [], lim = [];
  for (const s of series) {
    const colour = colours[s.filter] ?? '#1f77b4';
    const renderers = [];
    const source = new Bokeh.ColumnDataSource({ data: s.det });
    renderers.push(plot.segment({ x0: { field: 'mjd' }, y0: { field: 'lower' }, x1: { field: 'mjd' }, y1: { field: 'upper' }, source, line_color: colour, line_alpha: 0.7 }));
    const markers = plot.scatter({ x: { field: 'mjd' }, y: { field: 'y' }, source, marker: 'circle', size: 6, fill_color: colour, line_color: colour });
    renderers.push(markers); det.push(markers);
    if (s.lim.mjd.length) {
      const limits = plot.scatter({ x: { field: 'mjd' }, y: { field: 'y' }, source: new Bokeh.ColumnDataSource({ data: s.lim }),
        marker: 'inverted_triangle', size: 8, fill_color: colour, fill_alpha: 0.25, line_color: colour, line_alpha: 0.6 });
      renderers.push(limits); lim.push(limits);
    }
    items.push(new Bokeh.LegendItem({ label: { value: s.filter }, renderers }));
  }
  plot.add_tools(
    new Bokeh.HoverTool({ renderers: det, tooltips: [['MJD', '@mjd{0.00000}'], ['mag', '@y{0.000} ± @err{0.000}'], ['filter', '@filter'], ['instrument', '@instrument']] }),
    new Bokeh.HoverTool({ renderers: lim, tooltips: [['MJD', '@mjd{0.00000}'], ['limit', '> @y{0.00}'], ['filter', '@filter'], ['instrument', '@instrument']] }),
  );
  plot.add_layout(new Bokeh.Legend({ items, click_policy: 'hide', location: 'top_left' }), 'right');
  await Bokeh.Plotting.show(plot, document.getElementById('plot'));
  performance.mark('lightcurve-drawn');
})();
</script></body></html>`;

/** node:http serving the page, the prebuilt bundles (gzip when asked, cached a year) and the points. */
async function startReference(pointsJson: string): Promise<{ url: string; stop(): Promise<void> }> {
  const files = new Map<string, { type: string; body: Buffer; gzip: Buffer; cache: string }>();
  const add = (route: string, type: string, body: Buffer, cache: string) => files.set(route, { type, body, gzip: zlib.gzipSync(body, { level: 6 }), cache });
  add('/', 'text/html; charset=utf-8', Buffer.from(REFERENCE_PAGE(process.env.BENCH_REFERENCE_GL === '1')), 'no-cache');
  add('/points.json', 'application/json; charset=utf-8', Buffer.from(pointsJson), 'no-store');
  for (const name of ['bokeh.min.js', 'bokeh-gl.min.js', 'bokeh-api.min.js'])
    add(`/${name}`, 'application/javascript; charset=utf-8', readFileSync(path.join(BOKEH_BUILD, name)), 'public, max-age=31536000, immutable');
  const server = http.createServer((req, res) => {
    const file = files.get(new URL(req.url!, 'http://x').pathname);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': file.cache,
      vary: 'Accept-Encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(gzip ? file.gzip : file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

// ---------------------------------------------------------------------------------------------
// Page loads

interface Load {
  ms: number;
  /** Resource timings (ms from navigation start) of the requests that make the critical path. */
  waterfall: { name: string; start: number; end: number; transferred: number }[];
  /** Bokeh's output backend the page drew with (data-backend of the plot, when it sets one). */
  backend: string;
  /** The JS files it loaded, when asked to collect them. */
  js: JsFile[];
}

async function loadOnce(context: BrowserContext, url: string, collect = false, tracePath?: string): Promise<Load> {
  const page = await context.newPage();
  // What the performance panel records (Chromium's trace), for BENCH_TRACE.
  if (tracePath) await context.browser()!.startTracing(page, { path: tracePath, screenshots: false });
  const responses: Response[] = [];
  let js: JsFile[] = [];
  if (collect) page.on('response', (response) => responses.push(response));
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => performance.getEntriesByName('lightcurve-drawn').length > 0, null, { timeout: 120_000, polling: 100 });
    if (tracePath) await context.browser()!.stopTracing();
    const { ms, waterfall, backend } = await page.evaluate(() => {
      const origin = location.origin;
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        ms: performance.getEntriesByName('lightcurve-drawn')[0]!.startTime,
        backend: document.querySelector('[data-testid="lightcurve-plot"]')?.getAttribute('data-backend') ?? 'canvas',
        waterfall: [navigation, ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[])].map((entry) => ({
          name: entry.name.replace(origin, ''),
          start: entry.startTime,
          end: entry.responseEnd,
          transferred: entry.transferSize,
        })),
      };
    });
    if (collect) {
      await Promise.all(responses.map((response) => response.finished().catch(() => null)));
      js = await describeJs(responses);
    }
    return { ms, waterfall, backend, js };
  } finally {
    await page.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---------------------------------------------------------------------------------------------
// Which bytes are whose: every loaded JS file is split by its source map (webpack writes one per
// chunk), so the federation runtime inside the host's main.js and each remoteEntry.js is counted
// apart from the code around it.

type Part = 'host app' | 'federation runtime' | 'plugins' | 'bokeh';
const PARTS: Part[] = ['host app', 'federation runtime', 'plugins', 'bokeh'];

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Characters of the generated file per source index (-1: unmapped). */
function charsPerSource(code: string, mappings: string, sourceCount: number): Float64Array {
  const counts = new Float64Array(sourceCount + 1); // last slot: unmapped
  const lines = code.split('\n');
  const mapLines = mappings.split(';');
  let source = 0;
  for (let l = 0; l < lines.length; l++) {
    const lineLength = lines[l]!.length + 1;
    const segments: [number, number][] = []; // [column, source or -1]
    let column = 0;
    for (const segment of (mapLines[l] ?? '').split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const c of segment) {
        const digit = B64.get(c)!;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length >= 4) source += fields[1]!;
      segments.push([column, fields.length >= 4 ? source : -1]);
      // fields[2..4] (line, column, name) are relative too but not needed for attribution.
    }
    let previousColumn = 0;
    let previousSource = -1;
    for (const [segmentColumn, segmentSource] of segments) {
      counts[previousSource < 0 ? sourceCount : previousSource]! += segmentColumn - previousColumn;
      previousColumn = segmentColumn;
      previousSource = segmentSource;
    }
    counts[previousSource < 0 ? sourceCount : previousSource]! += lineLength - previousColumn;
  }
  return counts;
}

/** @bokeh/bokehjs and the packages it pulls in (transitively), as found in node_modules. */
function bokehPackages(): Set<string> {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    const manifest = path.join(repoRoot, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return;
    found.add(name);
    for (const dep of Object.keys(JSON.parse(readFileSync(manifest, 'utf8')).dependencies ?? {})) visit(dep);
  };
  visit('@bokeh/bokehjs');
  found.delete('tslib');
  return found;
}
const BOKEH = bokehPackages();

const FEDERATION_SOURCE =
  /@module-federation\/|\/\.federation\/|webpack\/runtime\/(embed\/federation|federation runtime|sharing|consumes|remotes loading|initialize sharing|startup entrypoint)|webpack\/container|container entry|provide shared module|consume shared module|remote module/;

function packageOf(source: string): string | null {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return match ? match[1]! : null;
}

/** The local file behind a URL, and whose bundle it is. */
function localFile(urlPath: string): { file: string; owner: 'host' | 'plugin'; remoteEntry: boolean } | null {
  let match = /^\/assets\/([^/?]+\.js)$/.exec(urlPath);
  if (match) return { file: path.join(repoRoot, 'host-app/dist/assets', match[1]!), owner: 'host', remoteEntry: false };
  match = /^\/plugins\/([a-z][a-z0-9-]*)\/([^?]+\.js)$/.exec(urlPath);
  if (match) {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'plugins', match[1]!, 'package.json'), 'utf8'));
    const webDir = manifest.skyportal?.web ?? 'dist/web';
    return { file: path.join(repoRoot, 'plugins', match[1]!, webDir, match[2]!), owner: 'plugin', remoteEntry: match[2] === 'remoteEntry.js' };
  }
  return null;
}

function classify(source: string, owner: 'host' | 'plugin', remoteEntry: boolean): Part {
  if (FEDERATION_SOURCE.test(source)) return 'federation runtime';
  if (owner === 'host') return 'host app'; // the host never bundles Bokeh (redux, say, is also a dependency of one of Bokeh's)
  const pkg = packageOf(source);
  if (pkg && BOKEH.has(pkg)) return 'bokeh';
  // A remote's container entry is glue that exists only for federation: its webpack bootstrap,
  // chunk loading and share-scope code. Plugin sources in it (if any) stay the plugin's.
  if (remoteEntry && (pkg || !/\/\.\/(web|server)\/|\.\/types\.ts$/.test(source))) return 'federation runtime';
  return 'plugins';
}

interface JsFile {
  url: string;
  cacheControl: string;
  raw: number;
  wire: number;
  gzip: number;
  encoding: string;
  parts: Record<Part, number>; // raw bytes per part
}

async function describeJs(responses: Response[]): Promise<JsFile[]> {
  const files: JsFile[] = [];
  for (const response of responses) {
    const url = new URL(response.url());
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript/.test(type) && !url.pathname.endsWith('.js')) continue;
    if (response.status() !== 200) continue;
    const body = await response.body();
    const sizes = await response.request().sizes();
    const encoding = response.headers()['content-encoding'] ?? '';
    const parts = Object.fromEntries(PARTS.map((p) => [p, 0])) as Record<Part, number>;
    const local = localFile(url.pathname);
    if (local && existsSync(`${local.file}.map`)) {
      const map = JSON.parse(readFileSync(`${local.file}.map`, 'utf8')) as { sources: string[]; mappings: string };
      const code = body.toString('utf8');
      const counts = charsPerSource(code, map.mappings, map.sources.length);
      const total = counts.reduce((a, b) => a + b, 0);
      const unmapped = counts[map.sources.length]!;
      counts.forEach((chars, index) => {
        if (index < map.sources.length) parts[classify(map.sources[index]!, local.owner, local.remoteEntry)] += (chars / total) * body.length;
      });
      // Bytes the source map leaves unmapped (chunk wrappers, terser's glue) go with the rest of
      // their file, except in a container entry, where they are federation glue.
      const mapped = total - unmapped;
      if (local.remoteEntry || mapped === 0) parts[local.owner === 'host' ? 'host app' : 'federation runtime'] += (unmapped / total) * body.length;
      else for (const part of PARTS) parts[part] += (parts[part] / ((mapped / total) * body.length)) * (unmapped / total) * body.length;
    } else {
      parts[local?.owner === 'host' ? 'host app' : !local && /bokeh/.test(url.pathname) ? 'bokeh' : 'plugins'] += body.length;
    }
    files.push({
      url: url.pathname,
      cacheControl: response.headers()['cache-control'] ?? '(none)',
      raw: body.length,
      wire: sizes.responseBodySize,
      gzip: encoding === 'gzip' ? sizes.responseBodySize : zlib.gzipSync(body, { level: 6 }).length,
      encoding,
      parts,
    });
  }
  return files;
}

// ---------------------------------------------------------------------------------------------

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);
const ms = (value: number) => `${value.toFixed(0)} ms`;

for (const required of ['host-app/dist/index.html', 'plugins/photometry/dist/web/remoteEntry.js', 'plugins/sources/dist/web/remoteEntry.js']) {
  if (!existsSync(path.join(repoRoot, required))) throw new Error(`${required} is missing: run \`npm run build:web\` first`);
}

const db = await benchDatabase(`bench_source_page_${Date.now()}`);
let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
let reference: Awaited<ReturnType<typeof startReference>> | undefined;
let browser: Browser | undefined;
try {
  portal = await startPortal(db.url);
  const base = portal.url;

  // One source, 10,000 points in three filters, posted through the API as a script would.
  const telescope = await api(base, 'POST', '/api/telescope', {
    name: 'Palomar 48-inch',
    nickname: 'P48',
    lat: 33.3563,
    lon: -116.8648,
    elevation: 1712,
    diameter: 1.2,
    robotic: true,
  });
  const instrument = await api(base, 'POST', '/api/instrument', {
    name: 'ZTF',
    type: 'imager',
    band: 'optical',
    filters: ['ztfg', 'ztfr', 'ztfi'],
    telescope_id: telescope.id,
  });
  const sitewide = await api(base, 'GET', '/api/groups/public');
  await api(base, 'POST', '/api/sources', { id: OBJ_ID, ra: 197.4504, dec: -23.3814, redshift: 0.0098, group_ids: [sitewide.id] });
  const curve = lightCurve(POINTS);
  const { detections, ...columns } = curve;
  const posted = Date.now();
  await api(base, 'POST', '/api/photometry', { obj_id: OBJ_ID, instrument_id: instrument.id, magsys: 'ab', ...columns, group_ids: [sitewide.id] });
  console.log(
    `source-page: ${OBJ_ID} with ${POINTS} points (${detections} detections, ${POINTS - detections} non-detections; ztfg/ztfr/ztfi), posted in ${ms(Date.now() - posted)}`,
  );

  // What the panel's one data request costs on its own (the server's share of the page's time).
  const panelRoute = `${base}/api/sources/${OBJ_ID}/photometry?format=both&magsys=ab&layout=columns`;
  for (const [photometryRoute, encoding] of [`${base}/api/sources/${OBJ_ID}/photometry?format=mag&magsys=ab`, panelRoute].flatMap((route) =>
    ['identity', 'gzip, deflate, br'].map((e) => [route, e] as const),
  )) {
    const runs: number[] = [];
    let sent = '';
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      // node:http, not fetch: the time to the last byte on the wire, without decoding it here.
      const { bytes, contentEncoding } = await new Promise<{ bytes: number; contentEncoding: string }>((resolve, reject) => {
        http
          .get(photometryRoute, { headers: { authorization: `token ${ADMIN_TOKEN}`, 'accept-encoding': encoding } }, (response) => {
            let total = 0;
            response.on('data', (chunk: Buffer) => (total += chunk.length));
            response.on('end', () => resolve({ bytes: total, contentEncoding: String(response.headers['content-encoding'] ?? 'identity') }));
          })
          .on('error', reject);
      });
      runs.push(performance.now() - started);
      sent = `${(bytes / 1024).toFixed(0)} KB as ${contentEncoding}`;
    }
    console.log(`  GET ${photometryRoute.replace(base, '')}, Accept-Encoding: ${encoding}: ${sent}, median ${ms(median(runs))} (5 requests)`);
  }

  // The reference plots exactly what the page receives.
  const pointsResponse = await fetch(panelRoute, { headers: { authorization: `token ${ADMIN_TOKEN}` } });
  const pointsJson = await pointsResponse.text();
  reference = await startReference(pointsJson);

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const viewport = { width: 1280, height: 900 };

  // Log in through the real login page; later contexts reuse that session cookie.
  const loginContext = await browser.newContext({ viewport });
  const loginPage = await loginContext.newPage();
  await loginPage.goto(`${base}/login`);
  await loginPage.getByLabel('Username').fill('admin');
  await loginPage.getByLabel('Password').fill(ADMIN_PASSWORD);
  await loginPage.getByRole('button', { name: 'Log in' }).click();
  await loginPage.getByTestId('current-user').waitFor({ timeout: 30_000 });
  const storageState = await loginContext.storageState();
  await loginContext.close();

  const sourceUrl = `${base}/source/${OBJ_ID}`;
  const referenceUrl = `${reference.url}/`;
  const portalWarm = await browser.newContext({ viewport, storageState });
  const referenceWarm = await browser.newContext({ viewport });
  await loadOnce(portalWarm, sourceUrl); // fills the cache (and the server's own caches)
  await loadOnce(referenceWarm, referenceUrl);

  const times = { portalCold: [] as Load[], referenceCold: [] as Load[], portalWarm: [] as Load[], referenceWarm: [] as Load[] };
  let portalJs: JsFile[] = [];
  let referenceJs: JsFile[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Cold: a new browser context has an empty HTTP cache. Interleaved so drift hits all four alike.
    const coldPortal = await browser.newContext({ viewport, storageState });
    const portalLoad = await loadOnce(coldPortal, sourceUrl, run === 0);
    times.portalCold.push(portalLoad);
    if (run === 0) portalJs = portalLoad.js;
    const coldReference = await browser.newContext({ viewport });
    const referenceLoad = await loadOnce(coldReference, referenceUrl, run === 0);
    times.referenceCold.push(referenceLoad);
    if (run === 0) referenceJs = referenceLoad.js;
    times.portalWarm.push(await loadOnce(portalWarm, sourceUrl));
    times.referenceWarm.push(await loadOnce(referenceWarm, referenceUrl));
    await coldPortal.close();
    await coldReference.close();
  }

  const summary = (loads: Load[]) => {
    const values = loads.map((l) => l.ms);
    return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
  };
  const pc = summary(times.portalCold);
  const rc = summary(times.referenceCold);
  const pw = summary(times.portalWarm);
  const rw = summary(times.referenceWarm);
  const line = (name: string, s: ReturnType<typeof summary>) =>
    `  ${name.padEnd(44)} median ${ms(s.median).padStart(8)}   (min ${ms(s.min)}, max ${ms(s.max)}; ${s.values.map((v) => v.toFixed(0)).join(', ')})`;
  console.log(`\nNavigation start → first drawn light curve, ${POINTS} points, ${RUNS} runs each (headless chromium, fresh page per run):`);
  console.log(line('SkyPortal /source/<id>, cold cache', pc));
  console.log(line('bare BokehJS page, cold cache', rc));
  console.log(line('SkyPortal /source/<id>, warm cache', pw));
  console.log(line('bare BokehJS page, warm cache', rw));
  const backends = [...new Set([...times.portalCold, ...times.portalWarm].map((l) => l.backend))].join(', ');
  console.log(
    `  SkyPortal drew with Bokeh's ${backends} backend; the bare page with ${process.env.BENCH_REFERENCE_GL === '1' ? 'webgl' : 'canvas'} (BENCH_REFERENCE_GL=1 for webgl)`,
  );
  console.log(
    `  SkyPortal / bare BokehJS: cold ${(pc.median / rc.median).toFixed(2)}x, warm ${(pw.median / rw.median).toFixed(2)}x (design target <= 1.3x); first plot cold ${ms(pc.median)}, warm ${ms(pw.median)} (issue target <= 1000 ms)`,
  );

  // Where the cold median run spent its time.
  const typical = [...times.portalCold].sort((a, b) => a.ms - b.ms)[times.portalCold.length >> 1]!;
  const critical = typical.waterfall.filter((entry) =>
    /\/assets\/main\.js|remoteEntry\.js|\/api\/(plugins|internal\/profile|sources\/[^/]+(\/photometry)?)(\?|$)|bokeh/.test(entry.name),
  );
  console.log(`\nCritical requests of the median cold SkyPortal load (ms after navigation start):`);
  for (const entry of critical) console.log(`  ${entry.start.toFixed(0).padStart(5)} → ${entry.end.toFixed(0).padStart(5)}  ${entry.name}`);
  console.log(`  ${typical.ms.toFixed(0).padStart(13)}  lightcurve-drawn`);
  if (process.env.BENCH_VERBOSE) {
    console.log('  every request of that load:');
    for (const entry of typical.waterfall) console.log(`    ${entry.start.toFixed(0).padStart(5)} → ${entry.end.toFixed(0).padStart(5)}  ${entry.name}`);
    const typicalReference = [...times.referenceCold].sort((a, b) => a.ms - b.ms)[times.referenceCold.length >> 1]!;
    console.log('  the median cold bare BokehJS load:');
    for (const entry of typicalReference.waterfall)
      console.log(`    ${entry.start.toFixed(0).padStart(5)} → ${entry.end.toFixed(0).padStart(5)}  ${entry.name}`);
    console.log(`    ${typicalReference.ms.toFixed(0).padStart(13)}  lightcurve-drawn`);
  }

  const warm = times.portalWarm[times.portalWarm.length >> 1]!.waterfall;
  const fetched = warm.filter((entry) => entry.transferred > 0);
  console.log(
    `\nWarm SkyPortal load: ${warm.length} requests, ${fetched.length} went to the server (200 or 304; ${(fetched.reduce((a, e) => a + e.transferred, 0) / 1024).toFixed(1)} KB incl. headers): ${fetched.map((e) => e.name.replace(/\?.*/, '')).join(', ')}`,
  );
  const cacheOf = (test: (url: string) => boolean) => [...new Set(portalJs.filter((f) => test(f.url)).map((f) => f.cacheControl))].join(' | ');
  console.log(
    `Cache-Control: main.js ${cacheOf((u) => u.endsWith('/main.js'))}; remoteEntry.js ${cacheOf((u) => u.endsWith('/remoteEntry.js'))}; hashed chunks ${cacheOf((u) => /\.[0-9a-f]{8}\.js$/.test(u))}`,
  );

  const table = (title: string, files: JsFile[]) => {
    const totals = { raw: 0, wire: 0, gzip: 0 };
    const byPart = Object.fromEntries(PARTS.map((p) => [p, { raw: 0, wire: 0, gzip: 0 }])) as Record<Part, { raw: number; wire: number; gzip: number }>;
    for (const file of files) {
      totals.raw += file.raw;
      totals.wire += file.wire;
      totals.gzip += file.gzip;
      for (const part of PARTS) {
        const share = file.parts[part] / file.raw;
        byPart[part].raw += file.parts[part];
        byPart[part].wire += share * file.wire;
        byPart[part].gzip += share * file.gzip;
      }
    }
    const compressed = files.filter((f) => f.encoding).length;
    console.log(`\n${title}: ${files.length} JS files, ${compressed} sent compressed (${[...new Set(files.map((f) => f.encoding || 'identity'))].join(', ')})`);
    console.log(`  ${''.padEnd(20)} ${'raw'.padStart(10)} ${'transferred'.padStart(12)} ${'gzip'.padStart(10)}   share of gzip`);
    for (const part of PARTS) {
      const b = byPart[part];
      if (!b.raw) continue;
      console.log(`  ${part.padEnd(20)} ${kb(b.raw)} ${kb(b.wire).padStart(12)} ${kb(b.gzip)}   ${((100 * b.gzip) / totals.gzip).toFixed(1).padStart(5)} %`);
    }
    console.log(`  ${'total'.padEnd(20)} ${kb(totals.raw)} ${kb(totals.wire).padStart(12)} ${kb(totals.gzip)}`);
    return { byPart, totals };
  };
  const portalTable = table('SkyPortal source page JavaScript (cold load)', portalJs);
  if (process.env.BENCH_VERBOSE) {
    for (const file of portalJs) {
      const split = PARTS.filter((p) => file.parts[p] > 0)
        .map((p) => `${p} ${(file.parts[p] / 1024).toFixed(1)}`)
        .join(', ');
      console.log(`    ${file.url.padEnd(48)} ${kb(file.raw)} ${kb(file.wire)} ${kb(file.gzip)}  ${split}`);
    }
  }
  const fed = portalTable.byPart['federation runtime'];
  console.log(
    `  federation runtime: ${((100 * fed.gzip) / portalTable.totals.gzip).toFixed(1)} % of the page's JS gzip bytes, ${((100 * fed.raw) / portalTable.totals.raw).toFixed(1)} % of raw bytes (design target <= 10 %)`,
  );
  const perRemote = portalJs.filter((f) => f.url.endsWith('/remoteEntry.js'));
  console.log(`  remoteEntry.js: ${perRemote.map((f) => `${f.url} ${(f.raw / 1024).toFixed(1)} KB raw / ${(f.gzip / 1024).toFixed(1)} KB gzip`).join('; ')}`);
  table('Bare BokehJS page JavaScript (cold load)', referenceJs);

  console.log(
    `\nserver (skyportal start) after the loads: ${formatMemory(processMemory(portal.child.pid))}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  if (process.env.BENCH_TRACE) {
    // One more cold load, traced: where the page's time went (network waits vs main thread).
    const traced = await browser.newContext({ viewport, storageState });
    const load = await loadOnce(traced, sourceUrl, false, process.env.BENCH_TRACE);
    await traced.close();
    console.log(`\nTraced cold SkyPortal load (${process.env.BENCH_TRACE}), drawn at ${ms(load.ms)}:`);
    for (const text of describeTrace(process.env.BENCH_TRACE, load.ms)) console.log(text);
    const tracedReference = await browser.newContext({ viewport });
    const referencePath = process.env.BENCH_TRACE.replace(/(\.json)?$/, '-reference.json');
    const referenceLoad = await loadOnce(tracedReference, referenceUrl, false, referencePath);
    await tracedReference.close();
    console.log(`\nTraced cold bare BokehJS load (${referencePath}), drawn at ${ms(referenceLoad.ms)}:`);
    for (const text of describeTrace(referencePath, referenceLoad.ms)) console.log(text);
  }

  if (process.env.BENCH_SCREENSHOT) {
    const page = await portalWarm.newPage();
    await page.goto(sourceUrl);
    await page.locator('[data-testid="lightcurve-plot"][data-drawn="true"]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: process.env.BENCH_SCREENSHOT, fullPage: true });
    const referencePage = await referenceWarm.newPage();
    await referencePage.goto(referenceUrl);
    await referencePage.waitForFunction(() => performance.getEntriesByName('lightcurve-drawn').length > 0, null, { timeout: 60_000 });
    const referenceShot = process.env.BENCH_SCREENSHOT.replace(/(\.png)?$/, '-reference.png');
    await referencePage.screenshot({ path: referenceShot, fullPage: true });
    console.log(`\nscreenshots: ${process.env.BENCH_SCREENSHOT}, ${referenceShot}`);
  }
} finally {
  await browser?.close();
  await reference?.stop();
  await portal?.stop();
  await db.stop();
}
