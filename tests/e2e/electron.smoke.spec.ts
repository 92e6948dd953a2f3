/**
 * Opens the real desktop app through Playwright's Electron driver. Electron's binary cannot be
 * downloaded on the build machines, so this skips, saying why, wherever the binary is absent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { expect, test } from '@playwright/test';

const electronDir = path.resolve('node_modules/electron');
const pathFile = path.join(electronDir, 'path.txt');
const executable = fs.existsSync(pathFile)
  ? path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
  : null;
const nativeRoot = path.resolve('.native');

test('the desktop window opens on the first-run screen with a hardened renderer', async () => {
  test.skip(
    !executable || !fs.existsSync(executable),
    'No Electron binary on this machine (it is downloaded on first `npm start`; the build machines cannot download it). The same UI is tested in Chromium against the web adapter.',
  );
  const binding = fs.existsSync(nativeRoot)
    ? fs
        .readdirSync(nativeRoot, { recursive: true, encoding: 'utf8' })
        .map((p) => path.join(nativeRoot, p))
        .find((p) => p.endsWith('better_sqlite3.node'))
    : undefined;
  test.skip(!binding, 'better-sqlite3 has not been built for Electron yet: run `npm start` once.');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-electron-'));
  const app = await electron.launch({
    executablePath: executable as string,
    args: ['.', '--db', path.join(dataDir, 'iqa.sqlite')],
    env: { ...process.env, IQA_NATIVE_BINDING: binding as string },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { level: 1 })).toBeVisible();
    // Sandboxed, isolated, no Node: the page sees only the bridge's two members.
    const seen = await window.evaluate(() => {
      const g = globalThis as unknown as { require?: unknown; process?: unknown; api?: object };
      return {
        require: typeof g.require,
        process: typeof g.process,
        api: Object.keys(g.api ?? {}).sort(),
      };
    });
    expect(seen).toEqual({
      require: 'undefined',
      process: 'undefined',
      api: ['invoke', 'transport'],
    });
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
