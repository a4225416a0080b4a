// `npm start` builds the web app only when a bundle is missing or older than its sources, so a
// second start takes seconds, not the ~80 s of a full webpack build.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const bundles = [
  { sources: ['host-app/src', 'sdk/src/web'], output: 'host-app/dist/index.html' },
  ...readdirSync('plugins').map((name) => ({ sources: [`plugins/${name}/web`, 'sdk/src/web'], output: `plugins/${name}/dist/web/remoteEntry.js` })),
].filter((bundle) => existsSync(bundle.sources[0]));

// webpack leaves an unchanged output file untouched, so the time of the last build is kept in a stamp.
const stamp = 'node_modules/.cache/skyportal-web-build';
const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const stale = bundles.filter(({ sources, output }) => !existsSync(output) || Math.max(...sources.map(newest), statSync('package-lock.json').mtimeMs) > builtAt);
if (stale.length) {
  console.log(`Building the web app (${stale.map((b) => b.output.split('/').slice(0, 2).join('/')).join(', ')} out of date)...`);
  execSync('npm run build:web', { stdio: 'inherit' });
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
}
