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
 *
 * That 'error' is the other thing watched here. When the file ends inside a part (a workbook cut
 * short), Parse emits 'error' (FILE_ENDED) on itself, but never ends or fails the part's own
 * stream, which it was filling. exceljs sees the error only between parts: while it is busy with
 * that part (copying a worksheet to a temporary file, or parsing its XML) it waits for the part's
 * end forever, a promise never settled. It is busy with it when the part is still arriving as the
 * file ends: for a workbook of a few MB, most cuts inside its largest sheet (26 of 60 cuts of a
 * 4 MB workbook stored uncompressed, 41 of 60 of one as compressed). So the error is handed to
 * the caller (watchZip's `failed`), which stops waiting for exceljs.
 */
import type { Readable } from 'node:stream';

/** The zip reader exceljs reads a workbook's file through. */
export interface WatchedZip {
  /**
   * Settles, with the error, when the file or the zip reader fails: exceljs may then never
   * settle what it is doing. Never rejects (nobody need be waiting), and never settles for a
   * zip read to its end.
   */
  failed: Promise<Error>;
}

/**
 * Hooks the zip reader that exceljs pipes `input` into (exceljs's parse() calls input.pipe(zip)
 * once), so that it ends only after its last entry, and so that its failure is seen. A
 * destination that is not a readable stream (a later exceljs unzipping otherwise) still has its
 * errors watched, and is otherwise piped to unchanged.
 */
export function watchZip(input: Readable): WatchedZip {
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (fail = resolve));
  // A file that cannot be read on (a disk error, a share gone) ends no part either; and an
  // 'error' nobody listens to would throw, taking the whole process with it.
  input.on('error', fail);
  const pipe = input.pipe;
  input.pipe = function <T extends NodeJS.WritableStream>(
    this: Readable,
    destination: T,
    options?: { end?: boolean },
  ): T {
    input.pipe = pipe;
    destination.on('error', (error: unknown) =>
      fail(error instanceof Error ? error : new Error(String(error))),
    );
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
  return { failed };
}
