/**
 * Runs `skyportal start` as a real OS process, as an observatory runs it: for end-to-end tests,
 * benchmarks, replica tests and the check that a plugin outside the repository loads. Free of
 * `@skyportal/core` imports (the child loads it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './postgres.js';

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited after 15 s; resolves once it has. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PortalProcessOptions {
  /** The site's folder: its `config/default.yaml` is read, relative plugin paths start there (default: the working directory). */
  cwd?: string;
  databaseUrl: string;
  /** Config on top of the site's (plugins, auth...), written to a file for SKYPORTAL_CONFIG. */
  config?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** The `skyportal` script to run (default: the bin of the @skyportal/core installed beside this kit). */
  bin?: string;
}

/** The CLI of the core this kit is installed with: a site's own `npx skyportal`. */
export function skyportalBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@skyportal/core/package.json');
  return path.join(path.dirname(manifest), 'bin', 'skyportal.js');
}

export async function startPortalProcess(options: PortalProcessOptions): Promise<PortalProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configDir = mkdtempSync(path.join(tmpdir(), 'skyportal-config-'));
  const configFile = path.join(configDir, 'config.json');
  // YAML is a superset of JSON, so the config file can be written as JSON. Loopback only, and no
  // SKYPORTAL_ENV: a site folder need not have a config/test.yaml.
  writeFileSync(configFile, JSON.stringify({ ...options.config, server: { host: '127.0.0.1', publicUrl: url, ...(options.config?.server as object) } }));
  const child = spawn(process.execPath, [options.bin ?? skyportalBin(), 'start'], {
    cwd: options.cwd ?? process.cwd(),
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      SKYPORTAL_ENV: '',
      SKYPORTAL_CONFIG: configFile,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', () => rmSync(configDir, { recursive: true, force: true }));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => String(chunk).includes('SkyPortal is running') && resolve());
    child.once('exit', (code) => reject(new Error(`skyportal start exited with ${code}`)));
  });
  let stopped: Promise<void> | undefined;
  return {
    url,
    child,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      })),
  };
}
