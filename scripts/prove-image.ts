/**
 * Proves what docker/Dockerfile's image holds, without Docker: builds its runtime tree in a temp
 * folder (scripts/lib/image-tree.ts), starts the image's CMD there as the image does (its ENV, as
 * an unprivileged user on a read-only tree, secrets from files, an external PostgreSQL), runs its
 * HEALTHCHECK, and checks what a user and an operator would: the web app and each plugin's web
 * part are served, the admin signs in with Secure cookies behind a TLS proxy, metrics answer on
 * the internal port, no dev dependency is in the tree, SIGTERM ends it cleanly.
 * Run after `npm run build:web` (scripts/test.sh does): `node --import tsx scripts/prove-image.ts`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanUp, createTestDatabase, freePort } from '@skyportal/test-kit';
import { buildImageTree } from './lib/image-tree.js';

/** The `node` user of the official Node images. */
const IMAGE_USER = { node: { uid: 1000, gid: 1000 } } as Record<string, { uid: number; gid: number }>;
/** Development tools that must not be in the image (root devDependencies and dev-only workspaces). */
const DEV_ONLY = [
  'jest',
  'webpack',
  'webpack-cli',
  'eslint',
  'prettier',
  'typescript',
  '@playwright/test',
  '@skyportal/test-kit',
  '@module-federation/enhanced',
  'autocannon',
];

const problems: string[] = [];
function check(ok: boolean, what: string): void {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) problems.push(what);
}

function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

const tree = mkdtempSync(path.join(tmpdir(), 'skyportal-image-'));
const secrets = mkdtempSync(path.join(tmpdir(), 'skyportal-image-secrets-'));
const database = await createTestDatabase();
let exitCode = 1;
try {
  const started = Date.now();
  // The image's files are root's and readable by all, as COPY leaves them.
  chmodSync(tree, 0o755);
  const facts = buildImageTree(tree, (line) => process.stdout.write(`  ${line}\n`));
  const size = sizeOf(tree);
  process.stdout.write(`runtime tree: ${size.files} files, ${(size.bytes / 1e6).toFixed(0)} MB, built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);

  check(facts.user !== 'root' && facts.user in IMAGE_USER, `runs as a non-root user (${facts.user})`);
  for (const name of DEV_ONLY) check(!existsSync(path.join(tree, 'node_modules', name)), `no ${name} in the image`);

  // Secrets as a Kubernetes Secret mounts them: files the app's user may read.
  chmodSync(secrets, 0o755);
  const secret = (name: string, value: string) => {
    const file = path.join(secrets, name);
    writeFileSync(file, `${value}\n`, { mode: 0o644 });
    return file;
  };
  const port = await freePort();
  const metricsPort = await freePort();
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/tmp',
    ...facts.env,
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    PUBLIC_URL: 'https://portal.example.org',
    DATABASE_URL_FILE: secret('database-url', database.url),
    SKYPORTAL_COOKIE_KEYS_FILE: secret('cookie-keys', 'image-proof-cookie-key-0123456789'),
    SKYPORTAL_ADMIN_PASSWORD_FILE: secret('admin-password', 'image proof admin passphrase'),
  };
  const asUser = process.getuid?.() === 0 ? IMAGE_USER[facts.user] : undefined;
  const [command, ...args] = facts.cmd;
  const child = spawn(command === 'node' ? process.execPath : command!, args, { cwd: facts.workdir, env, ...asUser, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = await Promise.race([
    new Promise<boolean>((resolve) => child.stdout.on('data', () => output.includes('SkyPortal is running') && resolve(true))),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 120_000)),
  ]);
  check(running, `the image's CMD (${facts.cmd.join(' ')}) starts${asUser ? ` as uid ${asUser.uid}` : ''} on the read-only tree`);
  if (!running) throw new Error(`it did not start:\n${output}`);

  const health = spawnSync(process.execPath, facts.healthcheck.slice(1), { cwd: facts.workdir, env, ...asUser, timeout: 10_000 });
  check(facts.healthcheck[0] === 'node' && health.status === 0, 'HEALTHCHECK passes');

  const base = `http://127.0.0.1:${port}`;
  const home = await fetch(`${base}/`);
  check(home.status === 200 && /text\/html/.test(home.headers.get('content-type') ?? ''), 'the web app is served at /');
  const plugins = (await (await fetch(`${base}/api/plugins`)).json()).data.plugins as { name: string; remote: { entry: string } | null }[];
  const remotes = plugins.filter((p) => p.remote);
  check(remotes.length > 0, `plugins with a web part: ${remotes.map((p) => p.name).join(', ')}`);
  for (const remote of remotes) check((await fetch(new URL(remote.remote!.entry, base))).status === 200, `${remote.name}'s web part is served`);

  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify({ username: 'admin', password: 'image proof admin passphrase' }),
  });
  const cookies = login.headers.getSetCookie().filter((c) => c.startsWith('skyportal.'));
  check(
    login.status === 200 && cookies.length >= 2 && cookies.every((c) => /;\s*secure/i.test(c)),
    'the admin signs in (password from its file) and gets Secure cookies behind the TLS proxy',
  );

  const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  check(metrics.status === 200 && (await metrics.text()).includes('skyportal_http_requests_total'), 'metrics on the internal port');
  const publicMetrics = await fetch(`${base}/metrics`);
  check(publicMetrics.status === 404 && !(await publicMetrics.text()).includes('skyportal_'), 'no metrics on the public port (404)');

  const logLines = output.split('\n').filter((line) => line.startsWith('{'));
  check(logLines.length > 0 && logLines.every((line) => JSON.parse(line).service === 'skyportal'), `logs are JSON lines on stdout (${logLines.length})`);
  check(!output.includes('image proof admin passphrase') && !output.includes(database.url), 'no secret in the output');

  child.kill('SIGTERM');
  check((await exited) === 0, 'SIGTERM: a clean exit (0)');
  exitCode = problems.length ? 1 : 0;
} catch (error) {
  process.stdout.write(`FAIL ${(error as Error).message}\n`);
} finally {
  rmSync(tree, { recursive: true, force: true });
  rmSync(secrets, { recursive: true, force: true });
  await database.drop();
  await cleanUp();
}
process.stdout.write(
  exitCode ? `image proof failed: ${problems.join('; ') || 'see above'}\n` : 'image proof: the runtime tree starts and serves as the image would\n',
);
process.exit(exitCode);
