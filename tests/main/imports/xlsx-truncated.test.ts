/**
 * Workbooks cut short (a copy or download that stopped part-way), or damaged inside. exceljs
 * 4.4.0's streaming reader waited forever on a workbook of a few MB cut inside its largest sheet:
 * the zip reader fails when the file ends, but the part it was filling never ends, and exceljs was
 * waiting for that part (xlsx-zip.ts). A file cut short is now refused by its end before it is
 * streamed (zipEndsWhole); one whose end is whole but whose parts run past it, when the zip
 * reader fails (watchZip). Each is refused promptly, in words naming the file, and writes
 * nothing: in the import itself (which the app's worker and the command line both run) and
 * through the command line. Every read here has its own time limit, so that a regression fails
 * rather than hangs.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zipEndsWhole } from '../../../src/main/imports/xlsx-zip';
import { runCliCaptured } from '../../support/cli';
import { openTestApp, tempDir, type TestApp } from '../../support/context';
import { epaRows, header, writeXlsx } from './files';
import { importFile, standardise } from './helpers';

/** Far longer than a refusal takes (milliseconds); a read still going is taken as stuck. */
const READ_LIMIT_MS = 10_000;
const CUTS = 60;

const refusal = (name: string): string =>
  `${name} could not be read as an Excel workbook: the file is incomplete or damaged (perhaps cut short while it was copied or downloaded). Save it again from Excel as .xlsx, or as CSV.`;

/** What `work` settled with, or 'still reading' if it had not within the limit. */
async function outcome(work: Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`still reading after ${READ_LIMIT_MS} ms`), READ_LIMIT_MS);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'read',
        (error: Error) => error.message,
      ),
      limit,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every table's row count: equal before and after means nothing was written. */
function rowCounts(db: Pick<Database.Database, 'prepare'>): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]),
  );
}

/** rowCounts of the database file `file`, opened for the count only. */
function countsIn(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    return rowCounts(db);
  } finally {
    db.close();
  }
}

