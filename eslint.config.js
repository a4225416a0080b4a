// ESLint: typescript-eslint's recommended rules everywhere, React's hook rules in browser code,
// and, where a mistake ends a request or the process, the type-aware promise rules (a promise
// nobody awaits or catches is how one bad input took the server down). Formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/.tsbuild*/', '.data/', 'coverage/', '.test-results/', 'bench/.out/', 'e2e/test-results/'] },
  // A disable comment that silences nothing is an error: the ones left mean something.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests and benches read untyped JSON answers; \`any\` there says "whatever the server sent".
    files: ['**/test/**', 'test/**', 'e2e/**', 'bench/**', 'test-kit/**', 'sdk/src/testing/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.tsx', 'sdk/src/web/**/*.ts', 'plugins/*/web/**/*.ts', 'host-app/src/**/*.ts'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['core/src/**/*.ts', 'sdk/src/**/*.ts', 'plugins/*/server/**/*.ts', 'templates/*/server/**/*.ts'],
    ignores: ['sdk/src/web/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  prettier,
);
