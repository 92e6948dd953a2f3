/**
 * A file as a stream of rows of text cells, whatever it is: CSV in any of the encodings and
 * separators people save, or an Excel workbook. Rows come in batches (one per chunk read) with
 * the row numbers Excel would show, so problems point at the row a person can find.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { trimCell } from '@shared/imports';
import { DomainError } from '../core/errors';
import { MIXED_ENCODING, type Sniffed } from './sniff';
import { readXlsxRows } from './xlsx';

export interface RowBatch {
  /** Excel's row number for each row (header row included in the count). */
  numbers: number[];
  cells: string[][];
  /** Bytes of the file consumed so far. */
  bytesRead: number;
  /** Rows (by index in this batch) whose quotes do not pair up, with the parser's words. */
  malformed?: Map<number, string>;
}

export interface TableInfo {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  /** A workbook's sheets in tab order, hidden ones included (they can be chosen by name). */
  sheets: string[];
  /** Those of `sheets` hidden in Excel. */
  hidden: string[];
}

/**
 * For a workbook of several sheets, the sheet read and the others (hidden ones said so), as the
 * end of a refusal: the sheet read by default may not be the one the user meant, and they may
 * not know it can be chosen. `read` says what was read of it ("row 3 of the sheet", "the
 * sheet"); `after` follows the sheet's name. Empty for a CSV or a workbook of one sheet.
 */
export function sheetsNote(info: TableInfo, read = 'the sheet', after = ''): string {
  if (info.sheets.length < 2) return '';
  const hidden = new Set(info.hidden);
  const others = info.sheets
    .filter((s) => s !== info.sheet)
    .map((s) => `"${s}"${hidden.has(s) ? ' (hidden)' : ''}`);
  const listed =
    others.length === 1
      ? (others[0] as string)
      : `${others.slice(0, -1).join(', ')} and ${others.at(-1) as string}`;
  return ` It read ${read} "${info.sheet ?? ''}"${after}; the workbook also has ${listed}. To import another sheet, choose it under Worksheet on the Imports page, or add --sheet NAME to the import command.`;
}

export interface Table {
  info: TableInfo;
  batches: AsyncGenerator<RowBatch>;
  /** Releases the file, whether or not every row was read. */
  close(): void;
}

const CHUNK_BYTES = 1 << 16;
/** A quoted value that never closes would otherwise pull the rest of the file into memory. */
const MAX_PENDING_CHARS = 8 << 20;

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'bar',
};

export function delimiterName(delimiter: string | null): string | null {
  return delimiter === null ? null : (DELIMITER_NAMES[delimiter] ?? delimiter);
}

function textDecoder(encoding: Sniffed['encoding']): (buf: Buffer | null) => string {
  if (encoding === 'utf-8' || encoding === null) {
    const d = new StringDecoder('utf8');
    return (buf) => (buf ? d.write(buf) : d.end());
  }
  if (encoding === MIXED_ENCODING) return lineByLine();
  // windows-1252 and UTF-16 need ICU's decoders (Node ships full ICU).
  const d = new TextDecoder(encoding);
  return (buf) => (buf ? d.decode(buf, { stream: true }) : d.decode());
}

/** Each line as UTF-8 if it is, else as Windows-1252 (see MIXED_ENCODING). */
function lineByLine(): (buf: Buffer | null) => string {
  const windows1252 = new TextDecoder('windows-1252');
  let pending = Buffer.alloc(0);
  // A line ends at LF or at CR (old Mac files end lines with CR alone).
  const lastBreak = (b: Buffer): number => Math.max(b.lastIndexOf(0x0a), b.lastIndexOf(0x0d));
  const decodeLines = (bytes: Buffer): string => {
    let text = '';
    // The next LF and CR, each found again only once passed: one scan of the bytes for each.
    const find = (byte: number, at: number): number => {
      const i = bytes.indexOf(byte, at);
      return i < 0 ? bytes.length : i;
    };
    let lf = -1;
    let cr = -1;
    for (let at = 0; at < bytes.length;) {
      if (lf < at) lf = find(0x0a, at);
      if (cr < at) cr = find(0x0d, at);
      const end = Math.min(Math.min(lf, cr) + 1, bytes.length);
      const line = bytes.subarray(at, end);
      // { stream: true }: Node 20's one-shot decode reads Windows-1252 as Latin-1 ('’' as U+0092).
      text += isUtf8(line) ? line.toString('utf8') : windows1252.decode(line, { stream: true });
      at = end;
    }
    return text;
  };
  return (buf) => {
    if (!buf) return decodeLines(pending);
    const joined = pending.length > 0 ? Buffer.concat([pending, buf]) : buf;
    const last = lastBreak(joined);
    pending = Buffer.from(joined.subarray(last + 1));
    return decodeLines(joined.subarray(0, last + 1));
  };
}

