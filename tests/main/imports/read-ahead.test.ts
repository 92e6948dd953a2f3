/**
 * A large decisions file is read and checked on a thread of its own (read-ahead.ts) while the
 * import's thread writes. The user must not be able to tell: the same file gives the same
 * counts, problems, preview, stored decisions and flags whichever thread read it, for messy files
 * too (rows with problems, rows that name no version, an assessor added by an earlier row,
 * duplicates, broken quotes, titles above the header, Windows-1252). An Excel workbook is read on
 * the import's thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProblemDto, ImportResultDto } from '../../../src/shared/contract';
import type { Worker } from 'node:worker_threads';
import { ImportCancelled, type ImportHooks } from '../../../src/main/imports/engine';
import { connectionFor, startReader } from '../../../src/main/imports/runner';
import { openTestApp, tempDir, type TestApp } from '../../support/context';
import { epaRows, header, uln, writeCsv, writeXlsx, type Cell, type CsvOptions } from './files';
import { count, importFile, storedDecisions } from './helpers';

const apps: TestApp[] = [];
/** Reader threads started by importBoth since the test began. */
let readersStarted = 0;
afterEach(() => {
  for (const app of apps.splice(0)) app.close();
  readersStarted = 0;
});

/** 200 EPAs, most clean, with every kind of row the reader hands back to the writer. */
function messyRows(): Cell[][] {
  const rows: Cell[][] = [];
  for (let n = 1; n <= 200; n++) {
    const overrides: Record<string, Cell>[] = [];
    if (n % 10 === 1) overrides[0] = { duration_minutes: 95 }; // a limit flag
    if (n % 17 === 2) overrides[1] = { grade: 'Merit' }; // not a grade of ST0071
    if (n % 23 === 3) overrides[2] = { uln: '1234567890' }; // fails the check digit
    if (n % 29 === 4) overrides[0] = { assessment_date: '2027-01-05' }; // in the future
    if (n % 31 === 5) overrides[1] = { method: 'Interview' }; // not a method of ST0071
    if (n % 13 === 6) overrides[2] = { standard_version: '' }; // the writer infers it
    if (n % 37 === 7) overrides[0] = { assessor_ref: '' }; // a required field empty
    if (n === 50) overrides[0] = { assessor_ref: 'IA777', assessor_name: 'Sam New' };
    // An assessor the reader's snapshot does not have, added by row of EPA 50 above.
    if (n > 50 && n % 19 === 0) overrides[1] = { assessor_ref: 'IA777', assessor_name: '' };
    if (n === 60) overrides[2] = { attempt: 2, grade: 'Distinction', decision_ref: 'R60-PD-2' };
    if (n === 70) {
      overrides[2] = {
        attempt: 2,
        grade: 'Distinction',
        decision_ref: 'R70-PD-2',
        exceptional_circumstances: 'yes',
      };
    }
    rows.push(...epaRows(n, overrides));
  }
  rows.splice(40, 0, [...(rows[20] as Cell[])]); // a second row for one decision
  rows.splice(
    90,
    0,
    header('decisions').map(() => null),
  ); // a blank row
  // Cells beyond the header's last column: a note typed beside a row, two stray cells.
  rows[120] = [...(rows[120] as Cell[]), 'checked by IQA'];
  rows[121] = [...(rows[121] as Cell[]), null, 'x', 'y'];
  const resit = epaRows(7).map((r) => [...r]);
  return [...rows, ...resit.slice(0, 1)]; // EPA 7's observation again: a duplicate by ref
}

/**
 * A reader thread for any file size, loading what it checks against from `source`'s database
 * (which may be another one than the import's); `started` is told the thread it started.
 */
function readerFrom(
  source: TestApp,
  started: (worker: Worker) => void = () => undefined,
  maxTexts?: number,
): NonNullable<ImportHooks['readAhead']> {
  return {
    minBytes: 0,
    start: (taken) => {
      readersStarted++;
      const worker = startReader({ taken, connection: connectionFor(source.ctx), maxTexts });
      started(worker);
      return worker;
    },
  };
}

/** A result, and the report of every problem. */
type Imported = [ImportResultDto, ImportProblemDto[]];

/** Imports into the first app on the import's thread, and into the second with a reader. */
async function importBoth(
  file: string,
  apps: [TestApp, TestApp],
  options: { sheet?: string } = {},
  maxTexts?: number,
): Promise<[Imported, Imported]> {
  const both = await Promise.all(
    apps.map(async (app, i) => {
      const report: ImportProblemDto[] = [];
      const hooks: ImportHooks = { onProblem: (p) => report.push(p) };
      if (i === 1) hooks.readAhead = readerFrom(app, undefined, maxTexts);
      const result = await importFile(app.ctx, 'decisions', file, options, hooks);
      return [result, report] as Imported;
    }),
  );
  return both as [Imported, Imported];
}

function comparable(result: ImportResultDto): Partial<ImportResultDto> {
  const { seconds: _s, batchId: _b, ...rest } = result;
  return rest;
}

function flags(app: TestApp): unknown[] {
  return app.ctx.sqlite
    .prepare(
      `SELECT d.decision_ref AS ref, f.code, f.field, f.message FROM compliance_flags f
       JOIN decisions d ON d.id = f.decision_id ORDER BY d.decision_ref, f.code, f.message`,
    )
    .all();
}

