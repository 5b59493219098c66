import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the tests and sources with decorator metadata, which esbuild (Vitest's default) does not emit.
const plugins = [swc.vite({ module: { type: 'es6' } })];

const alias = {
  '@lib/contracts': resolve(__dirname, 'libs/contracts/src/index.ts'),
  '@lib/config': resolve(__dirname, 'libs/config/src/index.ts'),
  '@lib/database': resolve(__dirname, 'libs/database/src/index.ts'),
  '@lib/kafka': resolve(__dirname, 'libs/kafka/src/index.ts'),
  '@lib/observability': resolve(__dirname, 'libs/observability/src/index.ts'),
  '@lib/platform': resolve(__dirname, 'libs/platform/src/index.ts'),
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'test/**/*.spec.ts'],
          environment: 'node',
          setupFiles: ['test/support/reflect-metadata.setup.ts'],
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['apps/**/*.e2e-spec.ts', 'test/**/*.e2e-spec.ts', 'test/**/*.integration-spec.ts'],
          environment: 'node',
          setupFiles: ['test/support/reflect-metadata.setup.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // One system (four apps, one broker, one database) is shared: files run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
