/**
 * One import, start to finish: read the file as a stream, check and write every row inside ONE
 * `BEGIN IMMEDIATE` transaction, then commit or roll back as a whole. A large decisions file is
 * read and checked on a second thread while this one writes (read-ahead.ts). A preview is the same run,
 * rolled back, so its counts are exactly what a commit would do. A crash, a cancel or a closed
 * window mid-way leaves the database as it was: SQLite discards an uncommitted transaction. Once
 * a commit starts saving, a cancel is refused (startSaving), so none is ever said to be taken
 * while the rows are being committed.
 *
 * The transaction stays open across the awaits that read the file, so the connection given
 * here must serve this import alone (the worker's own connection, or the CLI's).
 */
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { ColumnMapping, ImportKind } from '@shared/imports';
import { matchHeaders, normaliseHeader, templateColumns } from '@shared/imports';
import type { ImportResultDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor } from '../audit/audit';
import { ImportCancelled } from './cancelled';
import { Collector } from './collector';
import { DateOrderWatch } from './date-order';
import type { ImportEnv, ProcessorFactory, RowProcessor } from './env';
import { fillValues, readHeader, resolveMapping, type HeaderFound } from './header';
import { beyondHeader, headerScore } from './header-row';
import { ReadAhead, type ReadAheadSetup } from './read-ahead';
import { finishBatch, previousImports } from './batches';
import { looksLikeWorkbook, sniffFile, type Sniffed } from './sniff';
import { isBlank, openTable, sheetsNote, type RowBatch, type Table, type TableInfo } from './table';
import { decisionsProcessor } from './decisions';
import { isBulkLoad } from './decisions-store';
import { moderationProcessor } from './moderation';
import { assessorsProcessor } from './assessors';
import { standardisationProcessor } from './standardisation';
import { SETTLES } from '../moderation/settled';

export interface ImportRequest {
  kind: ImportKind;
  /** Where the file is on disk. */
  file: string;
  /** The name the user knows it by (for messages and the batch record). */
  fileName: string;
  mode: 'preview' | 'commit';
  /** Import nothing if any row is rejected (otherwise the valid rows are imported). */
  allOrNothing: boolean;
  sheet?: string | null;
  mapping?: ColumnMapping | null;
  mappingName?: string | null;
}

export interface ImportProgress {
  rowsDone: number;
  bytesDone: number;
  /**
   * 0 when the share read says nothing of the rows to come: a workbook is unzipped (its sheet
   * into a temporary file) long before its rows are read.
   */
  bytesTotal: number;
  /** Once every row is read: what the import is doing before it answers, in plain English. */
  finishing?: string;
}

export interface ImportHooks {
  onProgress?(progress: ImportProgress): void;
  /** Asked between chunks and between the steps after the last row; true rolls everything back. */
  isCancelled?(): boolean;
  /**
   * Asked once, when a commit has checked every row and starts saving: false if a cancel came
   * first (everything is rolled back). From a true answer on, no cancel is taken: the import
   * commits, or fails with nothing written, and says which. Without it, a cancel is last
   * asked for (isCancelled) just before the save.
   */
  startSaving?(): boolean;
  /** Every problem, as found (for the downloadable report). */
  onProblem?: Collector['sink'];
  /**
   * Reads a decisions CSV of at least `minBytes` on a thread of its own (read-ahead.ts),
   * started by `start`; without it, and for a workbook, this thread reads.
   */
  readAhead?: { minBytes: number; start(taken: SharedArrayBuffer): Worker };
}

// Defined apart so that reading a workbook (xlsx.ts) can throw it too, without importing the
// engine; the engine's callers still find it here.
export { ImportCancelled };

const PROCESSORS: Record<ImportKind, ProcessorFactory> = {
  decisions: decisionsProcessor,
  moderation: moderationProcessor,
  assessors: assessorsProcessor,
  standardisation: standardisationProcessor,
};

/** Average bytes per row of a real export, erring low: it only sizes the lookup filters. */
const BYTES_PER_ROW = 40;

/**
 * How many rows the file likely holds, to size the lookup filters and decide on a bulk load.
 * A CSV's first chunk shows its bytes per row (a quarter added for longer rows further on); a
 * workbook is compressed, and a file read whole in one chunk has few rows, so those fall back
 * to the low fixed estimate. An underestimate only costs a few more indexed lookups; the fixed
 * one, on a canonical export of 180 bytes a row, took four times the memory it needed.
 */
