import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Dates in tests mean UTC, whatever the developer's machine says; workers inherit this.
process.env.TZ = 'UTC';

const alias = {
  '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)),
  '@main': fileURLToPath(new URL('./src/main', import.meta.url)),
};

// Three projects, as the style guide asks: pure rules, main-process services against a real
// SQLite file (forks, because better-sqlite3 is a native module), and React components.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'shared',
          environment: 'node',
          include: ['tests/shared/**/*.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'main',
          environment: 'node',
          pool: 'forks',
          include: ['tests/main/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['tests/renderer/**/*.test.tsx'],
        },
      },
    ],
  },
});
