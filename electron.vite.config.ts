import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const alias = {
  '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)),
  '@main': fileURLToPath(new URL('./src/main', import.meta.url)),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      rolldownOptions: {
        // The import worker and its file reader are entries of their own: each runs in a worker
        // thread beside the main process.
        input: {
          index: 'src/main/index.ts',
          'import-worker': 'src/main/imports/worker.ts',
          'import-reader': 'src/main/imports/read-ahead-worker.ts',
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload runs as a classic script: it must be CommonJS with nothing external
      // but `electron`.
      externalizeDeps: false,
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: { alias },
    plugins: [react()],
    build: {
      rolldownOptions: { input: 'src/renderer/index.html' },
    },
  },
});
