/**
 * The zip reader under exceljs's streaming reader, kept from ending before its last part.
 *
 * exceljs 4.4.0 (pinned) unzips with unzipper 0.10's Parse stream, and reads the parts it yields
 * in order, as a readable stream of entries, until that stream's 'end'. But Parse also emits 'end'
 * itself, as soon as it has parsed the zip's last record ('finish'), while entries it has already
 * queued may not yet have been handed on: exceljs is then still busy with an earlier part (it
 * copies a worksheet met before the workbook's part to a temporary file), so it sees 'end' and
 * stops, and never reads the parts after it. exceljs saves xl/workbook.xml last, after the sheets,
 * so that is the part lost: the reader fails on a workbook it never read (refused as damaged), or
 * names sheets "Sheet1", "Sheet2"... Whether the parser gets to the end first is a race, which
 * a zip whose parts are stored uncompressed (as JSZip writes by default) loses most: 89 of 300
 * reads of a small such workbook failed (nearly every one under vitest), and 1 of 40 of the same
 * workbook compressed (none of 300 in another run).
 *
 * So the premature 'end' is held back: only the stream's own 'end' passes, which Node emits once
 * every entry has been read from it (readableEnded is set just before). Nothing else changes:
 * parts still stream, a damaged zip still fails with Parse's 'error'.
 */
import type { Readable } from 'node:stream';

/**
 * Hooks the zip reader that exceljs pipes `input` into (exceljs's parse() calls input.pipe(zip)
 * once), so that it ends only after its last entry. A destination that is not a readable stream
 * (a later exceljs unzipping otherwise) is piped to unchanged.
 */
export function endZipAfterLastEntry(input: Readable): void {
  const pipe = input.pipe;
  input.pipe = function <T extends NodeJS.WritableStream>(
    this: Readable,
    destination: T,
    options?: { end?: boolean },
  ): T {
    input.pipe = pipe;
    const zip = destination as unknown as Partial<Readable>;
    const emit = zip.emit;
    if (typeof emit === 'function' && typeof zip.readableEnded === 'boolean') {
      zip.emit = function (this: Readable, event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'end' && !this.readableEnded) return false;
        return emit.call(this, event, ...args);
      } as Readable['emit'];
    }
    return pipe.call(this, destination, options) as T;
  } as Readable['pipe'];
}
