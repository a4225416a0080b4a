import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fluxModeLightCurve } from '../lib/data.js';
import { createDatabase, logIn, repoRoot, sitePlugins, startPortal, type Portal } from '../lib/portal.js';

// The scanning page on a real site: a group's filter passes candidates (real ZTF cutouts and light
// curves, BSD-3-Clause: see plugins/thumbnails/demo/LICENSE.md and plugins/photometry/demo/LICENSE.md),
// a scanner of that group works through them with the keyboard, a candidate arriving while the
// page is open is announced without moving the scanner's place, saving makes a source in the
// group, and a user outside the filter's group never sees any of it.
const password = 'e2e-scanner-password';
const first = { id: 'ZTF18aabcvnq', ra: 172.0534465, dec: 25.6596908, curve: 'ZTF18aabcvnq_phot.csv' };
const second = { id: 'ZTF21aaqjmps', ra: 202.5050541, dec: 13.4111859, curve: 'ZTF21aaqjmps_phot.csv' };
const stampDir = path.join(repoRoot, 'plugins', 'thumbnails', 'demo');
let portal: Portal;
let groupId: number;
let filterId: number;
let instrumentId: number;

test.use({ viewport: { width: 1360, height: 1000 } });

test.beforeAll(async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'e2e-scanning-'));
  portal = await startPortal({
    databaseUrl: await createDatabase(),
    plugins: sitePlugins({ thumbnails: { enabled: true, options: { folder } }, annotations: { enabled: true }, candidates: { enabled: true } }),
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
  ({ id: filterId } = await portal.api('POST', '/api/filters', { name: 'Bright transients', stream_id: streamId, group_id: groupId }));
  const telescope = await portal.api('POST', '/api/telescope', {
    name: 'Palomar 48-inch',
    nickname: 'P48',
    lat: 33.3563,
    lon: -116.8648,
    elevation: 1712,
    diameter: 1.2,
  });
  ({ id: instrumentId } = await portal.api('POST', '/api/instrument', {
    name: 'ZTF',
    type: 'imager',
    band: 'optical',
    filters: ['ztfg', 'ztfr', 'ztfi'],
    telescope_id: telescope.id,
  }));
  await ingest(first, { drb: 0.99873, rb: 0.8712, sgscore1: 0.0213, distpsnr1: 1.5432, note: '<img src=x onerror="window.pwned=1"> <b>not bold</b>' });
});

test.afterAll(async () => {
  await portal?.stop();
});

/** The survey's stream, given to the group and to both users (the outsider lacks only the group). */
async function surveyStream(userIds: number[]): Promise<number> {
  const { id } = await portal.api('POST', '/api/streams', { name: 'ztf_public' });
  await portal.api('POST', `/api/groups/${groupId}/streams`, { stream_id: id });
  for (const userId of userIds) await portal.api('POST', `/api/streams/${id}/users`, { user_id: userId });
  return id;
}

/** A candidate as an alert broker leaves it: the obj passes the filter, with its cutouts, light curve and scores. */
async function ingest(obj: typeof first, scores: Record<string, unknown>) {
  await portal.api('POST', '/api/candidates', { id: obj.id, ra: obj.ra, dec: obj.dec, filter_ids: [filterId], passed_at: new Date().toISOString() });
  for (const ttype of ['new', 'ref', 'sub']) {
    const data = readFileSync(path.join(stampDir, `${first.id}_${ttype}.png`)).toString('base64');
    await portal.api('POST', '/api/thumbnail', { obj_id: obj.id, data, ttype });
  }
  await portal.api('POST', '/api/photometry', { ...fluxModeLightCurve(obj.curve, obj.id, instrumentId), group_ids: [groupId] });
  await portal.api('POST', `/api/sources/${obj.id}/annotations`, { origin: 'ZTF', data: scores, group_ids: [groupId] });
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

const card = (page: Page, objId: string) => page.locator(`[data-testid="scan-card"][data-obj-id="${objId}"]`);

test('a scanner works through the night: cards, a live arrival, keyboard save and reject; an outsider sees nothing', async ({ browser }) => {
  const scanner = await signedIn(browser, 'scanner');
  const outsider = await signedIn(browser, 'outsider');
  try {
    const { page } = scanner;
    const outsiderFrames = receivedFrames(outsider.page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scanning' }).click();
    await expect(page.getByRole('heading', { name: 'Scanning', level: 1 })).toBeVisible();
    await outsider.page.goto(`${portal.url}/candidates`);
    await expect(outsider.page.getByTestId('scan-empty')).toBeVisible();

    // The card: three decoded cutouts, a light curve with detections and limits, scores with their origin.
    const one = card(page, first.id);
    await expect(one).toBeVisible();
    for (const label of ['New', 'Reference', 'Difference']) {
      const image = one.getByRole('img', { name: `${label} image of ${first.id}` });
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(168);
    }
    await expect(one.getByRole('img', { name: new RegExp(`^Light curve of ${first.id}: \\d+ detections`) })).toBeVisible();
    expect(await one.getByTestId('scan-lc-detection').count()).toBeGreaterThan(10);
    expect(await one.getByTestId('scan-lc-limit').count()).toBeGreaterThan(0);
    const scores = one.getByTestId('scan-scores');
    await expect(scores.locator('tr').first()).toHaveText(/drb\s*0\.9987\s*ZTF/);
    // Markup in a value is text (shortened on the card, whole in its tooltip).
    const note = scores.locator('tr[data-key="note"] td').first();
    await expect(note).toHaveText('<img src=x onerror="window.pwned=1"> <b…');
    await expect(note).toHaveAttribute('title', '<img src=x onerror="window.pwned=1"> <b>not bold</b>');
    await expect(note.locator('img, b')).toHaveCount(0);
    await expect(one.getByRole('checkbox', { name: 'Night shift' })).toBeChecked();
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
    await ingest(second, { drb: 0.42, rb: 0.51 });
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
    await expect(page.getByTestId('scan-empty')).toBeVisible();
    await page.getByLabel('Show').selectOption('all');
    await page.getByRole('button', { name: 'Scan' }).click();
    await expect(card(page, first.id)).toBeVisible();
    await expect(card(page, second.id)).toHaveCount(0);

    // The outsider: no card, no count, not even the ids over the socket.
    await outsider.page.reload();
    await expect(outsider.page.getByTestId('scan-empty')).toBeVisible();
    await expect(outsider.page.getByTestId('scan-arrivals')).toHaveText('');
    expect(outsiderFrames.filter((frame) => frame.includes(first.id) || frame.includes(second.id))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  } finally {
    await Promise.all([scanner.context.close(), outsider.context.close()]);
  }
});
