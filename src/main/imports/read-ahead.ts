/**
 * Reading a large decisions CSV ahead, on a thread of its own. The import's thread writes one
 * row after another inside one transaction, and SQLite keeps it busy for most of an import; the
 * reading, parsing and checking of rows (about a quarter of a 1M-row import) can run beside it
 * on the machine's second core. The reader checks each row as far as it can without the rows
 * written before it, and hands over, per chunk of the file:
 * - a decision that passed every check, with its limit issues ("checked");
 * - the row's values as they are ("raw"), for the import's thread to check itself: a row with
 *   any problem (the writer reports every problem, so the report is the same either way), and a
 *   row that names no standard version (its apprentice's earlier rows decide it);
 * - a row whose quotes do not pair up ("malformed").
 *
 * Rows go across as flat arrays of strings and numbers, not objects: the structured clone of a
 * million objects costs the receiving thread about twice as much (1.2 s against 0.6 s, measured).
 * Texts that repeat go across once, then by number (see Texts).
 * The reader stays at most MAX_AHEAD chunks ahead, so memory does not grow with the file.
 */
import type { Worker } from 'node:worker_threads';
import type { ErrorKind } from '@shared/contract';
import { templateColumns } from '@shared/imports';
import type { ComplianceIssue, ComplianceIssueCode } from '@shared/standards';
import { DomainError } from '../core/errors';
import type { ConnectionOptions } from './connection';
import { DateOrderWatch, type DateOrderSummary } from './date-order';
import { openImportContext } from './connection';
import {
  decisionRowParser,
  limitIssues,
  namesVersion,
  type DecisionInput,
  type RowCheckEnv,
} from './decisions-row';
import { fillValues } from './header';
import { beyondHeader } from './header-row';
import { Reference } from './reference';
import type { Sniffed } from './sniff';
import { isBlank, openTable } from './table';

/** What the reader needs to know about the file, found by the import's thread first. */
export interface ReadAheadSetup {
  file: string;
  fileName: string;
  /** A CSV's: a workbook is read on the import's thread (engine.ts says why). */
  sniffed: Sniffed;
  /** Rows up to and including this one are the header and the titles above it. */
  headerRow: number;
  /** Columns the header names: cells beyond them in a row are warned about. */
  width: number;
  /** Where each template column's value is in a row of the file (-1: not in the file). */
  indices: number[];
  today: string;
}

export interface ReaderData {
  /** To load the standards and assessors the checks use, as they were when the import began. */
  connection: ConnectionOptions;
  /** How many chunks the import's thread has taken (an Int32): the reader waits on it. */
  taken: SharedArrayBuffer;
  /** How many distinct texts to send by number (see Texts); MAX_TEXTS unless told. */
  maxTexts?: number;
}

export interface AheadBatch {
  /** Bytes of the file read once this chunk's rows are done, for the progress bar. */
  bytesRead: number;
  /** Excel's number of each data row in the chunk (blank rows are left out). */
  rows: Int32Array;
  kinds: Uint8Array;
  strings: string[];
  /** Texts sent for the first time, numbered on from those before (see Texts). */
  fresh: string[];
  numbers: Float64Array;
  /** Rows (by index in `rows`) with cells beyond the header, and the warning for each. */
  beyond?: [at: number, value: string, message: string][];
}

export type ReaderMessage =
  | { type: 'batch'; batch: AheadBatch }
  | { type: 'end'; dates: DateOrderSummary }
  | { type: 'error'; kind: ErrorKind; message: string };

/**
 * Smaller files (about 28,000 rows of a canonical export) are read by the import's own thread:
 * starting the reader (a thread, its modules, a connection) costs more than it saves on them.
 */
export const READ_AHEAD_BYTES = 5_000_000;

const RAW = 0;
const CHECKED = 1;
const MALFORMED = 2;

/** Chunks of 64 KiB (about 350 rows): a few MB in flight at most. */
const MAX_AHEAD = 16;

/** Per checked row, in `numbers`, before the texts (see Texts) of its issues, three each. */
const CHECKED_NUMBERS = 21;

