import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the real server (started by each spec through lib/portal.ts, on an
 * embedded PostgreSQL started once in global-setup) in Debian's chromium. No browser download.
 */
export default defineConfig({
  testDir: './specs',
  globalSetup: './lib/global-setup.ts',
  globalTeardown: './lib/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? '.test-results/e2e.json' }]],
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  outputDir: '.test-results/artifacts',
});
