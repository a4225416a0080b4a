// Jest for SkyPortal and its plugins (`preset: '@skyportal/test-kit'`): TypeScript through swc as
// ES modules (run jest with NODE_OPTIONS=--experimental-vm-modules), one PostgreSQL for the whole run.
import { fileURLToPath } from 'node:url';

const own = (file) => fileURLToPath(new URL(file, import.meta.url));

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      fileURLToPath(import.meta.resolve('@swc/jest')),
      { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'es6' } },
    ],
  },
  // SkyPortal's packages ship their TypeScript sources: compile those too, nothing else installed.
  transformIgnorePatterns: ['/node_modules/(?!@skyportal/)'],
  // Sources import `./file.js` for `./file.ts`, as Node's ESM resolution wants.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/?(*.)test.ts?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: own('./src/jest/global-setup.ts'),
  globalTeardown: own('./src/jest/global-teardown.ts'),
  testTimeout: 60_000,
};
