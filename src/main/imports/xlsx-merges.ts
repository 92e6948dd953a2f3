/**
 * Merged cells. A sheet kept by hand often merges a value down the rows it applies to (an event's
 * date and title beside everyone at it, an assessor beside each of their decisions); Excel shows
 * it on every row, but the file holds it only in the merge's top cell. exceljs's streaming reader
 * ignores merges, and a sheet lists them after its rows (<mergeCells>). So a sheet that ends
 * within its first batch is held to its end, and its merges are noted on the way (MergedCells's
 * watch). A longer one has its merges read from the end of its XML, which exceljs has unzipped
 * whole to a file of its own before reading any of it (mergesInFile), when its first batch is
 * full; its rows then stream as before, with the merges known (MergeFill).
 */
import fs from 'node:fs';
import { ImportCancelled } from './cancelled';
import { columnNumber } from './xlsx-cells';

const TAG = '<mergeCell ';
const MERGE_TAG = Buffer.from(TAG);
/** The end of a sheet's merges: nothing after it is wanted. */
const MERGES_END = Buffer.from('</mergeCells>');
/** The end of a sheet's rows, which its merges follow. */
const ROWS_END = Buffer.from('</sheetData>');
/**
 * Bytes read from a sheet's file at a time: what follows its rows is a few hundred bytes, and a
 * few dozen for each merge.
 */
const BLOCK = 1 << 16;
/** A tag cut by a chunk's end is kept to finish with the next: no tag is anywhere near this long. */
const MAX_CARRY = 4096;

/** A merged range, by Excel's row and column numbers (A: 1), corners included. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** "A2:B4" as a range; undefined for anything else (a single cell merges nothing). */
export function parseRange(ref: string): MergedRange | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim().toUpperCase());
  if (!m) return undefined;
  const a = { row: Number(m[2]), col: columnNumber(m[1] as string) };
  const b = { row: Number(m[4]), col: columnNumber(m[3] as string) };
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/** Notes the merged ranges of a sheet's XML on its way to exceljs, passing it through unchanged. */
export class MergedCells {
  readonly ranges: MergedRange[] = [];
  private carry = '';
  /** The merges are known already (mergesInFile): watch only passes the XML on. */
  private known = false;

  async *watch(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of chunks) {
      if (!this.known) this.scan(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      yield chunk;
    }
  }

  /** Stops noting merges, and forgets those noted: they were found another way. */
  stop(): void {
    this.known = true;
    this.ranges.length = 0;
    this.carry = '';
  }

  scan(chunk: Buffer): void {
    // Most chunks hold rows only: one byte search, and nothing kept.
    if (this.carry === '' && chunk.indexOf(MERGE_TAG) < 0) {
      this.carry = tagBegun(chunk.subarray(-TAG.length).toString('latin1'));
      return;
    }
    const text = this.carry + chunk.toString('latin1');
    let done = 0;
    for (let at = text.indexOf(TAG); at >= 0; at = text.indexOf(TAG, done)) {
      const end = text.indexOf('>', at);
      if (end < 0) break;
      const ref = /\sref=["']([^"']+)["']/.exec(text.slice(at, end));
      const range = ref ? parseRange(ref[1] as string) : undefined;
      if (range) this.ranges.push(range);
      done = end + 1;
    }
    const open = text.indexOf(TAG, done);
    const rest = open >= 0 ? text.slice(open) : tagBegun(text.slice(done));
    this.carry = rest.length > MAX_CARRY ? '' : rest;
  }
}

/** The start of a merge tag that `text` ends with (the next chunk may finish it), or ''. */
function tagBegun(text: string): string {
  for (let k = Math.min(TAG.length - 1, text.length); k > 0; k--) {
    if (text.endsWith(TAG.slice(0, k))) return TAG.slice(0, k);
  }
  return '';
}

/**
 * The merged ranges in a sheet's XML, given in chunks from anywhere before its merges: each chunk
 * is only searched for a merge's tag, as the watch does, and the reading stops at the merges'
 * end. A chunk is not kept, so its buffer may be reused for the next.
 */
export async function mergesIn(xml: AsyncIterable<Buffer>): Promise<MergedRange[]> {
  const merges = new MergedCells();
  let tail = Buffer.alloc(0);
  for await (const chunk of xml) {
    merges.scan(chunk);
    // No end is looked for before a merge is found.
    if (merges.ranges.length > 0) {
      if (chunk.indexOf(MERGES_END) >= 0) break;
      // The end tag cut by the chunks' edge: the last bytes before it, and the first of it.
      const edge = Buffer.concat([tail, chunk.subarray(0, MERGES_END.length - 1)]);
      if (edge.indexOf(MERGES_END) >= 0) break;
    }
    tail = Buffer.from(chunk.subarray(-(MERGES_END.length - 1)));
  }
  return merges.ranges;
}

