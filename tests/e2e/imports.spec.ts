/**
 * Imports end to end: a messy export (Windows-1252, semicolons, a title row, UK dates, other
 * column names, bad rows) through mapping, preview and the error report to a committed batch;
 * deleting the mapping saved on the way; then a large file whose progress shows while the window
 * stays usable and after a reload, cancelled part-way; and one that says what it is doing once
 * every row is read. A standardisation file's attendance previewed as the file gave it, and no
 * cancel offered while an import saves.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { makeUln } from '../../src/shared/identifiers/uln';
import { epaRows, header, writeCsv } from '../main/imports/files';
import { clearAppEvents, expect, firstRun, startWithDemo, test, waitForAppEvent } from './fixtures';

const HEADERS = [
  'Learner ULN',
  'First name',
  'Surname',
  'Employer',
  'Standard',
  'Plan version',
  'Component',
  'Attempt no',
  'Assessor',
  'Assessor full name',
  'Date assessed',
  'Result',
  'Minutes',
  'Comments',
];

function uln(n: number): string {
  for (let k = 0; ; k++) {
    const u = makeUln(String(400_000_000 + n * 10 + k));
    if (u) return u;
  }
}

function epa(n: number, overrides: Partial<Record<string, string>>[] = []): string[][] {
  const methods = [
    { Component: 'Obs', 'Date assessed': '02/02/2026', Minutes: '60' },
    { Component: 'Project', 'Date assessed': '16/02/2026', Minutes: '58' },
    { Component: 'Professional discussion', 'Date assessed': '02/03/2026', Minutes: '61' },
  ];
  return methods.map((m, i) => {
    const row: Record<string, string> = {
      'Learner ULN': uln(n),
      'First name': 'Zoë',
      Surname: `Brontë ${n}`,
      Employer: 'Café Royal £ Ltd',
      Standard: 'ST0071',
      'Plan version': '1.1',
      'Attempt no': '1',
      Assessor: 'IA101',
      'Assessor full name': 'Dana Hughes',
      Result: i === 0 ? 'P' : 'pass',
      Comments: '',
      ...m,
      ...(overrides[i] ?? {}),
    };
    return HEADERS.map((h) => row[h] ?? '');
  });
}

const cell = (v: string): string => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]): string =>
  `${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;

/** Windows-1252: our test text stays inside Latin-1, which maps byte for byte. */
function writeMessy(file: string): void {
  const rows = [
    ['Decisions export from EPA Pro, 1 December 2026'],
    HEADERS,
    ...epa(1, [{ Comments: 'Calm and thorough.\nGood questioning.' }]),
    ...epa(2, [{ Result: 'DISTINCTION' }, { Result: 'Distinction' }, { Result: 'D' }]),
    ...epa(3, [
      { 'Learner ULN': '1000000042' },
      { Result: 'Merit' },
      { 'Date assessed': '03/14/2026' },
    ]),
    ...epa(4, [{ Minutes: '90' }]),
  ];
  fs.writeFileSync(file, Buffer.from(csv(rows), 'latin1'));
}

async function startEmpty(page: Page, url: string): Promise<void> {
  await firstRun(page, url);
  await page.getByRole('button', { name: 'Start empty' }).click();
  await waitForAppEvent(page, 'page-loaded:dashboard');
  await page.getByTestId('nav-imports').click();
  await waitForAppEvent(page, 'page-loaded:imports');
}

