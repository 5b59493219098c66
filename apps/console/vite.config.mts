import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Built by `npm run build` into dist/apps/console, which the config service serves at /console.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/apps/console'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Each page is its own chunk (React.lazy); the first load carries only the shell and the sign-in page.
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8081' } },
});
