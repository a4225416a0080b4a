/** Unit and integration tests: real Postgres (one embedded server per run), real HTTP and WebSockets. */
export default {
  // The kit's preset: what a plugin outside this repository runs its tests with, too.
  preset: '@skyportal/test-kit',
  // The template proof installs packages and takes minutes: its own run (npm run test:template).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/e2e/', '/dist/', '<rootDir>/test/template-proof/'],
  maxWorkers: 2,
};
