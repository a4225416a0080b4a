import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase as createScratchDatabase, freePort } from '@skyportal/sdk/testing/postgres';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');

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
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'skyportal-e2e-'));
  const configFile = path.join(dir, 'config.json');
  // YAML is a superset of JSON, so the config file can be written as JSON.
  writeFileSync(configFile, JSON.stringify({ plugins: options.plugins, server: { publicUrl: `http://127.0.0.1:${port}` } }));
  const adminToken = 'e2e-admin-token-0123456789abcdef';
  const adminPassword = 'e2e-admin-password';
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'core/bin/skyportal.js'), 'start'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      SKYPORTAL_ENV: 'test',
      SKYPORTAL_CONFIG: configFile,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      SKYPORTAL_ADMIN_TOKEN: adminToken,
      SKYPORTAL_ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => String(chunk).includes('SkyPortal is running') && resolve());
    child.once('exit', (code) => reject(new Error(`skyportal start exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    adminToken,
    adminPassword,
    async api(method, route, body, token = adminToken) {
      const res = await fetch(`${url}${route}`, {
        method,
        headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (json.status !== 'success') throw new Error(`${method} ${route}: ${res.status} ${json.message}`);
      return json.data;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The plugins of a full site, plus the deliberately broken one when asked. */
export function sitePlugins(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sources: { enabled: true }, photometry: { enabled: true }, ...extra };
}

export const brokenPlugin = { broken: { enabled: true, path: path.join(repoRoot, 'e2e/fixtures/broken-plugin') } };
