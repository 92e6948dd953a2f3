/**
 * A decision an appeal is still deciding, end to end: the queue marks it "Appeal" in place of
 * "To do", its record says why nobody can moderate it before any form is shown, and once the
 * appeal is withdrawn the form is back. Screenshots at 1366x768 go to test-results/screenshots.
 */
import type { Page } from '@playwright/test';
import { clearAppEvents, expect, startWithDemo, test, waitForAppEvent } from './fixtures';

/** The API the page itself uses, through the loopback adapter. */
async function api<T>(page: Page, channel: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ channel, input }) => {
      const r = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await r.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!body.ok) throw new Error(JSON.stringify(body.error));
      return body.value;
    },
    { channel, input },
  ) as Promise<T>;
}

interface Row {
  decisionId: number;
  decisionRef: string | null;
  assessorRef: string;
}

test('a decision under an open appeal is marked in the queue and cannot be moderated', async ({
  page,
  server,
  shot,
}) => {
  await startWithDemo(page, server.url);

  // Last month sampled and published, as an IQA lead would, so the queue has work in it.
  const iso = (x: Date): string =>
    `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
  const now = new Date();
  const plan = await api<{ id: number }>(page, 'sampling:generate-plan', {
    from: iso(new Date(now.getFullYear(), now.getMonth() - 1, 1)),
    to: iso(new Date(now.getFullYear(), now.getMonth(), 0)),
    seed: 20261201,
  });
  await api(page, 'sampling:publish-plan', { planId: plan.id });

  // The queue as the page first shows it (to do, oldest first); the second item is appealed.
  const { rows } = await api<{ rows: Row[] }>(page, 'moderation:list-queue', { limit: 5 });
  expect(rows.length).toBeGreaterThan(2);
  const target = rows[1]!;
  const record = await api<{ decision: { epaId: number; grade: string } }>(
    page,
    'moderation:get-decision',
    { decisionId: target.decisionId },
  );
  const today = iso(now);
  const appeal = await api<{ id: number; ref: string }>(page, 'appeals:log', {
    epaId: record.decision.epaId,
    kind: 'appeal',
    type: 'result',
    appellantKind: 'apprentice',
    appellantName: 'Sam Appellant',
    receivedDate: today,
    grounds: ['criteria_misapplied'],
    description: 'The distinction criteria were not applied to the observation.',
    decisionIds: [target.decisionId],
  });

  await clearAppEvents(page);
  await page.getByTestId('nav-moderation').click();
  await waitForAppEvent(page, 'queue-loaded');
  const grid = page.getByTestId('queue-grid');
  const appealed = grid.getByTestId('queue-row').nth(1);
  await expect(appealed).toContainText(target.decisionRef ?? String(target.decisionId));
  const mark = appealed.getByTestId('queue-appeal');
  await expect(mark).toContainText('Appeal');
  await expect(mark).toHaveAttribute(
    'title',
    `Appeal ${appeal.ref} is open, with the status received: the grade is for the appeal to decide, so moderate this decision once it is decided or withdrawn.`,
  );
  await expect(grid.getByTestId('queue-row').nth(0)).toContainText('To do');
  await shot(page, 'moderation-appeal-01-queue');

  // Its record: the reason before any form.
  await clearAppEvents(page);
  await appealed
    .getByRole('link', { name: target.decisionRef ?? String(target.decisionId) })
    .click();
  await waitForAppEvent(page, 'record-loaded');
  await expect(page.getByTestId('cannot-moderate')).toHaveText(
    `You cannot moderate this decision. This decision is under appeal: ${appeal.ref} is open, with the status received. The grade is for the appeal to decide; moderate it once the appeal is decided or withdrawn.`,
  );
  await expect(page.getByTestId('moderation-form')).toHaveCount(0);
  await expect(page.getByTestId('decision-grade')).toHaveText(record.decision.grade);
  await shot(page, 'moderation-appeal-02-record');

  // Withdrawn: the appeal no longer holds the grade, and the form is back.
  await api(page, 'appeals:transition', { appealId: appeal.id, action: 'withdraw' });
  await clearAppEvents(page);
  await page.reload();
  await waitForAppEvent(page, 'record-loaded');
  await expect(page.getByTestId('moderation-form')).toBeVisible();
  await expect(page.getByTestId('cannot-moderate')).toHaveCount(0);
});
