import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createDatabase, logIn, repoRoot, sitePlugins, startPortal, type Portal } from '../lib/portal.js';

// The scanning page on a real site: real ZTF alert packets (BSD-3-Clause: see
// plugins/alert-stream/demo/LICENSE.md) come in through POST /api/alerts, pass a group's filter on
// their stream and wait as candidates; a scanner of that group works through them with the
// keyboard, a candidate arriving while the page is open is announced without moving the scanner's
// place, saving makes a source in the group, and a user outside the filter's group never sees any
// of it.
const password = 'e2e-scanner-password';
const packetDir = path.join(repoRoot, 'plugins', 'alert-stream', 'demo');
/** ZTF18aaypnsi's alert: 25 epochs in g and r, detections and upper limits. */
const first = { id: 'ZTF18aaypnsi', candid: '541385122515015008' };
/** ZTF18abajfvr's alert, an hour and a half later that night: 3 detections in g. */
const second = { id: 'ZTF18abajfvr', candid: '541443293415015009' };
/** The stream POST /api/alerts puts alerts in (the alert-stream plugin's `stream` option). */
const STREAM = 'ZTF Night Survey';
/** User-written text with markup in it: a filter's name. */
const filterName = 'Bright transients <img src=x onerror="window.pwned=1">';
let portal: Portal;
let groupId: number;

test.use({ viewport: { width: 1360, height: 1000 } });

test.beforeAll(async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'e2e-scanning-'));
  portal = await startPortal({
    databaseUrl: await createDatabase(),
    plugins: sitePlugins({
      thumbnails: { enabled: true, options: { folder } },
      annotations: { enabled: true },
      candidates: { enabled: true },
      'alert-stream': { enabled: true, options: { stream: STREAM } },
    }),
  });
  ({ id: groupId } = await portal.api('POST', '/api/groups', { name: 'Night shift', nickname: 'night' }));
  const userIds: number[] = [];
  for (const username of ['scanner', 'outsider']) {
    const { id } = await portal.api('POST', '/api/user', { username, password, first_name: username, roles: ['Full user'] });
    userIds.push(id);
  }
  const streamId = await surveyStream(userIds);
  // Streams first: a group's members must hold its streams.
  await portal.api('POST', `/api/groups/${groupId}/users`, { userID: userIds[0] });
  // A group the scanner may read but not save to (its admin took that away): Save does not offer it.
  const { id: dayShift } = await portal.api('POST', '/api/groups', { name: 'Day shift', nickname: 'day' });
  await portal.api('POST', `/api/groups/${dayShift}/users`, { userID: userIds[0], canSave: false });
  // Both real alerts pass (rb 0.71 and 0.66).
  const conditions = { all: [{ field: 'candidate.rb', op: '>=', value: 0.5 }] };
  await portal.api('POST', '/api/filters', { name: filterName, stream_id: streamId, group_id: groupId, conditions });
  // Alert photometry is stored against the survey's instrument.
  const telescope = await portal.api('POST', '/api/telescope', {
    name: 'Palomar 48-inch',
    nickname: 'P48',
    lat: 33.3563,
    lon: -116.8648,
    elevation: 1712,
    diameter: 1.2,
  });
  await portal.api('POST', '/api/instrument', { name: 'ZTF', type: 'imager', band: 'optical', filters: ['ztfg', 'ztfr', 'ztfi'], telescope_id: telescope.id });
  await ingest(first);
});

test.afterAll(async () => {
  await portal?.stop();
});

/** The alerts' stream, given to the group and to both users (the outsider lacks only the group). */
async function surveyStream(userIds: number[]): Promise<number> {
  const { id } = await portal.api('POST', '/api/streams', { name: STREAM });
  await portal.api('POST', `/api/groups/${groupId}/streams`, { stream_id: id });
  for (const userId of userIds) await portal.api('POST', `/api/streams/${id}/users`, { user_id: userId });
  return id;
}

/** An alert as a broker sends it: the survey's Avro packet, as is, to POST /api/alerts. */
async function ingest(alert: typeof first) {
  const res = await fetch(`${portal.url}/api/alerts`, {
    method: 'POST',
    headers: { authorization: `token ${portal.adminToken}`, 'content-type': 'application/avro' },
    body: readFileSync(path.join(packetDir, `${alert.candid}.avro`)),
  });
  const answer = await res.json();
  expect(res.status, answer.message).toBe(200);
  expect(answer.data.ingested).toEqual([expect.objectContaining({ objId: alert.id, candid: alert.candid, created: true })]);
  expect(answer.data.ingested[0].candidateIds).toHaveLength(1);
}

async function signedIn(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, portal, username, password);
  return { context, page };
}

function receivedFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
  return frames;
}

/** The scanner picks the night the alerts are from. */
async function scanThatNight(page: Page) {
  await page.getByLabel('From (UTC)').fill('2018-06-26T00:00');
  // Answered for that night: what the page shows next is that night's list, not the last one's.
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/candidates' && r.url().includes('startDate=2018-06-26'));
  await page.getByRole('button', { name: 'Scan' }).click();
  await answered;
}

const card = (page: Page, objId: string) => page.locator(`[data-testid="scan-card"][data-obj-id="${objId}"]`);

