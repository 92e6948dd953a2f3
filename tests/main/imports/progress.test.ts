/**
 * What an import tells the user while it runs: after the last row is read, a large file still
 * has its overall grades, indexes and cross-checks ahead, and the user is told which is in hand.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportCancelled, type ImportProgress } from '../../../src/main/imports/engine';
import { openTestApp, type TestApp } from '../../support/context';
import { epaRows, epasCsv, header, writeXlsx, type Cell } from './files';
import { count, importFile, standardise } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

/** A file of `epas` EPAs, three rows each. */
const fileOf = (epas: number): string => epasCsv(path.join(app.dir, `${epas}.csv`), epas);

/** Imports a file of `epas` EPAs, and returns each distinct finishing step, in order. */
async function finishingSteps(epas: number, mode: 'preview' | 'commit'): Promise<string[]> {
  const file = fileOf(epas);
  const steps: string[] = [];
  const progress: ImportProgress[] = [];
  await importFile(
    app.ctx,
    'decisions',
    file,
    { mode },
    {
      onProgress: (p) => {
        progress.push(p);
        if (p.finishing !== undefined && p.finishing !== steps.at(-1)) steps.push(p.finishing);
      },
    },
  );
  // Finishing comes only once every row is read, and says so with every row counted.
  const first = progress.findIndex((p) => p.finishing !== undefined);
  expect(first).toBeGreaterThanOrEqual(0);
  for (const p of progress.slice(first)) {
    expect(p.finishing).toBeDefined();
    expect(p).toMatchObject({ rowsDone: epas * 3, bytesDone: p.bytesTotal });
  }
  return steps;
}

describe('import progress after the last row', () => {
  it('names each step of a large import, the index rebuild included, and ends with saving', async () => {
    // 51,000 rows: enough for the bulk path, which rebuilds the read indexes at the end.
    expect(await finishingSteps(17_000, 'commit')).toEqual([
      'Finishing the checks',
      'Working out overall EPA grades',
      ...Array.from(
        { length: 9 },
        (_, i) => `Updating the indexes the dashboards and queues use (${i + 1} of 9)`,
      ),
      "Checking assessors' standardisation, eligibility and conflicts of interest",
      'Saving',
    ]);
    expect(count(app.ctx, 'decisions')).toBe(51_000);
  });

  it('gives no share of a workbook while its rows are read: it was unzipped before them', async () => {
    const rows: Cell[][] = [header('decisions')];
    for (let n = 1; n <= 400; n++) rows.push(...epaRows(n));
    const file = await writeXlsx(path.join(app.dir, 'book.xlsx'), [{ name: 'D', rows }]);
    const progress: ImportProgress[] = [];
    await importFile(
      app.ctx,
      'decisions',
      file,
      { mode: 'preview' },
      {
        onProgress: (p) => progress.push(p),
      },
    );
    const reading = progress.filter((p) => p.finishing === undefined);
    expect(reading.length).toBeGreaterThan(0);
    for (const p of reading) expect(p.bytesTotal).toBe(0);
  });

  it('skips the index step for a small file, and prepares a preview rather than saving', async () => {
    expect(await finishingSteps(3, 'preview')).toEqual([
      'Finishing the checks',
      'Working out overall EPA grades',
      "Checking assessors' standardisation, eligibility and conflicts of interest",
      'Preparing the preview',
    ]);
    expect(count(app.ctx, 'decisions')).toBe(0);
  });

  it('honours a cancel between the steps after the last row, leaving the database as it was', async () => {
    const file = fileOf(17_000);
    const indexes = (): string[] =>
      app.ctx.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name")
        .pluck()
        .all() as string[];
    const before = indexes();
    let cancel = false;
    let last = '';
    const run = importFile(
      app.ctx,
      'decisions',
      file,
      {},
      {
        // Pressed while the third index is being built.
        onProgress: (p) => {
          if (p.finishing !== undefined) last = p.finishing;
          if (p.finishing?.includes('(3 of 9)')) cancel = true;
        },
        isCancelled: () => cancel,
      },
    );
    await expect(run).rejects.toBeInstanceOf(ImportCancelled);
    // Stopped at the next step, not after the rest of them.
    expect(last).toBe('Updating the indexes the dashboards and queues use (3 of 9)');
    expect(count(app.ctx, 'decisions')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
    // The indexes and triggers the bulk load dropped are all back, as the rollback left them.
    expect(indexes()).toEqual(before);
    expect(app.ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
