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
import { columnLabel } from './report';

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
  /**
   * The SHOWN_PROBLEMS problems of the lowest rows, each with the order it was found in: the
   * checks that run after the last row (standardisation, conflicts) find problems on early
   * rows late, and those belong among the first shown, not cut off by later rows.
   */
  private readonly shown: Kept[] = [];
  /** Where in `shown` the problem that would give way next is (the latest row kept). */
  private latest = 0;
  /** The row whose rejected cells were reported, and their columns. */
  private rejectedRow = -1;
  private readonly rejectedColumns = new Set<string>();
  private found = 0;
  errorCount = 0;
  warningCount = 0;
  readonly preview: ImportPreviewRowDto[] = [];
  readonly heldAgain: HeldAgainDto[] = [];
  heldAgainCount = 0;
  /** Of those, how many wait on hold for a plan (none covers them yet), not in a queue. */
  heldForPlan = 0;
  readonly created: Record<string, number> = {};
  private readonly notes = new Map<number, string[]>();
  /** The preview's rows by number: the checks after the last row add notes to rows shown. */
  private readonly previewed = new Map<number, ImportPreviewRowDto>();
  private readonly insertProblem: Statement | null;

  constructor(
    ctx: AppContext,
    private readonly batchId: number,
    keep: boolean,
    readonly sink?: (problem: ImportProblemDto) => void,
    /** Template column → the file's heading it is read from, where the names differ. */
    private readonly headings: Readonly<Record<string, string>> = {},
  ) {
    this.insertProblem = keep
      ? ctx.sqlite.prepare(
          'INSERT INTO import_problems (batch_id, row, "column", value, severity, message) VALUES (?, ?, ?, ?, ?, ?)',
        )
      : null;
  }

  private addNote(row: number, text: string): void {
    const shown = this.previewed.get(row);
    if (shown) {
      shown.notes.push(text);
      return;
    }
    if (!this.mayPreview(row)) return;
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
    // A cell is rejected for one reason, the first found: a failed formula (unusableCells, which
    // every processor runs first) rather than what the column's own check made of "#N/A".
    if (!warning && column !== '') {
      if (row !== this.rejectedRow) {
        this.rejectedRow = row;
        this.rejectedColumns.clear();
      } else if (this.rejectedColumns.has(column)) return;
      this.rejectedColumns.add(column);
    }
    const heading = Object.hasOwn(this.headings, column) ? this.headings[column] : undefined;
    this.record(
      heading === undefined
        ? { row, column, value, severity, message }
        : { row, column, heading, value, severity, message },
    );
  };

  /**
   * A column of the file that no template column reads, named by its own heading: never given
   * a template column's heading, even when the file's heading is a template column's name.
   */
  readonly unreadColumn = (row: number, heading: string, message: string): void => {
    this.record({ row, column: heading, value: '', severity: 'warning', message });
  };

  private record(p: ImportProblemDto): void {
    const warning = p.severity === 'warning';
    if (warning) this.warningCount++;
    else this.errorCount++;
    this.keep(p);
    this.sink?.(p);
    // Kept for the batch's report, which shows the column as people look for it.
    const column = columnLabel(p);
    this.insertProblem?.run(this.batchId, p.row, column, p.value, p.severity, p.message);
    const where = p.heading !== undefined ? `, ${column}` : column ? ` (${column})` : '';
    this.addNote(p.row, `${warning ? 'Warning' : 'Rejected'}${where}: ${p.message}`);
  }

  readonly note = (row: number, text: string): void => this.addNote(row, text);

  /** The problems shown with the result: those of the lowest rows, by row, then as found. */
  get problems(): ImportProblemDto[] {
    return [...this.shown].sort((a, b) => a.p.row - b.p.row || a.found - b.found).map((e) => e.p);
  }

  private keep(p: ImportProblemDto): void {
    const entry: Kept = { p, found: this.found++ };
    const shown = this.shown;
    const latest = shown[this.latest];
    if (shown.length < SHOWN_PROBLEMS) {
      shown.push(entry);
      if (!latest || laterThan(entry, latest)) this.latest = shown.length - 1;
      return;
    }
    if (!latest || !laterThan(latest, entry)) return;
    // Rarely reached: problems mostly come in row order, and then the list is full of earlier ones.
    shown[this.latest] = entry;
    shown.forEach((k, i) => {
      if (laterThan(k, shown[this.latest] as Kept)) this.latest = i;
    });
  }

  readonly outcome = (row: number, outcome: Outcome, show?: () => Record<string, string>): void => {
    this.counts[outcome]++;
    if (this.mayPreview(row)) {
      const shown = { row, outcome, values: show ? show() : {}, notes: this.notes.get(row) ?? [] };
      const preview = this.preview;
      if (preview.length >= PREVIEW_ROWS) {
        this.previewed.delete((preview.pop() as ImportPreviewRowDto).row);
      }
      let at = preview.length;
      while (at > 0 && (preview[at - 1] as ImportPreviewRowDto).row > row) at--;
      preview.splice(at, 0, shown);
      this.previewed.set(row, shown);
    }
    this.notes.delete(row);
  };

  /**
   * The preview shows the file's first rows. Rows usually come in file order, but moderation
   * history is applied in date order, so a later row may still displace one shown.
   */
  private mayPreview(row: number): boolean {
    const preview = this.preview;
    return (
      preview.length < PREVIEW_ROWS ||
      row < (preview[preview.length - 1] as ImportPreviewRowDto).row
    );
  }

  readonly held = (entry: HeldAgainDto): void => {
    this.heldAgainCount++;
    if (entry.planId === null) this.heldForPlan++;
    if (this.heldAgain.length < SHOWN_HELD) this.heldAgain.push(entry);
  };

  readonly createdAlongside = (counts: Record<string, number>): void => {
    for (const [k, n] of Object.entries(counts)) this.created[k] = (this.created[k] ?? 0) + n;
  };
}

/** A problem kept for the result, with the order it was found in. */
interface Kept {
  p: ImportProblemDto;
  found: number;
}

function laterThan(a: Kept, b: Kept): boolean {
  return a.p.row > b.p.row || (a.p.row === b.p.row && a.found > b.found);
}
