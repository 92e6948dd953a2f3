/**
 * Excel workbooks, read as a stream of rows.
 *
 * exceljs is pinned at 4.4.0 in package.json: it is the one maintained-enough library with a
 * streaming reader (SheetJS on npm is frozen with known vulnerabilities and loads whole files),
 * but it has had no release since 2023 and carries transitive advisories. So it is pinned, and
 * untrusted workbooks are only ever read inside the import worker, which runs with memory limits
 * and a watchdog (see jobs.ts).
 */
import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { DomainError } from '../core/errors';
import type { RowBatch } from './table';
import { FormulaErrors } from './xlsx-errors';
import { InlineRichText } from './xlsx-inline';
import { ImportCancelled } from './cancelled';
import { MergedCells, MergeFill, mergesInFile } from './xlsx-merges';
import { SharedStrings } from './xlsx-strings';
import { watchZip, zipEndsWhole, type WatchedZip } from './xlsx-zip';

/**
 * Rows read before a batch is handed on. A sheet that ends within its first batch has its merged
 * cells noted from its XML on the way; a longer one has them read from its end before its first
 * batch is handed on (xlsx-merges.ts). Holding more rows instead (10,000) raised a 100k-row
 * import's peak RSS by 20-40 MB, and still missed the merges of a longer sheet.
 */
const BATCH_ROWS = 2000;

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

/**
 * What exceljs's parse() yields. A worksheet comes as { eventType: 'worksheet', value }; 4.4.0
 * yields a shared string bare, as { index, text }, although its README documents it as an
 * 'shared-strings' event, so both shapes are read.
 */
interface ReaderEvent {
  eventType?: string;
  value?: unknown;
  index?: number;
  text?: unknown;
}

interface BookModel {
  sheets?: { name: string; state?: string }[];
}

/** A cell's number format, and the workbook's date system, for a value they change. */
export interface CellFormat {
  numFmt?: string;
  /** The workbook counts days from 1 January 1904 (Excel for Mac's old default). */
  date1904: boolean;
}

const MS_PER_DAY = 86_400_000;
/** 30 December 1899, Excel's day 0 (in the 1900 system), as days since 1970. */
const EXCEL_EPOCH_DAYS = 25_569;
/** Days from the 1900 system's day 0 to the 1904 system's. */
const DAYS_1904 = 1_462;

/**
 * What a number format shows: a date (perhaps with a time), a time only (1:05, [h]:mm, mm:ss),
 * or neither. Decided as exceljs decides a date cell (any of y m d h s b outside quotes and
 * brackets), so a formula's result is read as the same value would be without the formula.
 */
function formatKind(numFmt: string | undefined): 'date' | 'time' | null {
  if (!numFmt) return null;
  const unquoted = numFmt.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  // Brackets hold colours, conditions and locales ([Red], [<=9999], [$-809]), or elapsed time.
  const bare = unquoted.replace(/\[[^\]]*]/g, '');
  if (!/[ymdhMsb]/.test(bare)) return null;
  const elapsed = /\[(?:h+|m+|s+)]/i.test(unquoted);
  return (elapsed || /[hs]/i.test(bare)) && !/[ydb]/i.test(bare) ? 'time' : 'date';
}

/**
 * A time in a time-only format as hours and minutes ("1:05"), with seconds if the format has
 * them ("0:05:30"), as Excel shows it in h:mm and [h]:mm. Always hours first, in 24-hour form and
 * counted past 24 (h:mm would show a duration of 25 hours as 1:00, dropping a day the value
 * holds; [mm]:ss shows 65 minutes as 65:00): the same time, and never read as another.
 */
function timeText(days: number, numFmt: string): string {
  const seconds = Math.round(Math.abs(days) * 86_400);
  const two = (n: number): string => String(n).padStart(2, '0');
  const shown = `${Math.floor(seconds / 3600)}:${two(Math.floor(seconds / 60) % 60)}`;
  const bare = numFmt.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  const withSeconds = /s/i.test(bare.replace(/\[(?!s+])[^\]]*]/gi, ''));
  return `${days < 0 ? '-' : ''}${withSeconds ? `${shown}:${two(seconds % 60)}` : shown}`;
}

