/**
 * The zip reader under exceljs's streaming reader, kept from ending before its last part and
 * watched for failing; and the zip's end, read before it (zipEndsWhole).
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
 * the caller (watchZip's `until`), which stops waiting for exceljs.
 */
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** The zip reader exceljs reads a workbook's file through. */
export interface WatchedZip {
  /**
   * `step` (something exceljs is doing), or its failure; or the zip reader's or the file's error
   * once either fails: exceljs may then never settle what it is doing. One step at a time (the
   * reads are in sequence). Nothing outlives a step: waiting on a promise that stays pending for
   * a good file, once per row, kept every row's wait alive (463 MB over a million waits).
   */
  until<T>(step: Promise<T>): Promise<T>;
}

/**
 * Hooks the zip reader that exceljs pipes `input` into (exceljs's parse() calls input.pipe(zip)
 * once), so that it ends only after its last entry, and so that its failure is seen. A
 * destination that is not a readable stream (a later exceljs unzipping otherwise) still has its
 * errors watched, and is otherwise piped to unchanged.
 */
export function watchZip(input: Readable): WatchedZip {
  let error: Error | null = null;
  let waiting: ((error: Error) => void) | null = null;
  const fail = (e: Error): void => {
    error ??= e;
    waiting?.(error);
  };
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
    destination.on('error', (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
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
  return {
    until<T>(step: Promise<T>): Promise<T> {
      if (error) return Promise.reject(error);
      return new Promise<T>((resolve, reject) => {
        waiting = reject;
        step.then(
          (value) => {
            waiting = null;
            resolve(value);
          },
          (e: unknown) => {
            waiting = null;
            reject(e);
          },
        );
      });
    },
  };
}

/** The End Of Central Directory record's signature, and its size without the comment after it. */
const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
/** The longest comment a zip may end with (its length is 16 bits). */
const MAX_COMMENT = 0xffff;
/** Zip64's locator, just before the record when the sizes or offsets need 64 bits. */
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
/** How each entry of the central directory starts. */
const CENTRAL_SIGNATURE = 0x02014b50;

/** `length` bytes of the open file from `position`; fewer where the file ends first. */
async function bytesAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * Whether the zip's central directory, which `record` (an End Of Central Directory record found
 * at `at`) says where to find, is where it says: ending at the record (or at zip64's record, when
 * there is one) and starting with an entry.
 */
async function directoryWhere(file: FileHandle, record: Buffer, at: number): Promise<boolean> {
  // The record's count of entries in the whole zip, the directory's size, and its offset.
  let entries = record.readUInt16LE(10);
  let size = record.readUInt32LE(12);
  let offset = record.readUInt32LE(16);
  let end = at;
  if (at >= ZIP64_LOCATOR_SIZE) {
    const locator = await bytesAt(file, at - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
    if (
      locator.length === ZIP64_LOCATOR_SIZE &&
      locator.readUInt32LE(0) === ZIP64_LOCATOR_SIGNATURE
    ) {
      // Where zip64's record starts; the record has 56 bytes before anything a writer adds.
      const start = Number(locator.readBigUInt64LE(8));
      if (start + 56 > at - ZIP64_LOCATOR_SIZE) return false;
      const zip64 = await bytesAt(file, start, 56);
      if (zip64.length < 56 || zip64.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) return false;
      // The record's own length (after its first 12 bytes) takes it to the locator.
      if (start + 12 + Number(zip64.readBigUInt64LE(4)) !== at - ZIP64_LOCATOR_SIZE) return false;
      // Its entry count, then the directory's size and offset, as the record's are below.
      entries = Number(zip64.readBigUInt64LE(32));
      size = Number(zip64.readBigUInt64LE(40));
      offset = Number(zip64.readBigUInt64LE(48));
      end = start;
    }
  }
  if (offset + size !== end) return false;
  if (entries === 0) return size === 0;
  const first = await bytesAt(file, offset, 4);
  return first.length === 4 && first.readUInt32LE(0) === CENTRAL_SIGNATURE;
}

/**
 * Whether the file ends as a whole zip does. A zip ends with its central directory, the list of
 * its parts, and a record saying where that list starts and how long it is: a file cut short
 * (a copy or download stopped part-way) has lost that end, and one missing bytes further in has
 * its list somewhere else than the record says. Read first, so that such a workbook is refused at
 * once, by its last 64 KB at most, rather than when the zip reader runs out of bytes (watchZip).
 * It does not vouch for the parts themselves: a whole file can still be damaged inside.
 *
 * The record is looked for from the end back, as other zip readers do: its comment, if any, runs
 * to the end of the file, and the four bytes of its signature may also occur in a part's data,
 * so only a record whose directory is where it says counts.
 */
export async function zipEndsWhole(filePath: string): Promise<boolean> {
  const file = await fs.promises.open(filePath, 'r');
  try {
    const { size } = await file.stat();
    const tailStart = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
    const tail = await bytesAt(file, tailStart, size - tailStart);
    for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
      const record = tail.subarray(i, i + EOCD_SIZE);
      if (i + EOCD_SIZE + record.readUInt16LE(20) > tail.length) continue;
      if (await directoryWhere(file, record, tailStart + i)) return true;
    }
    return false;
  } finally {
    await file.close();
  }
}
