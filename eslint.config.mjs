// ESLint flat config: TypeScript (type-aware where it pays), Lit, lit-a11y and
// web-component rules on element code; run with --max-warnings 0.
import js from '@eslint/js';
import globals from 'globals';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import tseslint from 'typescript-eslint';

const CROSS_PACKAGE =
  'Import another package by its name (@fovea-dicom/core, @fovea-dicom/demo/sample/…): a relative path skips its exports.';

const CORNERSTONE = { group: ['@cornerstonejs/*'], message: 'Cornerstone is wrapped by rendering/cornerstone/ only.' };
const CROSS = { regex: '^(\\.\\./)+(packages/)?(core|elements|react|demo)/(src|test)/', message: CROSS_PACKAGE };
const RENDERING_LAYER = {
  regex: '^(\\.\\./)+(?!\\.\\./)(?!model/|types\\.js$|loader\\.js$|cornerstone/)',
  message: 'rendering/ imports model/ and itself: the elements use it, never the other way.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '.cache/**',
      'docs/api/**',
      'storybook-static/**',
      'bench/results/**',
      'bench/.build/**',
      'packages/elements/.tool-probe-*/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Type-aware rules where they pay: a promise nobody awaits or catches is how an
    // unhandled rejection reaches a host's page (decision 0009).
    files: ['packages/core/src/**/*.ts', 'packages/elements/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.stories.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Core has no DOM: it runs in pages, workers and Node.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'customElements',
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['packages/elements/src/**/*.ts', 'stories/**/*.ts'],
    plugins: { lit, 'lit-a11y': litA11y, wc },
    rules: {
      ...lit.configs.recommended.rules,
      ...litA11y.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      ...wc.configs['best-practice'].rules,
      // Registration lives in fovea-*.ts modules that guard with customElements.get.
      'wc/guard-define-call': 'off',
      'wc/tag-name-matches-class': 'off',
    },
  },
  {
    // Only the adapter may import Cornerstone.
    files: ['packages/**/*.ts'],
    ignores: ['packages/elements/src/rendering/cornerstone/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [CORNERSTONE, CROSS],
        },
      ],
    },
  },
  {
    // The elements' layers, bottom up: model/ (the public vocabulary) → rendering/ (everything that
    // draws) → the elements → the React wrappers. A layer imports only those below it.
    files: ['packages/elements/src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            CORNERSTONE,
            CROSS,
            { regex: '^\\.\\./', message: 'model/ imports only @fovea-dicom/core and itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/elements/src/rendering/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [CROSS, RENDERING_LAYER] }],
    },
  },
  {
    // Outside rendering/cornerstone/, Cornerstone stays out (it is loaded lazily, one chunk).
    files: ['packages/elements/src/rendering/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [CORNERSTONE, CROSS, RENDERING_LAYER] }],
    },
  },
  {
    // Code outside the packages reaches them by name, through their exports.
    files: ['test/**', 'stories/**', 'scripts/**', 'bench/**', '.storybook/**'],
    // The snapshot records the answers stories replay with the elements' own query planners (internals).
    ignores: ['.storybook/snapshot.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)*(\\./)?packages/[^/]+/', message: CROSS_PACKAGE }] },
      ],
    },
  },
  {
    files: [
      '**/*.test.ts',
      '**/*.test.mjs',
      'test/**',
      'packages/*/test/**',
      'bench/**',
      'scripts/**',
      'packages/demo/**',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