test('a scanner works through the night: cards, a live arrival, keyboard save and reject; an outsider sees nothing', async ({ browser }) => {
  const scanner = await signedIn(browser, 'scanner');
  const outsider = await signedIn(browser, 'outsider');
  try {
    const { page } = scanner;
    const outsiderFrames = receivedFrames(outsider.page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scanning' }).click();
    await expect(page.getByRole('heading', { name: 'Scanning', level: 1 })).toBeVisible();
    // The packets are from the night of 2018-06-26 (the page opens on the last 24 hours).
    await expect(page.getByTestId('scan-empty')).toBeVisible();
    await scanThatNight(page);
    await outsider.page.goto(`${portal.url}/candidates`);
    await scanThatNight(outsider.page);
    await expect(outsider.page.getByTestId('scan-empty')).toBeVisible();

    // The card: three decoded cutouts, a light curve with detections and limits, scores with their origin.
    const one = card(page, first.id);
    await expect(one).toBeVisible();
    for (const label of ['New', 'Reference', 'Difference']) {
      const image = one.getByRole('img', { name: `${label} image of ${first.id}` });
      // ZTF's 63×63 cutout, decoded from the packet's FITS.
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(63);
    }
    // The packet's 25 epochs: 10 detections, one of them on the negative subtraction (no
    // magnitude: drawn as its limit), and 15 upper limits.
    await expect(one.getByRole('img', { name: new RegExp(`^Light curve of ${first.id}: 9 detections, 16 upper limits; ztfg: .*; ztfr: `) })).toBeVisible();
    await expect(one.getByTestId('scan-lc-detection')).toHaveCount(9);
    await expect(one.getByTestId('scan-lc-limit')).toHaveCount(16);
    const scores = one.getByTestId('scan-scores');
    // The packet's real-bogus score first (its schema predates drb), then its star-galaxy score.
    await expect(scores.locator('tr').first()).toHaveText(/rb\s*0\.7067\s*ZTF/);
    await expect(scores.locator('tr').nth(1)).toHaveText(/sgscore1\s*0\.9946\s*ZTF/);
    // Markup in a user's text (the filter's name) is text.
    const passed = one.locator('.scan-card__filters');
    await expect(passed).toHaveText(`${filterName} · Night shift`);
    await expect(passed.locator('img')).toHaveCount(0);
    await expect(one.getByRole('checkbox', { name: 'Night shift' })).toBeChecked();
    // The groups offered: the scanner's own that they may save to (not Day shift).
    await expect(one.getByRole('group', { name: 'Save to' }).locator('label')).toHaveText(['Night shift', 'Sitewide Group']);
    await expect(page.getByRole('region', { name: 'Keyboard shortcuts' })).toContainText('save to the ticked groups');
    // Labelled and legible (WCAG A/AA), by day and in the night view.
    const violations = async () =>
      (await new AxeBuilder({ page }).include('.scan-page').withTags(['wcag2a', 'wcag2aa']).analyze()).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Night view' }).click();
    await expect(page.getByRole('button', { name: 'Night view' })).toHaveAttribute('aria-pressed', 'true');
    expect(await violations()).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('scanning-night.png') });

    // A candidate arrives while the page is open: counted, the list and the scanner's place unchanged.
    await one.click();
    await expect(one).toHaveAttribute('aria-current', 'true');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await ingest(second);
    await expect(page.getByTestId('scan-arrivals')).toHaveText(/1 new candidate since this list was loaded/);
    await expect(page.getByTestId('scan-card')).toHaveCount(1);
    await expect(one).toHaveAttribute('aria-current', 'true');
    await page.screenshot({ path: test.info().outputPath('scanning-arrival.png') });

    // n shows them (newest first); the keyboard moves the place with a visible focus.
    await page.keyboard.press('n');
    await expect(page.getByTestId('scan-card')).toHaveCount(2);
    await expect(page.getByTestId('scan-card').first()).toHaveAttribute('data-obj-id', second.id);
    expect(navigations).toEqual([]);
    await page.keyboard.press('j');
    await expect(one).toHaveAttribute('aria-current', 'true');
    await expect(one).toBeFocused();
    await page.keyboard.press('k');
    const two = card(page, second.id);
    await expect(two).toBeFocused();

    // r rejects the poor one and moves on; s saves the good one to the ticked group.
    await page.keyboard.press('r');
    await expect(two.getByTestId('scan-decision')).toHaveText('Rejected');
    await expect(one).toBeFocused();
    await page.screenshot({ path: test.info().outputPath('scanning-page.png'), fullPage: true });
    await page.keyboard.press('s');
    await expect(one.getByTestId('scan-decision')).toHaveText('Saved to Night shift');
    const source = await portal.api('GET', `/api/sources/${first.id}`);
    expect(source.groups.map((g: { name: string }) => g.name)).toContain('Night shift');

    // Next visit: the saved and the rejected are done with.
    await page.reload();
    await scanThatNight(page);
    await expect(page.getByTestId('scan-empty')).toBeVisible();
    await page.getByLabel('Show').selectOption('all');
    await page.getByRole('button', { name: 'Scan' }).click();
    await expect(card(page, first.id)).toBeVisible();
    await expect(card(page, second.id)).toHaveCount(0);

    // The outsider (who holds the stream, not the group): no card, no count, not even the ids
    // over the socket; nor the source or the candidate when asked for by name.
    await expect(outsider.page.getByTestId('scan-arrivals')).toHaveText('');
    await outsider.page.reload();
    await outsider.page.getByLabel('Show').selectOption('all');
    await scanThatNight(outsider.page);
    await expect(outsider.page.getByTestId('scan-empty')).toBeVisible();
    for (const route of [`/api/sources/${first.id}`, `/api/candidates/${first.id}`, `/api/candidates/${second.id}`]) {
      const answer = await outsider.page.request.get(`${portal.url}${route}`);
      expect([403, 404], route).toContain(answer.status());
    }
    expect(outsiderFrames.filter((frame) => frame.includes(first.id) || frame.includes(second.id))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  } finally {
    await Promise.all([scanner.context.close(), outsider.context.close()]);
  }
});
