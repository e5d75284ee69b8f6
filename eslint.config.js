// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'events', 'url', 'util', 'stream', 'worker_threads'];

/** @param {string[]} group @param {string} message */
const forbid = (group, message) => ({ group, message });

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
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/renderer/**', 'react', 'react-dom'], 'Main never imports renderer code.'),
            forbid(['**/server/**', 'fastify', 'better-sqlite3'], 'Main talks to the server over HTTP only.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['electron', 'electron/*', 'electron-store', 'sip.js', 'react', 'react-dom'], 'The server never imports Electron or client code.'),
            forbid(['**/main/**', '**/renderer/**', '**/preload/**'], 'The server never imports client code.'),
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
