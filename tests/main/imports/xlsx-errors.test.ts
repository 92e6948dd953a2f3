/**
 * Formulas whose saved result is an Excel error: exceljs's streaming reader loses the error's
 * name, so the import finds it in the sheet's XML as it streams (xlsx-errors.ts). A sheet long
 * enough to stream in many chunks has error cells cut in two by chunk ends.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { excelErrorReason } from '../../../src/shared/imports';
import { readXlsxRows } from '../../../src/main/imports/xlsx';
import { tempDir } from '../../support/context';

const ERRORS = ['#DIV/0!', '#N/A', '#REF!', '#VALUE!', '#NAME?', '#NUM!'] as const;

let close = (): void => undefined;
afterEach(() => close());

describe('a formula saved with an error as its result', () => {
  it('reads as the error Excel shows, in every row of a long sheet', async () => {
    const file = path.join(tempDir(), 'errors.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data');
    sheet.addRow(['ref', 'value', 'zero', 'blank']);
    const rows = 20_000;
    for (let n = 2; n <= rows + 1; n++) {
      const row = sheet.addRow([`R${n}`]);
      // Formulas of different lengths, so that chunk ends fall at every point of a cell.
      row.getCell(2).value = {
        formula: `IFERROR(1/0,${'1+'.repeat(n % 37)}1)/0`,
        result: { error: ERRORS[n % ERRORS.length] as ExcelJS.CellErrorValue['error'] },
      };
      // Results exceljs leaves out of a row's values as falsy: they are values all the same.
      row.getCell(3).value = { formula: `B${n}-B${n}`, result: 0 };
      row.getCell(4).value = { formula: 'IF(TRUE,"","x")', result: '' };
    }
    await book.xlsx.writeFile(file);

    const table = await readXlsxRows(file, null, 'errors.xlsx');
    close = table.close;
    const cells: string[][] = [];
    for await (const batch of table.batches) cells.push(...batch.cells);
    expect(cells).toHaveLength(rows + 1);
    const wrong = cells
      .slice(1)
      .map((c, i) => ({ c, n: i + 2 }))
      .filter(({ c, n }) => c[1] !== ERRORS[n % ERRORS.length] || c[2] !== '0' || c[3] !== '');
    expect(wrong).toEqual([]);
  });

  it('reads as the error in a formula filled down (shared), and never as a bare "="', async () => {
    const file = path.join(tempDir(), 'filled.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data');
    sheet.addRow(['ref', 'employer', 'name']);
    for (let n = 2; n <= 5; n++) {
      const row = sheet.addRow([`R${n}`]);
      // A lookup written in B2 and filled down to B5, finding nothing; C2 filled down without
      // its results saved (a program that does not work formulas out).
      row.getCell(2).value =
        n === 2
          ? ({
              formula: 'VLOOKUP(A2,Employers!A:B,2,FALSE)',
              result: { error: '#N/A' },
              shareType: 'shared',
              ref: 'B2:B5',
            } as ExcelJS.CellFormulaValue)
          : ({ sharedFormula: 'B2', result: { error: '#N/A' } } as ExcelJS.CellSharedFormulaValue);
      row.getCell(3).value =
        n === 2
          ? ({ formula: 'A2&"x"', shareType: 'shared', ref: 'C2:C5' } as ExcelJS.CellFormulaValue)
          : ({ sharedFormula: 'C2' } as ExcelJS.CellSharedFormulaValue);
    }
    await book.xlsx.writeFile(file);

    const table = await readXlsxRows(file, null, 'filled.xlsx');
    close = table.close;
    const cells: string[][] = [];
    for await (const batch of table.batches) cells.push(...batch.cells);
    expect(cells.slice(1).map((c) => c[1])).toEqual(['#N/A', '#N/A', '#N/A', '#N/A']);
    for (const c of cells.slice(1)) expect(excelErrorReason(c[2] as string)).not.toBeNull();
  });
});
