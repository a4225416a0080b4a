/** Unit and integration tests: real Postgres (one embedded server per run), real HTTP and WebSockets. */
export default {
  // The kit's preset: what a plugin outside this repository runs its tests with, too.
  preset: '@skyportal/test-kit',
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/e2e/', '/dist/'],
  maxWorkers: 2,
};
