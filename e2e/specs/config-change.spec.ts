import { test, expect } from '@playwright/test';
import path from 'node:path';
import { createDatabase, startPortal, sitePlugins, repoRoot, logIn } from '../lib/portal.js';

// Switching a plugin off is a config change and a restart: no rebuild of the host app.
test('disabling the photometry plugin in config removes its panel after a restart', async ({ page }) => {
  const databaseUrl = await createDatabase();
  let portal = await startPortal({ databaseUrl, plugins: sitePlugins() });
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/sources', { id: 'SN2014J', ra: 148.9256, dec: 69.6739, group_ids: [sitewide.id] });

  await logIn(page, portal);
  await page.goto(`${portal.url}/source/SN2014J`);
  await expect(page.getByTestId('panel-photometry.lightcurve')).toBeVisible();
  await portal.stop();

  // alert-stream needs photometry: a site switching photometry off switches it off too.
  portal = await startPortal({ databaseUrl, plugins: sitePlugins({ photometry: { enabled: false }, 'alert-stream': { enabled: false } }) });
  try {
    await logIn(page, portal);
    await page.goto(`${portal.url}/source/SN2014J`);
    await expect(page.getByTestId('source-header')).toContainText('SN2014J');
    await expect(page.getByTestId('panel-sources.source-info')).toBeVisible();
    await expect(page.getByTestId('panel-photometry.lightcurve')).toHaveCount(0);
    const plugins = await (await fetch(`${portal.url}/api/plugins`)).json();
    // Photometry alone is gone; the rest of the site (sources, and whatever else it enables) stays.
    const names = plugins.data.plugins.map((p: { name: string }) => p.name);
    expect(names).toContain('sources');
    expect(names).not.toContain('photometry');
  } finally {
    await portal.stop();
  }
});

// Replacing a plugin: the same name pointed at another package in config, then a restart.
test('pointing a plugin name at another package replaces its panel after a restart', async ({ page }) => {
  const databaseUrl = await createDatabase();
  const template = { example: { enabled: true, path: path.join(repoRoot, 'templates/plugin') } };
  const replacement = { example: { enabled: true, path: path.join(repoRoot, 'e2e/fixtures/example-replacement') } };
  let portal = await startPortal({ databaseUrl, plugins: sitePlugins(template) });
  const sitewide = await portal.api('GET', '/api/groups/public');
  await portal.api('POST', '/api/sources', { id: 'SN2011fe', ra: 210.774, dec: 54.2737, group_ids: [sitewide.id] });
  await logIn(page, portal);
  await page.goto(`${portal.url}/source/SN2011fe`);
  await expect(page.getByTestId('panel-example.example')).toContainText('Hello from the example plugin');
  await portal.stop();

  portal = await startPortal({ databaseUrl, plugins: sitePlugins(replacement) });
  try {
    await logIn(page, portal);
    await page.goto(`${portal.url}/source/SN2011fe`);
    const panel = page.getByTestId('panel-example.example');
    await expect(panel).toContainText('Observing notes');
    await expect(page.getByTestId('replacement-panel')).toHaveText('Observing notes from the replacement plugin for SN2011fe');
    const plugins = await (await fetch(`${portal.url}/api/plugins`)).json();
    const example = plugins.data.plugins.find((p: { name: string }) => p.name === 'example');
    expect(example).toMatchObject({ package: '@observatory/skyportal-example-replacement', version: '2.0.0' });
  } finally {
    await portal.stop();
  }
});
