// `npm run test:template` (and a step of `npm test`): the plugin template proved outside the
// repository. Apart from the unit suite because it installs packages and takes a minute or two.
export default {
  preset: '@skyportal/test-kit',
  rootDir: '../..',
  testMatch: ['<rootDir>/test/template-proof/*.test.ts'],
  testTimeout: 600_000,
};
