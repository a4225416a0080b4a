import { test, expect, type Page } from '@playwright/test';
import { brokenPlugin, createDatabase, logIn, sitePlugins, startPortal, type Portal } from '../lib/portal.js';

// An admin at work in the browser: creates a user, grants an ACL, revokes a token and reads what
// they did in the audit log; invites someone by link; sees the web part that failed to load in a
// browser. A plain user sees no admin page. Screenshots go to .test-results/admin-*.png.
let portal: Portal;
const password = 'e2e-vera-password';

test.beforeAll(async () => {
  portal = await startPortal({ databaseUrl: await createDatabase(), plugins: sitePlugins({ admin: { enabled: true }, ...brokenPlugin }) });
});

test.afterAll(async () => {
  await portal?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `.test-results/admin-${name}.png`, fullPage: true });

test('an admin creates a user, grants an ACL, revokes a token and finds each change in the audit log', async ({ page }) => {
  await logIn(page, portal);
  await page.getByRole('link', { name: 'Admin' }).click();
  const tabs = page.getByRole('navigation', { name: 'Administration' });
  await expect(tabs.getByRole('link')).toHaveText(['Users', 'Groups', 'Tokens', 'Plugins', 'Health', 'Audit log']);
  await tabs.getByRole('link', { name: 'Users' }).click();

  const create = page.getByRole('region', { name: 'Create a user' });
  await create.getByLabel('Username').fill('vera');
  await create.getByLabel('Password (optional: OIDC or set later)').fill(password);
  await create.getByRole('button', { name: 'Create user' }).click();
  await expect(create.getByRole('status')).toHaveText('Created vera.');

  await page.getByRole('searchbox', { name: 'Search' }).fill('vera');
  const row = page.getByTestId('admin-user-vera');
  await expect(row).toBeVisible();
  await row.getByLabel('ACL to grant vera').selectOption('Upload data');
  await row.getByRole('button', { name: 'Grant' }).click();
  await expect(row.getByRole('button', { name: 'Revoke Upload data from vera' })).toBeVisible();
  await row.getByLabel('Role to give vera').selectOption('View only');
  await row.getByRole('button', { name: 'Give' }).click();
  await expect(row.getByRole('button', { name: 'Take role View only from vera' })).toBeVisible();
  await shot(page, 'users');

  // A token of vera's, made by a script; the admin revokes it on the Tokens page.
  const { id: veraId } = (await portal.api('GET', '/api/user', undefined)).users.find((u: { username: string }) => u.username === 'vera');
  const { token_id: secret } = await portal.api('POST', '/api/internal/tokens', { name: 'vera-script', acls: ['Upload data'], user_id: veraId });
  await tabs.getByRole('link', { name: 'Tokens' }).click();
  const tokenRow = page.getByTestId('token-vera-script');
  await expect(tokenRow).toContainText('vera');
  await expect(tokenRow).toContainText('Upload data');
  await expect(page.locator('body')).not.toContainText(secret);
  await shot(page, 'tokens');
  await tokenRow.getByRole('button', { name: 'Revoke vera-script' }).click();
  await expect(tokenRow).toHaveCount(0);
  const res = await fetch(`${portal.url}/api/internal/profile`, { headers: { authorization: `token ${secret}` } });
  expect(res.status).toBe(401);

  await tabs.getByRole('link', { name: 'Audit log' }).click();
  const entries = page.getByTestId('audit-entry');
  await expect(entries.filter({ hasText: 'token.revoke' })).toContainText('vera-script');
  await expect(entries.filter({ hasText: 'user.acl.grant' })).toContainText('Upload data');
  await expect(entries.filter({ hasText: 'user.role.grant' })).toContainText('View only');
  await expect(entries.filter({ hasText: 'user.create' }).filter({ hasText: 'vera' })).toContainText('admin');
  await page.getByLabel('Action').selectOption('token.');
  await expect(entries.first()).toContainText('token.revoke');
  await expect(entries.filter({ hasText: 'user.create' })).toHaveCount(0);
  await shot(page, 'audit');
});

