/**
 * What a row processor (decisions, moderation, assessors, standardisation) works with: the
 * batch it writes under, today's date, and sinks for problems and outcomes. The engine owns the
 * counting and the transaction; processors only judge and write rows.
 */
import type { HeldAgainDto, ImportPreviewRowDto, ImportProblemDto } from '@shared/contract';
import type { ImportKind, TemplateColumn } from '@shared/imports';
import type { AppContext } from '../core/context';
import type { AheadBatch, AheadSink } from './read-ahead';

export type Outcome = ImportPreviewRowDto['outcome'];

export interface ImportEnv {
  readonly ctx: AppContext;
  readonly kind: ImportKind;
  readonly batchId: number;
  readonly fileName: string;
  /** YYYY-MM-DD from the context's clock: nothing may be dated after it. */
  readonly today: string;
  readonly mode: 'preview' | 'commit';
  readonly columns: readonly TemplateColumn[];
  /** Template columns this file supplies; a re-import leaves the others as stored. */
  readonly mapped: ReadonlySet<string>;
  /**
   * A bulk load (isBulkLoad): the read-only indexes are rebuilt once at the end, and foreign
   * keys are checked once before the commit instead of on every row.
   */
  readonly bulk: boolean;
  problem(row: number, column: string, value: string, message: string, warning?: boolean): void;
  /**
   * Records what happened to a row. `show` (values as stored) is only called for the first
   * rows, which the preview lists, so the hot path builds nothing for the rest.
   */
  outcome(row: number, outcome: Outcome, show?: () => Record<string, string>): void;
  /** Notes (flags raised, changes made) for a row in the preview. */
  note(row: number, text: string): void;
  heldAgain(entry: HeldAgainDto): void;
  /** Records the import added alongside its rows (apprentices, employers...), for the audit. */
  created(counts: Record<string, number>): void;
  /**
   * After the last row: tells the user what the import is doing now, in plain English (a large
   * file's indexes and checks take seconds after its rows are all read).
   */
  finishing(what: string): void;
}

export interface RowProcessor {
  /** `values` holds one trimmed string per template column, in template order. */
  row(rowNumber: number, values: readonly string[]): void;
  /**
   * A chunk of rows from a reader thread (read-ahead.ts): rows it checked, and rows for `row`.
   * Only a processor that has this is fed by one; `feed` reports what the import's thread
   * reports itself when it reads the file: a row whose quotes do not pair up (refused), and
   * cells beyond the header (a warning).
   */
  ahead?(batch: AheadBatch, feed: Pick<AheadSink, 'malformed' | 'beyond'>): void;
  /** After the last row, still inside the transaction (overall grades, hooks). */
  finish(): void;
}

/** `expectedRows` (estimated from the file's size) sizes lookup structures. */
export type ProcessorFactory = (env: ImportEnv, expectedRows: number) => RowProcessor;

export type { ImportProblemDto };