test('a messy export: mapping, preview, error report, import', async ({ page, server, shot }) => {
  const messy = path.join(server.dataDir, 'EPA Pro export.csv');
  writeMessy(messy);
  await startEmpty(page, server.url);
  await expect(page.getByText('No imports yet')).toBeVisible();
  await shot(page, 'imports-01-empty');

  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(messy);
  await waitForAppEvent(page, 'import-inspected');
  await expect(page.getByText('CSV, windows-1252, semicolon-separated')).toBeVisible();
  await expect(page.getByText('header on row 2')).toBeVisible();
  await expect(page.getByTestId('mapping-status')).toContainText('do not all match the template');
  await expect(page.getByLabel('Column for uln')).toHaveValue('Learner ULN');
  await expect(page.getByLabel('Column for grade')).toHaveValue('Result');
  await expect(page.getByLabel('Column for attempt')).toHaveValue('');
  await page.getByLabel('Column for attempt').selectOption('Attempt no');
  await page.getByLabel('Save this mapping for files with these columns').check();
  await page.getByLabel('Mapping name').fill('EPA Pro export');
  await expect(page.getByTestId('import-unused')).toHaveText('Not imported: Comments.');
  await page
    .getByText('Columns', { exact: true })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'imports-02-mapping');

  await page.getByRole('button', { name: 'Preview the import' }).click();
  await waitForAppEvent(page, 'import-preview-ready');
  await expect(page.getByTestId('import-message')).toHaveText(
    'Nothing has been written yet. Importing would give 9 new rows, 0 changed, 0 unchanged, 3 rejected; 10 compliance flags. Check the dates: Date assessed (assessment_date) mixes day-first and month-first (US) dates, so 3 dates that read either way may be wrong (see the warning on row 5).',
  );
  await expect(page.getByTestId('count-rejected')).toContainText('3');
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('ULN check digit does not match (expected 3)');
  // Each problem names the file's own column, as the user will look for it.
  await expect(problems.getByRole('cell', { name: 'Learner ULN (uln)' }).first()).toBeVisible();
  await expect(problems).toContainText(
    "'Merit' is not a grade of ST0071 v1.1 (Fail, Pass, Distinction)",
  );
  await expect(problems).toContainText('never US month/day/year');
  // One date month first in a day-first file: the dates that read either way are doubtful.
  await expect(problems).toContainText(
    'Date assessed (assessment_date) mixes the two orders in this file: 1 date in it is a real date only month first (row 11: 03/14/2026)',
  );
  await expect(problems).toContainText('observation lasted 90 minutes (allowed 54–66 minutes)');
  await expect(page.getByTestId('import-first-rows')).toContainText('Brontë 1');
  await shot(page, 'imports-03-preview');
  // The first rows as stored, with the flags each will carry: those the standardisation checks
  // raise after the last row included.
  const firstRows = page.getByTestId('import-first-rows');
  await firstRows.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(firstRows).toContainText(
    'Warning, Assessor (assessor_ref): assessor not standardised on ST0071 v1.1 before this assessment',
  );
  await shot(page, 'imports-03b-first-rows');

  const download = page.waitForEvent('download');
  await page.getByTestId('download-report').click();
  const report = fs.readFileSync((await (await download).path()) as string, 'utf8');
  expect(report).toContain('file,row,column,value,severity,message');
  // The report names the file's own columns too, with the template's.
  expect(report).toContain(
    'EPA Pro export.csv,9,Learner ULN (uln),1000000042,error,ULN check digit does not match (expected 3)',
  );
  expect(report).toContain(
    'EPA Pro export.csv,11,Date assessed (assessment_date),03/14/2026,error,',
  );
  // Comments was left out by the mapping saved on the way: no warning that it was ignored.
  expect(report).not.toContain('Comments');

  await page.getByTestId('confirm-import').click();
  await waitForAppEvent(page, 'import-committed');
  await expect(page.getByTestId('import-message')).toHaveText(
    'Imported EPA Pro export.csv as batch 1: 9 new rows, 0 changed, 0 unchanged, 3 rejected; 10 compliance flags. Check the dates: Date assessed (assessment_date) mixes day-first and month-first (US) dates, so 3 dates that read either way may be wrong (see the warning on row 5).',
  );
  await expect(page.getByTestId('imports-table')).toContainText('EPA Pro export.csv');
  await expect(page.getByTestId('imports-table')).toContainText('mapping “EPA Pro export”');
  // Each batch's report link says which batch it is, for a screen reader too.
  await expect(
    page.getByRole('button', {
      name: 'Download the problem report of batch 1, EPA Pro export.csv (14 problems, CSV)',
    }),
  ).toBeVisible();
  await shot(page, 'imports-04-done');

  // The mapping saved on the way is listed, and can be deleted from the keyboard after a question.
  const mappings = page.getByTestId('mappings-table');
  await expect(mappings).toContainText('EPA Pro export');
  await expect(mappings).toContainText('Assessor decisions');
  await page.getByRole('button', { name: 'Delete the saved mapping “EPA Pro export”' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Delete the saved mapping “EPA Pro export”?' });
  await expect(dialog).toContainText('no longer be matched up automatically');
  // Enter straight away must not delete: Cancel has the focus; Shift+Tab reaches Delete.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(page, 'imports-05-delete-mapping');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Delete mapping' })).toBeFocused();
  await page.keyboard.press('Enter');
  await waitForAppEvent(page, 'mapping-deleted');
  await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
    'Deleted the saved mapping “EPA Pro export”.',
  );
  await expect(page.getByTestId('mappings-empty')).toContainText('No saved mappings');
  // The batch keeps the name it was imported under.
  await expect(page.getByTestId('imports-table')).toContainText('mapping “EPA Pro export”');
});

