/**
 * Tallies an import as it runs: counts by outcome, the first problems and rows for the preview,
 * every problem to the report sink (and, for a commit, into import_problems in the same
 * transaction). Memory stays flat however long the file is.
 */
import type {
  HeldAgainDto,
  ImportCountsDto,
  ImportPreviewRowDto,
  ImportProblemDto,
} from '@shared/contract';
import type { Statement } from 'better-sqlite3';
import type { AppContext } from '../core/context';
import type { Outcome } from './env';

export const PREVIEW_ROWS = 25;
export const SHOWN_PROBLEMS = 200;
export const SHOWN_HELD = 500;

export class Collector {
  rowsRead = 0;
  readonly counts: Omit<ImportCountsDto, 'flags'> = {
    new: 0,
    changed: 0,
    unchanged: 0,
    rejected: 0,
  };
  readonly problems: ImportProblemDto[] = [];
  errorCount = 0;
  warningCount = 0;
  readonly preview: ImportPreviewRowDto[] = [];
  readonly heldAgain: HeldAgainDto[] = [];
  heldAgainCount = 0;
  readonly created: Record<string, number> = {};
  private readonly notes = new Map<number, string[]>();
  private readonly insertProblem: Statement | null;

  constructor(
    ctx: AppContext,
    private readonly batchId: number,
    keep: boolean,
    readonly sink?: (problem: ImportProblemDto) => void,
  ) {
    this.insertProblem = keep
      ? ctx.sqlite.prepare(
          'INSERT INTO import_problems (batch_id, row, "column", value, severity, message) VALUES (?, ?, ?, ?, ?, ?)',
        )
      : null;
  }

  private addNote(row: number, text: string): void {
    if (this.preview.length >= PREVIEW_ROWS) return;
    const list = this.notes.get(row);
    if (list) list.push(text);
    else this.notes.set(row, [text]);
  }

  readonly problem = (
    row: number,
    column: string,
    value: string,
    message: string,
    warning = false,
  ): void => {
    const severity = warning ? 'warning' : 'error';
    const p: ImportProblemDto = { row, column, value, severity, message };
    if (warning) this.warningCount++;
    else this.errorCount++;
    if (this.problems.length < SHOWN_PROBLEMS) this.problems.push(p);
    this.sink?.(p);
    this.insertProblem?.run(this.batchId, row, column, value, severity, message);
    this.addNote(
      row,
      `${warning ? 'Warning' : 'Rejected'}${column ? ` (${column})` : ''}: ${message}`,
    );
  };

  readonly note = (row: number, text: string): void => this.addNote(row, text);

  readonly outcome = (row: number, outcome: Outcome, show?: () => Record<string, string>): void => {
    this.counts[outcome]++;
    if (this.preview.length < PREVIEW_ROWS) {
      this.preview.push({
        row,
        outcome,
        values: show ? show() : {},
        notes: this.notes.get(row) ?? [],
      });
    }
    this.notes.delete(row);
  };

  readonly held = (entry: HeldAgainDto): void => {
    this.heldAgainCount++;
    if (this.heldAgain.length < SHOWN_HELD) this.heldAgain.push(entry);
  };

  readonly createdAlongside = (counts: Record<string, number>): void => {
    for (const [k, n] of Object.entries(counts)) this.created[k] = (this.created[k] ?? 0) + n;
  };
}
