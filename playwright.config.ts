import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests run the real React UI in Debian's Chromium against the loopback web adapter.
 * Playwright never downloads a browser here: CHROMIUM_PATH or /usr/bin/chromium is used.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1366, height: 768 },
    // Our users are in England: date inputs must read day/month/year, as in the desktop app.
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      // Date inputs follow the browser process's language, not the page locale above: without
      // this they read mm/dd/yyyy here. The desktop shell sets the same with --lang.
      env: { ...process.env, LANG: 'en_GB.UTF-8', LANGUAGE: 'en_GB' },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
