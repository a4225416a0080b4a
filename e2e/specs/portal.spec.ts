import { test, expect } from '@playwright/test';
import { createDatabase, startPortal, sitePlugins, brokenPlugin, crashingPlugin, logIn, recordApiRequests, type Portal } from '../lib/portal.js';
import { seedZtfLightCurve } from '../lib/data.js';

// One site for this file: sources, photometry, and two plugins broken on purpose (one fails to
// load, one throws while rendering its source-page entries).
let portal: Portal;
let databaseUrl: string;
let ztfId: number;
const objId = 'ZTF18aabcvnq';

test.beforeAll(async () => {
  databaseUrl = await createDatabase();
  portal = await startPortal({ databaseUrl, plugins: sitePlugins({ ...brokenPlugin, ...crashingPlugin }) });
  ztfId = await seedZtfLightCurve(portal, objId);
});

test.afterAll(async () => {
  await portal?.stop();
});

test('a user logs in with the form, and a wrong password is refused', async ({ page }) => {
  await page.goto(`${portal.url}/login`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await logIn(page, portal);
});

test('a token created in the UI works from a script, and stops working once revoked', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/profile`);
  await page.getByLabel('Token name').fill('my script');
  await page.getByRole('checkbox', { name: 'Upload data' }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('new-token-value').textContent())!.trim();
  expect(secret.length).toBeGreaterThan(20);

  const asScript = (token: string) => fetch(`${portal.url}/api/internal/profile`, { headers: { authorization: `token ${token}` } });
  const profile = await (await asScript(secret)).json();
  expect(profile.data.acls).toEqual(['Upload data']);

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('new-token')).toHaveCount(0); // shown once, then gone
  const row = page.getByTestId('token-row').filter({ hasText: 'my script' });
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: /revoke/i }).click();
  await expect(row).toHaveCount(0);
  expect((await asScript(secret)).status).toBe(401);
});

test('the source page draws the real light curve with one legend entry per filter', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  await expect(page.getByTestId('source-header')).toContainText(objId);
  await expect(page.getByTestId('coordinates')).toContainText('09:26:19.34'); // 141.5806° in hours
  const plot = page.getByTestId('lightcurve-plot');
  await expect(plot).toHaveAttribute('data-drawn', 'true');
  const stored = await portal.api('GET', `/api/sources/${objId}/photometry`);
  const filters = [...new Set(stored.map((p: { filter: string }) => p.filter))].sort();
  expect(filters.length).toBeGreaterThan(1);
  await expect(plot).toHaveAttribute('data-points', String(stored.length));
  await expect(plot).toHaveAttribute('data-legend', filters.join(','));
  await expect(plot.locator('canvas').first()).toBeVisible();
});

test('the source page fetches the source and its light curve once, though several entries show them', async ({ page }) => {
  await logIn(page, portal);
  const requests = recordApiRequests(page);
  await page.goto(`${portal.url}/source/${objId}`);
  const stored = await portal.api('GET', `/api/sources/${objId}/photometry`);
  // The light curve is shown twice: the header's summary and the panel's plot and table.
  await expect(page.getByTestId('photometry-summary-count')).toHaveText(`${stored.length} points`);
  await expect(page.getByTestId('lightcurve-plot')).toHaveAttribute('data-drawn', 'true');
  await expect(page.getByTestId('photometry-count')).toHaveText(`${stored.length} points`);
  // The source is shown by the header and handed to every panel (the Details panel among them).
  await expect(page.getByTestId('source-info')).toContainText('0.032');
  // Switching units redraws from the same points: no request.
  await page.getByRole('button', { name: 'Flux' }).click();
  await expect(page.getByTestId('photometry-table').getByRole('columnheader', { name: 'Flux', exact: true })).toBeVisible();
  await expect(page.getByTestId('lightcurve-plot')).toHaveAttribute('data-drawn', 'true');
  await page.waitForLoadState('networkidle');
  expect(requests.filter((p) => p === `/api/sources/${objId}`)).toHaveLength(1);
  expect(requests.filter((p) => p === `/api/sources/${objId}/photometry`)).toHaveLength(1);
});

test('a point posted through the API reaches every entry showing the light curve, with one refetch and no reload', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  const plot = page.getByTestId('lightcurve-plot');
  await expect(plot).toHaveAttribute('data-drawn', 'true');
  const before = Number(await plot.getAttribute('data-points'));
  await expect(page.getByTestId('photometry-summary-count')).toHaveText(`${before} points`);
  const requests = recordApiRequests(page);
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/photometry', {
    obj_id: objId,
    instrument_id: ztfId,
    mjd: 60500.25,
    filter: 'ztfr',
    mag: 18.2,
    magerr: 0.05,
    limiting_mag: 20.5,
    magsys: 'ab',
    group_ids: [sitewide.id],
  });
  // The live message photometry.added invalidated the cached light curve: both entries show the new point.
  await expect(plot).toHaveAttribute('data-points', String(before + 1));
  await expect(plot).toHaveAttribute('data-drawn', 'true');
  await expect(page.getByTestId('photometry-summary-count')).toHaveText(`${before + 1} points`);
  await expect(page.getByTestId('photometry-summary')).toContainText('18.20 mag (ztfr), MJD 60500.25');
  await page.waitForLoadState('networkidle');
  expect(requests).toEqual([`/api/sources/${objId}/photometry`]);
  expect(navigations).toEqual([]);
});

test('a user of another group cannot open a source they may not see', async ({ page }) => {
  const hidden = 'ZTF21aaqjmps';
  const { id: groupId } = await portal.api('POST', '/api/groups', { name: 'Private program' });
  await portal.api('POST', '/api/sources', { id: hidden, ra: 210.9, dec: 54.3, group_ids: [groupId] });
  await portal.api('POST', '/api/user', { username: 'outsider', password: 'outsider-password', roles: ['Full user'] });
  await logIn(page, portal, 'outsider', 'outsider-password');
  await page.goto(`${portal.url}/source/${hidden}`);
  await expect(page.getByTestId('source-not-found')).toBeVisible();
  await expect(page.getByTestId('lightcurve-plot')).toHaveCount(0);
  // The source they may see still opens.
  await page.goto(`${portal.url}/source/${objId}`);
  await expect(page.getByTestId('source-header')).toContainText(objId);
});

test('a broken plugin shows its error card while the other plugins work', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  await expect(page.getByTestId('lightcurve-plot')).toHaveAttribute('data-drawn', 'true');
  const card = page.locator('[data-testid="error-card"][data-plugin="broken"]');
  await expect(card).toBeVisible();
  await expect(card).toContainText('broken');
});

test('a panel that throws while rendering becomes an error card in its place, and the page lives', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/${objId}`);
  const panel = page.getByTestId('panel-crashing-panel.crash');
  await expect(panel.getByRole('heading', { name: 'Crashing panel' })).toBeVisible();
  await expect(panel.getByRole('alert')).toContainText('Plugin "crashing-panel" failed (source.panels crash)');
  await expect(panel.getByRole('alert')).toContainText('crashed while rendering, on purpose');
  const header = page.getByTestId('source-header');
  await expect(header.locator('[data-testid="error-card"][data-plugin="crashing-panel"]')).toContainText('source.header badge');
  // Everything else on the page works: the header, the Details panel, the light curve.
  await expect(header).toContainText(objId);
  await expect(page.getByTestId('source-info')).toBeVisible();
  await expect(page.getByTestId('lightcurve-plot')).toHaveAttribute('data-drawn', 'true');
});