test('saving a mapping under a name already used asks before replacing it', async ({
  page,
  server,
  shot,
}) => {
  const messy = path.join(server.dataDir, 'EPA Pro export.csv');
  writeMessy(messy);
  await startEmpty(page, server.url);
  await saveEpaProMapping(page);
  const other = await page.evaluate(async () => {
    const r = await fetch('/api/imports:save-mapping', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'Training log',
        kind: 'standardisation',
        headers: ['When', 'Event', 'Who', 'Came?'],
        mapping: {
          event_date: 'When',
          event_title: 'Event',
          assessor_ref: 'Who',
          attended: 'Came?',
        },
      }),
    });
    return ((await r.json()) as { ok: boolean }).ok;
  });
  expect(other).toBe(true);

  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(messy);
  await waitForAppEvent(page, 'import-inspected');
  await expect(page.getByTestId('mapping-status')).toHaveText(
    'Using the saved mapping “EPA Pro export” for these columns. Check it below.',
  );
  // The minutes are not to be imported after all: saved again under the same name.
  await page.getByLabel('Column for duration_minutes').selectOption('');
  await page.getByLabel('Save this mapping for files with these columns').check();
  const name = page.getByLabel('Mapping name');
  await expect(name).toHaveValue('EPA Pro export');
  const preview = page.getByRole('button', { name: 'Preview the import' });

  // Another template's mapping's name is refused, whatever its capitals.
  await name.fill('training LOG');
  await preview.click();
  await expect(page.getByRole('alert')).toContainText(
    'There is already a saved mapping called "Training log", for standardisation attendance files. Give this mapping another name.',
  );

  // This template's: asked first; Escape keeps the saved one and checks nothing.
  await name.fill('EPA Pro export');
  await preview.click();
  const dialog = page.getByRole('dialog', { name: 'Replace the saved mapping “EPA Pro export”?' });
  await expect(dialog).toContainText('for assessor decisions files');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(page, 'imports-10-replace-mapping');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The keyboard is back on the button that asked, active again.
  await expect(preview).toBeFocused();
  await expect(preview).toBeEnabled();
  await expect(page.getByRole('status').filter({ hasText: 'not saved' })).toHaveText(
    'The mapping was not saved and nothing was checked: give it another name, or replace the saved one.',
  );

  await preview.click();
  await dialog.getByRole('button', { name: 'Replace it' }).click();
  await waitForAppEvent(page, 'import-preview-ready');
  const saved = await page.evaluate(async () => {
    const r = await fetch('/api/imports:list-mappings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    return (
      (await r.json()) as { value: { name: string; mapping: Record<string, string | null> }[] }
    ).value.map((m) => [m.name, m.mapping.duration_minutes ?? null]);
  });
  expect(saved).toEqual([
    ['EPA Pro export', null],
    ['Training log', null],
  ]);
});

/**
 * A full export of 250,000 EPAs (750,000 rows) under the columns of the messy one: large enough
 * to be still running after a reload and a visit to another page, and to take seconds to finish
 * once every row is read.
 */
function writeLarge(dir: string): string {
  const big = path.join(dir, 'EPA Pro full export.csv');
  const rows: string[][] = [HEADERS];
  for (let n = 1; n <= 250_000; n++) rows.push(...epa(n));
  fs.writeFileSync(big, Buffer.from(csv(rows), 'latin1'));
  return big;
}

