/**
 * Runs `skyportal start` as a real OS process, as an observatory runs it: for end-to-end tests,
 * benchmarks and replica tests. Free of `@skyportal/core` imports (the child loads it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './postgres.js';

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface PortalProcessOptions {
  /** The repository (or site) folder holding `core/bin/skyportal.js` and `config/`. */
  root: string;
  databaseUrl: string;
  /** Config on top of config/test.yaml (plugins, auth...), written to a file for SKYPORTAL_CONFIG. */
  config?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

export async function startPortalProcess(options: PortalProcessOptions): Promise<PortalProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'skyportal-config-')), 'config.json');
  // YAML is a superset of JSON, so the config file can be written as JSON.
  writeFileSync(configFile, JSON.stringify({ server: { publicUrl: url }, ...options.config }));
  const child = spawn(process.execPath, [path.join(options.root, 'core/bin/skyportal.js'), 'start'], {
    cwd: options.root,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      SKYPORTAL_ENV: 'test',
      SKYPORTAL_CONFIG: configFile,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => String(chunk).includes('SkyPortal is running') && resolve());
    child.once('exit', (code) => reject(new Error(`skyportal start exited with ${code}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