async function expectSameEitherWay(
  file: string,
  options: { sheet?: string } = {},
  readers = 1,
  maxTexts?: number,
): Promise<ImportProblemDto[]> {
  const pair: [TestApp, TestApp] = [await openTestApp(), await openTestApp()];
  apps.push(...pair);
  const [[inThread, reportA], [readAhead, reportB]] = await importBoth(
    file,
    pair,
    options,
    maxTexts,
  );
  expect(readersStarted).toBe(readers);
  expect(inThread.counts.rejected).toBeGreaterThan(10);
  expect(inThread.counts.new).toBeGreaterThan(500);
  expect(inThread.counts.flags).toBeGreaterThan(20);
  expect(comparable(readAhead)).toEqual(comparable(inThread));
  expect(reportB).toEqual(reportA);
  expect(storedDecisions(pair[1].ctx)).toEqual(storedDecisions(pair[0].ctx));
  expect(flags(pair[1])).toEqual(flags(pair[0]));
  expect(count(pair[1].ctx, 'assessors')).toBe(count(pair[0].ctx, 'assessors'));
  return reportA;
}

describe('reading a large decisions file on a thread of its own', () => {
  it('gives exactly what reading it on the import’s thread gives, for a messy CSV', async () => {
    const dir = tempDir();
    const options: CsvOptions = {
      encoding: 'windows-1252',
      delimiter: ';',
      preamble: [['Decisions export, November'], []],
    };
    const file = writeCsv(
      path.join(dir, 'messy.csv'),
      [header('decisions'), ...messyRows()],
      options,
    );
    // Quotes that never pair up, on the last line (they would swallow any line after them).
    fs.appendFileSync(file, `R999-O-1;${uln(999)};"Unclosed;Name\r\n`);
    const report = await expectSameEitherWay(file);
    expect(report.filter((p) => p.message.includes('beyond the last column'))).toHaveLength(2);
    // A reader that soon stops sending repeated texts by number (as for a file of ever-new ones)
    // sends the rest as they are: still the same import.
    await expectSameEitherWay(file, {}, 2, 40);
  });

  it('leaves an Excel workbook to the import’s thread: parsing it is the import', async () => {
    const dir = tempDir();
    const file = await writeXlsx(path.join(dir, 'messy.xlsx'), [
      { name: 'Notes', rows: [['Nothing here']] },
      { name: 'Decisions', rows: [header('decisions'), ...messyRows()] },
    ]);
    await expectSameEitherWay(file, { sheet: 'Decisions' }, 0);
  });

  it('re-imports a changed file the same way: grades changed, the rest unchanged', async () => {
    const dir = tempDir();
    const first = writeCsv(path.join(dir, 'first.csv'), [header('decisions'), ...messyRows()]);
    const grade = header('decisions').indexOf('grade');
    const changed = messyRows().map((r, i) => {
      const copy = [...r];
      if (i % 7 === 0 && copy[grade] === 'Pass') copy[grade] = 'Distinction';
      return copy;
    });
    const second = writeCsv(path.join(dir, 'second.csv'), [header('decisions'), ...changed]);
    const pair: [TestApp, TestApp] = [await openTestApp(), await openTestApp()];
    apps.push(...pair);
    await importBoth(first, pair);
    const [[inThread, reportA], [readAhead, reportB]] = await importBoth(second, pair);
    expect(readersStarted).toBe(2);
    expect(inThread.counts.changed).toBeGreaterThan(10);
    expect(inThread.counts.unchanged).toBeGreaterThan(300);
    expect(comparable(readAhead)).toEqual(comparable(inThread));
    expect(reportB).toEqual(reportA);
    expect(storedDecisions(pair[1].ctx)).toEqual(storedDecisions(pair[0].ctx));
  });

  it('stops the reader when the import is cancelled, and writes nothing', async () => {
    const dir = tempDir();
    const rows: Cell[][] = [header('decisions')];
    for (let n = 1; n <= 3000; n++) rows.push(...epaRows(n));
    const file = writeCsv(path.join(dir, 'large.csv'), rows);
    const app = await openTestApp();
    apps.push(app);
    let reader: Worker | null = null;
    let chunks = 0;
    const run = importFile(
      app.ctx,
      'decisions',
      file,
      {},
      {
        readAhead: readerFrom(app, (worker) => (reader = worker)),
        isCancelled: () => ++chunks > 3,
      },
    );
    await expect(run).rejects.toBeInstanceOf(ImportCancelled);
    // A reader left running would time this test out.
    const worker = reader as unknown as Worker;
    await new Promise<void>((resolve) => {
      if (worker.threadId === -1) resolve();
      else worker.once('exit', () => resolve());
    });
    expect(count(app.ctx, 'decisions')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
  });

  it('refuses, writing nothing, when an assessor the reader knew is gone by the time rows are written', async () => {
    // The reader loads assessors when it starts; here it loads them from a database where
    // IA900 exists, standing for one removed from this database in the meantime.
    const dir = tempDir();
    const gone = { assessor_ref: 'IA900', assessor_name: '' };
    const rows = epaRows(1, [gone, gone, gone]);
    const file = writeCsv(path.join(dir, 'gone.csv'), [header('decisions'), ...rows]);
    const [app, elsewhere] = [await openTestApp(), await openTestApp()];
    apps.push(app, elsewhere);
    elsewhere.ctx.sqlite
      .prepare(
        "INSERT INTO assessors (id, ref, name, status) VALUES (900, 'IA900', 'Gone Soon', 'active')",
      )
      .run();
    const run = importFile(
      app.ctx,
      'decisions',
      file,
      {},
      {
        readAhead: readerFrom(elsewhere),
      },
    );
    await expect(run).rejects.toThrow(/changed while this file was being read/);
    expect(count(app.ctx, 'decisions')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
  });
});
