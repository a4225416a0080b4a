/**
 * @skyportal/test-kit: tests for SkyPortal plugins against a real app on a real PostgreSQL, with
 * only the plugins under test. See README.md.
 */
export {
  startTestServer,
  type TestServer,
  type TestServerOptions,
  type TestUser,
  type TestSession,
  type TwoGroups,
  type TestResponse,
  type RequestOptions,
  type CreateUserOptions,
} from './server.js';
export type { PluginSpec } from './plugins.js';
export { subscribe, type Subscription, type LiveMessage } from './live.js';
export { uniqueId } from './fixtures.js';
export { tryBadInput, tableDigests, type BadInput } from './bad-input.js';
export { createTestDatabase, type TestDatabase } from './database.js';
export { freePort } from './postgres.js';
export { cleanUp } from './cleanup.js';
export { startMockKafka, type MockKafka, type MockKafkaOptions } from './kafka.js';
