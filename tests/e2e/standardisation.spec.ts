/**
 * Assessors & standardisation end to end: the register with eligibility, an assessor's profile,
 * a new event with attendance, materials and a sample-marking exercise, the compliance view with
 * its CSV, and the annual report with its PDF. Screenshots go to test-results/screenshots.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { clearAppEvents, expect, startWithDemo, test, waitForAppEvent } from './fixtures';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('register, an event with attendance and an exercise, compliance and the annual report', async ({
  page,
  server,
  shot,
}) => {
  await startWithDemo(page, server.url);

  // The register: eligibility and standardisation status for every assessor.
  await clearAppEvents(page);
  await page.getByTestId('nav-assessors').click();
  await waitForAppEvent(page, 'page-loaded:assessors');
  const register = page.getByTestId('assessors-table');
  await expect(register.locator('tbody tr')).toHaveCount(30);
  await expect(page.getByTestId('register-row-IA017')).toContainText('Does not meet the criteria');
  await expect(page.getByTestId('register-row-IA017')).toContainText('expected date passed');
  await expect(page.getByTestId('register-row-IA030')).toContainText('Never attended');
  await expect(page.getByTestId('register-row-IA006')).toContainText('Overdue');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shot(page, 'standardisation-01-register');

  // A profile says why not.
  await page.getByRole('button', { name: /^Open IA017/ }).click();
  await waitForAppEvent(page, 'assessor-profile:IA017');
  const profile = page.getByTestId('assessor-profile');
  await expect(profile.getByTestId('eligibility-reasons')).toContainText(
    'Fails: qualification: working towards, expected date passed',
  );
  await shot(page, 'standardisation-02-profile');
  await profile.getByTestId('cpd').scrollIntoViewIfNeeded();
  await shot(page, 'standardisation-03-profile-cpd');
  await profile.getByRole('button', { name: 'Back to the register' }).click();

  // A new event today, on ST0071 v1.1.
  await clearAppEvents(page);
  await page.getByRole('tab', { name: 'Standardisation' }).click();
  await waitForAppEvent(page, 'standardisation-loaded:events');
  await expect(page.getByTestId('events-table')).toContainText('Winter standardisation');
  await shot(page, 'standardisation-04-events');
  await page.getByRole('button', { name: 'New event' }).click();
  const editor = page.getByTestId('event-editor');
  await editor.getByLabel('Date').fill(today());
  await editor.getByLabel('Title').fill('December standardisation');
  await editor.getByLabel('Format').selectOption('in_person');
  await editor.getByLabel('Facilitator').fill('Priya Shah');
  await editor.getByRole('checkbox', { name: /ST0071 v1\.1/ }).check();
  await editor
    .getByLabel('Agenda')
    .fill('Grading descriptors; sample marking of two projects; feedback.');
  await editor.getByRole('button', { name: 'Create event' }).click();
  await waitForAppEvent(page, 'event-saved');
  await expect(editor.getByRole('heading', { level: 2 })).toContainText('December standardisation');
  await shot(page, 'standardisation-04b-event-details');

  // Attendance: the two overdue assessors and the one never standardised attend; one sends apologies.
  const attendance = editor.getByTestId('attendance');
  for (const ref of ['IA006', 'IA022', 'IA030', 'IA004']) {
    await attendance
      .getByLabel(new RegExp(`^Attendance for .*\\(${ref}\\)$`))
      .selectOption('attended');
  }
  await attendance.getByLabel(/^Attendance for .*\(IA001\)$/).selectOption('apologies');
  await attendance.getByRole('button', { name: /^Save attendance/ }).click();
  await waitForAppEvent(page, 'attendance-saved');
  await expect(attendance).toContainText('4 attended, apologies from 1, 0 absent');
  await editor
    .getByTestId('event-materials')
    .getByLabel('Attach agenda or materials')
    .setInputFiles({
      name: 'agenda.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('December standardisation agenda'),
    });
  await expect(editor.getByTestId('event-materials')).toContainText('agenda.txt');
  await attendance.scrollIntoViewIfNeeded();
  await shot(page, 'standardisation-05-attendance');

  // A sample-marking exercise: two projects with agreed grades.
  await editor.getByRole('button', { name: 'New exercise' }).click();
  const panel = editor.getByTestId('exercise-panel');
  await panel.getByLabel('Exercise title').fill('Sample marking: two projects');
  await panel.getByLabel('Item 1 label').fill('Project A');
  await panel.getByLabel('Item 1 method').selectOption('WBP');
  await panel.getByLabel('Item 1 agreed grade').selectOption('Distinction');
  await panel.getByRole('button', { name: 'Add an item' }).click();
  await panel.getByLabel('Item 2 label').fill('Project B');
  await panel.getByLabel('Item 2 method').selectOption('WBP');
  await panel.getByLabel('Item 2 agreed grade').selectOption('Pass');
  await panel.getByRole('button', { name: 'Save exercise' }).click();
  await waitForAppEvent(page, 'exercise-saved');

  // Grades from each attendee: IA004 (lenient) gives Distinction to both.
  const grades: [string, string, string][] = [
    ['IA006', 'Distinction', 'Pass'],
    ['IA022', 'Distinction', 'Pass'],
    ['IA030', 'Distinction', 'Pass'],
    ['IA004', 'Distinction', 'Distinction'],
  ];
  for (const [ref, a, b] of grades) {
    await clearAppEvents(page);
    const who = panel.getByLabel('Grades from', { exact: true });
    await who.selectOption(
      (await who.locator('option', { hasText: `${ref} ` }).getAttribute('value'))!,
    );
    await panel.getByLabel('Grade for Project A').selectOption(a);
    await panel.getByLabel('Grade for Project B').selectOption(b);
    await panel.getByRole('button', { name: 'Save grades' }).click();
    await waitForAppEvent(page, 'marks-saved');
  }
  const results = panel.getByTestId('exercise-results');
  // 7 of 8 grades match: 88%.
  await expect(results.getByTestId('group-agreement')).toContainText(
    'Matched the agreed grade 88%',
  );
  await expect(results.getByTestId('follow-up')).toContainText('IA004');
  await expect(results.getByTestId('follow-up')).toContainText(
    'matched the agreed grade on 1 of 2 items (50%; target 80%)',
  );
  await results.scrollIntoViewIfNeeded();
  await shot(page, 'standardisation-06-exercise');

  // Compliance: the overdue pair and the new starter are now in date.
  await clearAppEvents(page);
  await page.getByRole('tab', { name: 'Compliance' }).click();
  await waitForAppEvent(page, 'standardisation-loaded:compliance');
  await expect(page.getByTestId('count-overdue')).toContainText('0');
  await expect(page.getByTestId('count-never_attended')).toContainText('0');
  await expect(page.getByTestId('count-due_soon')).toContainText('3');
  await expect(page.getByTestId('compliance-table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('compliance-row-IA009')).toContainText('Due soon');
  await shot(page, 'standardisation-07-compliance');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV for invitations' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('Reference,Name,Email,Status');
  expect(csv).toMatch(/IA009,[^,]+,[^,]+@assessors\.example,Due soon/);
  await page.getByTestId('standardisation-policy').locator('summary').click();
  await shot(page, 'standardisation-08-compliance-rules');

  // The annual report, on screen and as a PDF.
  await clearAppEvents(page);
  await page.getByRole('tab', { name: 'Annual report' }).click();
  await waitForAppEvent(page, 'standardisation-loaded:report');
  const report = page.getByTestId('standardisation-report');
  await expect(report).toContainText('December standardisation');
  await expect(report).toContainText('Sample marking: two projects');
  await shot(page, 'standardisation-09-report');
  await report.getByRole('heading', { name: /Agreement by/ }).scrollIntoViewIfNeeded();
  await shot(page, 'standardisation-10-report-agreement');
  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PDF' }).click();
  const pdfPath = await (await pdfDownload).path();
  const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain('Standardisation report');
  expect(text).toContain('December standardisation');
});