function expectedRows(sniffed: Sniffed, first: RowBatch): number {
  const rows = first.cells.length;
  if (sniffed.format !== 'csv' || rows < 100 || first.bytesRead >= sniffed.size) {
    return Math.ceil(sniffed.size / BYTES_PER_ROW);
  }
  return Math.ceil(((sniffed.size / first.bytesRead) * rows * 5) / 4);
}

function begin(ctx: AppContext, fileName: string): void {
  if (ctx.sqlite.inTransaction) {
    throw new Error('An import needs a connection of its own; this one is inside a transaction.');
  }
  try {
    ctx.sqlite.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw cannotWrite(ctx, fileName, error);
  }
}

/**
 * SQLite's own words for a database this import may not write ("database is locked", "attempt
 * to write a readonly database") reached the user as a stack trace. A script's log and the
 * Imports page both need to know that this file was not imported, why, and what to do.
 */
function cannotWrite(ctx: AppContext, fileName: string, error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const at = `${fileName} was not imported: the database ${ctx.store.path}`;
  // SQLite cannot say who holds the lock.
  if (code.startsWith('SQLITE_BUSY')) {
    return new DomainError(
      'conflict',
      `${at} is busy saving another change, perhaps another import (in the app or from the command line). Nothing was written. Import it again once that has finished.`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new DomainError(
      'refused',
      `${at} is read-only for you: you may read it but not change it. Nothing was written. Ask whoever looks after the file for permission to change it, then import again.`,
    );
  }
  return error;
}

export async function runImport(
  ctx: AppContext,
  request: ImportRequest,
  hooks: ImportHooks = {},
): Promise<ImportResultDto> {
  const started = performance.now();
  const reader = readerFor(request, hooks);
  let table: Table | null = null;
  let bulk = false;
  try {
    const sniffed = await sniffFile(request.file, request.fileName);
    table = await openTable(request.file, sniffed, {
      sheet: request.sheet ?? null,
      fileName: request.fileName,
      isCancelled: hooks.isCancelled,
    });
    const head = await readHeader(table, request.fileName, headerScore(ctx, request.kind, request));
    const resolved = saysWhereRead(request.kind, head, table.info, () =>
      resolveMapping(ctx, request.kind, head.headers, request.fileName, request),
    );
    const previous = previousImports(ctx, request.kind, sniffed.sha256);
    const actor = currentActor(ctx);
    const expected = expectedRows(sniffed, head.batch);
    // Decided before the transaction: SQLite ignores a change to foreign_keys inside one.
    bulk = request.kind === 'decisions' && isBulkLoad(ctx, expected);
    if (bulk) ctx.sqlite.pragma('foreign_keys = OFF');
    begin(ctx, request.fileName);
    try {
      const batchId = Number(
        ctx.sqlite
          .prepare(
            'INSERT INTO import_batches (kind, file_name, file_hash, imported_by, created_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(
            request.kind,
            request.fileName,
            sniffed.sha256,
            actor.name,
            ctx.clock().toISOString(),
          ).lastInsertRowid,
      );
      const flagsBefore = ctx.sqlite
        .prepare('SELECT coalesce(max(id), 0) FROM compliance_flags')
        .pluck()
        .get() as number;
      const collector = new Collector(
        ctx,
        batchId,
        request.mode === 'commit',
        hooks.onProblem,
        resolved.headings,
      );
      const env: ImportEnv = {
        ctx,
        kind: request.kind,
        batchId,
        fileName: request.fileName,
        today: today(ctx),
        mode: request.mode,
        bulk,
        columns: templateColumns(request.kind),
        mapped: new Set(
          templateColumns(request.kind)
            .filter((_, i) => (resolved.indices[i] as number) >= 0)
            .map((c) => c.name),
        ),
        problem: collector.problem,
        outcome: collector.outcome,
        note: collector.note,
        heldAgain: collector.held,
        created: collector.createdAlongside,
        finishing: (what) => {
          // Between steps is where a cancel can be honoured once the rows are read.
          if (hooks.isCancelled?.()) throw new ImportCancelled();
          hooks.onProgress?.({
            rowsDone: collector.rowsRead,
            bytesDone: sniffed.size,
            bytesTotal: sniffed.size,
            finishing: what,
          });
        },
      };
      for (const { column, source } of resolved.notFound) {
        env.problem(
          head.headerRow,
          column,
          '',
          `the saved mapping "${resolved.name ?? ''}" reads ${column} from the column "${source}", which this file does not have, so ${column} was not imported`,
          true,
        );
      }
      const used = new Set(resolved.indices.filter((i) => i >= 0));
      head.headers.forEach((h, i) => {
        // A column the saved mapping left out was left out on purpose: no warning, every import.
        if (resolved.leftOut.has(normaliseHeader(h))) return;
        if (!used.has(i) && !h.startsWith('Column ')) {
          collector.unreadColumn(
            head.headerRow,
            h,
            `"${h}" is not a column of the ${request.kind} template, so it was ignored`,
          );
        }
      });
      const processor = PROCESSORS[request.kind](env, expected);
      const dates = new DateOrderWatch(request.kind);
      let lastReport = 0;
      const chunkDone = (bytesRead: number): void => {
        if (hooks.isCancelled?.()) throw new ImportCancelled();
        const now = performance.now();
        if (hooks.onProgress && now - lastReport > 100) {
          lastReport = now;
          hooks.onProgress({
            rowsDone: collector.rowsRead,
            bytesDone: bytesRead,
            bytesTotal: sniffed.format === 'xlsx' ? 0 : sniffed.size,
          });
        }
      };
      const malformed = (n: number, excerpt: string, error: string): void => {
        env.problem(
          n,
          '',
          excerpt,
          /unterminated/i.test(error)
            ? 'a quote opened in this row never closes, so the rest of the file from here was read as this one row and not imported; check for a stray double quote (")'
            : `the quotes in this row do not pair up (${error}), so its columns cannot be read reliably`,
        );
        env.outcome(n, 'rejected');
      };
      const beyond = (n: number, value: string, message: string): void =>
        env.problem(n, '', value, message, true);
      const feed: Feed = { processor, collector, dates, malformed, beyond, chunkDone };
      if (reader) {
        // The reader opens the file afresh and skips to the rows after the header found here.
        table.close();
        await feedAhead(feed, reader, {
          file: request.file,
          fileName: request.fileName,
          sniffed,
          headerRow: head.headerRow,
          width: head.headers.length,
          indices: resolved.indices,
          today: env.today,
        });
      } else {
        await feedFromTable(feed, table, head, resolved.indices);
      }
      env.finishing('Finishing the checks');
      processor.finish();
      const notices = dates.report(
        (n, column, value, message) => env.problem(n, column, value, message, true),
        resolved.headings,
      );
      if (bulk) checkReferences(ctx);
      const flags = ctx.sqlite
        .prepare('SELECT count(*) FROM compliance_flags WHERE id > ?')
        .pluck()
        .get(flagsBefore) as number;
      if (request.mode === 'commit' && hooks.startSaving?.() === false) throw new ImportCancelled();
      env.finishing(request.mode === 'commit' ? 'Saving' : 'Preparing the preview');
      const result = finishBatch(ctx, {
        request,
        batchId,
        collector,
        flags,
        releasedFlagged: flags > 0 ? releasedFlagged(ctx, flagsBefore) : 0,
        sniffed,
        info: table.info,
        mappingName: resolved.name,
        headings: resolved.headings,
        previous,
        seconds: (performance.now() - started) / 1000,
        notices,
      });
      ctx.sqlite.exec(result.committed ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      if (ctx.sqlite.inTransaction) ctx.sqlite.exec('ROLLBACK');
      throw cannotWrite(ctx, request.fileName, error);
    }
  } finally {
    if (bulk) ctx.sqlite.pragma('foreign_keys = ON');
    table?.close();
    reader?.stop();
  }
}

/**
 * A bulk load writes with foreign keys off (about a tenth of a 1M-row import's time goes on
 * checking each row's references as it is written) and checks every reference here, once,
 * before the commit: every id the import writes is one it looked up or created, so a dangling
 * one is a fault in the import, and it stores nothing rather than a broken row.
 */
function checkReferences(ctx: AppContext): void {
  const broken = ctx.sqlite.prepare('PRAGMA foreign_key_check').get() as
    { table: string; rowid: number; parent: string } | undefined;
  if (broken) {
    throw new Error(
      `The import would have stored a row of ${broken.table} (row id ${broken.rowid}) that refers to a row of ${broken.parent} that does not exist, so nothing was written. Please report this fault.`,
    );
  }
}

/**
 * A file refused because the template's columns are not in what was read as its header: the
 * likeliest cause is where that was, a title row taken for the header, or a sheet other than
 * the one meant (the user may not know which is read by default). The refusal then says which
 * row of which sheet was read, names the other sheets and how to choose one, as the Imports
 * page's notice does.
 */
function saysWhereRead<T>(
  kind: ImportKind,
  head: HeaderFound,
  info: TableInfo,
  resolve: () => T,
): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'refused') throw error;
    if (matchHeaders(kind, head.headers).missingRequired.length === 0) throw error;
    throw new DomainError('refused', `${error.message}${whereRead(head, info)}`);
  }
}