/**
 * The merged ranges of a sheet whose XML is the whole of file `path`. Its merges follow its rows,
 * so the file is searched from its end back to the rows' end, and read on from there: the rows
 * themselves, nearly all of the file, are never read. None are found in XML cut short before its
 * rows end (the reading of the rows then fails as it would have). `isCancelled` is asked before
 * each block read.
 */
export async function mergesInFile(
  path: string,
  isCancelled?: () => boolean,
): Promise<MergedRange[]> {
  const file = await fs.promises.open(path, 'r');
  try {
    const block = Buffer.alloc(BLOCK);
    const read = async (position: number, length: number): Promise<Buffer> => {
      if (isCancelled?.()) throw new ImportCancelled();
      const { bytesRead } = await file.read(block, 0, length, position);
      return block.subarray(0, bytesRead);
    };
    const { size } = await file.stat();
    let rowsEnd = -1;
    // The first bytes of the block after this one, for a tag cut by the blocks' edge.
    let after = Buffer.alloc(0);
    for (let end = size; end > 0 && rowsEnd < 0;) {
      const start = Math.max(0, end - BLOCK);
      const bytes = await read(start, end - start);
      const at = Buffer.concat([bytes, after]).lastIndexOf(ROWS_END);
      if (at >= 0) rowsEnd = start + at;
      after = Buffer.from(bytes.subarray(0, ROWS_END.length - 1));
      end = start;
    }
    if (rowsEnd < 0) return [];
    async function* rest(): AsyncGenerator<Buffer> {
      for (let at = rowsEnd; at < size;) {
        const bytes = await read(at, Math.min(BLOCK, size - at));
        if (bytes.length === 0) return;
        at += bytes.length;
        yield bytes;
      }
    }
    return await mergesIn(rest());
  } finally {
    await file.close();
  }
}

/** A range being filled: where it is, and its top-left cell's value ('' if none). */
interface Filling {
  range: MergedRange;
  value: string;
}

/**
 * Fills each range that spans rows with its top-left value, in the rows of it that hold something
 * else: a row that is empty but for the merge is no row of data (the second row of a title or a
 * header merged down two rows), and stays empty. Rows are given in the sheet's order, each once
 * (fill), a batch at a time if need be: the value is carried down from the range's top row, so
 * nothing but the ranges under way is kept between rows.
 */
export class MergeFill {
  /** Ranges that span rows, by their top row. */
  private readonly down: MergedRange[];
  /** The first of `down` not yet under way. */
  private next = 0;
  /** The ranges over the row being filled. */
  private under: Filling[] = [];

  private constructor(down: MergedRange[]) {
    this.down = down.sort((a, b) => a.top - b.top);
  }

  /** A filler for `ranges`; null if none spans rows (nothing to fill). */
  static of(ranges: readonly MergedRange[]): MergeFill | null {
    const down = ranges.filter((r) => r.bottom > r.top);
    return down.length > 0 ? new MergeFill(down) : null;
  }

  /** Fills a batch of rows: `numbers` are their Excel numbers, `cells` their values from A. */
  rows(numbers: readonly number[], cells: string[][]): void {
    for (let i = 0; i < cells.length; i++) this.fill(numbers[i] as number, cells[i] as string[]);
  }

  /** Fills row `n` (its values from column A, lengthened as needed). */
  fill(n: number, row: string[]): void {
    if (this.under.length > 0 && this.under.some((f) => f.range.bottom < n)) {
      this.under = this.under.filter((f) => f.range.bottom >= n);
    }
    // A range whose top row is not in the sheet (an empty row) has no value to carry down.
    for (let r = this.down[this.next]; r && r.top <= n; r = this.down[++this.next]) {
      if (r.bottom < n) continue;
      this.under.push({ range: r, value: r.top === n ? (row[r.left - 1] ?? '') : '' });
    }
    if (this.under.length === 0) return;
    const inMerge = (c: number): boolean =>
      this.under.some((f) => c >= f.range.left && c <= f.range.right);
    if (!row.some((v, c) => v.trim() !== '' && !inMerge(c + 1))) return;
    for (const { range, value } of this.under) {
      if (value.trim() === '') continue;
      for (let c = range.left; c <= range.right; c++) {
        while (row.length < c) row.push('');
        if ((row[c - 1] as string).trim() === '') row[c - 1] = value;
      }
    }
  }
}
