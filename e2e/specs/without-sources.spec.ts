import { test, expect } from '@playwright/test';
import { createDatabase, startPortal, logIn, recordApiRequests } from '../lib/portal.js';

// The host owns no feature: with the sources plugin switched off (and photometry, spectra and
// comments, which depend on it), the shell still starts, signs in, and shows home and profile, and
// nothing asks for sources.
test('with sources and the plugins on it switched off, the site signs in and shows home and profile without sources', async ({ page }) => {
  const portal = await startPortal({
    databaseUrl: await createDatabase(),
    plugins: { sources: { enabled: false }, photometry: { enabled: false }, spectra: { enabled: false }, comments: { enabled: false } },
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