function whereRead(head: HeaderFound, info: TableInfo): string {
  const shown = head.headers
    .slice(0, 6)
    .map((h) => `"${h.length > 40 ? `${h.slice(0, 40)}…` : h}"`)
    .join(', ');
  const headers = head.headers.length > 6 ? `${shown}, …` : shown;
  if (info.sheets.length < 2) return ` It read row ${head.headerRow} as the header (${headers}).`;
  return sheetsNote(info, `row ${head.headerRow} of the sheet`, ` as the header (${headers})`);
}

/**
 * Decisions a published plan released without moderation that flags raised since `flagsBefore`
 * now mark: an assessor's conflict or lapse found later, or a re-import's new limit issue. The
 * plan would have sampled them; a released decision is never pulled back silently, so the user
 * is told instead.
 */
function releasedFlagged(ctx: AppContext, flagsBefore: number): number {
  return ctx.sqlite
    .prepare(
      `SELECT count(DISTINCT f.decision_id) FROM compliance_flags f
       JOIN decisions d ON d.id = f.decision_id JOIN epas e ON e.id = d.epa_id
       WHERE f.id > ? AND d.status = 'released' AND e.status <> 'confirmed'
         AND NOT EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id AND ${SETTLES})`,
    )
    .pluck()
    .get(flagsBefore) as number;
}