interface CsvLayout {
  delimiter: string;
  newline: '\r\n' | '\n' | '\r';
  /** Characters of a leading `sep=;` line (Excel's hint), skipped. */
  skip: number;
}

/** The separator and line ending, from the start of the file (Excel's `sep=` line wins). */
function csvLayout(head: string, fileName: string): CsvLayout {
  if (head.includes('\u0000')) {
    throw new DomainError(
      'refused',
      `${fileName} is not a CSV or Excel file (it contains binary data). Save it as CSV (comma or semicolon separated) or as an Excel workbook (.xlsx).`,
    );
  }
  const sep = /^sep=(.)\r?\n?/i.exec(head);
  const body = sep ? head.slice(sep[0].length) : head;
  const guess = Papa.parse<string[]>(body.slice(0, 256 * 1024), {
    preview: 20,
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const delimiter = sep ? (sep[1] as string) : guess.meta.delimiter || ',';
  const lb = guess.meta.linebreak;
  const newline = lb === '\r\n' || lb === '\r' ? lb : '\n';
  return { delimiter, newline, skip: sep ? sep[0].length : 0 };
}

/**
 * For a file whose rows end CRLF (the line ending is taken from its start): rows pasted in from
 * a file whose rows end LF alone, which the parser would otherwise read as one long row. Each
 * bare LF outside quotes becomes CRLF; inside quotes it is part of a value and stays as it is.
 * Text is given chunk by chunk, so whether a quote is open is carried from one to the next.
 */
export function crlfMender(): (text: string) => string {
  let quoted = false;
  let afterCr = false;
  return (text) => {
    let out = '';
    let from = 0;
    let q = text.indexOf('"');
    for (let n = text.indexOf('\n'); n >= 0; n = text.indexOf('\n', n + 1)) {
      // A doubled quote inside a quoted value opens and closes: the count's parity is what counts.
      while (q >= 0 && q < n) {
        quoted = !quoted;
        q = text.indexOf('"', q + 1);
      }
      const cr = n > 0 ? text.charCodeAt(n - 1) === 13 : afterCr;
      if (!quoted && !cr) {
        out += `${text.slice(from, n)}\r\n`;
        from = n + 1;
      }
    }
    for (; q >= 0; q = text.indexOf('"', q + 1)) quoted = !quoted;
    if (text.length > 0) afterCr = text.charCodeAt(text.length - 1) === 13;
    return from === 0 ? text : out + text.slice(from);
  };
}

async function* csvBatches(
  fileName: string,
  layout: CsvLayout,
  decode: (buf: Buffer | null) => string,
  first: string,
  firstBytes: number,
  rest: AsyncIterator<Buffer>,
): AsyncGenerator<RowBatch> {
  const parser = new Papa.Parser({ delimiter: layout.delimiter, newline: layout.newline });
  const mend = layout.newline === '\r\n' ? crlfMender() : (t: string): string => t;
  let pending = '';
  let base = 0;
  let rowNumber = 0;
  let bytesRead = firstBytes;
  let text: string | null = mend(first.slice(layout.skip));
  for (;;) {
    const last = text === null;
    const aggregate = pending + (text ?? mend(decode(null)));
    const result = parser.parse(aggregate, base, !last) as Papa.ParseResult<string[]>;
    const cursor = result.meta.cursor;
    pending = aggregate.substring(cursor - base);
    base = cursor;
    if (pending.length > MAX_PENDING_CHARS) {
      throw new DomainError(
        'refused',
        `${fileName}: a quoted value starting after row ${rowNumber} never closes, so the rest of the file cannot be read. Check for a stray double quote (").`,
      );
    }
    const numbers: number[] = [];
    for (let i = 0; i < result.data.length; i++) numbers.push(++rowNumber);
    // Papa reports quote trouble by row within this call; those rows are refused, not guessed at.
    let malformed: Map<number, string> | undefined;
    for (const e of result.errors) {
      if (e.type === 'Quotes' && typeof e.row === 'number') {
        (malformed ??= new Map()).set(e.row, e.message);
      }
    }
    if (result.data.length > 0 || last) {
      yield { numbers, cells: result.data, bytesRead, ...(malformed ? { malformed } : {}) };
    }
    if (last) return;
    const next = await rest.next();
    if (next.done) text = null;
    else {
      bytesRead += next.value.length;
      text = mend(decode(next.value));
    }
  }
}

/**
 * Opens a sniffed file as rows. `sheet` picks a worksheet by name (default: the first tab that
 * is not hidden).
 */
export async function openTable(
  file: string,
  sniffed: Sniffed,
  options: { sheet?: string | null; fileName?: string; isCancelled?: () => boolean } = {},
): Promise<Table> {
  const fileName = options.fileName ?? file;
  if (sniffed.format === 'xlsx') {
    const { info, batches, close } = await readXlsxRows(file, options.sheet ?? null, fileName, {
      isCancelled: options.isCancelled,
    });
    return { info: { format: 'xlsx', encoding: null, delimiter: null, ...info }, batches, close };
  }
  const stream = fs.createReadStream(file, {
    highWaterMark: CHUNK_BYTES,
    start: sniffed.bomLength,
  });
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const decode = textDecoder(sniffed.encoding);
  const head = await iterator.next();
  const firstBuf = head.done ? Buffer.alloc(0) : head.value;
  const first = decode(firstBuf);
  const layout = csvLayout(first, fileName);
  const batches = csvBatches(
    fileName,
    layout,
    decode,
    first,
    firstBuf.length + sniffed.bomLength,
    iterator,
  );
  return {
    close: () => stream.destroy(),
    info: {
      format: 'csv',
      encoding: sniffed.encoding,
      delimiter: layout.delimiter,
      sheet: null,
      sheets: [],
      hidden: [],
    },
    batches,
  };
}

export function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (trimCell(c) !== '') return false;
  return true;
}

/** Rows looked at for the header: titles and notes above it are a few lines at most. */
const HEADER_SEARCH_ROWS = 20;

/**
 * The header row among the opening rows: the one naming most columns the import reads
 * (`score`), the first of equals. A row naming fewer than two is no evidence: then it is the
 * first with two or more cells and at least three quarters as many as the fullest row, so a
 * title row ("EPA Pro export", "Generated 01/11/2026") is passed over even above a narrow
 * export of four columns (half would not be enough), while a header over rows with a stray
 * cell or two beyond it still counts; failing that, the first row with anything in it.
 */
export function findHeader(
  rows: { numbers: number[]; cells: string[][] },
  score: (cells: readonly string[]) => number = () => 0,
): number {
  const looked = rows.cells.slice(0, HEADER_SEARCH_ROWS);
  const filled = looked.map((cells) => cells.filter((c) => c.trim() !== '').length);
  let best = -1;
  let bestScore = 1;
  looked.forEach((cells, i) => {
    if ((filled[i] as number) < 2) return;
    const s = score(cells);
    if (s > bestScore) [best, bestScore] = [i, s];
  });
  if (best >= 0) return best;
  const fullest = Math.max(0, ...filled);
  const wide = filled.findIndex((n) => n >= 2 && n * 4 >= fullest * 3);
  return wide >= 0 ? wide : filled.findIndex((n) => n > 0);
}