/**
 * Distinct texts a reader sends once each, then by number. Most of a row's texts repeat down a
 * file (methods, grades, dates, assessors, employers, names, flag messages), and the receiving
 * thread pays for every string it is sent: 13 million of them cost it 0.78 s (measured), on the
 * thread that is the import's bottleneck. A file of ever-new texts stops being remembered here,
 * so neither thread's memory grows with it.
 */
const MAX_TEXTS = 100_000;

class Texts {
  private readonly known = new Map<string, number>();
  /** Texts first sent in the batch being packed. */
  fresh: string[] = [];

  constructor(private readonly max: number) {}

  /** The text's number, or -1 with the text put in `strings` instead. */
  id(text: string, strings: string[]): number {
    const known = this.known.get(text);
    if (known !== undefined) return known;
    if (this.known.size >= this.max) {
      strings.push(text);
      return -1;
    }
    const id = this.known.size;
    this.known.set(text, id);
    this.fresh.push(text);
    return id;
  }
}

const orEmpty = (s: string | null): string => s ?? '';
const orNull = (s: string): string | null => (s === '' ? null : s);
const numberOrNaN = (x: number | null): number => x ?? Number.NaN;
const numberOrNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

class Packer {
  private readonly rows: number[] = [];
  private readonly kinds: number[] = [];
  private readonly strings: string[] = [];
  private readonly numbers: number[] = [];
  private beyondRows: AheadBatch['beyond'];

  /** Warns about the cells beyond the header of the row packed next. */
  beyond(warning: { value: string; message: string }): void {
    (this.beyondRows ??= []).push([this.rows.length, warning.value, warning.message]);
  }

  constructor(private readonly texts: Texts) {}

  raw(n: number, values: readonly string[]): void {
    this.rows.push(n);
    this.kinds.push(RAW);
    for (const v of values) this.strings.push(v);
  }

  malformed(n: number, excerpt: string, error: string): void {
    this.rows.push(n);
    this.kinds.push(MALFORMED);
    this.strings.push(excerpt, error);
  }

  checked(d: DecisionInput, issues: ComplianceIssue[]): void {
    this.rows.push(d.row);
    this.kinds.push(CHECKED);
    // A decision's reference and ULN are its own: sent as they are.
    this.strings.push(orEmpty(d.ref), d.uln);
    const text = (t: string): number => this.texts.id(t, this.strings);
    this.numbers.push(
      d.version.row.id,
      d.versionNamed ? 1 : 0,
      d.attempt,
      d.assessorId ?? -1,
      numberOrNaN(d.durationMinutes),
      numberOrNaN(d.questioningMinutes),
      numberOrNaN(d.wordCount),
      numberOrNaN(d.evidencePieces),
      // -1: a blank cell, which says neither yes nor no.
      d.ec ? 1 : d.ecGiven ? 0 : -1,
      issues.length,
      text(orEmpty(d.givenName)),
      text(orEmpty(d.familyName)),
      text(orEmpty(d.employer)),
      text(orEmpty(d.ukprn)),
      text(orEmpty(d.providerName)),
      text(orEmpty(d.gateway)),
      text(d.method),
      text(d.assessorRef),
      text(d.assessorName),
      text(d.date),
      text(d.grade),
    );
    for (const issue of issues)
      this.numbers.push(text(issue.code), text(issue.field), text(issue.message));
  }

  batch(bytesRead: number): AheadBatch {
    const fresh = this.texts.fresh;
    this.texts.fresh = [];
    return {
      bytesRead,
      rows: Int32Array.from(this.rows),
      kinds: Uint8Array.from(this.kinds),
      strings: this.strings,
      fresh,
      numbers: Float64Array.from(this.numbers),
      ...(this.beyondRows ? { beyond: this.beyondRows } : {}),
    };
  }
}

