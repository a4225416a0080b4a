import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createDatabase, startPortal, sitePlugins, logIn, type Portal } from '../lib/portal.js';
import { seedZtfLightCurve } from '../lib/data.js';

// DESIGN's "On screen": every page at 800 px wide, usable with the keyboard, with names a screen
// reader reads; axe-core checks the WCAG A and AA rules on each page as a user sees it.
let portal: Portal;
const objId = 'ZTF18aabcvnq';

test.use({ viewport: { width: 800, height: 900 } });

test.beforeAll(async () => {
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins() });
  await seedZtfLightCurve(portal, objId);
  await portal.api('POST', '/api/groups', { name: 'Keyboard group', nickname: 'kbd' });
});

test.afterAll(async () => {
  await portal?.stop();
});

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Whether the page is wider than the window: nothing may need sideways scrolling of the whole page. */
const overflowsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

test('the login, home, sources, source and profile pages pass axe at 800 px, without sideways scrolling', async ({ page }) => {
  await page.goto(`${portal.url}/login`);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await logIn(page, portal);
  await expect(page.getByTestId('latest-sources')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(await overflowsSideways(page)).toBe(false);

  await page.goto(`${portal.url}/sources`);
  await expect(page.getByTestId('source-row')).toHaveCount(1);
  expect(await violations(page)).toEqual([]);
  expect(await overflowsSideways(page)).toBe(false);

  await page.goto(`${portal.url}/source/${objId}`);
  await expect(page.getByTestId('lightcurve-plot')).toHaveAttribute('data-drawn', 'true');
  expect(await violations(page)).toEqual([]);
  expect(await overflowsSideways(page)).toBe(false);

  await page.goto(`${portal.url}/profile`);
  await expect(page.getByTestId('token-table')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('from the keyboard alone a user finds a source, opens it, sorts its points and saves it to a group', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/sources`);
  await page.getByLabel('Name contains').focus();
  await page.keyboard.type('aabc');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/sourceID=aabc/);
  const link = page.getByRole('link', { name: objId });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('source-header')).toContainText(objId);

  const mjd = page.getByRole('button', { name: /^MJD/ });
  await mjd.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /^MJD/ })).toHaveAttribute('aria-sort', 'ascending');

  await page.getByRole('button', { name: 'Save to group' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Save to group' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'Keyboard group' }).focus();
  await page.keyboard.press('Space');
  await dialog.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  // The save invalidated the cached source: the header lists the new group without a reload.
  await expect(page.getByTestId('source-header').locator('.sp-chip', { hasText: 'kbd' })).toBeVisible();
});