/** The mapping of the messy export's columns, saved as it would have been on an earlier import. */
async function saveEpaProMapping(page: Page): Promise<void> {
  const saved = await page.evaluate(async (headers) => {
    const mapping = {
      uln: 'Learner ULN',
      given_name: 'First name',
      family_name: 'Surname',
      employer: 'Employer',
      standard_code: 'Standard',
      standard_version: 'Plan version',
      method: 'Component',
      attempt: 'Attempt no',
      assessor_ref: 'Assessor',
      assessor_name: 'Assessor full name',
      assessment_date: 'Date assessed',
      grade: 'Result',
      duration_minutes: 'Minutes',
    };
    const r = await fetch('/api/imports:save-mapping', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'EPA Pro export', kind: 'decisions', headers, mapping }),
    });
    return ((await r.json()) as { ok: boolean }).ok;
  }, HEADERS);
  expect(saved).toBe(true);
}

test('a large file shows progress, keeps the window usable, and can be cancelled', async ({
  page,
  server,
  shot,
}) => {
  const big = writeLarge(server.dataDir);
  await startEmpty(page, server.url);

  // The same columns as an export mapped before: the saved mapping is chosen by itself.
  await saveEpaProMapping(page);

  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(big);
  await waitForAppEvent(page, 'import-inspected');
  await expect(page.getByTestId('mapping-status')).toHaveText(
    'Using the saved mapping “EPA Pro export” for these columns. Check it below.',
  );
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Preview the import' }).click();
  await waitForAppEvent(page, 'import-progress');
  await expect(page.getByTestId('import-progress-text')).toContainText('rows checked');
  // The button pressed went with the columns: the keyboard is on the check, not the page.
  await expect(page.getByRole('heading', { name: 'Checking every row' })).toBeFocused();
  await shot(page, 'imports-06-progress');

  // A reload forgets everything in the page, but the import runs on and is found again.
  await page.reload();
  await waitForAppEvent(page, 'page-loaded:imports');
  await waitForAppEvent(page, 'import-progress');
  await expect(page.getByRole('status').filter({ hasText: 'is running' })).toHaveText(
    'An import of EPA Pro full export.csv is running.',
  );
  await expect(page.getByRole('heading', { name: 'Checking every row' })).toBeVisible();
  await shot(page, 'imports-07-after-reload');
  await waitForAppEvent(page, 'import-restored');

  // The window answers while the worker reads: another page opens, and coming back shows the
  // same import still going.
  await clearAppEvents(page);
  await page.getByTestId('nav-settings').click();
  await waitForAppEvent(page, 'page-loaded:settings');
  await page.getByTestId('nav-imports').click();
  await waitForAppEvent(page, 'page-loaded:imports');
  await waitForAppEvent(page, 'import-progress');
  const before = await page.getByTestId('import-progress-text').textContent();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await waitForAppEvent(page, 'import-cancelled');
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled' })).toHaveText(
    'Cancelled. Nothing was written.',
  );
  expect(before).toMatch(/^[\d,]+ rows checked/);
  // Back at the columns of the file, as before the reload, under its saved mapping.
  await expect(page.getByTestId('mapping-status')).toHaveText(
    'Using the saved mapping “EPA Pro export” for these columns. Check it below.',
  );
  await shot(page, 'imports-08-cancelled');
  const batches = await page.evaluate(async () => {
    const r = await fetch('/api/imports:list-batches', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    return ((await r.json()) as { value: unknown[] }).value.length;
  });
  expect(batches).toBe(0);
});

test('a large file says what it is doing once every row is read, then shows its preview', async ({
  page,
  server,
  shot,
}) => {
  // A full preview of 750,000 rows: about a minute on a two-core CI machine.
  test.setTimeout(240_000);
  const big = writeLarge(server.dataDir);
  await startEmpty(page, server.url);
  await saveEpaProMapping(page);
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(big);
  await waitForAppEvent(page, 'import-inspected');
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Preview the import' }).click();
  // The indexes, overall grades and standardisation checks of 750,000 rows take seconds after
  // the last row: the panel says which is in hand instead of standing at 100%.
  await expect(page.getByTestId('import-progress-text')).toContainText('All 750,000 rows read · ', {
    timeout: 120_000,
  });
  await shot(page, 'imports-09-finishing');
  await waitForAppEvent(page, 'import-preview-ready');
  await expect(page.getByTestId('import-message')).toContainText(
    'Importing would give 750,000 new rows',
  );
});

