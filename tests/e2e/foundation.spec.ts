/**
 * The walking skeleton, as a new user meets it: first run, demo data, every page, a restart
 * that asks who is signing in. Screenshots at 1366x768 go to test-results/screenshots.
 */
import { expect, test, waitForAppEvent } from './fixtures';

// Dashboard last: the app opens on it, so clicking it first would not load it again.
const PAGES = [
  ['moderation', 'Moderation queue'],
  ['sampling', 'Sampling'],
  ['assessors', 'Assessors & standardisation'],
  ['appeals', 'Appeals'],
  ['imports', 'Imports'],
  ['settings', 'Settings'],
  ['dashboard', 'Dashboard'],
] as const;

test('first run, demo data, and every page populated', async ({ page, server, shot }) => {
  await page.goto(server.url);
  await waitForAppEvent(page, 'page-loaded:welcome');
  await shot(page, '01-welcome');
  await page.getByLabel("The first IQA lead's name").fill('Priya Shah');
  await page.getByRole('button', { name: 'Continue' }).click();

  await waitForAppEvent(page, 'page-loaded:onboarding');
  await shot(page, '02-onboarding');
  await page.getByTestId('load-demo').click();
  await waitForAppEvent(page, 'demo-loaded');
  await waitForAppEvent(page, 'page-loaded:dashboard');
  await expect(page.getByTestId('status-bar')).toContainText(server.dbPath);
  await expect(page.getByTestId('status-user')).toContainText('Priya Shah');

  for (const [id, title] of PAGES) {
    await page.evaluate(() =>
      (globalThis as unknown as { __e2e: { clear(): void } }).__e2e.clear(),
    );
    await page.getByTestId(`nav-${id}`).click();
    await waitForAppEvent(page, `page-loaded:${id}`);
    const root = page.getByTestId(`page-${id}`);
    await expect(root.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await shot(page, `10-${id}`);
  }

  // Populated, not empty states: the numbers come from the demo data.
  await page.getByTestId('nav-assessors').click();
  await expect(page.getByTestId('assessors-table').locator('tbody tr')).toHaveCount(30);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-standards')).toContainText('ST0071');
  await expect(page.getByTestId('settings-users')).toContainText('Priya Shah');
});

test('a later start asks who is signing in, and the keyboard moves between pages', async ({
  page,
  server,
  shot,
}) => {
  await page.goto(server.url);
  await page.getByLabel("The first IQA lead's name").fill('Priya Shah');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('start-empty').click();
  await waitForAppEvent(page, 'page-loaded:dashboard');
  await expect(page.getByTestId('empty-state').first()).toBeVisible();
  await shot(page, '20-dashboard-empty');

  await page.getByTestId('switch-user').click();
  await expect(page.getByTestId('page-sign-in')).toBeVisible();
  await shot(page, '21-sign-in');
  // Forget the first dashboard load, so the wait below is for the one after signing in (the
  // shortcuts only work once the shell is back).
  await page.evaluate(() => (globalThis as unknown as { __e2e: { clear(): void } }).__e2e.clear());
  await page.getByRole('button', { name: /Priya Shah/ }).click();
  await waitForAppEvent(page, 'page-loaded:dashboard');

  await page.keyboard.press('Alt+7');
  await expect(page.getByTestId('page-settings')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('page-moderation')).toBeVisible();
});
