/**
 * Merged cells: found in a sheet's XML however it is cut into chunks or blocks, and filled into
 * the rows of real workbooks (exceljs's) far longer than the batch a short sheet is held for.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportCancelled } from '../../../src/main/imports/engine';
import { readXlsxRows } from '../../../src/main/imports/xlsx';
import {
  MergedCells,
  mergesIn,
  mergesInFile,
  parseRange,
} from '../../../src/main/imports/xlsx-merges';
import { openTestApp, tempDir, type TestApp } from '../../support/context';
import { epaRows, header, type Cell } from './files';
import { count, importFile, problemLines, standardise, storedDecisions } from './helpers';

const XML =
  '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>' +
  '<mergeCells count="3"><mergeCell ref="A2:A4"/><mergeCell ref="B2:C9"/><mergeCell ref="AA10:AB10"/></mergeCells>';

async function rangesOf(chunks: string[]): Promise<string[]> {
  const merges = new MergedCells();
  async function* source(): AsyncGenerator<Buffer> {
    for (const c of chunks) yield Buffer.from(c, 'utf8');
  }
  let passed = '';
  for await (const c of merges.watch(source())) passed += c.toString();
  expect(passed).toBe(chunks.join(''));
  return merges.ranges.map((r) => `${r.top},${r.left}:${r.bottom},${r.right}`);
}

describe('merged cells in a sheet', () => {
  it('finds every merge, wherever the chunks of the XML are cut', async () => {
    const expected = ['2,1:4,1', '2,2:9,3', '10,27:10,28'];
    for (let cut = 1; cut < XML.length; cut++) {
      expect(await rangesOf([XML.slice(0, cut), XML.slice(cut)])).toEqual(expected);
    }
    expect(await rangesOf([...XML])).toEqual(expected);
  });

  it('finds every merge when it stops at their end, wherever the chunks are cut', async () => {
    // Read ahead of a long sheet's rows, the XML is read no further than its merges' end.
    const expected = ['2,1:4,1', '2,2:9,3', '10,27:10,28'];
    const found = async (chunks: string[]): Promise<string[]> => {
      async function* source(): AsyncGenerator<Buffer> {
        for (const c of chunks) yield Buffer.from(c, 'utf8');
      }
      const ranges = await mergesIn(source());
      return ranges.map((r) => `${r.top},${r.left}:${r.bottom},${r.right}`);
    };
    for (let cut = 1; cut < XML.length; cut++) {
      expect(await found([XML.slice(0, cut), XML.slice(cut)])).toEqual(expected);
    }
    expect(await found([...XML])).toEqual(expected);
  });

  it("finds every merge from a sheet's file, wherever its blocks cut the rows' end", async () => {
    // The file is searched from its end back, 64 KB at a time, for </sheetData>: here it falls
    // on each side of, and across, the edge of the last block.
    const dir = tempDir('iqa-merges-file-');
    try {
      const rows = Array.from(
        { length: 3000 },
        (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
      ).join('');
      const [before, after] = XML.split('</sheetData>') as [string, string];
      const tail = `</sheetData>${after}`;
      const file = path.join(dir, 'sheet.xml');
      for (let fromEnd = (1 << 16) - 16; fromEnd <= (1 << 16) + 16; fromEnd++) {
        const padding = ' '.repeat(fromEnd - tail.length - '</worksheet>'.length);
        fs.writeFileSync(file, `<worksheet>${before}${rows}${tail}${padding}</worksheet>`);
        const ranges = await mergesInFile(file);
        expect(ranges.map((r) => `${r.top},${r.left}:${r.bottom},${r.right}`)).toEqual([
          '2,1:4,1',
          '2,2:9,3',
          '10,27:10,28',
        ]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads absolute references and refuses what is not a range', () => {
    expect(parseRange('$A$2:$B$3')).toEqual({ top: 2, left: 1, bottom: 3, right: 2 });
    expect(parseRange('A1')).toBeUndefined();
    expect(parseRange('not a range')).toBeUndefined();
  });
});

/**
 * A decisions sheet kept by hand, far longer than a batch (2,000 rows): each apprentice's
 * assessor merged down their three rows, each pair of apprentices' assessment date merged down
 * their six, a blank row inside one apprentice's merges, and an employer merged down six
 * apprentices' rows across the end of the first batch. The merged cells below a merge's top are
 * empty in the file, as Excel saves them.
 */
const APPRENTICES = 1_700;
const BLANK_IN = 1_200;
const BOUNDARY = { from: 664, to: 669, employer: 'Boundary Joinery Ltd' };

