/**
 * The dashboards with demo data at 1366x768: every chart on screen (screenshots to
 * test-results/screenshots), tooltips, the table view, exports, the evidence pack, drill-downs
 * from a chart to the moderation queue and the decision list, and the time from navigation to
 * an interactive dashboard.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { clearAppEvents, expect, startWithDemo, test, waitForAppEvent } from './fixtures';

/** Samples the recent held decisions through the API the Sampling page uses, so a backlog exists. */
async function publishRecentPlan(page: Page): Promise<void> {
  const ok = await page.evaluate(async () => {
    const post = async (
      channel: string,
      body: unknown,
    ): Promise<{ ok: boolean; value?: { id: number } }> =>
      (await (
        await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { ok: boolean; value?: { id: number } };
    const today = new Date();
    const from = new Date(today.getTime() - 60 * 86_400_000).toISOString().slice(0, 10);
    const plan = await post('sampling:generate-plan', {
      from,
      to: today.toISOString().slice(0, 10),
      seed: 7,
    });
    if (!plan.ok || !plan.value) return false;
    return (await post('sampling:publish-plan', { planId: plan.value.id })).ok;
  });
  expect(ok).toBe(true);
}

async function scrollTo(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

test('overview and consistency dashboards with demo data, exports and drill-downs', async ({
  page,
  server,
  shot,
}) => {
  test.setTimeout(240_000);
  await startWithDemo(page, server.url);
  await publishRecentPlan(page);

  // Interactive within 1 s of navigation: from the click on Dashboard (coming from another
  // page) to the overview's figures on screen, measured in the page's own clock.
  await page.getByTestId('nav-sampling').click();
  await waitForAppEvent(page, 'page-loaded:sampling');
  await clearAppEvents(page);
  const clickedAt = await page.evaluate(() => {
    performance.clearMarks();
    return performance.now();
  });
  await page.getByTestId('nav-dashboard').click();
  await waitForAppEvent(page, 'dashboard-loaded:overview');
  const overviewMs = await page.evaluate(
    (t0) =>
      (performance.getEntriesByName('dashboard-loaded:overview').at(-1)?.startTime ?? Infinity) -
      t0,
    clickedAt,
  );
  console.log(`dashboard overview interactive ${Math.round(overviewMs)} ms after navigation`);
  expect(overviewMs).toBeLessThan(1000);

  const dash = page.getByTestId('page-dashboard');
  await expect(dash.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('ov-decisions')).not.toContainText(/^0/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shot(page, 'dash-01-overview');
  await scrollTo(page, 'chart-coverage');
  // The demo's plans end before today: the note says the later days are not counted.
  await expect(page.getByTestId('chart-coverage')).toContainText(
    'Part of this period has no published sampling plan: only the days plans cover are counted.',
  );
  await page.getByTestId('coverage-sampled-IA010').hover();
  await expect(page.locator('.chart-tooltip')).toContainText('Risk-adjusted target');
  await shot(page, 'dash-02-coverage-tooltip');
  await scrollTo(page, 'chart-by-month');
  await shot(page, 'dash-03-by-month');

  // Consistency tab, the funnel first; its time to interactive too.
  await scrollTo(page, 'page-dashboard');
  await clearAppEvents(page);
  const tabAt = await page.evaluate(() => performance.now());
  await dash.getByRole('tab', { name: 'Assessor consistency' }).click();
  await waitForAppEvent(page, 'dashboard-loaded:consistency-charts');
  const consistencyMs = await page.evaluate(() => performance.now());
  console.log(
    `consistency tab with every chart ${Math.round(consistencyMs - tabAt)} ms after the click`,
  );
  expect(page.url()).toContain('tab=consistency');
  // The demo has lenient and severe assessors: some fall outside the outer limits.
  const summary = page.getByTestId('consistency-summary');
  await expect(summary).toContainText('Outside the 99.8% funnel limits: IA');
  const outliers = /limits: ([A-Z0-9, ]+) \(/.exec((await summary.textContent()) ?? '')?.[1] ?? '';
  const outlier = outliers.split(', ')[0] as string;
  await expect(page.getByTestId(`funnel-point-${outlier}`)).toBeVisible();
  await scrollTo(page, 'chart-funnel');
  await shot(page, 'dash-10-funnel-distinction');
  await page.getByTestId(`funnel-point-${outlier}`).hover();
  await expect(page.locator('.chart-tooltip')).toContainText(
    /Distinction: \d+ of \d+ \(\d+(\.\d)?%\)/,
  );
  await expect(page.locator('.chart-tooltip')).toContainText('outlier');
  await shot(page, 'dash-11-funnel-tooltip');
  await page.locator('.segmented label', { hasText: 'Fail rate' }).click();
  await expect(page.getByRole('radio', { name: 'Fail rate' })).toBeChecked();
  await expect(
    page.getByRole('heading', { name: 'Funnel plot: Fail rate by volume' }),
  ).toBeVisible();
  await expect(page.getByTestId('funnel-point-IA008')).toBeVisible();
  await shot(page, 'dash-12-funnel-fail');

  // The accessible table view of the same figures.
  const funnelPanel = page.getByTestId('chart-funnel');
  await funnelPanel.getByRole('button', { name: 'Show table' }).click();
  await expect(funnelPanel.getByRole('table')).toContainText('IA008');
  await shot(page, 'dash-13-funnel-table');
  await funnelPanel.getByRole('button', { name: 'Show chart' }).click();

  // CSV and PNG exports.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    funnelPanel.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const csvText = fs.readFileSync((await csv.path()) as string, 'utf8');
  expect(csvText).toContain('Assessor,Name,Decisions,Fails,Rate,Cohort rate,Position');
  expect(csvText).toContain('IA008');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    funnelPanel.getByRole('button', { name: 'PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('funnel-plot-fail-rate-by-volume.png');
  const pngBytes = fs.readFileSync((await png.path()) as string);
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  // The whole chart at twice its size, not a legend icon: IHDR width and height.
  expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(1000);
  expect(pngBytes.readUInt32BE(20)).toBeGreaterThan(700);
  fs.copyFileSync(
    (await png.path()) as string,
    path.resolve('test-results/screenshots/dash-14-exported-funnel.png'),
  );

  await scrollTo(page, 'chart-grades');
  await shot(page, 'dash-20-grade-profile');
  await page.getByTestId('agreement-table').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(page.getByTestId('agreement-table')).toContainText(
    'Too few moderated decisions to judge',
  );
  await shot(page, 'dash-21-agreement');
  await scrollTo(page, 'chart-leniency');
  await shot(page, 'dash-22-leniency-heatmap');
  await page.getByTestId('criteria-heatmap').locator('td a').first().hover();
  await scrollTo(page, 'chart-trends');
  await page.getByLabel('Measure').selectOption('ac2');
  await expect(page.getByRole('heading', { name: "Trend by month: Gwet's AC2" })).toBeVisible();
  await shot(page, 'dash-23-trends');

  // Evidence pack for the period on screen.
  await scrollTo(page, 'page-dashboard');
  const [pack] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Evidence pack (PDF)' }).click(),
  ]);
  expect(pack.suggestedFilename()).toMatch(
    /^iqa-evidence-pack-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf$/,
  );
  const pdfText = execFileSync('pdftotext', [(await pack.path()) as string, '-'], {
    encoding: 'utf8',
  });
  expect(pdfText).toContain('Produced by: Priya Shah');
  expect(pdfText).toContain('Assessor consistency');

  // Drill-down: a funnel point opens that assessor's Fail decisions in the period.
  await scrollTo(page, 'chart-funnel');
  await page.getByTestId('funnel-point-IA008').click();
  await expect(page).toHaveURL(
    /#\/moderation\?tab=decisions&assessor=IA008&grade=Fail&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
  );
  await waitForAppEvent(page, 'page-loaded:moderation');
  // The decision list behind the point holds that assessor's Fails and nothing else.
  const listed = page.getByTestId('decisions-table').locator('tbody tr');
  await expect(listed.first()).toBeVisible();
  const cells = await listed.evaluateAll((rows) =>
    rows.map((r) => [r.children[5]?.textContent, r.children[6]?.textContent]),
  );
  expect(cells.length).toBeGreaterThan(0);
  expect(new Set(cells.map(([assessor, grade]) => `${assessor} ${grade}`))).toEqual(
    new Set(['IA008 Fail']),
  );
  await shot(page, 'dash-40-drill-down-decisions');

  // Back returns to the same view of the dashboard.
  await page.goBack();
  await expect(page.getByTestId('consistency-summary')).toBeVisible();

  // Drill-down from the overview: a coverage bar opens that assessor's moderation queue.
  await page.getByTestId('dashboard-tab-overview').click();
  await scrollTo(page, 'chart-coverage');
  await page.getByTestId('coverage-sampled-IA001').click();
  await expect(page).toHaveURL(/#\/moderation\?assessor=IA001&status=all$/);
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  const assessors = await page
    .getByTestId('queue-row')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('.col-assessor')?.textContent));
  expect(new Set(assessors)).toEqual(new Set(['IA001']));
  await shot(page, 'dash-41-drill-down-queue');
});

test('filters narrow every figure and survive a reload; the keyboard moves between tabs', async ({
  page,
  server,
  shot,
}) => {
  test.setTimeout(180_000);
  await startWithDemo(page, server.url);
  const dash = page.getByTestId('page-dashboard');
  await dash.getByRole('tab', { name: 'Overview' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(dash.getByRole('tab', { name: 'Assessor consistency' })).toBeFocused();
  await waitForAppEvent(page, 'dashboard-loaded:consistency-charts');
  await clearAppEvents(page);
  await page.getByLabel('Assessor', { exact: true }).selectOption('IA004');
  await waitForAppEvent(page, 'dashboard-loaded:consistency-charts');
  await expect(page).toHaveURL(/assessor=IA004/);
  await expect(page.getByTestId('agreement-table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: /Trend by month/ })).toBeVisible();
  await page.getByLabel('Method', { exact: true }).selectOption('O');
  await expect(page).toHaveURL(/method=O/);
  await shot(page, 'dash-30-filtered');
  await page.reload();
  await waitForAppEvent(page, 'page-loaded:dashboard');
  await expect(page.getByLabel('Assessor', { exact: true })).toHaveValue('IA004');
  await expect(page.getByLabel('Method', { exact: true })).toHaveValue('O');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/assessor=/);
});