test("an assessors file that declares a conflict says on the assessor's row which decisions it flags", async ({
  page,
  server,
  shot,
}) => {
  await startWithDemo(page, server.url);
  // The employer whose apprentices IA003 assessed most, read from the demo database.
  const db = new Database(server.dbPath, { readonly: true });
  const [employer, assessed] = db
    .prepare(
      `SELECT e.name, count(*) FROM decisions d JOIN assessors a ON a.id = d.assessor_id
       JOIN epas x ON x.id = d.epa_id JOIN apprentices p ON p.id = x.apprentice_id
       JOIN employers e ON e.id = p.employer_id
       WHERE a.ref = 'IA003' GROUP BY e.id ORDER BY 2 DESC, 1 LIMIT 1`,
    )
    .raw(true)
    .get() as [string, number];
  const name = db.prepare("SELECT name FROM assessors WHERE ref = 'IA003'").pluck().get() as string;
  db.close();

  const file = path.join(server.dataDir, 'assessor conflicts.csv');
  fs.writeFileSync(file, `assessor_ref,name,conflicts\r\nIA003,${name},${cell(employer)}\r\n`);
  await page.getByTestId('nav-imports').click();
  await waitForAppEvent(page, 'page-loaded:imports');
  await page.getByLabel(/^Assessors/).check();
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(file);
  await waitForAppEvent(page, 'import-inspected');
  await page.getByRole('button', { name: 'Preview the import' }).click();
  await waitForAppEvent(page, 'import-preview-ready');
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText(
    `${assessed} of IA003's decisions are now flagged 'assessor ineligible'; the first: assessor ineligible: declared a conflict of interest with the employer ${employer}`,
  );
  await shot(page, 'imports-10-assessor-conflict');
});

/** Counts the requests the page makes on one channel, as a double-click would repeat them. */
function countCalls(page: Page, channel: string): { count: () => number } {
  let n = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === `/api/${channel}`) n++;
  });
  return { count: () => n };
}

test('double-clicking "Preview the import" with "Save this mapping" ticked saves it and checks the file once', async ({
  page,
  server,
}) => {
  await startEmpty(page, server.url);
  // Another platform's export: an assessor's name under a heading the template does not know.
  const h = header('decisions');
  const rows = epaRows(1).map((r) =>
    [
      'uln',
      'standard_code',
      'method',
      'assessor_ref',
      'assessment_date',
      'grade',
      'decision_ref',
    ].map((k) => r[h.indexOf(k)] ?? null),
  );
  const file = writeCsv(path.join(server.dataDir, 'EPA Pro.csv'), [
    ['Learner ULN', 'Std', 'Component', 'Assessor', 'Date', 'Result', 'Ref', 'IA name'],
    ...rows.map((r) => [...r, 'Dana Hughes']),
  ]);
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(file);
  await waitForAppEvent(page, 'import-inspected');
  await page.getByLabel('Column for assessor_name').selectOption('IA name');
  await page.getByLabel('Save this mapping for files with these columns').check();
  const saves = countCalls(page, 'imports:save-mapping');
  const starts = countCalls(page, 'imports:start');
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Preview the import' }).dblclick();
  await waitForAppEvent(page, 'import-preview-ready');
  // A second click's requests would have gone with it, before the first one's answer.
  expect(saves.count()).toBe(1);
  expect(starts.count()).toBe(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('The mapping was not saved')).toHaveCount(0);
  await expect(page.getByTestId('import-message')).toContainText('Importing would give 3 new rows');
});

