import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'child_process',
  'worker_threads',
  'zlib',
  'events',
  'buffer',
  'readline',
  'process',
];
const nodeImports = [{ group: ['node:*'], message: 'Node modules belong in src/main.' }];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'drizzle/**',
      '*.tsbuildinfo',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
      ],
    },
  },
  // Where may this run: shared is pure (no Node, no Electron, nothing from main).
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...NODE_BUILTINS].map((name) => ({
            name,
            message: 'src/shared is pure: no Node or Electron.',
          })),
          patterns: [
            ...nodeImports,
            { group: ['@main/*', '**/main/**'], message: 'shared may not import main.' },
          ],
        },
      ],
    },
  },
  // Services never import Electron; only the thin shell (src/main/index.ts) does.
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/index.ts may import electron.' }] },
      ],
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
          paths: ['electron', ...NODE_BUILTINS].map((name) => ({
            name,
            message: 'The renderer talks only through the contract.',
          })),
          patterns: [
            ...nodeImports,
            {
              group: ['@main/*', '**/main/**'],
              message: 'The renderer talks only through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/shared/**', 'tests/main/**', 'tests/renderer/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
        { object: 'describe', property: 'skip', message: 'No skipped tests.' },
        { object: 'it', property: 'skip', message: 'No skipped tests.' },
        { object: 'test', property: 'skip', message: 'No skipped tests.' },
      ],
    },
  },
  // Playwright fixtures must destructure their dependencies, even when there are none.
  { files: ['tests/e2e/**'], rules: { 'no-empty-pattern': 'off' } },
);
