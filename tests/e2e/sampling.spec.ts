/**
 * Issue 4 end to end, as an IQA lead works: generate a plan for last month, adjust it (a removal
 * below the floor refused, one allowed, one decision added), verify it, publish it, then work
 * the queue by keyboard and moderate three decisions, one a disagreement that escalates the
 * assessor's sample. Screenshots at 1366x768 go to test-results/screenshots.
 */
import type { Page } from '@playwright/test';
import { clearAppEvents, expect, startWithDemo, test, waitForAppEvent } from './fixtures';

/** Moderates the decision open on screen; returns the confirmation text shown. */
async function moderate(
  page: Page,
  opts: { activity: string; grade?: string; outcome: string; feedback?: string },
): Promise<void> {
  const form = page.getByTestId('moderation-form');
  await form.getByLabel(opts.activity).check();
  await form.getByRole('button', { name: 'Agree with the rest' }).click();
  if (opts.grade) await form.getByLabel('Moderated grade').selectOption(opts.grade);
  await form.getByLabel('Outcome').selectOption({ label: opts.outcome });
  if (opts.feedback) await form.getByLabel('Feedback to the assessor').fill(opts.feedback);
  await clearAppEvents(page);
  await form.getByTestId('save-moderation').click();
  await waitForAppEvent(page, 'moderation-saved');
  await expect(page.getByTestId('saved-box')).toBeVisible();
}

