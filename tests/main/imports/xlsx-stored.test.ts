/**
 * Workbooks whose parts are stored uncompressed in the zip, as JSZip writes them by default and as
 * some tools save them. exceljs 4.4.0's streaming reader stopped at the zip reader's early 'end'
 * and lost the parts after the one it was busy with, xl/workbook.xml among them (exceljs saves it
 * last): most of these reads failed, not all, so each test reads the file many times (xlsx-zip.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readXlsxRows } from '../../../src/main/imports/xlsx';
import { openTestApp, type TestApp } from '../../support/context';
import { epaRows, header, writeXlsx, type Cell } from './files';
import { importFile, standardise, storedDecisions } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  // Assessors IA001 to IA005, standardised: their own flags stay out of these tests.
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

const READS = 40;

/** A workbook written by exceljs, then zipped again with every part stored (no compression). */
async function storedBook(name: string, sheets: { name: string; rows: Cell[][] }[]) {
  const file = await writeXlsx(path.join(app.dir, name), sheets);
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
  return file;
}

/** The zip's parts as the file lists them, each with its method (0: stored, 8: deflated). */
function parts(file: string): { name: string; method: number }[] {
  const bytes = fs.readFileSync(file);
  const out: { name: string; method: number }[] = [];
  for (let at = bytes.indexOf('PK\x03\x04'); at >= 0; at = bytes.indexOf('PK\x03\x04', at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 26);
    out.push({
      method: bytes.readUInt16LE(at + 8),
      name: bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8'),
    });
  }
  return out;
}

describe('a workbook whose parts are stored uncompressed', () => {
  it(`is read whole every time, in ${READS} imports of the same file`, async () => {
    const rows = [header('decisions'), ...epaRows(1), ...epaRows(2)];
    const file = await storedBook('stored.xlsx', [
      { name: 'Notes', rows: [['Exported for the EPAO'], ['Second sheet holds the decisions']] },
      { name: 'Decisions', rows },
    ]);
    // What made it fail: every part stored, and the workbook's part after the sheets'.
    const listed = parts(file);
    expect(listed.every((p) => p.method === 0)).toBe(true);
    const names = listed.map((p) => p.name);
    expect(names.indexOf('xl/workbook.xml')).toBeGreaterThan(
      names.indexOf('xl/worksheets/sheet2.xml'),
    );

    const outcomes: string[] = [];
    for (let n = 0; n < READS; n++) {
      const result = await importFile(app.ctx, 'decisions', file, {
        mode: 'preview',
        sheet: 'Decisions',
      }).catch((e: Error) => e);
      outcomes.push(
        result instanceof Error
          ? result.message
          : `${result.rowsRead} rows, ${result.counts.new} new, ${result.counts.rejected} rejected`,
      );
    }
    // Each failed read as it failed, rather than only the first.
    expect(outcomes.filter((o) => o !== '6 rows, 6 new, 0 rejected')).toEqual([]);

    const committed = await importFile(app.ctx, 'decisions', file, { sheet: 'Decisions' });
    expect(committed).toMatchObject({ committed: true, counts: { new: 6, rejected: 0 } });
    expect(storedDecisions(app.ctx)).toHaveLength(6);
  });

  it(`names every sheet and reads the first by default, in ${READS} reads`, async () => {
    const file = await storedBook('three.xlsx', [
      { name: 'Decisions', rows: [header('decisions'), ...epaRows(1)] },
      { name: 'Lookups', rows: [['Pass'], ['Merit']] },
      { name: 'Notes', rows: [['none']] },
    ]);
    for (let n = 0; n < READS; n++) {
      const table = await readXlsxRows(file, null, 'three.xlsx');
      const cells: string[][] = [];
      for await (const batch of table.batches) cells.push(...batch.cells);
      expect(table.info).toEqual({
        sheet: 'Decisions',
        sheets: ['Decisions', 'Lookups', 'Notes'],
        hidden: [],
      });
      expect(cells).toHaveLength(4);
    }
  });
});
