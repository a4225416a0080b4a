import { createApp, loadConfig, shippedPluginsOff } from '@skyportal/core';

// sources + photometry for the ingest bench, in a process of its own so that its memory is the
// server's alone; the memory plugin reports its heap. Posts of up to a million rows.
const config = loadConfig({
  env: 'test',
  environment: {},
  overrides: {
    database: { url: process.env.BENCH_DATABASE_URL },
    auth: { admin: { token: process.env.BENCH_TOKEN } },
    log: { level: 'warn' },
    plugins: {
      ...shippedPluginsOff(),
      sources: { enabled: true },
      photometry: { enabled: true, options: { maxRowsPerPost: 1_000_000 } },
      memory: { path: 'bench/plugins/memory' },
    },
  },
});
const app = await createApp(config);
const url = await app.start();
console.log(`READY ${url}`);
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