test('double-clicking the import button imports once, with no "Another import is running"', async ({
  page,
  server,
}) => {
  await startEmpty(page, server.url);
  const file = writeCsv(path.join(server.dataDir, 'decisions.csv'), [
    header('decisions'),
    ...epaRows(1),
  ]);
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(file);
  await waitForAppEvent(page, 'import-inspected');
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Preview the import' }).click();
  await waitForAppEvent(page, 'import-preview-ready');
  const starts = countCalls(page, 'imports:start');
  await clearAppEvents(page);
  await page.getByTestId('confirm-import').dblclick();
  await waitForAppEvent(page, 'import-committed');
  expect(starts.count()).toBe(1);
  await expect(page.getByTestId('import-message')).toHaveText(
    'Imported decisions.csv as batch 1: 3 new rows, 0 changed, 0 unchanged, 0 rejected; 3 compliance flags.',
  );
  await expect(page.getByTestId('import-wizard').getByRole('alert')).toHaveCount(0);
  const db = new Database(server.dbPath, { readonly: true });
  expect(db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(1);
  db.close();
});

/** A decisions CSV in the template's columns of about `copies` x 0.46 MB (its rows repeat). */
function wholeYear(dir: string, copies: number): string {
  const rows: (string | number | null)[][] = [header('decisions')];
  for (let n = 1; n <= 1000; n++) rows.push(...(epaRows(n) as (string | number | null)[][]));
  const block = fs.readFileSync(writeCsv(path.join(dir, 'block.csv'), rows), 'utf8');
  const body = block.slice(block.indexOf('\n') + 1);
  const file = path.join(dir, 'whole year.csv');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, block);
  for (let i = 0; i < copies; i++) fs.writeSync(fd, body);
  fs.closeSync(fd);
  return file;
}

test('a large file being sent shows a bar, and Cancel (reached by Tab) stops it', async ({
  page,
  server,
  shot,
}) => {
  test.setTimeout(180_000);
  const big = wholeYear(server.dataDir, 200); // about 92 MB
  await startEmpty(page, server.url);
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(big);
  const panel = page.getByRole('region', { name: 'Sending whole year.csv' });
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('upload-progress-bar')).toBeVisible();
  await expect(panel.getByTestId('upload-progress-text')).toHaveText(
    /^\d+% sent · [\d.]+ of [\d.]+ MB$/,
  );
  // The keyboard is on the panel (the file input is disabled while sending): Tab reaches Cancel,
  // which shows where the keyboard is, as every button does.
  await expect(panel.getByRole('heading', { name: 'Sending whole year.csv' })).toBeFocused();
  await page.keyboard.press('Tab');
  const cancel = panel.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeFocused();
  await shot(page, 'imports-11-sending');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'cancelled' })).toHaveText(
    'Sending whole year.csv was cancelled; nothing was imported.',
  );
  await expect(panel).toHaveCount(0);
  const input = page.getByLabel('File (CSV or Excel .xlsx)');
  await expect(input).toBeEnabled();
  await expect(input).toBeFocused();
  await shot(page, 'imports-12-sending-cancelled');
  // Nothing is read or imported afterwards (an absence: give the part in flight time to land).
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('mapping-status')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('leaving the page while a file is being sent keeps it: coming back shows it sending, then its columns', async ({
  page,
  server,
  shot,
}) => {
  test.setTimeout(180_000);
  const big = wholeYear(server.dataDir, 200);
  await startEmpty(page, server.url);
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(big);
  await expect(page.getByTestId('import-wizard')).toContainText('Sending whole year.csv');
  await page.getByTestId('nav-settings').click();
  await waitForAppEvent(page, 'page-loaded:settings');
  await clearAppEvents(page);
  await page.getByTestId('nav-imports').click();
  await waitForAppEvent(page, 'page-loaded:imports');
  // Still sending (or already read): either way the page knows the file, and goes on with it.
  await expect(page.getByTestId('import-wizard')).toContainText('whole year.csv', {
    timeout: 2_000,
  });
  await shot(page, 'imports-15-back-while-sending');
  await expect(page.getByTestId('mapping-status')).toHaveText(
    'Every column matches the template.',
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('import-wizard')).toContainText('whole year.csv: CSV');
});