/** Where the rows of a batch go on the import's thread. */
export interface AheadSink {
  raw(n: number, values: readonly string[]): void;
  malformed(n: number, excerpt: string, error: string): void;
  checked(d: DecisionInput, issues: ComplianceIssue[]): void;
  /** A warning about the row given to the sink next: cells beyond the header's last column. */
  beyond(n: number, value: string, message: string): void;
}

/** Hands each row of each batch, in file order, to the sink. */
export function unpacker(
  reference: Reference,
  width: number,
  sink: AheadSink,
): (batch: AheadBatch) => void {
  const texts: string[] = [];
  return (batch) => {
    const { rows, kinds, strings: s, numbers: x } = batch;
    for (const t of batch.fresh) texts.push(t);
    let i = 0;
    let j = 0;
    const text = (id: number): string => (id >= 0 ? texts[id] : s[i++]) as string;
    const beyond = batch.beyond ?? [];
    let b = 0;
    for (let r = 0; r < rows.length; r++) {
      const n = rows[r] as number;
      const kind = kinds[r];
      // Before the row's own problems, as when the import's thread reads the file.
      for (; b < beyond.length && (beyond[b] as [number, string, string])[0] === r; b++) {
        const [, value, message] = beyond[b] as [number, string, string];
        sink.beyond(n, value, message);
      }
      if (kind === RAW) {
        sink.raw(n, s.slice(i, (i += width)));
      } else if (kind === MALFORMED) {
        sink.malformed(n, s[i] as string, s[i + 1] as string);
        i += 2;
      } else {
        const version = reference.versionsById.get(x[j] as number);
        const assessorId = x[j + 3] as number;
        // The reader loaded the standards and assessors before this thread's transaction began;
        // one removed in between would otherwise be written as a broken reference.
        if (!version || (assessorId >= 0 && !reference.assessorsById.has(assessorId))) {
          throw new DomainError(
            'conflict',
            'The standards or assessors changed while this file was being read, so nothing was imported. Import it again.',
          );
        }
        const ref = orNull(s[i++] as string);
        const uln = s[i++] as string;
        // In the order packed: a text not sent by number is next in `strings`.
        const d: DecisionInput = {
          row: n,
          ref,
          uln,
          givenName: orNull(text(x[j + 10] as number)),
          familyName: orNull(text(x[j + 11] as number)),
          employer: orNull(text(x[j + 12] as number)),
          ukprn: orNull(text(x[j + 13] as number)),
          providerName: orNull(text(x[j + 14] as number)),
          version,
          versionNamed: x[j + 1] === 1,
          gateway: orNull(text(x[j + 15] as number)),
          method: text(x[j + 16] as number),
          attempt: x[j + 2] as number,
          assessorId: assessorId < 0 ? null : assessorId,
          assessorRef: text(x[j + 17] as number),
          assessorName: text(x[j + 18] as number),
          date: text(x[j + 19] as number),
          grade: text(x[j + 20] as number),
          durationMinutes: numberOrNull(x[j + 4] as number),
          questioningMinutes: numberOrNull(x[j + 5] as number),
          wordCount: numberOrNull(x[j + 6] as number),
          evidencePieces: numberOrNull(x[j + 7] as number),
          ec: x[j + 8] === 1,
          ecGiven: x[j + 8] !== -1,
        };
        const count = x[j + 9] as number;
        j += CHECKED_NUMBERS;
        const issues: ComplianceIssue[] = [];
        for (let k = 0; k < count; k++, j += 3) {
          issues.push({
            code: text(x[j] as number) as ComplianceIssueCode,
            field: text(x[j + 1] as number),
            message: text(x[j + 2] as number),
          });
        }
        sink.checked(d, issues);
      }
    }
  };
}

/**
 * The import's side. The reader is started first, before the file is sniffed (loading its
 * modules and the standards takes about as long: 0.38 s against 0.35 s for a 1M-row file,
 * measured), and told where the rows are once the header is found.
 */