test('an admin sees plugins with secrets hidden, the web part that failed in a browser, and the site’s health', async ({ page }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/admin/plugins`);
  await expect(page.getByTestId('plugin-admin')).toContainText('maxInvitationHours');
  const failures = page.getByRole('region', { name: 'Web parts that failed to load' });
  await expect(failures.getByRole('row').filter({ hasText: 'broken' })).toBeVisible();
  await shot(page, 'plugins');

  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Health' }).click();
  await expect(page.getByTestId('health-database')).toContainText('Reachable');
  await expect(page.getByTestId('migrations-core')).toContainText('none');
  await expect(page.getByRole('region', { name: 'WebSocket clients' })).toContainText('(this one)');
  await expect(page.getByRole('region', { name: 'Job queues' })).toContainText('No job queues yet');
  await shot(page, 'health');
});

test('an invitation link lets the invited person choose a password and sign in, once', async ({ page, browser }) => {
  await logIn(page, portal);
  await page.goto(`${portal.url}/admin/users`);
  const invitations = page.getByRole('region', { name: 'Invitations' });
  await invitations.getByLabel('Username').fill('nadia');
  await invitations.getByRole('button', { name: 'Create invitation link' }).click();
  const link = (await invitations.getByTestId('invitation-link').locator('code').textContent())!;
  expect(link).toMatch(/\/invite#[\w-]{20,}$/);
  await expect(invitations.getByTestId('invitation-nadia')).toContainText('pending');

  const context = await browser.newContext();
  const invited = await context.newPage();
  // The link names the public URL; the portal listens on its own port.
  await invited.goto(`${portal.url}${new URL(link).pathname}${new URL(link).hash}`);
  await expect(invited.getByText('You are invited as')).toContainText('nadia');
  await invited.getByLabel('Password', { exact: true }).fill('nadia-password-1');
  await invited.getByLabel('Repeat the password').fill('nadia-password-1');
  await shot(invited, 'invite');
  await invited.getByRole('button', { name: 'Create my account' }).click();
  await expect(invited.getByTestId('current-user')).toContainText('nadia');

  await invited.goto(`${portal.url}${new URL(link).pathname}${new URL(link).hash}`);
  await expect(invited.getByRole('alert')).toContainText('not valid');
  await context.close();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Invitations' }).getByTestId('invitation-nadia')).toContainText('accepted');
});

test('an admin adds a member to a group, makes them a group admin, and removes them', async ({ page }) => {
  await portal.api('POST', '/api/groups', { name: 'Transient watch' });
  await portal.api('POST', '/api/user', { username: 'gus', password, roles: ['Full user'] });
  await logIn(page, portal);
  await page.goto(`${portal.url}/admin/groups`);
  await page.getByRole('region', { name: 'Groups' }).getByRole('button', { name: 'Transient watch' }).click();
  const members = page.getByRole('region', { name: 'Members of Transient watch' });
  await members.getByRole('searchbox', { name: 'Add a member (search users)' }).fill('gus');
  await members.getByRole('button', { name: 'Add gus' }).click();
  const gus = members.getByTestId('member-gus');
  await expect(gus).toBeVisible();
  // The box shows the server's answer (it stays as it was until the change is stored): click, then wait.
  await gus.getByRole('checkbox', { name: 'admin' }).click();
  await expect(gus.getByRole('checkbox', { name: 'admin' })).toBeChecked();
  await expect(members).toContainText('Streams: none yet');
  await shot(page, 'groups');
  await gus.getByRole('button', { name: 'Remove gus' }).click();
  await expect(members.getByTestId('member-gus')).toHaveCount(0);

  const { entries } = await portal.api('GET', '/api/admin/audit?targetType=group');
  expect(entries.map((e: { action: string }) => e.action).slice(0, 3)).toEqual(['group.member.remove', 'group.member.update', 'group.member.add']);
});

test('a user without admin rights sees no admin page', async ({ page }) => {
  await portal.api('POST', '/api/user', { username: 'plain', password, roles: ['Full user'] }).catch(() => undefined);
  await logIn(page, portal, 'plain', password);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto(`${portal.url}/admin/users`);
  await expect(page.getByText('No admin page for you here.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Administration' }).getByRole('link')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Users' })).toHaveCount(0);
  await shot(page, 'non-admin');
});