test('with "Import nothing" chosen and a row rejected, the preview offers nothing to import, or the valid rows', async ({
  page,
  server,
  shot,
}) => {
  await startEmpty(page, server.url);
  const file = writeCsv(path.join(server.dataDir, 'decisions.csv'), [
    header('decisions'),
    ...epaRows(1),
    ...epaRows(3, [{ grade: 'Merit' }]),
  ]);
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(file);
  await waitForAppEvent(page, 'import-inspected');
  await page.getByLabel('Import nothing').check();
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Preview the import' }).click();
  await waitForAppEvent(page, 'import-preview-ready');
  const message = page.getByTestId('import-message');
  await expect(message).toContainText('Nothing would be imported: 1 row was rejected');
  const button = page.getByTestId('confirm-import');
  await expect(button).toBeDisabled();
  await expect(button).toHaveText('Nothing to import');
  await shot(page, 'imports-13-import-nothing');

  // The valid rows after all: chosen here, without checking every row again.
  await clearAppEvents(page);
  await page.getByTestId('import-preview').getByLabel('Import the valid rows').check();
  await expect(button).toBeEnabled();
  await expect(button).toHaveText('Import 5 rows');
  await expect(message).toHaveText(
    'Nothing has been written yet. Importing the valid rows would give 5 new rows, 0 changed, 0 unchanged; 1 rejected row would be left out (see the report).',
  );
  await shot(page, 'imports-14-valid-rows-instead');
  await button.click();
  await waitForAppEvent(page, 'import-committed');
  await expect(message).toHaveText(
    /^Imported decisions\.csv as batch 1: 5 new rows, 0 changed, 0 unchanged, 1 rejected/,
  );
  const db = new Database(server.dbPath, { readonly: true });
  expect(
    db.prepare('SELECT all_or_nothing FROM import_batch_details WHERE batch_id = 1').pluck().get(),
  ).toBe(0);
  db.close();
});

test('a standardisation file: attendance previewed as the file said it, and no cancel offered while it saves', async ({
  page,
  server,
  shot,
}) => {
  await startWithDemo(page, server.url);
  const day = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const file = writeCsv(path.join(server.dataDir, 'spring standardisation.csv'), [
    ['event_date', 'event_title', 'assessor_ref', 'attended'],
    [day, 'Spring standardisation', 'IA001', 'yes'],
    [day, 'Spring standardisation', 'IA002', 'no'],
    [day, 'Spring standardisation', 'IA003', 'apologies'],
  ]);
  await page.getByTestId('nav-imports').click();
  await waitForAppEvent(page, 'page-loaded:imports');
  await page.getByLabel(/^Standardisation attendance/).check();
  await page.getByLabel('File (CSV or Excel .xlsx)').setInputFiles(file);
  await waitForAppEvent(page, 'import-inspected');
  await clearAppEvents(page);
  await page.getByRole('button', { name: 'Preview the import' }).click();
  await waitForAppEvent(page, 'import-preview-ready');
  const firstRows = page.getByTestId('import-first-rows');
  // The answers the template asks for (attended: yes or no), not the codes they are stored as.
  await expect(firstRows.locator('tbody tr td:last-child')).toHaveText([
    'Yes',
    'No',
    'No (apologies)',
  ]);
  await firstRows.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'imports-15-standardisation-preview');

  // Saving a file this small takes milliseconds: for the screenshot, the page is told it is
  // still saving until it has been taken (the import itself runs and commits as ever).
  let holdAtSaving = true;
  await page.route('**/api/imports:job-status', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value?: Record<string, unknown> };
    if (holdAtSaving && body.value) {
      body.value = { ...body.value, state: 'running', finishing: 'Saving', saving: true };
      body.value.result = null;
    }
    await route.fulfill({ response, json: body });
  });
  const cancels = countCalls(page, 'imports:cancel');
  await clearAppEvents(page);
  await page.getByTestId('confirm-import').click();
  const panel = page.locator('.import-progress');
  await expect(panel.getByTestId('import-progress-text')).toHaveText('All 3 rows read · Saving…');
  await expect(panel).toContainText('Saving — this import can no longer be cancelled.');
  await expect(panel).not.toContainText('cancelling leaves everything as it was');
  const cancel = panel.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toHaveAttribute('aria-disabled', 'true');
  // The keyboard is on the panel's heading, as the button that started it went; Tab reaches Cancel.
  await expect(panel.getByRole('heading', { name: 'Importing' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(cancel).toBeFocused();
  await shot(page, 'imports-16-saving');
  await page.keyboard.press('Enter');
  holdAtSaving = false;
  await waitForAppEvent(page, 'import-committed');
  expect(cancels.count()).toBe(0);
  await expect(page.getByTestId('import-message')).toContainText(
    'Imported spring standardisation.csv as batch',
  );
});