export class ReadAhead {
  private readonly taken = new Int32Array(new SharedArrayBuffer(4));
  private readonly reader: Worker;
  private readonly queue: ReaderMessage[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  /** What the reader saw of the file's dates (date-order.ts), once it has read every row. */
  dates: DateOrderSummary = {};

  constructor(start: (taken: SharedArrayBuffer) => Worker) {
    this.reader = start(this.taken.buffer as SharedArrayBuffer);
    const woken = (): void => {
      this.wake?.();
      this.wake = null;
    };
    this.reader.on('message', (m: ReaderMessage) => {
      this.queue.push(m);
      woken();
    });
    this.reader.on('error', (error: Error) => {
      this.failure ??= error;
      woken();
    });
    this.reader.on('exit', (code) => {
      this.failure ??= new Error(`The file reader stopped unexpectedly (exit ${code}).`);
      woken();
    });
  }

  /** The file's rows, chunk by chunk, each one counted as taken once the next is asked for. */
  async *batches(setup: ReadAheadSetup): AsyncGenerator<AheadBatch> {
    this.reader.postMessage(setup);
    for (;;) {
      const m = this.queue.shift();
      if (!m) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (m.type === 'end') {
        this.dates = m.dates;
        return;
      }
      if (m.type === 'error') {
        if (m.kind === 'internal') throw new Error(m.message);
        throw new DomainError(m.kind, m.message);
      }
      yield m.batch;
      Atomics.add(this.taken, 0, 1);
      Atomics.notify(this.taken, 0);
    }
  }

  stop(): void {
    void this.reader.terminate();
  }
}

/** The reader's side, run by read-ahead-worker.ts. */
export async function readFileAhead(
  data: ReaderData,
  setupGiven: Promise<ReadAheadSetup>,
  post: (message: ReaderMessage, transfer: ArrayBuffer[]) => void,
): Promise<void> {
  const taken = new Int32Array(data.taken);
  const ctx = openImportContext(data.connection);
  let reference: Reference;
  try {
    reference = new Reference(ctx);
  } finally {
    ctx.store.close();
  }
  const setup = await setupGiven;
  // Problems are the writer's to report: a row with any goes across raw and is checked again.
  const env: RowCheckEnv = {
    today: setup.today,
    columns: templateColumns('decisions'),
    problem: () => undefined,
  };
  const parse = decisionRowParser(env, reference, () => undefined);
  const values = new Array<string>(setup.indices.length).fill('');
  if (setup.sniffed.format !== 'csv') throw new Error('The reader thread reads CSV files only.');
  const table = await openTable(setup.file, setup.sniffed, {
    sheet: null,
    fileName: setup.fileName,
  });
  try {
    let posted = 0;
    const texts = new Texts(data.maxTexts ?? MAX_TEXTS);
    const dates = new DateOrderWatch('decisions');
    for await (const { cells, numbers, malformed, bytesRead } of table.batches) {
      const packer = new Packer(texts);
      for (let r = 0; r < cells.length; r++) {
        const n = numbers[r] as number;
        const row = cells[r] as string[];
        if (n <= setup.headerRow || isBlank(row)) continue;
        const quoteError = malformed?.get(r);
        if (quoteError) {
          packer.malformed(n, row.join(',').slice(0, 200), quoteError);
          continue;
        }
        const extra = beyondHeader(row, setup.width);
        if (extra) packer.beyond(extra);
        fillValues(setup.indices, row, values);
        dates.row(n, values);
        const d = namesVersion(values) ? parse(n, values) : null;
        if (d) packer.checked(d, limitIssues(d));
        else packer.raw(n, values);
      }
      for (;;) {
        const seen = Atomics.load(taken, 0);
        if (posted - seen < MAX_AHEAD) break;
        Atomics.wait(taken, 0, seen, 1000);
      }
      const batch = packer.batch(bytesRead);
      post({ type: 'batch', batch }, [
        batch.rows.buffer as ArrayBuffer,
        batch.kinds.buffer as ArrayBuffer,
        batch.numbers.buffer as ArrayBuffer,
      ]);
      posted++;
    }
    post({ type: 'end', dates: dates.summary() }, []);
  } finally {
    table.close();
  }
}
