// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.stack/**',
      '.bench/**',
      'coverage/**',
      'apps/console/vite.config.mts',
    ],
  },
  eslint.configs.recommended,
  {
    files: ['**/*.ts', 'apps/console/src/**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // Lets consistent-type-imports skip decorated files: Nest DI needs the runtime import for metadata.
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      curly: 'error',
      eqeqeq: 'error',
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*', '**/libs/*', '**/apps/*'],
              message: 'Import libs through their @lib/* alias; apps never import from other apps.',
            },
            { group: ['@lib/*/*'], message: 'Import a lib only through its index (@lib/name).' },
          ],
        },
      ],
    },
  },
  {
    // Vitest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.integration-spec.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // The smoke runs of the benchmark and the fault harness drive their own code (bench/ and faults/ are not libs
    // and have no alias).
    files: ['test/e2e/bench-smoke.e2e-spec.ts', 'test/e2e/faults-smoke.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@lib/*/*'], message: 'Import a lib only through its index (@lib/name).' }] },
      ],
    },
  },
  {
    // The config service's feature folders (access, registry-view, catalogue, serving) and leaf folders
    // (pagination, request-params, secret-box) are reached from outside only through their index.ts, their
    // public surface; test/architecture/folder-graph.spec.ts keeps the folders free of import cycles.
    // Capability folders (one level down in a feature):
    files: ['apps/config-service/src/*/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['..', '../index'].map((name) => ({
            name,
            message:
              "A capability imports its sibling's file, not its own feature's index (an import cycle).",
          })),
          patterns: [
            {
              group: ['../../../*', '**/libs/*', '**/apps/*'],
              message: 'Import libs through their @lib/* alias; apps never import from other apps.',
            },
            { group: ['@lib/*/*'], message: 'Import a lib only through its index (@lib/name).' },
            {
              group: ['../../*/*'],
              message: "Reach another feature or leaf folder only through its index (e.g. '../../serving').",
            },
          ],
        },
      ],
    },
  },
  {
    // Files at a feature's root (its module, index, shared helpers):
    files: ['apps/config-service/src/*/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*', '**/libs/*', '**/apps/*'],
              message: 'Import libs through their @lib/* alias; apps never import from other apps.',
            },
            { group: ['@lib/*/*'], message: 'Import a lib only through its index (@lib/name).' },
            {
              group: ['../*/*'],
              message: "Reach another feature or leaf folder only through its index (e.g. '../serving').",
            },
          ],
        },
      ],
    },
  },
  {
    // The app's root (main.ts, the app module) composes the features through their index.
    files: ['apps/config-service/src/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '**/libs/*', '**/apps/*'],
              message: 'Import libs through their @lib/* alias; apps never import from other apps.',
            },
            { group: ['@lib/*/*'], message: 'Import a lib only through its index (@lib/name).' },
            {
              group: ['./*/*'],
              message: "Reach a feature only through its index (e.g. './catalogue').",
            },
          ],
        },
      ],
    },
  },
  {
    // The console is a browser app (React, DOM); its files import each other relatively within apps/console.
    files: ['apps/console/src/**/*.ts', 'apps/console/src/**/*.tsx'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: false, experimentalDecorators: false } },
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }] },
  },
  {
    // class-transformer's implicit conversion reads each variable's declared type from decorator metadata,
    // which TypeScript emits only for annotated properties.
    files: ['libs/config/src/env.schema.ts'],
    rules: { '@typescript-eslint/no-inferrable-types': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  prettier,
);
