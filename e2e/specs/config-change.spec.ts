import { test, expect } from '@playwright/test';
import { createDatabase, startPortal, sitePlugins } from '../lib/portal.js';

// Switching a plugin off is a config change and a restart: no rebuild of the host app.
test('disabling the photometry plugin in config removes its panel after a restart', async ({ page }) => {
  const databaseUrl = await createDatabase();
  let portal = await startPortal({ databaseUrl, plugins: sitePlugins() });
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/sources', { id: 'SN2014J', ra: 148.9256, dec: 69.6739, group_ids: [sitewide.id] });

  const logIn = async () => {
    await page.goto(`${portal.url}/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(portal.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByTestId('current-user')).toContainText('admin');
  };
  await logIn();
  await page.goto(`${portal.url}/source/SN2014J`);
  await expect(page.getByTestId('panel-photometry.lightcurve')).toBeVisible();
  await portal.stop();

  portal = await startPortal({ databaseUrl, plugins: sitePlugins({ photometry: { enabled: false } }) });
  try {
    await logIn();
    await page.goto(`${portal.url}/source/SN2014J`);
    await expect(page.getByTestId('source-header')).toContainText('SN2014J');
    await expect(page.getByTestId('panel-sources.source-info')).toBeVisible();
    await expect(page.getByTestId('panel-photometry.lightcurve')).toHaveCount(0);
    const plugins = await (await fetch(`${portal.url}/api/plugins`)).json();
    expect(plugins.data.plugins.map((p: { name: string }) => p.name)).toEqual(['sources']);
  } finally {
    await portal.stop();
  }
});
