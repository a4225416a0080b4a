import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createDatabase, startPortal, sitePlugins, logIn, type Portal } from '../lib/portal.js';

// The survey links panel on a real site, in chromium: links carry the source's position in the
// formats each survey reads, open in a new tab without a handle on the portal, and the position
// can be copied. The machine is offline: every request to another host is answered here, so a
// popup loads (and shows the URL it was given) without reaching the survey.
const objId = 'ZTF19aacxjfc';
// Just east of RA 0 and just south of the equator: leading zeros and the sign are what go wrong.
const ra = 0.0120833;
const dec = -0.5;
let portal: Portal;

test.use({ viewport: { width: 1280, height: 1000 } });

test.beforeAll(async () => {
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ 'survey-links': { enabled: true } }) });
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/sources', { id: objId, ra, dec, group_ids: [sitewide.id] });
});

test.afterAll(async () => {
  await portal?.stop();
});

test("a survey link opens the source's coordinates in a new tab", async ({ page, context }) => {
  await context.route(
    (url) => url.hostname !== new URL(portal.url).hostname,
    (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>survey (offline stand-in)</title>' }),
  );
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  const panel = page.getByTestId('survey-links');
  await expect(panel.getByRole('heading', { name: 'Catalogs' })).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Images' })).toBeVisible();

  const vizier = panel.getByRole('link', { name: 'VizieR', exact: true });
  await expect(vizier).toHaveAttribute('href', 'https://vizier.cds.unistra.fr/viz-bin/VizieR?-c=00:00:02.90%20-00:30:00.0&-c.rs=10&-out.add=_r&-sort=_r');
  await expect(panel.getByRole('link', { name: 'NED' })).toHaveAttribute('href', /[?&]ra=0\.012083d&dec=-0\.500000d&radius=1&/);
  // Every link opens a new tab that cannot reach back into the portal (window.opener), nor learns its URL.
  for (const link of await panel.getByRole('link').all()) {
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  }

  const [popup] = await Promise.all([page.waitForEvent('popup'), vizier.click()]);
  await popup.waitForLoadState();
  const opened = new URL(popup.url());
  expect(opened.hostname).toBe('vizier.cds.unistra.fr');
  expect(opened.searchParams.get('-c')).toBe('00:00:02.90 -00:30:00.0');
  expect(await popup.evaluate(() => window.opener)).toBeNull();
  await popup.close();

  // Readable and operable for everyone: no accessibility violation in the panel.
  expect((await new AxeBuilder({ page }).include('[data-testid="survey-links"]').analyze()).violations).toEqual([]);

  // To look at: the panel among the source page's cards.
  await page.screenshot({ path: '.test-results/survey-links.png', fullPage: true });
});

test('the position can be copied, as sexagesimal or degrees', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.url });
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  const panel = page.getByTestId('survey-links');
  await panel.getByRole('button', { name: 'Copy sexagesimal' }).click();
  await expect(panel.getByRole('status').first()).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('00:00:02.90 -00:30:00.0');
  await panel.getByRole('button', { name: 'Copy degrees' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('0.012083 -0.500000');
});
