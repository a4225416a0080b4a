import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { createDatabase, startPortal, sitePlugins, logIn, repoRoot, type Portal } from '../lib/portal.js';

// A source's thumbnails on a real site: ZTF18aabcvnq's real new, reference and difference cutouts
// (BSD-3-Clause, see plugins/thumbnails/demo/LICENSE.md) posted through the API as a broker would,
// shown in the source header with their crosshairs, enlarged on a click; the survey cutouts of the
// position (fetched by the browser from the surveys) do not break the row when unreachable.
const demoDir = path.join(repoRoot, 'plugins', 'thumbnails', 'demo');
const objId = 'ZTF18aabcvnq';
let portal: Portal;

test.use({ viewport: { width: 1280, height: 1000 } });

test.beforeAll(async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'e2e-thumbnails-'));
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ thumbnails: { enabled: true, options: { folder } } }) });
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/sources', { id: objId, ra: 172.0534465, dec: 25.6596908, group_ids: [sitewide.id] });
  for (const ttype of ['new', 'ref', 'sub']) {
    const data = readFileSync(path.join(demoDir, `${objId}_${ttype}.png`)).toString('base64');
    await portal.api('POST', '/api/thumbnail', { obj_id: objId, data, ttype });
  }
});

test.afterAll(async () => {
  await portal?.stop();
});

test('the three cutouts render with their crosshairs, labelled; a click enlarges one, Esc closes it', async ({ page }) => {
  // The surveys are out of reach here (as for an offline browser): their stamps must fail gracefully.
  await page.route(/^https:\/\/(?!127\.0\.0\.1)/, (route) => route.abort('internetdisconnected'));
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  const row = page.getByRole('list', { name: 'Thumbnails' });
  await expect(row).toBeVisible();

  const stamps: [string, string][] = [
    ['new', 'New'],
    ['ref', 'Reference'],
    ['sub', 'Difference'],
  ];
  for (const [type, label] of stamps) {
    const item = page.getByTestId(`thumbnail-${type}`);
    await expect(item.locator('figcaption')).toHaveText(label);
    const image = item.getByRole('img', { name: `${label} image of ${objId}` });
    // Decoded: a real image of the cutout's 168 px, not a broken icon.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(168);
    await expect(item.getByTestId('thumbnail-crosshair')).toBeVisible();
    // The crosshair is centred on the stamp, where the source is.
    const [stamp, cross] = await Promise.all([item.getByRole('button').boundingBox(), item.getByTestId('thumbnail-crosshair').boundingBox()]);
    expect(Math.abs(stamp!.x + stamp!.width / 2 - (cross!.x + cross!.width / 2))).toBeLessThan(2);
    expect(Math.abs(stamp!.y + stamp!.height / 2 - (cross!.y + cross!.height / 2))).toBeLessThan(2);
  }

  // The survey cutouts are listed after them; unreachable, each is a placeholder, the row intact.
  await expect(row.getByRole('listitem')).toHaveCount(6);
  for (const type of ['sdss', 'ls', 'ps1']) await expect(page.getByTestId(`thumbnail-${type}`).getByTestId('thumbnail-placeholder')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('thumbnails-row.png'), fullPage: false });

  const stamp = page.getByRole('button', { name: 'Enlarge the Difference image' });
  await stamp.click();
  const dialog = page.getByRole('dialog', { name: /Difference/ });
  await expect(dialog).toBeVisible();
  const large = dialog.getByRole('img', { name: `Difference image of ${objId}, enlarged` });
  await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(168);
  expect((await large.boundingBox())!.width).toBeGreaterThan(300);
  await expect(dialog.getByTestId('thumbnail-crosshair')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('thumbnails-dialog.png'), fullPage: false });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(stamp).toBeFocused();

  // From the keyboard too.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
