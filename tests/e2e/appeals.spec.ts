/**
 * Appeals end to end: log an appeal in under a minute, move it through every stage (with an
 * independence refusal on the way), uphold it with grade changes, close it, export the register.
 */
import fs from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, startWithDemo, test, waitForAppEvent } from './fixtures';

async function toTop(detail: Locator): Promise<void> {
  await detail
    .locator('h2')
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

test('log an appeal, take it through each stage and uphold it', async ({ page, server, shot }) => {
  await startWithDemo(page, server.url);

  // A confirmed EPA with an overall Pass, found through the same API the page uses.
  const target = await page.evaluate(async () => {
    const r = await fetch('/api/epas:list', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'confirmed', limit: 1000 }),
    });
    const body = (await r.json()) as {
      value: { rows: { uln: string; apprentice: string; overallGrade: string | null }[] };
    };
    return body.value.rows.find((x) => x.overallGrade === 'Pass');
  });
  expect(target).toBeDefined();

  await page.getByTestId('nav-appeals').click();
  await waitForAppEvent(page, 'page-loaded:appeals');
  await expect(page.getByTestId('calendar-coverage')).toContainText('2018 to 2028');
  await shot(page, 'appeals-01-empty');

  // Log it: search by ULN, pick, tick a ground, describe, attach evidence, save.
  await page.getByRole('button', { name: 'Log an appeal' }).click();
  await page.getByLabel('Find the EPA by ULN or apprentice name').fill(target!.uln);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: new RegExp(target!.uln) }).click();
  // The result letter went out today, so this appeal is in time.
  const d = new Date();
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.getByLabel(/Result issued/).fill(today);
  await page.getByLabel('Grading criteria misapplied').check();
  await page
    .getByLabel('Description')
    .fill('The distinction criteria were not applied to the project and the observation.');
  await page.getByLabel('Evidence files (optional)').setInputFiles({
    name: 'appeal-letter.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Dear EPAO, I appeal against my grade.'),
  });
  await shot(page, 'appeals-02-log-form');
  await page.getByRole('button', { name: 'Log appeal' }).click();
  await waitForAppEvent(page, 'appeal-logged');
  const detail = page.getByTestId('appeal-detail');
  await expect(detail.getByTestId('appeal-status')).toHaveText('Received');
  await expect(detail).toContainText('appeal-letter.txt');
  await expect(detail).toContainText('Acknowledge:');
  await expect(detail).not.toContainText('Lodged late');
  await toTop(detail);
  await shot(page, 'appeals-03-received');

  // Acknowledge, assign a stage 1 reviewer, start the review.
  await detail.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(detail.getByTestId('appeal-status')).toHaveText('Acknowledged');
  // The open list: days remaining to the stage 1 decision, coloured by urgency.
  await detail.getByRole('button', { name: 'Back to list' }).click();
  const row = page.getByTestId('appeals-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Stage 1 decision');
  await expect(row.getByTestId('deadline-pill')).toContainText('10 working days left');
  await shot(page, 'appeals-03b-open-list');
  await row.getByRole('button', { name: /A-\d{4}-001/ }).click();
  await detail.getByLabel('Assign to stage 1 review').selectOption({ label: 'Priya Shah' });
  await detail.getByRole('button', { name: 'Assign' }).click();
  await expect(detail).toContainText('Stage 1 review: Priya Shah');
  await detail.getByRole('button', { name: 'Start review' }).click();
  await expect(detail.getByTestId('appeal-status')).toHaveText('Under review (stage 1)');

  // Escalate; the stage 1 reviewer is refused for the panel, with the reason.
  await detail.getByRole('button', { name: 'Escalate to stage 2 panel' }).click();
  await expect(detail.getByTestId('appeal-status')).toHaveText('Escalated (stage 2 panel)');
  await detail
    .getByLabel('Assign to stage 2 independent panel')
    .selectOption({ label: 'Priya Shah' });
  await detail.getByRole('button', { name: 'Assign' }).click();
  await expect(detail.getByTestId('reviewer-refusal')).toContainText(
    'Priya Shah reviewed stage 1 of this appeal, so cannot review a later stage.',
  );
  await shot(page, 'appeals-04-independence-refused');
  await detail
    .getByLabel('Assign to stage 2 independent panel')
    .selectOption({ label: 'Someone outside the EPAO…' });
  await detail.getByLabel('Name').fill('Dr Ira Independent');
  await detail.getByLabel(/Independent of the EPAO/).check();
  await detail
    .getByLabel('Competence (optional)')
    .fill('Sector expert, former lead assessor elsewhere');
  await detail.getByRole('button', { name: 'Assign' }).click();
  await expect(detail).toContainText('Dr Ira Independent · independent of the EPAO');

  // Uphold with a new grade for each method: all Distinction gives an overall Distinction.
  await detail.getByLabel('Outcome').selectOption({ label: 'Upheld' });
  for (const method of ['O', 'PD', 'WBP']) {
    await detail.getByLabel(new RegExp(`^New ${method} grade`)).selectOption('Distinction');
  }
  await detail
    .getByLabel('Reason')
    .fill('The panel found the distinction criteria met in every method.');
  await detail.getByLabel(/Reveals a failure in the assessment process/).check();
  await detail.getByLabel('What failed').fill('The assessor misread the distinction descriptors.');
  await shot(page, 'appeals-05-outcome-form');
  await detail.getByRole('button', { name: 'Record decision' }).click();
  await waitForAppEvent(page, 'appeal-decided');
  await expect(detail.getByTestId('appeal-status')).toHaveText('Decided');
  await expect(detail.getByTestId('overall-grade')).toHaveText('Distinction');
  await expect(detail.getByTestId('grade-changes')).toContainText('Pass → Distinction');
  await expect(detail.getByTestId('reissue')).toBeVisible();
  await toTop(detail);
  await shot(page, 'appeals-06-upheld');

  // Systemic failure: other decisions that may share it go on a remediation list.
  const systemic = detail.getByTestId('systemic');
  await expect(systemic).toContainText('remediation 0 of 0 done');
  await systemic.getByRole('checkbox').first().check();
  await systemic
    .getByLabel('Action for the ticked decisions')
    .fill('Re-mark against the descriptors');
  await systemic.getByRole('button', { name: 'Add to remediation list' }).click();
  await expect(systemic).toContainText('remediation 0 of 1 done');
  await systemic.getByRole('button', { name: 'Mark done' }).click();
  await expect(systemic).toContainText('remediation 1 of 1 done');
  await systemic.scrollIntoViewIfNeeded();
  await shot(page, 'appeals-06b-systemic');

  await detail.getByRole('button', { name: 'Close' }).click();
  // Closing is final, so the app asks first, in its own dialog.
  const ask = page.getByRole('dialog', { name: 'Close appeal' });
  await expect(ask).toContainText('It cannot be reopened.');
  await shot(page, 'appeals-06c-close-confirm');
  await ask.getByRole('button', { name: 'Close appeal' }).click();
  await expect(detail.getByTestId('appeal-status')).toHaveText('Closed');
  const history = detail.getByTestId('appeal-history');
  for (const step of [
    'log',
    'add evidence',
    'acknowledge',
    'assign reviewer',
    'start review',
    'escalate',
    'decide',
    'grade change',
    'close',
  ]) {
    await expect(history).toContainText(`${step}:`);
  }
  await detail.getByTestId('appeal-history').scrollIntoViewIfNeeded();
  await shot(page, 'appeals-07-history');

  // The list of all appeals, and the register export.
  await detail.getByRole('button', { name: 'Back to list' }).click();
  await page.getByLabel('Open only').uncheck();
  await expect(page.getByTestId('appeals-table')).toContainText('Closed');
  await shot(page, 'appeals-08-list');
  await page.getByTestId('appeals-policy').locator('summary').click();
  await expect(page.getByLabel('Acknowledge an appeal (from receipt): days')).toHaveValue('5');
  await shot(page, 'appeals-09-policy');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv).toContain('Upheld');
  expect(csv).toContain(target!.uln);
});