test('generate, adjust, verify and publish a plan; moderate three decisions, one escalating', async ({
  page,
  server,
  shot,
}) => {
  await startWithDemo(page, server.url);

  // The plans so far (the demo's monthly history), then a new one for last month.
  await clearAppEvents(page);
  await page.getByTestId('nav-sampling').click();
  await waitForAppEvent(page, 'page-loaded:sampling');
  await expect(page.getByTestId('plans-table').locator('tbody tr').first()).toBeVisible();
  await shot(page, 'sampling-01-plans');

  await page.getByTestId('new-plan').click();
  const form = page.getByTestId('generate-form');
  await expect(form.getByTestId('params')).toContainText('Floor per assessor');
  await expect(form.getByTestId('params')).toContainText('assessment plan: 5%');
  await form.getByLabel('Seed (optional)').fill('20261201');
  await shot(page, 'sampling-02-generate-form');
  await clearAppEvents(page);
  await form.getByTestId('generate').click();
  await waitForAppEvent(page, 'plan-generated');
  const review = page.getByTestId('plan-review');
  await expect(review.getByTestId('plan-status')).toHaveText('Draft');
  await waitForAppEvent(page, 'plan-items-loaded');
  await shot(page, 'sampling-03-plan-review');

  // Per assessor: the floor, the target and what was sampled, each at or above the floor.
  const assessors = review.getByTestId('plan-assessors').locator('tbody tr');
  expect(await assessors.count()).toBeGreaterThan(5);
  const rows = await assessors.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
  for (const r of rows) expect(Number(r[4])).toBeGreaterThanOrEqual(Number(r[2]));
  // An assessor sampled exactly at the floor: removing one of theirs is refused, in words.
  const atFloor = rows.find((r) => r[4] === r[2] && Number(r[2]) >= 1);
  expect(atFloor).toBeDefined();
  await review.getByRole('button', { name: atFloor![0]!, exact: true }).click();
  await waitForAppEvent(page, 'plan-items-loaded');
  await review
    .getByTestId('plan-item')
    .first()
    .getByRole('button', { name: /^Remove/ })
    .click();
  const remove = page.getByTestId('remove-dialog');
  await remove.getByLabel(/Reason/).fill('Moderated by EQA last week');
  await clearAppEvents(page);
  await remove.getByRole('button', { name: 'Remove from the sample' }).click();
  await waitForAppEvent(page, 'item-remove-refused');
  await expect(remove.getByTestId('remove-refused')).toContainText('below the floor');
  await shot(page, 'sampling-04-removal-refused');
  await remove.getByRole('button', { name: 'Cancel' }).click();

  // An assessor above their floor: the removal is allowed, with its reason.
  const above = rows.find((r) => Number(r[4]) > Number(r[2]));
  expect(above).toBeDefined();
  await clearAppEvents(page);
  await review.getByRole('button', { name: above![0]!, exact: true }).click();
  await waitForAppEvent(page, 'plan-items-loaded');
  const sampledBefore = Number(
    (await review.getByTestId('plan-sampled').textContent())?.replace(/,/g, ''),
  );
  await review
    .getByTestId('plan-item')
    .first()
    .getByRole('button', { name: /^Remove/ })
    .click();
  await remove.getByLabel(/Reason/).fill('Moderated by EQA last week');
  await clearAppEvents(page);
  await remove.getByRole('button', { name: 'Remove from the sample' }).click();
  await waitForAppEvent(page, 'item-removed');
  await expect(review.getByTestId('plan-sampled')).toHaveText(String(sampledBefore - 1));

  // Add a decision from the scope, with a reason.
  await review.getByRole('button', { name: 'Add a decision…' }).click();
  const add = page.getByTestId('add-dialog');
  await add.getByLabel('Decision, ULN, apprentice or assessor').fill(above![0]!);
  await clearAppEvents(page);
  await add.getByRole('button', { name: 'Search' }).click();
  await waitForAppEvent(page, 'scope-searched');
  await add.getByTestId('add-results').getByRole('radio').first().check();
  await add.getByLabel('Reason').fill('Employer complaint about this assessment');
  await shot(page, 'sampling-05-add-item');
  await clearAppEvents(page);
  await add.getByRole('button', { name: 'Add to the sample' }).click();
  await waitForAppEvent(page, 'item-added');
  await expect(review.getByTestId('plan-sampled')).toHaveText(String(sampledBefore));

  // Verify: the same sample again, and the two changes by hand with their reasons.
  await clearAppEvents(page);
  await review.getByTestId('verify-button').click();
  await waitForAppEvent(page, 'plan-verified');
  const verify = review.getByTestId('verify');
  await expect(verify).toContainText('Verified: the same sample');
  await expect(verify).toContainText('Employer complaint about this assessment');
  await expect(verify).toContainText('Moderated by EQA last week');
  await shot(page, 'sampling-06-verified');

  // Publish, after a confirmation that says what is released.
  await review.getByTestId('publish').click();
  const publish = page.getByTestId('publish-dialog');
  await expect(publish.getByTestId('publish-summary')).toContainText('will be released');
  await shot(page, 'sampling-07-publish-confirm');
  await clearAppEvents(page);
  await publish.getByRole('button', { name: /^Publish and release/ }).click();
  await waitForAppEvent(page, 'plan-published');
  await expect(review.getByTestId('plan-status')).toHaveText('Published');

  // The queue for this plan, worked by keyboard: move, tick, assign to me, open.
  await clearAppEvents(page);
  await review.getByRole('link', { name: 'Open in the queue' }).click();
  await waitForAppEvent(page, 'queue-loaded');
  const grid = page.getByTestId('queue-grid');
  await expect(grid.getByTestId('queue-row').first()).toBeVisible();
  expect(page.url()).toMatch(/#\/moderation\?plan=\d+&status=all$/);
  await shot(page, 'moderation-01-queue');
  await grid.focus();
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('k');
  await page.keyboard.press('x');
  await expect(page.getByTestId('queue-count')).toContainText('2 ticked');
  await clearAppEvents(page);
  await page.keyboard.press('a');
  await waitForAppEvent(page, 'queue-assigned');
  await expect(page.getByTestId('queue-message')).toHaveText('2 decisions assigned to you.');
  await waitForAppEvent(page, 'queue-loaded');
  await expect(grid.getByTestId('queue-row').nth(0)).toContainText('Priya Shah');
  await expect(grid.getByTestId('queue-row').nth(1)).toContainText('Priya Shah');
  await shot(page, 'moderation-02-assigned');

  // First: agreed, after a documentation review.
  await clearAppEvents(page);
  await page.keyboard.press('Enter');
  await waitForAppEvent(page, 'record-loaded');
  await expect(page.getByTestId('sampled-because')).toBeVisible();
  await shot(page, 'moderation-03-record');
  await moderate(page, { activity: 'Documentation review', outcome: 'Agreed' });
  await shot(page, 'moderation-04-saved');

  // Second: agreed with developmental feedback and an action, after observing a live assessment.
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Back to the queue' }).click();
  await waitForAppEvent(page, 'queue-loaded');
  await grid.focus();
  await page.keyboard.press('j');
  await clearAppEvents(page);
  await page.keyboard.press('Enter');
  await waitForAppEvent(page, 'record-loaded');
  const form2 = page.getByTestId('moderation-form');
  await form2.getByRole('button', { name: 'Add an action' }).click();
  await form2
    .getByLabel('Action 1', { exact: true })
    .fill('Time the questioning and stop at 15% of the observation');
  await moderate(page, {
    activity: 'Observation of a live assessment',
    outcome: 'Agreed, with developmental feedback',
    feedback: 'Sound judgement; the questioning ran long.',
  });
  const action = page.getByTestId('action-item').first();
  await expect(action).toContainText('Not yet acknowledged');
  await action.getByRole('button', { name: 'Record acknowledgement' }).click();
  await clearAppEvents(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Record acknowledgement' }).click();
  await waitForAppEvent(page, 'action-acknowledged');
  await expect(action).toContainText('Acknowledged by the assessor');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Feedback sheet (PDF)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^moderation-feedback-.+\.pdf$/);

  // Third: a Distinction the moderator cannot support: the grade changes, the sample escalates.
  await clearAppEvents(page);
  await page.goto(`${server.url}/#/moderation?grade=Distinction`);
  await waitForAppEvent(page, 'queue-loaded');
  await expect(page.getByLabel('Grade')).toHaveValue('Distinction');
  await clearAppEvents(page);
  await page.getByTestId('queue-row').first().dblclick();
  await waitForAppEvent(page, 'record-loaded');
  const form3 = page.getByTestId('moderation-form');
  await form3.getByRole('button', { name: 'Agree with the rest' }).click();
  const firstDistinction = form3.getByTestId('criteria-Distinction').getByRole('radio', {
    name: /^Disagree with/,
  });
  await firstDistinction.first().check();
  await form3
    .getByTestId('criteria-Distinction')
    .getByRole('textbox')
    .first()
    .fill('No evidence of this beyond the pass criterion');
  await form3.getByLabel('Moderated grade').selectOption('Pass');
  await expect(form3.getByTestId('grade-change-note')).toContainText('raises');
  await moderate(page, {
    activity: 'Documentation review',
    outcome: 'Grade changed (criteria misapplied)',
    feedback: 'The distinction criteria were applied where only the pass criteria were met.',
  });
  const escalation = page.getByTestId('escalation');
  await expect(escalation).toContainText(/sample raised by 10 points: \d+ decisions? added/);
  const escalationText = escalation.textContent();
  await expect(page.getByTestId('decision-grade')).toHaveText('Pass');
  await page.getByTestId('records').scrollIntoViewIfNeeded();
  await shot(page, 'moderation-05-escalation');

  // The lead sees the escalation on the queue and the dashboard, with a link to what it added.
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Back to the queue' }).click();
  await waitForAppEvent(page, 'queue-loaded');
  await expect(page.getByTestId('escalations')).toContainText('Sample raised by 10 points');
  await clearAppEvents(page);
  await page.getByTestId('nav-dashboard').click();
  await waitForAppEvent(page, 'page-loaded:dashboard');
  await expect(page.getByTestId('escalations')).toContainText('Sample raised by 10 points');
  await shot(page, 'dashboard-01-attention');
  // The demo data follows today's date: on some days the assessor has no other decision left in
  // the period to add, and the escalation says so instead of linking to what it added.
  const added = Number(/(\d+) decisions? added/.exec((await escalationText) ?? '')?.[1] ?? 0);
  if (added === 0) {
    await expect(page.getByTestId('escalations')).toContainText(
      'none of their other decisions in the period was left to add',
    );
    return;
  }
  await clearAppEvents(page);
  await page
    .getByTestId('escalations')
    .getByRole('link', { name: 'Show the decisions' })
    .first()
    .click();
  await waitForAppEvent(page, 'queue-loaded');
  await expect(page.getByTestId('queue-row').first()).toContainText('escalated');
  await shot(page, 'moderation-06-escalated-items');
});

test('EPAs: working days against the target, and Confirm refused while a decision is held', async ({
  page,
  server,
  shot,
}) => {
  await startWithDemo(page, server.url);
  await clearAppEvents(page);
  await page.goto(`${server.url}/#/moderation?tab=epas&status=awaiting_confirmation&atRisk=1`);
  await waitForAppEvent(page, 'epas-loaded');
  await expect(page.getByLabel('At risk of missing the target only')).toBeChecked();
  const row = page.getByTestId('epa-row').filter({ hasText: 'not released' }).first();
  await expect(row).toBeVisible();
  await clearAppEvents(page);
  await row.getByRole('button', { name: 'Confirm' }).click();
  await waitForAppEvent(page, 'epa-refused');
  await expect(row.getByTestId('confirm-outcome')).toContainText(
    'Grades are confirmed only after moderation',
  );
  await shot(page, 'moderation-07-epas-refused');

  // Saved views: save the view a link opened, clear it, choose it again, delete it (confirmed).
  await clearAppEvents(page);
  await page.goto(`${server.url}/#/moderation?grade=Distinction&status=all&sort=due`);
  await waitForAppEvent(page, 'queue-loaded');
  await page.getByRole('button', { name: 'Save view…' }).click();
  await page.getByTestId('save-view-dialog').getByLabel('Name').fill('Distinctions by due date');
  await clearAppEvents(page);
  await page.getByTestId('save-view-dialog').getByRole('button', { name: 'Save view' }).click();
  await waitForAppEvent(page, 'view-saved');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect
    .poll(() =>
      page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash),
    )
    .toBe('#/moderation?sort=due');
  await page.getByLabel('Saved view').selectOption('Distinctions by due date');
  await expect
    .poll(() =>
      page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash),
    )
    .toBe('#/moderation?grade=Distinction&status=all&sort=due');
  await page.getByRole('button', { name: 'Delete view' }).click();
  await expect(page.getByTestId('delete-view-dialog')).toContainText('Distinctions by due date');
  await shot(page, 'moderation-09-delete-view');
  await clearAppEvents(page);
  await page.getByTestId('delete-view-dialog').getByRole('button', { name: 'Delete view' }).click();
  await waitForAppEvent(page, 'view-deleted');
  await expect(page.getByLabel('Saved view')).toContainText('No saved views yet');

  // All decisions, filtered by a drill-down link from the dashboards.
  await clearAppEvents(page);
  await page.goto(`${server.url}/#/moderation?tab=decisions&status=held&flagged=1&standard=ST0071`);
  await waitForAppEvent(page, 'decisions-loaded');
  await expect(page.getByLabel('Flagged only')).toBeChecked();
  await expect(page.getByTestId('decisions-table').locator('tbody tr').first()).toBeVisible();
  await shot(page, 'moderation-08-decisions');
});
