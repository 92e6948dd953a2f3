/**
 * The problems shown with an import's result (the report file has them all): those of the
 * lowest rows, in row order, whenever they were found. The standardisation checks run after the
 * last row, so without this their problems on early rows were cut off by later rows' problems.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProblemDto } from '../../../src/shared/contract';
import { batchReport } from '../../../src/main/imports/batches';
import { SHOWN_PROBLEMS } from '../../../src/main/imports/collector';
import { runImport } from '../../../src/main/imports/engine';
import { ReportWriter } from '../../../src/main/imports/report';
import { openTestApp, type TestApp } from '../../support/context';
import { epasCsv } from './files';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
});
afterEach(() => app.close());

describe('the problems shown with a result', () => {
  it('are the lowest rows’ of the full report, in row order, those found after the last row included', async () => {
    // Every observation overruns (found row by row); the assessor was never standardised
    // (found after the last row, for every row).
    const file = epasCsv(path.join(app.dir, 'many.csv'), 120, [{ duration_minutes: 90 }]);
    const report: ImportProblemDto[] = [];
    const result = await runImport(
      app.ctx,
      { kind: 'decisions', file, fileName: 'many.csv', mode: 'preview', allOrNothing: false },
      { onProblem: (p) => report.push(p) },
    );
    expect(report).toHaveLength(120 + 360);
    expect(result.warningCount).toBe(report.length);
    // Array.prototype.sort is stable: within a row, the order found.
    const byRow = [...report].sort((a, b) => a.row - b.row);
    expect(result.problems).toEqual(byRow.slice(0, SHOWN_PROBLEMS));
    expect(result.problems.slice(0, 3).map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      '2 duration_minutes: observation lasted 90 minutes (allowed 54–66 minutes)',
      '2 assessor_ref: assessor not standardised on ST0071 v1.1 before this assessment',
      '3 assessor_ref: assessor not standardised on ST0071 v1.1 before this assessment',
    ]);
    // The first rows as they will be stored carry both, as notes.
    expect(result.preview[0]?.notes).toEqual([
      'Warning (duration_minutes): observation lasted 90 minutes (allowed 54–66 minutes)',
      'Warning (assessor_ref): assessor not standardised on ST0071 v1.1 before this assessment',
    ]);
  });

  it('are listed by row in the report file and the batch’s report, whenever they were found', async () => {
    const file = epasCsv(path.join(app.dir, 'many.csv'), 3, [{ duration_minutes: 90 }]);
    const reportPath = path.join(app.dir, 'report.csv');
    const writer = new ReportWriter(reportPath, 'many.csv');
    const found: number[] = [];
    let result;
    try {
      result = await runImport(
        app.ctx,
        { kind: 'decisions', file, fileName: 'many.csv', mode: 'commit', allOrNothing: false },
        {
          onProblem: (p) => {
            found.push(p.row);
            writer.add(p);
          },
        },
      );
    } finally {
      writer.close();
    }
    // Found out of row order: the standardisation checks come after the last row.
    expect(found).not.toEqual([...found].sort((a, b) => a - b));
    const rowsOf = (csv: string): number[] =>
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => Number(line.split(',')[1]));
    const written = fs.readFileSync(reportPath, 'utf8');
    expect(rowsOf(written)).toEqual([...found].sort((a, b) => a - b));
    const stored = batchReport(app.ctx, result.batchId as number);
    expect(Buffer.from(stored.base64, 'base64').toString('utf8')).toBe(written);
  });
});
