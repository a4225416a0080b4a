// `npm test` in this folder; from the repository root, its jest runs these tests too (same preset).
export default { preset: '@skyportal/test-kit' };