/** Where each part's local header starts, with its name, in file order. */
function localHeaders(bytes: Buffer): { at: number; name: string }[] {
  const out: { at: number; name: string }[] = [];
  for (let at = bytes.indexOf('PK\x03\x04'); at >= 0; at = bytes.indexOf('PK\x03\x04', at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 26);
    out.push({ at, name: bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8') });
  }
  return out;
}

let books: string;
/**
 * A workbook of 6,000 decisions (about 4 MB) written by exceljs, zipped again with every part
 * stored uncompressed, as JSZip writes by default: large enough that its sheet is still arriving
 * when a cut file ends, which is when exceljs waited forever (26 of 60 cuts, all past 2 MB).
 */
let whole: Buffer;
beforeAll(async () => {
  books = tempDir('iqa-truncated-');
  const rows = [header('decisions')];
  for (let n = 1; n <= 2000; n++) rows.push(...(epaRows(n) as string[][]));
  const written = await writeXlsx(path.join(books, 'written.xlsx'), [{ name: 'Decisions', rows }]);
  const zip = await JSZip.loadAsync(fs.readFileSync(written));
  whole = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}, 120_000);
afterAll(() => fs.rmSync(books, { recursive: true, force: true }));

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

describe('a workbook stored uncompressed, cut short', () => {
  it(`is refused by name, promptly, at each of ${CUTS} cuts over its length, writing nothing`, async () => {
    const before = rowCounts(app.ctx.sqlite);
    const wrong: string[] = [];
    for (let i = 1; i <= CUTS; i++) {
      const at = Math.floor((whole.length * i) / (CUTS + 1));
      const name = `Decisions cut at ${at}.xlsx`;
      const file = path.join(app.dir, name);
      fs.writeFileSync(file, whole.subarray(0, at));
      const got = await outcome(importFile(app.ctx, 'decisions', file));
      if (got !== refusal(name)) wrong.push(`${at}: ${got}`);
      // A stuck read is not waited for again at every later cut.
      if (got.startsWith('still reading')) break;
      fs.rmSync(file);
    }
    expect(wrong).toEqual([]);
    expect(rowCounts(app.ctx.sqlite)).toEqual(before);
  }, 300_000);

  it('is refused when its largest sheet runs past the end of the file by its own account', async () => {
    // The file ends as a whole zip does (its directory is intact), but the sheet's own header
    // claims more bytes than the file holds: the zip reader runs off the end while exceljs copies
    // that sheet, as in a cut.
    const bytes = Buffer.from(whole);
    const sheet = localHeaders(bytes).find((p) => p.name === 'xl/worksheets/sheet1.xml');
    expect(sheet).toBeDefined();
    const at = (sheet as { at: number }).at;
    for (const field of [18, 22])
      bytes.writeUInt32LE(bytes.readUInt32LE(at + field) * 2, at + field);
    const file = path.join(app.dir, 'Overrun.xlsx');
    fs.writeFileSync(file, bytes);
    const before = rowCounts(app.ctx.sqlite);
    expect(await outcome(importFile(app.ctx, 'decisions', file))).toBe(refusal('Overrun.xlsx'));
    expect(rowCounts(app.ctx.sqlite)).toEqual(before);
  });

  it('is still read whole when it is not cut', async () => {
    const file = path.join(app.dir, 'Whole.xlsx');
    fs.writeFileSync(file, whole);
    const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(result).toMatchObject({ rowsRead: 6000, counts: { new: 6000, rejected: 0 } });
  });
});

describe('the import command given a workbook cut short', () => {
  it('exits 1 promptly, saying why by the file’s name, and leaves the database as it was', async () => {
    const db = path.join(app.dir, 'cli.sqlite');
    expect((await runCliCaptured(['init', '--db', db])).code).toBe(0);
    const before = countsIn(db);
    // Inside the sheet, past 2 MB: a cut the reader waited on forever.
    const file = path.join(app.dir, 'March decisions.xlsx');
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const started = Date.now();
    let result: { code: number; out: string; err: string } | undefined;
    const got = await outcome(
      runCliCaptured(['import', 'decisions', file, '--db', db, '--json']).then((r) => {
        result = r;
      }),
    );
    expect(got).toBe('read');
    expect(Date.now() - started).toBeLessThan(READ_LIMIT_MS);
    const { code, out, err } = result as { code: number; out: string; err: string };
    expect(code).toBe(1);
    expect(err.trim()).toBe(refusal('March decisions.xlsx'));
    expect(JSON.parse(out)).toMatchObject({
      batch: null,
      errors: [{ row: null, column: null, value: null, message: refusal('March decisions.xlsx') }],
    });
    expect(countsIn(db)).toEqual(before);
  });
});

/**
 * The zip's end made to take zip64's form, as a writer does when sizes or offsets need 64 bits
 * (and some always do): a zip64 record and its locator before the record, which then says only
 * 0xFFFF and 0xFFFFFFFF.
 */
function withZip64End(bytes: Buffer): Buffer {
  const at = bytes.lastIndexOf('PK\x05\x06');
  const record = bytes.subarray(at, at + 22);
  const zip64 = Buffer.alloc(56);
  zip64.writeUInt32LE(0x06064b50, 0);
  zip64.writeBigUInt64LE(44n, 4);
  zip64.writeUInt16LE(45, 12);
  zip64.writeUInt16LE(45, 14);
  zip64.writeBigUInt64LE(BigInt(record.readUInt16LE(8)), 24);
  zip64.writeBigUInt64LE(BigInt(record.readUInt16LE(10)), 32);
  zip64.writeBigUInt64LE(BigInt(record.readUInt32LE(12)), 40);
  zip64.writeBigUInt64LE(BigInt(record.readUInt32LE(16)), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(at), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.from(record);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([bytes.subarray(0, at), zip64, locator, end]);
}

describe("a workbook's end, read before the workbook (zipEndsWhole)", () => {
  const check = (name: string, bytes: Buffer): Promise<boolean> => {
    const file = path.join(app.dir, name);
    fs.writeFileSync(file, bytes);
    return zipEndsWhole(file);
  };

  it('says a whole workbook ends whole, compressed or not, with a comment or bytes after it', async () => {
    expect(await check('stored.xlsx', whole)).toBe(true);
    const zip = await JSZip.loadAsync(whole);
    const deflated = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(await check('deflated.xlsx', deflated)).toBe(true);
    const commented = await zip.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
      // A signature inside the comment is not taken for the record, which is before it.
      comment: 'PK\x05\x06 Exported by EPA Pro for the EPAO, March 2026',
    });
    expect(await check('commented.xlsx', commented)).toBe(true);
    // Padding some transfers add: other zip readers, and exceljs's, stop at the record.
    const padded = Buffer.concat([deflated, Buffer.alloc(512)]);
    expect(await check('padded.xlsx', padded)).toBe(true);
    expect(await check('zip64.xlsx', withZip64End(deflated))).toBe(true);
  });

  it(`says none of ${CUTS} cuts ends whole, nor one with bytes missing inside`, async () => {
    const whole64 = withZip64End(whole);
    const cuts: boolean[] = [];
    for (let i = 1; i <= CUTS; i++) {
      cuts.push(
        await check('cut.xlsx', whole.subarray(0, Math.floor((whole.length * i) / (CUTS + 1)))),
      );
      // Cut in its end: in the zip64 record, its locator or the record after them.
      cuts.push(await check('cut64.xlsx', whole64.subarray(0, whole64.length - i)));
    }
    expect(cuts.filter(Boolean)).toEqual([]);
    const holed = Buffer.concat([whole.subarray(0, 100_000), whole.subarray(101_000)]);
    expect(await check('holed.xlsx', holed)).toBe(false);
    expect(await check('empty.xlsx', Buffer.alloc(0))).toBe(false);
    expect(await check('header.xlsx', whole.subarray(0, 4))).toBe(false);
  });

  it("lets a workbook with zip64's end be read", async () => {
    const file = path.join(app.dir, 'Zip64.xlsx');
    fs.writeFileSync(file, withZip64End(whole));
    const result = await outcome(importFile(app.ctx, 'decisions', file, { mode: 'preview' }));
    expect(result).toBe('read');
  });
});