/** Where the rows go, and what happens after each chunk of the file. */
interface Feed {
  processor: RowProcessor;
  collector: Collector;
  /** Sees every row's dates, whichever thread checks the row. */
  dates: DateOrderWatch;
  malformed(row: number, excerpt: string, error: string): void;
  /** Warns about a row's cells beyond the header's last column. */
  beyond(row: number, value: string, message: string): void;
  chunkDone(bytesRead: number): void;
}

/** Reads the rows after the header on this thread. */
async function feedFromTable(
  feed: Feed,
  table: Table,
  head: HeaderFound,
  indices: readonly number[],
): Promise<void> {
  const values: string[] = new Array<string>(indices.length).fill('');
  const width = head.headers.length;
  let batch = head.batch;
  let start = head.start;
  for (;;) {
    const { cells, numbers } = batch;
    for (let r = start; r < cells.length; r++) {
      const row = cells[r] as string[];
      if (isBlank(row)) continue;
      const n = numbers[r] as number;
      feed.collector.rowsRead++;
      const quoteError = batch.malformed?.get(r);
      if (quoteError) feed.malformed(n, row.join(',').slice(0, 200), quoteError);
      else {
        const extra = beyondHeader(row, width);
        if (extra) feed.beyond(n, extra.value, extra.message);
        fillValues(indices, row, values);
        feed.dates.row(n, values);
        feed.processor.row(n, values);
      }
    }
    feed.chunkDone(batch.bytesRead);
    const next = await table.batches.next();
    if (next.done) return;
    batch = next.value;
    start = 0;
  }
}

/** Takes the rows from the reader thread. */
async function feedAhead(feed: Feed, reader: ReadAhead, setup: ReadAheadSetup): Promise<void> {
  const ahead = feed.processor.ahead?.bind(feed.processor);
  if (!ahead) throw new Error('This kind of import cannot take rows from a reader thread.');
  for await (const batch of reader.batches(setup)) {
    feed.collector.rowsRead += batch.rows.length;
    ahead(batch, feed);
    feed.chunkDone(batch.bytesRead);
  }
  feed.dates.merge(reader.dates);
}

/**
 * A reader thread for a large decisions CSV, started at once (see ReadAhead). Not for a
 * workbook: unzipping and parsing its XML is most of its import and cannot be split, so a reader
 * would only add a second parse up to the header (measured at 125,000 rows: 14.8 s with a reader,
 * 10.2 s without).
 */
function readerFor(request: ImportRequest, hooks: ImportHooks): ReadAhead | null {
  const ahead = hooks.readAhead;
  if (!ahead || request.kind !== 'decisions') return null;
  const size = fs.statSync(request.file, { throwIfNoEntry: false })?.size ?? 0;
  if (size < ahead.minBytes || looksLikeWorkbook(request.file)) return null;
  return new ReadAhead(ahead.start);
}
