import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// Each area sees only the globals of where it runs, like its tsconfig (web/: DOM, server/: Node,
// protocol/: neither). typescript-eslint turns `no-undef` off for .ts files, where tsc checks
// names against those tsconfigs; the globals here guard .svelte, .js and .mjs files.
/** @type {import('eslint').Linter.RulesRecord} */
const noNodeModules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '^node:',
          message: 'This code runs in the browser (or in both): Node modules belong in server/.',
        },
      ],
    },
  ],
};

export default ts.config(
  {
    ignores: [
      'dist/',
      'dist-server/',
      'node_modules/',
      'data/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  // The relay, the build scripts and the config files run in Node.
  {
    files: ['server/**', 'scripts/**', '*.{js,ts}', 'bench/**', 'e2e/**'],
    languageOptions: { globals: globals.node },
  },
  // Benchmarks and end-to-end tests also hand functions to the browser (page.evaluate).
  { files: ['bench/**', 'e2e/**'], languageOptions: { globals: globals.browser } },
  // The app, and its unit tests, which run in Node but test browser code.
  { files: ['web/**'], languageOptions: { globals: globals.browser }, rules: noNodeModules },
  // Pure, shared by the relay and the app: neither set of globals.
  { files: ['protocol/**'], rules: noNodeModules },
  // The service worker runs in its own global scope (tsconfig.sw.json checks its types).
  { files: ['web/src/offline/sw.ts'], languageOptions: { globals: globals.serviceworker } },
  // A Vite plugin (runs in Node at build time) and its test, and a test that judges the app's
  // output with the relay's own code.
  {
    files: [
      'web/src/offline/service-worker-plugin.ts',
      'web/src/offline/service-worker-plugin.test.ts',
      'web/src/sync/update-pieces.relay.test.ts',
    ],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': 'off' },
  },
);
