/**
 * The problem report as CSV: file, row, column, value, severity and reason, one line per
 * problem. Opened in Excel, so it carries a BOM (Excel reads UTF-8 only with one) and any cell
 * that Excel would run as a formula is neutralised with a leading apostrophe.
 */
import fs from 'node:fs';
import type { ImportProblemDto } from '@shared/contract';
import { neutraliseCell } from '@shared/csv';

export const REPORT_HEADER = ['file', 'row', 'column', 'value', 'severity', 'message'];

/**
 * A problem's column as people look for it: a mapped file's own heading, with the template's
 * name after it ("Learner ULN (uln)"); otherwise the name alone.
 */
export function columnLabel(p: Pick<ImportProblemDto, 'column' | 'heading'>): string {
  return p.heading === undefined ? p.column : `${p.heading} (${p.column})`;
}

export function problemLine(fileName: string, p: ImportProblemDto): string {
  return [fileName, p.row, columnLabel(p), p.value, p.severity, p.message]
    .map(neutraliseCell)
    .join(',');
}

/** A whole report: the BOM, the header and these lines. */
function reportCsv(lines: Iterable<string>): string {
  return `\uFEFF${[REPORT_HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}

export function problemsCsv(fileName: string, problems: Iterable<ImportProblemDto>): string {
  return reportCsv(Array.from(problems, (p) => problemLine(fileName, p)));
}

/** The report of a file refused as a whole (no row to name): the reason, on a line of its own. */
export function refusalCsv(fileName: string, message: string): string {
  return reportCsv([[fileName, '', '', '', 'error', message].map(neutraliseCell).join(',')]);
}

/**
 * Up to this many problems, the report lists them by row; beyond, it is written as they are found
 * (checks after the last row, and moderation history applied by date, find them out of row
 * order), so memory stays flat however many there are.
 */
const SORTED_LINES = 100_000;

/** Writes a report file as problems are found: by row, unless there are very many. */
export class ReportWriter {
  /** Until streaming starts: each line with its row, in the order found. */
  private held: { row: number; line: string }[] = [];
  private streaming = false;
  private readonly fd: number;

  constructor(
    path: string,
    private readonly fileName: string,
  ) {
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(this.fd, `\uFEFF${REPORT_HEADER.join(',')}\r\n`);
  }

  readonly add = (p: ImportProblemDto): void => {
    this.held.push({ row: p.row ?? 0, line: problemLine(this.fileName, p) });
    if (this.streaming ? this.held.length >= 2000 : this.held.length > SORTED_LINES) {
      this.streaming = true;
      this.write();
    }
  };

  private write(): void {
    if (this.held.length === 0) return;
    fs.writeSync(this.fd, `${this.held.map((h) => h.line).join('\r\n')}\r\n`);
    this.held = [];
  }

  close(): void {
    // Array sort is stable: one row's problems stay in the order found.
    if (!this.streaming) this.held.sort((a, b) => a.row - b.row);
    this.write();
    fs.closeSync(this.fd);
  }
}
