// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.stack/**', '.bench/**', 'coverage/**'] },
  eslint.configs.recommended,
  {
    files: ['**/*.ts'],
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
    // The smoke run of the benchmark drives the simulator's own code (bench/ is not a lib and has no alias).
    files: ['test/e2e/bench-smoke.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@lib/*/*'], message: 'Import a lib only through its index (@lib/name).' }] },
      ],
    },
  },
  {
    // The config service is split into feature modules (access, registry-view, catalogue, serving), one folder
    // each with its capabilities one level down: a capability reaches another feature's folder with ../../.
    files: ['apps/config-service/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../../*', '**/libs/*', '**/apps/*'],
              message: 'Import libs through their @lib/* alias; apps never import from other apps.',
            },
            { group: ['@lib/*/*'], message: 'Import a lib only through its index (@lib/name).' },
          ],
        },
      ],
    },
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