const assessorOf = (n: number): string => `IA00${1 + (n % 5)}`;
const dateOf = (n: number): string =>
  `2026-02-${String(1 + (Math.floor((n - 1) / 2) % 28)).padStart(2, '0')}`;
const employerOf = (n: number): string =>
  n >= BOUNDARY.from && n <= BOUNDARY.to ? BOUNDARY.employer : 'Café Royal £ Ltd';

/** The hand-kept sheet's rows and the merges to make on it (row, column, row, column). */
function keptByHand(): { rows: Cell[][]; merges: [number, number, number, number][] } {
  const assessor = col('assessor_ref');
  const date = col('assessment_date');
  const employer = col('employer');
  const rows: Cell[][] = [header('decisions')];
  const blocks = new Map<number, { top: number; bottom: number }>();
  for (let n = 1; n <= APPRENTICES; n++) {
    const top = rows.length + 1;
    epaRows(n).forEach((r, i) => {
      r[col('assessor_name') - 1] = null;
      r[date - 1] = null;
      r[employer - 1] = null;
      if (i === 0) r[assessor - 1] = assessorOf(n);
      else r[assessor - 1] = null;
      if (i === 0 && n % 2 === 1) r[date - 1] = dateOf(n);
      if (i === 0 && (n === BOUNDARY.from || employerOf(n) !== BOUNDARY.employer)) {
        r[employer - 1] = employerOf(n);
      }
      // A row left blank between an apprentice's decisions, inside their merges.
      if (n === BLANK_IN && i === 1) rows.push([]);
      rows.push(r);
    });
    blocks.set(n, { top, bottom: rows.length });
  }
  const merges: [number, number, number, number][] = [];
  for (const [n, { top, bottom }] of blocks) {
    merges.push([top, assessor, bottom, assessor]);
    if (n % 2 === 1) merges.push([top, date, (blocks.get(n + 1) ?? { bottom }).bottom, date]);
  }
  const from = blocks.get(BOUNDARY.from) as { top: number };
  const to = blocks.get(BOUNDARY.to) as { bottom: number };
  merges.push([from.top, employer, to.bottom, employer]);
  // What the test is for: the employer's merge starts in the first batch and ends in the next.
  expect(from.top).toBeLessThanOrEqual(2000);
  expect(to.bottom).toBeGreaterThan(2000);
  return { rows, merges };
}

function col(name: string): number {
  return header('decisions').indexOf(name) + 1;
}

/** What each decision of the hand-kept sheet should be stored with. */
function expectedDecisions(): string[] {
  const out: string[] = [];
  for (let n = 1; n <= APPRENTICES; n++) {
    for (const method of ['O', 'WBP', 'PD']) {
      out.push(`R${n}-${method}-1 ${assessorOf(n)} ${dateOf(n)} ${employerOf(n)}`);
    }
  }
  return out.sort();
}

let books: string;
/** The hand-kept sheet as exceljs saves it, alone and after a sheet of notes. */
let alone: string;
let second: string;
/**
 * The same workbook with the workbook's part and the shared strings before the sheet in the zip,
 * as other programs order them (exceljs saves the workbook's part last). The merges are read from
 * exceljs's copy of the sheet, which it makes whatever the order (xlsx.ts, sheetFiles): if it
 * read this sheet straight from the zip, its merges past the first batch would not be filled.
 */
let workbookFirst: string;

/** Rewrites a workbook's zip with the parts named first, then the rest in their order. */
async function reordered(file: string, first: string[], to: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]?.dir);
  const out = new JSZip();
  for (const name of [...first, ...names.filter((n) => !first.includes(n))]) {
    out.file(name, await (zip.file(name) as JSZip.JSZipObject).async('nodebuffer'));
  }
  fs.writeFileSync(to, await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return to;
}

beforeAll(async () => {
  books = tempDir('iqa-merges-');
  const { rows, merges } = keptByHand();
  const write = async (name: string, notes: boolean): Promise<string> => {
    const wb = new ExcelJS.Workbook();
    if (notes) {
      // Merges of their own, in other rows and columns: read for the decisions, they would
      // leave most of the assessors and dates empty.
      const sheet = wb.addWorksheet('Notes');
      for (let r = 1; r <= 2_500; r++) sheet.addRow([`Note ${r}`, r % 7 === 1 ? 'Checked' : null]);
      for (let r = 1; r + 6 <= 2_500; r += 7) sheet.mergeCells(r, 2, r + 6, 2);
    }
    const sheet = wb.addWorksheet('Decisions');
    for (const r of rows) sheet.addRow(r.map((c) => (c === null ? undefined : c)));
    for (const [top, left, bottom, right] of merges) sheet.mergeCells(top, left, bottom, right);
    const file = path.join(books, name);
    await wb.xlsx.writeFile(file);
    return file;
  };
  alone = await write('Decisions kept by hand.xlsx', false);
  second = await write('Notes and decisions.xlsx', true);
  workbookFirst = await reordered(
    alone,
    [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
    ],
    path.join(books, 'Workbook part first.xlsx'),
  );
}, 120_000);
afterAll(() => fs.rmSync(books, { recursive: true, force: true }));

