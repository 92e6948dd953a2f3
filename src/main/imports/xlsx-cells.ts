/**
 * A sheet's XML looked through on its way to exceljs's streaming reader, for the few kinds of
 * cell whose value that reader gets wrong (xlsx-errors.ts, xlsx-inline.ts). Such cells are rare
 * and looked for by a byte search: a sheet without any costs that search and a copy of each
 * chunk's unfinished end. Nothing else is kept, so the sheet still streams.
 */

const CELL_START = Buffer.from('<c ');
const CELL_END = Buffer.from('</c>');
/** A cell longer than this (a formula runs to 8,192 characters) is not looked for across chunks. */
const MAX_CARRY = 1 << 20;

/** Excel's column number (A: 1) of a cell reference's letters. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** A cell found by a watcher: its opening tag and everything up to its `</c>`. */
export interface FoundCell {
  /** The `<c ...>` tag. */
  tag: string;
  /** The tag and the cell's content. */
  xml: string;
}

export abstract class CellWatch {
  private readonly found = new Map<string, string>();
  /** The end of the XML read so far that may hold a cell the next chunk finishes. */
  private carry: Buffer = Buffer.alloc(0);

  /** Byte strings that may appear only inside a cell this watcher wants. */
  protected abstract readonly markers: readonly Buffer[];

  /** What this watcher keeps of a cell with one of its markers; undefined to keep nothing. */
  protected abstract read(cell: FoundCell): string | undefined;

  /** Passes a sheet's XML through unchanged, noting the cells wanted on the way. */
  async *watch(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of chunks) {
      this.scan(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      yield chunk;
    }
  }

  /** How many cells noted are still to be taken: while none, no cell need be looked up. */
  get pending(): number {
    return this.found.size;
  }

  /** What was noted for this cell (found once: each cell is read once). */
  take(row: number, column: number): string | undefined {
    const key = `${row}:${column}`;
    const value = this.found.get(key);
    if (value !== undefined) this.found.delete(key);
    return value;
  }

  /** Notes the wanted cells that end in this chunk; the part of a cell after its end waits. */
  scan(chunk: Buffer): void {
    const text = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const lastEnd = text.lastIndexOf(CELL_END);
    const done = lastEnd < 0 ? 0 : lastEnd + CELL_END.length;
    for (const marker of this.markers) {
      for (let at = text.indexOf(marker); at >= 0 && at < done;) {
        // A cell with the marker more than once is read once.
        const end = this.noteCell(text, at);
        at = text.indexOf(marker, Math.max(end, at + marker.length));
      }
    }
    const rest = text.subarray(done);
    this.carry = rest.length > MAX_CARRY ? Buffer.alloc(0) : Buffer.from(rest);
  }

  /** Notes the cell around `marker`; where to look for the next marker from. */
  private noteCell(text: Buffer, marker: number): number {
    const start = text.lastIndexOf(CELL_START, marker);
    if (start < 0) return marker;
    const end = text.indexOf(CELL_END, marker);
    if (end < 0) return marker;
    // The cell that holds the marker: no other cell ends between its start and the marker.
    const before = text.indexOf(CELL_END, start);
    if (before >= 0 && before < marker) return marker;
    const tagEnd = text.indexOf('>', start);
    const xml = text.toString('utf8', start, end);
    const tag = xml.slice(0, tagEnd - start + 1);
    const ref = /\sr=["']([A-Z]{1,3})(\d+)["']/.exec(tag);
    if (!ref) return end;
    const value = this.read({ tag, xml });
    if (value !== undefined) {
      this.found.set(`${ref[2] as string}:${columnNumber(ref[1] as string)}`, value);
    }
    return end;
  }
}
