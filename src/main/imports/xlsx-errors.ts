/**
 * The errors a workbook saved as its formulas' results (#DIV/0!, #N/A...), by cell. exceljs's
 * streaming reader turns a formula's saved result into a number, so an error's name becomes NaN
 * and is lost; but what the user sees in Excel is the error, not the formula, and a refusal
 * must name what they see. So a sheet's XML is looked through on its way to exceljs for error
 * cells (`t="e"`). They are rare, and looked for by a byte search: a sheet without any costs
 * that search and a copy of each chunk's unfinished end.
 */

const MARKERS = [Buffer.from('t="e"'), Buffer.from("t='e'")];
const CELL_START = Buffer.from('<c ');
const CELL_END = Buffer.from('</c>');
/** A cell longer than this (a formula runs to 8,192 characters) is not looked for across chunks. */
const MAX_CARRY = 1 << 20;

/** Excel's column number (A: 1) of a cell reference's letters. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

export class FormulaErrors {
  private readonly found = new Map<string, string>();
  /** The end of the XML read so far that may hold a cell the next chunk finishes. */
  private carry: Buffer = Buffer.alloc(0);

  /** Passes a sheet's XML through unchanged, noting its formulas' errors on the way. */
  async *watch(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of chunks) {
      this.scan(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      yield chunk;
    }
  }

  /** The error saved for the formula in this cell (found once: each cell is read once). */
  take(row: number, column: number): string | undefined {
    const key = `${row}:${column}`;
    const error = this.found.get(key);
    if (error !== undefined) this.found.delete(key);
    return error;
  }

  /** Notes the error cells that end in this chunk; the part of a cell after its end waits. */
  scan(chunk: Buffer): void {
    const text = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const lastEnd = text.lastIndexOf(CELL_END);
    const done = lastEnd < 0 ? 0 : lastEnd + CELL_END.length;
    for (const marker of MARKERS) {
      for (let at = text.indexOf(marker); at >= 0 && at < done;) {
        this.noteCell(text, at);
        at = text.indexOf(marker, at + marker.length);
      }
    }
    const rest = text.subarray(done);
    this.carry = rest.length > MAX_CARRY ? Buffer.alloc(0) : Buffer.from(rest);
  }

  private noteCell(text: Buffer, marker: number): void {
    const start = text.lastIndexOf(CELL_START, marker);
    if (start < 0) return;
    // The marker must be an attribute of the cell, not text inside another element.
    const tagEnd = text.indexOf('>', start);
    if (tagEnd < marker) return;
    const end = text.indexOf(CELL_END, marker);
    if (end < 0) return;
    const cell = text.toString('utf8', start, end);
    const ref = /\sr=["']([A-Z]{1,3})(\d+)["']/.exec(cell.slice(0, tagEnd - start));
    const value = /<v>([^<]*)<\/v>/.exec(cell);
    if (!ref || !value || !cell.includes('<f')) return;
    this.found.set(`${ref[2] as string}:${columnNumber(ref[1] as string)}`, value[1] as string);
  }
}
