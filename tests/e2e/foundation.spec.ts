/**
 * The walking skeleton, as a new user meets it: first run, demo data, every page, a restart
 * that asks who is signing in. Screenshots at 1366x768 go to test-results/screenshots.
 */
import { clearAppEvents, expect, test, waitForAppEvent } from './fixtures';

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
    await clearAppEvents(page);
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
  // The audit log names decisions by reference and pages back through older entries.
  const audit = page.getByTestId('settings-audit');
  await expect(audit.locator('tbody tr')).toHaveCount(20);
  await page.getByRole('button', { name: 'Show 100 older entries' }).click();
  await expect(audit.locator('tbody tr')).toHaveCount(120);
  await expect(page.getByRole('button', { name: 'Show 100 older entries' })).toBeFocused();
  await audit.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, '11-audit-log');
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
  // The first dashboard load was already announced: wait for the one after signing in again.
  await clearAppEvents(page);
  await page.getByRole('button', { name: /Priya Shah/ }).click();
  await waitForAppEvent(page, 'page-loaded:dashboard');

  await page.keyboard.press('Alt+7');
  await expect(page.getByTestId('page-settings')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('page-moderation')).toBeVisible();
});
