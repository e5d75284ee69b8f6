// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'events', 'url', 'util', 'stream', 'worker_threads'];

/** @param {string[]} group @param {string} message */
const forbid = (group, message) => ({ group, message });

const mainPatterns = [
  forbid(['**/renderer/**', 'react', 'react-dom'], 'Main never imports renderer code.'),
  forbid(['**/server/**', 'fastify', 'better-sqlite3'], 'Main talks to the server over HTTP only.'),
];

const serverPatterns = [
  forbid(['electron', 'electron/*', 'electron-store', 'sip.js', 'react', 'react-dom'], 'The server never imports Electron or client code.'),
  forbid(['**/main/**', '**/renderer/**', '**/preload/**'], 'The server never imports client code.'),
];

export default tseslint.config(
  {
    ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'artifacts/**', 'dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Type-aware rules for every TypeScript file (sources, tests, bench, scripts, configs): each
    // file is checked against the tsconfig that includes it (tsconfig.node.json or tsconfig.web.json).
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // Long files hide more than one job: split them along their seams.
    files: ['**/*.{js,mjs,ts,tsx}'],
    rules: { 'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The message catalogs are data, one line per message: their length is the product's
    // vocabulary, not several jobs in one file.
    files: ['src/shared/i18n/en.ts', 'src/shared/i18n/sv.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(nodeBuiltins, 'src/shared is pure TypeScript: no Node built-ins.'),
            forbid(['electron', 'electron/*', 'electron-store', 'ws', 'better-sqlite3', 'fastify', 'react', 'react-dom', 'sip.js', 'sip.js/*'], 'src/shared may not depend on a runtime.'),
            forbid(['**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'], 'src/shared imports nothing from the runtimes.'),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'navigator', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(nodeBuiltins, 'The renderer runs in a sandboxed page: no Node built-ins.'),
            forbid(['electron', 'electron/*', 'electron-store', 'better-sqlite3', 'fastify', 'ws'], 'The renderer never touches Electron or Node packages.'),
            forbid(['**/main/**', '**/server/**', '**/preload/index*'], 'The renderer never imports main or server code.'),
          ],
        },
      ],
    },
  },
  {
    // The Electron shell: the composition root and its adapters.
    files: ['src/main/index.ts', 'src/main/shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: mainPatterns }] },
  },
  {
    // The client service, the SIP engine and the media bridge run in plain Node too (integration
    // tests, harness): Electron stays in the shell.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...mainPatterns,
            forbid(['electron', 'electron/*', 'electron-store'], 'Electron only in src/main/index.ts and src/main/shell (ARCHITECTURE.md).'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: serverPatterns }] },
  },
  {
    // Routes parse, authorise and call services; only services touch the store.
    files: ['src/server/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...serverPatterns,
            forbid(['**/db', '**/db/**'], 'Routes never touch the store: call a service (ARCHITECTURE.md).'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/renderer/**', '**/server/**', '**/main/**'], 'The preload only knows the shared contract.'),
          ],
        },
      ],
    },
  },
  {
    files: ['test/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
