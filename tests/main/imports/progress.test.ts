/**
 * What an import tells the user while it runs: after the last row is read, a large file still
 * has its overall grades, indexes and cross-checks ahead, and the user is told which is in hand.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport, type ImportProgress } from '../../../src/main/imports/engine';
import { openTestApp, type TestApp } from '../../support/context';
import { epaRows, header, writeCsv, type Cell } from './files';
import { count, standardise } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

/** Imports a file of `epas` EPAs, and returns each distinct finishing step, in order. */
async function finishingSteps(epas: number, mode: 'preview' | 'commit'): Promise<string[]> {
  const rows: Cell[][] = [];
  for (let n = 1; n <= epas; n++) rows.push(...epaRows(n));
  const file = writeCsv(path.join(app.dir, `${epas}.csv`), [header('decisions'), ...rows]);
  const steps: string[] = [];
  const progress: ImportProgress[] = [];
  await runImport(
    app.ctx,
    { kind: 'decisions', file, fileName: path.basename(file), mode, allOrNothing: false },
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
      'Updating the indexes the dashboards and queues use',
      "Checking assessors' standardisation, eligibility and conflicts of interest",
      'Saving',
    ]);
    expect(count(app.ctx, 'decisions')).toBe(51_000);
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
});