/** Excel's day number `serial` (in the workbook's date system) as a date or time in `numFmt`. */
function serialText(serial: number, format: CellFormat): string | null {
  const kind = formatKind(format.numFmt);
  if (kind === 'time') return timeText(serial, format.numFmt as string);
  if (kind !== 'date') return null;
  const days = serial - EXCEL_EPOCH_DAYS + (format.date1904 ? DAYS_1904 : 0);
  const date = new Date(Math.round(days * MS_PER_DAY));
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/**
 * A cell as text; dates as YYYY-MM-DD (Excel stores them as UTC day numbers), times as Excel
 * shows them ("1:05") given the cell's `format`. A shared string comes as its index into the
 * workbook's table.
 */
export function cellText(
  value: ExcelJS.CellValue | undefined,
  strings: SharedStrings,
  format?: CellFormat,
): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    // A number in a date format here is a formula's result (exceljs makes other such cells dates).
    return (format && serialText(value, format)) ?? String(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    // A time-only cell is a time of day or a duration: exceljs makes it a date on 30 December
    // 1899, which the user never typed. It is shown as Excel shows it.
    if (format && formatKind(format.numFmt) === 'time') {
      const days = value.getTime() / MS_PER_DAY + EXCEL_EPOCH_DAYS;
      return timeText(days - (format.date1904 ? DAYS_1904 : 0), format.numFmt as string);
    }
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('sharedString' in value && typeof value.sharedString === 'number') {
      return strings.get(value.sharedString) ?? '';
    }
    if ('richText' in value && Array.isArray(value.richText)) return richText(value.richText);
    if ('result' in value && !Number.isNaN(value.result)) {
      return cellText(value.result as ExcelJS.CellValue, strings, format);
    }
    // No value saved with the formula (a sheet's rows say more: formulaText): the program that
    // saved the file does not work formulas out. The formula itself is what the user will
    // recognise, and the row checks refuse it (excelErrorReason).
    if ('formula' in value) return `=${String(value.formula)}`;
    if ('sharedFormula' in value) return `=${String(value.sharedFormula)}`;
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/**
 * A formula cell whose value exceljs did not give: no result, a null one (a copy filled down
 * from the group's first cell, `{ formula: '' }`), or NaN (an Excel error).
 */
function isFormulaWithoutResult(
  value: ExcelJS.CellValue | undefined,
): value is ExcelJS.CellFormulaValue {
  if (typeof value !== 'object' || value === null || !('formula' in value)) return false;
  const result = (value as { result?: unknown }).result;
  return result === undefined || result === null || Number.isNaN(result);
}

/**
 * A formula cell whose result exceljs leaves out of a row's values, as it does any result that
 * is falsy: a formula saved without its value, or one whose result is 0 or empty text, or an
 * Excel error (kept as NaN, its name in `errors`). The cell itself still has the result.
 */
function formulaText(
  row: ExcelJS.Row,
  column: number,
  formula: string,
  errors: FormulaErrors,
  strings: SharedStrings,
  date1904: boolean,
): string {
  // What Excel shows in the cell ("#DIV/0!"), refused by the row checks as an error.
  const error = errors.take(row.number, column);
  if (error !== undefined) return error;
  const result = row.getCell(column).model.result as ExcelJS.CellValue | undefined;
  if (typeof result === 'number' && Number.isNaN(result)) return `=${formula}`;
  // A copy filled down has no formula text of its own: '=' alone, refused as a formula.
  if (result === undefined || result === null) return `=${formula}`;
  return cellText(result, strings, { numFmt: row.getCell(column).numFmt, date1904 });
}

function richText(runs: { text?: unknown }[]): string {
  return runs.map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
}

/** A shared-string entry as exceljs emits it: plain text, rich text runs, or null when empty. */
function sharedText(text: unknown): string {
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object' && 'richText' in text && Array.isArray(text.richText)) {
    return richText(text.richText as { text?: unknown }[]);
  }
  return '';
}

/** The sheet asked for; typed with other capitals ("decisions" for "Decisions"), that sheet. */
function sheetNamed(names: readonly string[], asked: string): string {
  const folded = asked.trim().toLowerCase();
  return names.find((n) => n === asked) ?? names.find((n) => n.toLowerCase() === folded) ?? asked;
}

/** Hidden and "very hidden" (only a macro can show it) are both out of the user's sight. */
function isHidden(sheet: { state?: string }): boolean {
  return sheet.state === 'hidden' || sheet.state === 'veryHidden';
}

/**
 * Each worksheet exceljs yields, with the file it reads the sheet's XML from. exceljs 4.4.0
 * (pinned) unzips a worksheet whole to a temporary file of its own before reading it, unless it
 * has read the shared strings into its own table first, which it never does here (they are
 * emitted): so every sheet is read from such a file, and its merges can be read from that file's
 * end before its rows (mergesInFile). exceljs makes a worksheet in a method of its reader,
 * wrapped here as relativeTargets wraps another. A sheet read otherwise (by a later exceljs) has
 * no file here, and its merges past its first batch are not filled (xlsx-merges.test.ts fails).
 */
function sheetFiles(reader: unknown): WeakMap<object, string> {
  const files = new WeakMap<object, string>();
  const r = reader as {
    _parseWorksheet?: (iterator: unknown, sheetNo: unknown) => Iterable<unknown>;
  };
  const parse = r._parseWorksheet;
  if (typeof parse !== 'function') return files;
  r._parseWorksheet = function* (this: unknown, iterator: unknown, sheetNo: unknown) {
    for (const event of parse.call(this, iterator, sheetNo)) {
      const { eventType, value } = event as ReaderEvent;
      if (
        eventType === 'worksheet' &&
        typeof value === 'object' &&
        value !== null &&
        iterator instanceof fs.ReadStream &&
        typeof iterator.path === 'string'
      ) {
        files.set(value, iterator.path);
      }
      yield event;
    }
  };
  return files;
}

/** A relationship of the workbook's part, as exceljs reads xl/_rels/workbook.xml.rels. */
interface Relationship {
  Target?: string;
}

/**
 * Makes a relationship target written from the package root ("/xl/worksheets/sheet1.xml", as
 * Python's openpyxl writes them, which the format allows) relative to the workbook's folder, as
 * exceljs's streaming reader expects ("worksheets/sheet1.xml"): otherwise it matches no sheet to
 * its part, and names them "Sheet1", "Sheet2"... (exceljs issue #2663), so none is found by name.
 * exceljs reads the relationships in a method of its reader, wrapped here (4.4.0 is pinned; if a
 * later version has no such method, nothing is wrapped, and a sheet not found is refused plainly).
 */
function relativeTargets(reader: unknown): void {
  const r = reader as { _parseRels?: (entry: unknown) => Promise<void>; workbookRels?: unknown };
  const parse = r._parseRels;
  if (typeof parse !== 'function') return;
  r._parseRels = async function (this: typeof r, entry: unknown): Promise<void> {
    await parse.call(this, entry);
    if (!Array.isArray(this.workbookRels)) return;
    for (const rel of this.workbookRels as Relationship[]) {
      if (typeof rel.Target === 'string' && rel.Target.startsWith('/xl/')) {
        rel.Target = rel.Target.slice('/xl/'.length);
      }
    }
  };
}

/**
 * The refusal of a workbook that cannot be read. The zip and XML readers' own words
 * ("FILE_ENDED", "invalid signature") mean nothing to the user; what they can do about any of
 * them is the same.
 */
function damaged(fileName: string): DomainError {
  return new DomainError(
    'refused',
    `${fileName} could not be read as an Excel workbook: the file is incomplete or damaged (perhaps cut short while it was copied or downloaded). Save it again from Excel as .xlsx, or as CSV.`,
  );
}

/**
 * A worksheet's rows, refused as a damaged workbook when exceljs fails to read them or the zip
 * reader fails under it. exceljs's own iterator is finished as a for-await loop would finish it,
 * except after a failure: it may be stuck, and finishing it would wait behind it. Nothing else
 * would stop a stuck read: the import worker's watchdog hears its heartbeat all the while (a
 * promise waiting keeps no thread busy), and the command line has no watchdog.
 */
async function* sheetRows(
  worksheet: SheetReader,
  zip: WatchedZip,
  fileName: string,
): AsyncGenerator<ExcelJS.Row> {
  const rows = worksheet[Symbol.asyncIterator]();
  let failed = false;
  try {
    for (;;) {
      let next: IteratorResult<ExcelJS.Row>;
      try {
        next = await zip.until(rows.next());
      } catch {
        failed = true;
        throw damaged(fileName);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    if (!failed) await rows.return?.();
  }
}

/**
 * The rows of worksheet `sheet` of the workbook `file` (default: the first the user can see), in
 * batches. `isCancelled` is asked while a long sheet's merges are looked for, before its first
 * batch; the import asks it between batches itself.
 */
export async function readXlsxRows(
  file: string,
  sheet: string | null,
  fileName: string,
  options: { isCancelled?: (() => boolean) | undefined } = {},
): Promise<{
  info: { sheet: string; sheets: string[]; hidden: string[] };
  batches: AsyncGenerator<RowBatch>;
  close(): void;
}> {
  // A file cut short is refused at once, by its end, before anything is streamed (xlsx-zip.ts).
  if (!(await zipEndsWhole(file))) throw damaged(fileName);
  // Loaded on first use: it is large, and most imports are CSV.
  const { default: Excel } = await import('exceljs');
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  stream.on('data', (chunk) => (bytesRead += chunk.length));
  // Otherwise exceljs may stop before the zip's last parts, often the workbook's, or wait forever
  // for the rest of a part cut short (xlsx-zip.ts).
  const zip = watchZip(stream);
  const reader = new Excel.stream.xlsx.WorkbookReader(stream, {
    // Kept by us, compactly (SharedStrings), rather than as exceljs's array of strings.
    sharedStrings: 'emit',
    // Styles are what tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  relativeTargets(reader);
  const sheetFile = sheetFiles(reader);
  const strings = new SharedStrings();
  const events = reader.parse() as AsyncIterator<ReaderEvent>;
  /**
   * The next worksheet; the shared strings met on the way are added to the table. A workbook
   * exceljs cannot read this far is refused as damaged.
   */
  async function nextSheet(): Promise<SheetReader | null> {
    try {
      return await sheetAfter();
    } catch {
      stream.destroy();
      throw damaged(fileName);
    }
  }
  async function sheetAfter(): Promise<SheetReader | null> {
    for (;;) {
      const next = await zip.until(events.next());
      if (next.done) return null;
      const event = next.value;
      if (event.eventType === 'worksheet') return event.value as SheetReader;
      if (event.eventType === 'shared-strings') {
        strings.push(sharedText((event.value as ReaderEvent | undefined)?.text));
      } else if (event.eventType === undefined && typeof event.index === 'number') {
        strings.push(sharedText(event.text));
      }
    }
  }
  let current = await nextSheet();
  if (!current) {
    stream.destroy();
    throw new DomainError('refused', `${fileName} has no worksheets.`);
  }
  const book = (reader as unknown as { model?: BookModel }).model?.sheets ?? [];
  const names = book.map((s) => s.name);
  // By default the first sheet the user can see in Excel: a hidden sheet before it holds lookups
  // or drop-down lists, not the rows meant. A hidden sheet can still be chosen by name.
  const wanted =
    sheet === null
      ? (book.find((s) => !isHidden(s))?.name ?? names[0] ?? current.name)
      : sheetNamed(names, sheet);
  while (current.name !== wanted) {
    current = await nextSheet();
    if (!current) {
      stream.destroy();
      throw new DomainError(
        'refused',
        names.includes(wanted)
          ? // Listed in the workbook, but its part was not found (see relativeTargets).
            `${fileName} lists a worksheet "${wanted}" but it could not be read: the program that saved the workbook laid it out in a way this reader does not follow. Open it in Excel and save it again as .xlsx, or save that sheet as CSV.`
          : `${fileName} has no worksheet called "${wanted}"; it has ${names.map((n) => `"${n}"`).join(', ')}.`,
      );
    }
  }
  const worksheet = current;
  // The sheet's XML passes through `errors` and `inline` to exceljs, which loses formulas' error
  // names and all but the last part of formatted text saved in a cell.
  const errors = new FormulaErrors();
  const inline = new InlineRichText();
  const merges = new MergedCells();
  const xml = worksheet as unknown as { iterator: AsyncIterable<Buffer | string> };
  xml.iterator = merges.watch(inline.watch(errors.watch(xml.iterator)));
  const date1904 =
    (reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model
      ?.date1904 === true;

  const copy = sheetFile.get(worksheet);

  /**
   * The sheet's merges, read from the end of exceljs's copy of its XML: null if there are none to
   * fill, or no copy. The copy is whole (exceljs has unzipped the part), so a failure to read it
   * is the disk's, and refused as exceljs's own reading of it would be.
   */
  const mergesAhead = async (): Promise<MergeFill | null> => {
    if (copy === undefined) return null;
    try {
      const fill = MergeFill.of(await mergesInFile(copy, options.isCancelled));
      merges.stop();
      return fill;
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      throw damaged(fileName);
    }
  };

  async function* batches(): AsyncGenerator<RowBatch> {
    let numbers: number[] = [];
    let cells: string[][] = [];
    let first = true;
    let fill: MergeFill | null = null;
    try {
      for await (const row of sheetRows(worksheet, zip, fileName)) {
        numbers.push(row.number);
        cells.push(rowText(row));
        if (cells.length >= BATCH_ROWS) {
          if (first) fill = await mergesAhead();
          first = false;
          fill?.rows(numbers, cells);
          yield { numbers, cells, bytesRead };
          numbers = [];
          cells = [];
        }
      }
      // A sheet that ended within its first batch: its merges were noted on the way.
      if (first) fill = MergeFill.of(merges.ranges);
      fill?.rows(numbers, cells);
      // The last batch (an empty sheet ends with an empty one).
      yield { numbers, cells, bytesRead };
    } finally {
      stream.destroy();
    }
  }

  /** A row's cells as text, from column A. */
  function rowText(row: ExcelJS.Row): string[] {
    const values = row.values as ExcelJS.CellValue[];
    const out: string[] = [];
    for (let i = 1; i < values.length; i++) {
      const value = values[i];
      if (isFormulaWithoutResult(value)) {
        out.push(formulaText(row, i, value.formula, errors, strings, date1904));
      } else if (typeof value === 'string') {
        out.push((inline.pending > 0 ? inline.take(row.number, i) : undefined) ?? value);
      } else if (
        value instanceof Date ||
        (typeof value === 'object' && value !== null && 'result' in value)
      ) {
        // Dates, and formulas' results, whose format says what they are.
        out.push(cellText(value, strings, { numFmt: row.getCell(i).numFmt, date1904 }));
      } else out.push(cellText(value, strings));
    }
    return out;
  }
  return {
    info: {
      sheet: wanted,
      sheets: names.length ? names : [wanted],
      hidden: book.filter(isHidden).map((s) => s.name),
    },
    batches: batches(),
    close: () => stream.destroy(),
  };
}
