/**
 * One cheap pass over a file before it is parsed: its SHA-256 (the batch's fingerprint), whether
 * it is a spreadsheet or text, and the text's encoding. The whole file is checked for UTF-8 (at
 * several GB/s) because a file that is ASCII for its first megabyte can still hold a Windows-1252
 * '£' or 'é' further down, and guessing from the first chunk would garble it.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { DomainError } from '../core/errors';

/**
 * 'utf-8 (some lines windows-1252)': rows pasted together from two sources, each line read in its
 * own encoding (table.ts), rather than the UTF-8 lines garbled ("ZoÃ«") by reading them all as
 * Windows-1252.
 */
export type TextEncoding =
  'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be' | typeof MIXED_ENCODING;

export const MIXED_ENCODING = 'utf-8 (some lines windows-1252)';

export interface Sniffed {
  size: number;
  sha256: string;
  format: 'csv' | 'xlsx';
  /** Text files only. */
  encoding: TextEncoding | null;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/**
 * Whether the file begins as a workbook does (an .xlsx is a zip), from its first four bytes. A
 * path that is not a readable file is not one: sniffFile says why it cannot be read. (Opening a
 * folder succeeds on Linux and only reading it fails; opening a named pipe would wait forever.)
 */
export function looksLikeWorkbook(file: string): boolean {
  if (fs.statSync(file, { throwIfNoEntry: false })?.isFile() !== true) return false;
  const head = Buffer.alloc(4);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
  return startsWith(head, ZIP);
}

/** Why `displayName` cannot be read, in words, from the error stating or opening it. */
function unreadable(displayName: string, error: unknown): DomainError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new DomainError(
        'not_found',
        `${displayName} cannot be read: the file does not exist.`,
      );
    case 'EISDIR':
      return new DomainError('refused', folderMessage(displayName));
    case 'EACCES':
    case 'EPERM':
      return new DomainError(
        'refused',
        `${displayName} cannot be read: you do not have permission to open it.`,
      );
    case 'EBUSY':
      return new DomainError(
        'refused',
        `${displayName} cannot be read: another program has it open. Close it there and try again.`,
      );
    default:
      return new DomainError(
        'refused',
        `${displayName} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
}

function folderMessage(displayName: string): string {
  return `${displayName} is a folder, not a file. Choose the CSV or Excel file inside it.`;
}

/**
 * Whether `buf` holds a UTF-8 sequence Windows-1252 text does not make by chance:
 * - of two bytes, only an accented Latin letter or symbol (U+00A0 to U+017F): Windows-1252 makes
 *   one only with a pair such as 'Ã©' (itself the mark of UTF-8 read as Windows-1252), while a
 *   pair such as 'É’' makes an IPA letter (U+0252), which is not counted;
 * - any of three or four bytes (a dash, curly quote, euro sign, tick, Greek, Cyrillic, CJK,
 *   emoji...): in Windows-1252 that is a letter from à to ÷ followed by two or three of its
 *   symbols and curly quotes ('âœ“' is a UTF-8 tick read as Windows-1252), never real text.
 */
function hasUtf8Sequence(buf: Buffer): boolean {
  const cont = (i: number): boolean => i < buf.length && ((buf[i] as number) & 0xc0) === 0x80;
  // Each lead byte looked for natively: a Windows-1252 file seldom has any of them.
  for (const lead of [0xc2, 0xc3, 0xc4, 0xc5]) {
    for (let i = buf.indexOf(lead); i >= 0; i = buf.indexOf(lead, i + 1)) {
      if (cont(i + 1) && (((lead & 0x1f) << 6) | ((buf[i + 1] as number) & 0x3f)) >= 0xa0) {
        return true;
      }
    }
  }
  for (let lead = 0xe0; lead <= 0xf4; lead++) {
    const length = lead >= 0xf0 ? 4 : 3;
    // The second byte's range that is neither an overlong form, a surrogate nor beyond U+10FFFF.
    const [low, high] =
      lead === 0xe0
        ? [0xa0, 0xbf]
        : lead === 0xed
          ? [0x80, 0x9f]
          : lead === 0xf0
            ? [0x90, 0xbf]
            : lead === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    for (let i = buf.indexOf(lead); i >= 0; i = buf.indexOf(lead, i + 1)) {
      const second = buf[i + 1];
      if (second === undefined || second < low || second > high) continue;
      if (cont(i + 2) && (length === 3 || cont(i + 3))) return true;
    }
  }
  return false;
}

/** Bytes at the end of `buf` that begin a UTF-8 sequence the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  for (let i = 1; i <= Math.min(3, buf.length); i++) {
    const b = buf[buf.length - i] as number;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > i ? i : 0;
  }
  return 0;
}

export async function sniffFile(file: string, displayName = file): Promise<Sniffed> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw unreadable(displayName, error);
  }
  if (stat.isDirectory()) throw new DomainError('refused', folderMessage(displayName));
  if (!stat.isFile()) throw new DomainError('refused', `${displayName} is not a file.`);
  if (stat.size === 0) throw new DomainError('refused', `${displayName} is empty.`);
  // Opened once here, so a file that exists but may not be read says so in words.
  try {
    fs.closeSync(fs.openSync(file, 'r'));
  } catch (error) {
    throw unreadable(displayName, error);
  }

  const hash = createHash('sha256');
  let head: Buffer | null = null;
  let utf8 = true;
  let utf8Sequences = false;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (head === null) {
      head = buf.subarray(0, 4);
      if (startsWith(head, ZIP) || startsWith(head, OLE)) utf8 = false;
    }
    if (!utf8Sequences && !isAscii(buf)) utf8Sequences = hasUtf8Sequence(buf);
    if (!utf8) continue;
    const joined = carry.length ? Buffer.concat([carry, buf]) : buf;
    const tail = incompleteTail(joined);
    if (!isUtf8(joined.subarray(0, joined.length - tail))) utf8 = false;
    carry = Buffer.from(joined.subarray(joined.length - tail));
  }
  if (carry.length > 0) utf8 = false;
  const h = head ?? Buffer.alloc(0);
  const base = { size: stat.size, sha256: hash.digest('hex') };
  if (startsWith(h, ZIP)) return { ...base, format: 'xlsx', encoding: null, bomLength: 0 };
  if (startsWith(h, OLE)) {
    throw new DomainError(
      'refused',
      `${displayName} is an Excel 97-2003 workbook (.xls). Open it in Excel and save it as .xlsx or CSV, then import that.`,
    );
  }
  if (h[0] === 0xff && h[1] === 0xfe)
    return { ...base, format: 'csv', encoding: 'utf-16le', bomLength: 2 };
  if (h[0] === 0xfe && h[1] === 0xff)
    return { ...base, format: 'csv', encoding: 'utf-16be', bomLength: 2 };
  if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) {
    // Rows pasted in from a Windows-1252 file do not make the rest of it anything but UTF-8.
    return { ...base, format: 'csv', encoding: utf8 ? 'utf-8' : MIXED_ENCODING, bomLength: 3 };
  }
  // Not UTF-8: an export from older Windows software, where Excel's "CSV" means Windows-1252;
  // unless parts of it are UTF-8.
  const encoding = utf8 ? 'utf-8' : utf8Sequences ? MIXED_ENCODING : 'windows-1252';
  return { ...base, format: 'csv', encoding, bomLength: 0 };
}
