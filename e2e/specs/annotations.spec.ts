import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createDatabase, startPortal, sitePlugins, logIn, repoRoot, type Portal } from '../lib/portal.js';

// The annotations panel on a real site: annotations posted through the API (as a broker's filter
// and a cross-match script would) are listed by origin, key and value, numbers as numbers; one
// posted while the page is open appears without a reload; markup in a value stays text.
const objId = 'ZTF21aaqjmps';
let portal: Portal;
let sitewide: number;

test.use({ viewport: { width: 1280, height: 1000 } });

test.beforeAll(async () => {
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ annotations: { enabled: true } }) });
  ({ id: sitewide } = await portal.api('GET', '/api/groups/public'));
  await portal.api('POST', '/api/sources', { id: objId, ra: 202.5050541, dec: 13.4111859, redshift: 0.0246, group_ids: [sitewide] });
  await portal.api('POST', `/api/sources/${objId}/annotations`, {
    origin: 'gaia_dr3',
    data: { parallax: 0.1234567, phot_g_mean_mag: 18.04, note: '<img src=x onerror="window.pwned=1"> <b>not bold</b>' },
    group_ids: [sitewide],
  });
});

test.afterAll(async () => {
  await portal?.stop();
});

const row = (page: import('@playwright/test').Page, origin: string, key: string) =>
  page.locator(`[data-testid="annotations-table"] tr[data-origin="${origin}"][data-key="${key}"]`);

test('an annotation posted through the API appears in the panel, live, numbers as numbers, markup as text', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  const panel = page.getByTestId('panel-annotations.annotations');
  await expect(panel.getByRole('heading', { name: 'Annotations' })).toBeVisible();
  // On load: what was posted before the page opened.
  await expect(row(page, 'gaia_dr3', 'parallax').locator('td').nth(2)).toHaveText('0.12346');
  const note = row(page, 'gaia_dr3', 'note').locator('td').nth(2);
  await expect(note).toHaveText('<img src=x onerror="window.pwned=1"> <b>not bold</b>');
  await expect(note.locator('img, b')).toHaveCount(0);

  // Live: a broker's scores posted while the page is open, no reload.
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));
  await portal.api('POST', `/api/sources/${objId}/annotations`, {
    origin: 'ZTF-braai',
    data: { drb: 0.998712345, rb: 0.87, sgscore1: 0.0213, distpsnr1: 12.3456 },
    group_ids: [sitewide],
  });
  const drb = row(page, 'ZTF-braai', 'drb');
  await expect(drb.locator('td').nth(0)).toHaveText('ZTF-braai');
  await expect(drb.locator('td').nth(2)).toHaveText('0.99871');
  await expect(drb.locator('td').nth(2)).toHaveCSS('text-align', 'right');
  await expect(row(page, 'ZTF-braai', 'distpsnr1').locator('td').nth(2)).toHaveText('12.346');
  expect(navigations).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  // A change is live too: the score is replaced in place.
  const [braai] = (await portal.api('GET', `/api/sources/${objId}/annotations`)).filter((a: { origin: string }) => a.origin === 'ZTF-braai');
  await portal.api('PUT', `/api/sources/${objId}/annotations/${braai.id}`, { data: { drb: 0.42, rb: 0.87, sgscore1: 0.0213, distpsnr1: 12.3456 } });
  await expect(drb.locator('td').nth(2)).toHaveText('0.42');

  const shots = path.join(repoRoot, 'e2e', '.test-results', 'screenshots');
  mkdirSync(shots, { recursive: true });
  await panel.screenshot({ path: path.join(shots, 'annotations-panel.png') });
  const axe = await new AxeBuilder({ page }).include('[data-testid="panel-annotations.annotations"]').analyze();
  expect(axe.violations).toEqual([]);
});