describe('values merged down a sheet longer than a batch', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await openTestApp();
    standardise(app.ctx.sqlite);
  });
  afterEach(() => app.close());

  const stored = (): string[] =>
    storedDecisions(app.ctx)
      .map((d) => `${String(d.ref)} ${String(d.assessor)} ${String(d.date)} ${String(d.employer)}`)
      .sort();

  it('fills them into every row of 5,100 decisions, across the end of the first batch, but not into a blank row', async () => {
    // Only the top row of each merge holds its value in the file: read as the file holds them,
    // 4,250 of the 5,100 rows were rejected as missing assessor_ref or assessment_date.
    for (const file of [alone, workbookFirst]) {
      const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
      expect(problemLines(result, 'error')).toEqual([]);
      expect(result).toMatchObject({ rowsRead: 5_100, counts: { new: 5_100, rejected: 0 } });
    }
    await importFile(app.ctx, 'decisions', workbookFirst);
    expect(stored()).toEqual(expectedDecisions());
  }, 120_000);

  it("fills the chosen sheet's merges, not the first sheet's", async () => {
    const result = await importFile(app.ctx, 'decisions', second, { sheet: 'Decisions' });
    expect(problemLines(result, 'error')).toEqual([]);
    expect(result.counts).toMatchObject({ new: 5_100, rejected: 0 });
    expect(stored()).toEqual(expectedDecisions());
  }, 120_000);

  it('refuses a workbook whose sheet is garbled past its first batch, naming the file, writing nothing', async () => {
    // The merges are looked for from the end of the sheet's XML back to the end of its rows,
    // which the damage has garbled away: none are found, the rows are read, and the workbook is
    // refused where they stop making sense, as it is without merges.
    const bytes = fs.readFileSync(workbookFirst);
    const sheet = localPart(bytes, 'xl/worksheets/sheet1.xml');
    const damageAt = sheet.start + Math.floor(sheet.size * 0.9);
    for (let i = 0; i < 256; i++) bytes[damageAt + i] = (i * 151 + 17) & 0xff;
    // What the damage does: the sheet still unzips, but without the end of its rows.
    const unzipped = zlib.inflateRawSync(bytes.subarray(sheet.start, sheet.start + sheet.size));
    expect(unzipped.includes('<sheetData>')).toBe(true);
    expect(unzipped.includes('</sheetData>')).toBe(false);
    const name = 'Damaged decisions.xlsx';
    const file = path.join(app.dir, name);
    fs.writeFileSync(file, bytes);
    await expect(importFile(app.ctx, 'decisions', file)).rejects.toThrow(
      `${name} could not be read as an Excel workbook: the file is incomplete or damaged (perhaps cut short while it was copied or downloaded). Save it again from Excel as .xlsx, or as CSV.`,
    );
    expect(count(app.ctx, 'decisions')).toBe(0);
  }, 60_000);

  it('stops looking for the merges as soon as the import is cancelled', async () => {
    // The end of the sheet's XML is read 64 KB at a time, asking about a cancel before each read:
    // the merges of this one take more than one.
    let asked = 0;
    const table = await readXlsxRows(workbookFirst, null, 'Workbook part first.xlsx', {
      isCancelled: () => ++asked >= 2,
    });
    try {
      await expect(table.batches.next()).rejects.toBeInstanceOf(ImportCancelled);
    } finally {
      table.close();
    }
    expect(asked).toBe(2);
    await expect(
      importFile(app.ctx, 'decisions', alone, {}, { isCancelled: () => true }),
    ).rejects.toBeInstanceOf(ImportCancelled);
    expect(count(app.ctx, 'decisions')).toBe(0);
  }, 60_000);
});

/** Where a part's data starts in a zip's bytes, and its size, by its own header. */
function localPart(bytes: Buffer, name: string): { start: number; size: number } {
  for (let at = bytes.indexOf('PK\x03\x04'); at >= 0; at = bytes.indexOf('PK\x03\x04', at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 26);
    if (bytes.toString('utf8', at + 30, at + 30 + nameLength) !== name) continue;
    return {
      start: at + 30 + nameLength + bytes.readUInt16LE(at + 28),
      size: bytes.readUInt32LE(at + 18),
    };
  }
  throw new Error(`${name} is not in the zip`);
}
