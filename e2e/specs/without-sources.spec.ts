import path from 'node:path';
import { test, expect } from '@playwright/test';
import { shippedPluginsOff } from '@skyportal/core';
import { createDatabase, startPortal, logIn, recordApiRequests, repoRoot } from '../lib/portal.js';

// The host owns no feature: with every shipped plugin switched off (sources, and all that build on
// it), the shell still starts, signs in, and shows home and profile, and nothing asks for sources.
test('with every shipped plugin switched off, the site signs in and shows home and profile without sources', async ({ page }) => {
  const portal = await startPortal({
    databaseUrl: await createDatabase(),
    plugins: shippedPluginsOff(path.join(repoRoot, 'config')),
  });
  try {
    const requests = recordApiRequests(page);
    await logIn(page, portal);

    await expect(page.getByRole('heading', { name: 'Welcome, admin' })).toBeVisible();
    await expect(page.getByTestId('stat-groups')).toContainText('groups');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(0);

    await page.getByRole('link', { name: 'Profile' }).click();
    await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
    await expect(page.getByTestId('profile-user')).toContainText('admin');
    await expect(page.getByTestId('token-table')).toBeVisible();

    // The sources pages were the plugin's: without it, its address is simply not a page.
    await page.goto(`${portal.url}/sources`);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

    await expect(page.getByTestId('error-card')).toHaveCount(0);
    await expect(page.getByTestId('failed-plugins-notice')).toHaveCount(0);
    expect(requests.filter((path) => path.startsWith('/api/sources'))).toEqual([]);
    expect(requests).toContain('/api/internal/profile');
  } finally {
    await portal.stop();
  }
});
