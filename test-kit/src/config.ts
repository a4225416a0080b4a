import { mergeConfig, parseConfig, type Config } from '@skyportal/core';

/**
 * The kit's built-in config: nothing is read from files (a plugin's folder has no `config/`), only
 * loopback, any free port, quiet logs (LOG_LEVEL to see more), fixed cookie keys.
 */
const TEST_DEFAULTS = {
  server: { port: 0, host: '127.0.0.1' },
  log: { level: process.env.LOG_LEVEL || 'warn' },
  auth: { cookieKeys: ['test-cookie-key-0123456789abcdef'] },
};

export interface TestConfigInput {
  databaseUrl: string;
  adminToken: string;
  /** The `plugins:` section: exactly the plugins under test. */
  plugins: Record<string, unknown>;
  /** Anything else, on top (server, auth, ...). */
  config?: Record<string, unknown>;
}

export function testConfig(input: TestConfigInput): Config {
  return parseConfig(
    mergeConfig(TEST_DEFAULTS, { database: { url: input.databaseUrl }, auth: { admin: { token: input.adminToken } }, plugins: input.plugins }, input.config),
  );
}
