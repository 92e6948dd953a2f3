/**
 * Each test gets its own data folder and its own web server on a free loopback port, so tests
 * never share a database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export const SCREENSHOTS = path.resolve('test-results/screenshots');

interface Server {
  url: string;
  dbPath: string;
  dataDir: string;
}

async function startServer(dataDir: string): Promise<{ server: Server; child: ChildProcess }> {
  const dbPath = path.join(dataDir, 'iqa.sqlite');
  const child = spawn(
    process.execPath,
    [
      path.resolve('node_modules/tsx/dist/cli.mjs'),
      '--tsconfig',
      'tsconfig.node.json',
      'src/main/web/serve.ts',
      '--db',
      dbPath,
      '--port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web server did not start:\n${log}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`web server exited with ${code}:\n${log}`)));
  });
  return { server: { url, dbPath, dataDir }, child };
}

export const test = base.extend<{
  server: Server;
  shot: (page: Page, name: string) => Promise<void>;
}>({
  server: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iqa-e2e-'));
    const { server, child } = await startServer(dataDir);
    await use(server);
    child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
  shot: async ({}, use) => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await use(async (page, name) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    });
  },
});

/** Waits for an event the app emits in the page (window.__e2e), never for a fixed time. */
export async function waitForAppEvent(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as { __e2e?: { events: string[] } }).__e2e?.events.includes(n) ??
      false,
    name,
  );
}

/**
 * Forgets the events seen so far, so the next waitForAppEvent waits for a new one: needed before
 * going back to a page that has already announced itself (after signing in again, say).
 */
export async function clearAppEvents(page: Page): Promise<void> {
  await page.evaluate(() =>
    (globalThis as unknown as { __e2e?: { clear(): void } }).__e2e?.clear(),
  );
}

/** A first run: the first IQA lead, Priya Shah, is named; the onboarding page is next. */
export async function firstRun(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForAppEvent(page, 'page-loaded:welcome');
  await page.getByLabel("The first IQA lead's name").fill('Priya Shah');
  await page.getByRole('button', { name: 'Continue' }).click();
  await waitForAppEvent(page, 'page-loaded:onboarding');
}

/** A first run that loads the demo data, as most journeys start; the dashboard is shown. */
export async function startWithDemo(page: Page, url: string): Promise<void> {
  await firstRun(page, url);
  await page.getByTestId('load-demo').click();
  await waitForAppEvent(page, 'demo-loaded');
  await waitForAppEvent(page, 'page-loaded:dashboard');
}

export { expect };
