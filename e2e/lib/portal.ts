import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { createDatabase as createScratchDatabase } from '@skyportal/test-kit/postgres';
import { startPortalProcess } from '@skyportal/test-kit/process';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** The photometry plugin's real light curves (BSD-3-Clause, see its demo/LICENSE.md). */
export const lightCurveDir = path.join(repoRoot, 'plugins', 'photometry', 'demo');

/** A new database on the e2e run's PostgreSQL. */
export async function createDatabase(): Promise<string> {
  return (await createScratchDatabase(process.env.E2E_DATABASE_URL!, `e2e_${randomBytes(5).toString('hex')}`)).url;
}

export interface Portal {
  url: string;
  adminToken: string;
  adminPassword: string;
  /** Calls the API as `token` (default: the admin), returning the envelope's data or throwing. */
  api<T = any>(method: string, route: string, body?: unknown, token?: string): Promise<T>;
  stop(): Promise<void>;
}

export interface PortalOptions {
  databaseUrl: string;
  /** The `plugins:` section of the config (YAML-able object). */
  plugins: Record<string, unknown>;
}

/** Runs `skyportal start` as a real process, as an observatory would, with the given plugins. */
export async function startPortal(options: PortalOptions): Promise<Portal> {
  const adminToken = 'e2e-admin-token-0123456789abcdef';
  const adminPassword = 'e2e-admin-password';
  const server = await startPortalProcess({
    cwd: repoRoot,
    databaseUrl: options.databaseUrl,
    config: { plugins: options.plugins },
    env: { SKYPORTAL_ADMIN_TOKEN: adminToken, SKYPORTAL_ADMIN_PASSWORD: adminPassword },
  });
  return {
    url: server.url,
    adminToken,
    adminPassword,
    async api(method, route, body, token = adminToken) {
      const res = await fetch(`${server.url}${route}`, {
        method,
        headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (json.status !== 'success') throw new Error(`${method} ${route}: ${res.status} ${json.message}`);
      return json.data;
    },
    stop: server.stop,
  };
}

/** Signs in through the login page, as a user does. */
export async function logIn(page: Page, portal: Portal, username = 'admin', password = portal.adminPassword): Promise<void> {
  await page.goto(`${portal.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(username);
}

/** The plugins of a full site, plus the deliberately broken one when asked. */
export function sitePlugins(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sources: { enabled: true }, photometry: { enabled: true }, ...extra };
}

export const brokenPlugin = { broken: { enabled: true, path: path.join(repoRoot, 'e2e/fixtures/broken-plugin') } };
/** Loads fine; its source-page entries throw while rendering. */
export const crashingPlugin = { 'crashing-panel': { enabled: true, path: path.join(repoRoot, 'e2e/fixtures/crashing-panel') } };

/** Every API request the page makes from now on, by path (query left off), for counting. */
export function recordApiRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) paths.push(url.pathname);
  });
  return paths;
}
