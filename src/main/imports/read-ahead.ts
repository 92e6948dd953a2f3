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
 * The reader stays at most MAX_AHEAD chunks ahead, so memory does not grow with the file.
 */
import type { Worker } from 'node:worker_threads';
import type { ErrorKind } from '@shared/contract';
import { templateColumns } from '@shared/imports';
import type { ComplianceIssue, ComplianceIssueCode } from '@shared/standards';
import { DomainError } from '../core/errors';
import type { ConnectionOptions } from './connection';
import { openImportContext } from './connection';
import {
  decisionRowParser,
  limitIssues,
  namesVersion,
  type DecisionInput,
  type RowCheckEnv,
} from './decisions-row';
import { fillValues } from './header';
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
  /** Where each template column's value is in a row of the file (-1: not in the file). */
  indices: number[];
  today: string;
}

export interface ReaderData {
  /** To load the standards and assessors the checks use, as they were when the import began. */
  connection: ConnectionOptions;
  /** How many chunks the import's thread has taken (an Int32): the reader waits on it. */
  taken: SharedArrayBuffer;
}

export interface AheadBatch {
  /** Bytes of the file read once this chunk's rows are done, for the progress bar. */
  bytesRead: number;
  /** Excel's number of each data row in the chunk (blank rows are left out). */
  rows: Int32Array;
  kinds: Uint8Array;
  strings: string[];
  numbers: Float64Array;
}

export type ReaderMessage =
  | { type: 'batch'; batch: AheadBatch }
  | { type: 'end' }
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

/** Per checked row, in `strings` (before its issues, three each) and in `numbers`. */
const CHECKED_STRINGS = 13;
const CHECKED_NUMBERS = 10;

const orEmpty = (s: string | null): string => s ?? '';
const orNull = (s: string): string | null => (s === '' ? null : s);
const numberOrNaN = (x: number | null): number => x ?? Number.NaN;
const numberOrNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

class Packer {
  private readonly rows: number[] = [];
  private readonly kinds: number[] = [];
  private readonly strings: string[] = [];
  private readonly numbers: number[] = [];

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
    this.strings.push(
      orEmpty(d.ref),
      d.uln,
      orEmpty(d.givenName),
      orEmpty(d.familyName),
      orEmpty(d.employer),
      orEmpty(d.ukprn),
      orEmpty(d.providerName),
      orEmpty(d.gateway),
      d.method,
      d.assessorRef,
      d.assessorName,
      d.date,
      d.grade,
    );
    for (const issue of issues) this.strings.push(issue.code, issue.field, issue.message);
    this.numbers.push(
      d.version.row.id,
      d.versionNamed ? 1 : 0,
      d.attempt,
      d.assessorId ?? -1,
      numberOrNaN(d.durationMinutes),
      numberOrNaN(d.questioningMinutes),
      numberOrNaN(d.wordCount),
      numberOrNaN(d.evidencePieces),
      d.ec ? 1 : 0,
      issues.length,
    );
  }

  batch(bytesRead: number): AheadBatch {
    return {
      bytesRead,
      rows: Int32Array.from(this.rows),
      kinds: Uint8Array.from(this.kinds),
      strings: this.strings,
      numbers: Float64Array.from(this.numbers),
    };
  }
}

/** Where the rows of a batch go on the import's thread. */
export interface AheadSink {
  raw(n: number, values: readonly string[]): void;
  malformed(n: number, excerpt: string, error: string): void;
  checked(d: DecisionInput, issues: ComplianceIssue[]): void;
}

/** Hands each row of a batch to the sink, in file order. */
export function unpack(
  batch: AheadBatch,
  reference: Reference,
  width: number,
  sink: AheadSink,
): void {
  const { rows, kinds, strings: s, numbers: x } = batch;
  let i = 0;
  let j = 0;
  for (let r = 0; r < rows.length; r++) {
    const n = rows[r] as number;
    const kind = kinds[r];
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
      const d: DecisionInput = {
        row: n,
        ref: orNull(s[i] as string),
        uln: s[i + 1] as string,
        givenName: orNull(s[i + 2] as string),
        familyName: orNull(s[i + 3] as string),
        employer: orNull(s[i + 4] as string),
        ukprn: orNull(s[i + 5] as string),
        providerName: orNull(s[i + 6] as string),
        version,
        versionNamed: x[j + 1] === 1,
        gateway: orNull(s[i + 7] as string),
        method: s[i + 8] as string,
        attempt: x[j + 2] as number,
        assessorId: assessorId < 0 ? null : assessorId,
        assessorRef: s[i + 9] as string,
        assessorName: s[i + 10] as string,
        date: s[i + 11] as string,
        grade: s[i + 12] as string,
        durationMinutes: numberOrNull(x[j + 4] as number),
        questioningMinutes: numberOrNull(x[j + 5] as number),
        wordCount: numberOrNull(x[j + 6] as number),
        evidencePieces: numberOrNull(x[j + 7] as number),
        ec: x[j + 8] === 1,
      };
      i += CHECKED_STRINGS;
      const issues: ComplianceIssue[] = [];
      for (let k = x[j + 9] as number; k > 0; k--, i += 3) {
        issues.push({
          code: s[i] as ComplianceIssueCode,
          field: s[i + 1] as string,
          message: s[i + 2] as string,
        });
      }
      j += CHECKED_NUMBERS;
      sink.checked(d, issues);
    }
  }
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
      if (m.type === 'end') return;
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
    for await (const { cells, numbers, malformed, bytesRead } of table.batches) {
      const packer = new Packer();
      for (let r = 0; r < cells.length; r++) {
        const n = numbers[r] as number;
        const row = cells[r] as string[];
        if (n <= setup.headerRow || isBlank(row)) continue;
        const quoteError = malformed?.get(r);
        if (quoteError) {
          packer.malformed(n, row.join(',').slice(0, 200), quoteError);
          continue;
        }
        fillValues(setup.indices, row, values);
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
    post({ type: 'end' }, []);
  } finally {
    table.close();
  }
}
