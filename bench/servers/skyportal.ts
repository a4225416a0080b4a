import { createApp, loadConfig, shippedPluginsOff } from '@skyportal/core';

// The whole SkyPortal stack (request id, logging, error envelope, security headers, token auth,
// ACL check, validation) on a route that touches no table.
const config = loadConfig({
  env: 'test',
  environment: {},
  overrides: {
    database: { url: process.env.BENCH_DATABASE_URL },
    // The fan-out bench opens its thousands of sockets with one token.
    server: { maxSocketsPerUser: 10_000 },
    auth: { admin: { token: process.env.BENCH_TOKEN } },
    log: { level: 'warn' },
    plugins: {
      ...shippedPluginsOff(),
      ping: { path: 'bench/plugins/ping' },
    },
  },
});
const app = await createApp(config);
const url = await app.start();
console.log(`READY ${url}/api/bench/ping`);
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
