/**
 * Merged cells. A sheet kept by hand often merges a value down the rows it applies to (an event's
 * date and title beside everyone at it); Excel shows it on every row, but the file holds it only
 * in the merge's top cell. exceljs's streaming reader ignores merges, and a sheet lists them
 * after its rows (<mergeCells>), so the rows of a small sheet are held until its end and the
 * merged values filled in then (see readXlsxRows). A large sheet streams as before: the platforms'
 * exports that are large do not merge cells, and holding a million rows would hold the file.
 */
import { columnNumber } from './xlsx-cells';

const TAG = '<mergeCell ';
const MERGE_TAG = Buffer.from(TAG);
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

  async *watch(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of chunks) {
      this.scan(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      yield chunk;
    }
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
 * Fills each range that spans rows with its top-left value, in the rows of it that hold something
 * else: a row that is empty but for the merge is no row of data (the second row of a title or a
 * header merged down two rows), and stays empty. `numbers` are the rows' Excel numbers, `cells`
 * their values from column A; a filled row is lengthened as needed.
 */
export function fillMerged(
  ranges: readonly MergedRange[],
  numbers: readonly number[],
  cells: string[][],
): void {
  const down = ranges.filter((r) => r.bottom > r.top);
  if (down.length === 0) return;
  const at = new Map<number, number>();
  numbers.forEach((n, i) => at.set(n, i));
  const covered = new Map<number, MergedRange[]>();
  for (const r of down) {
    for (let n = r.top; n <= r.bottom; n++) {
      const list = covered.get(n);
      if (list) list.push(r);
      else covered.set(n, [r]);
    }
  }
  const fills: [row: string[], column: number, value: string][] = [];
  for (const [n, inRow] of covered) {
    const i = at.get(n);
    if (i === undefined) continue;
    const row = cells[i] as string[];
    const inMerge = (c: number): boolean => inRow.some((r) => c >= r.left && c <= r.right);
    const hasOwn = row.some((v, c) => v.trim() !== '' && !inMerge(c + 1));
    if (!hasOwn) continue;
    for (const r of inRow) {
      const top = at.get(r.top);
      const value = top === undefined ? '' : (cells[top]?.[r.left - 1] ?? '');
      if (value.trim() === '') continue;
      for (let c = r.left; c <= r.right; c++) fills.push([row, c, value]);
    }
  }
  // Filled after every row is judged, so a value filled in never makes another row look full.
  for (const [row, c, value] of fills) {
    while (row.length < c) row.push('');
    if ((row[c - 1] ?? '').trim() === '') row[c - 1] = value;
  }
}
