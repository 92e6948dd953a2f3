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

/** Appends problems to a report file as they are found, in blocks, so memory stays flat. */
export class ReportWriter {
  private buffer: string[] = [];
  private readonly fd: number;

  constructor(
    path: string,
    private readonly fileName: string,
  ) {
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(this.fd, `\uFEFF${REPORT_HEADER.join(',')}\r\n`);
  }

  readonly add = (p: ImportProblemDto): void => {
    this.buffer.push(problemLine(this.fileName, p));
    if (this.buffer.length >= 2000) this.flush();
  };

  flush(): void {
    if (this.buffer.length === 0) return;
    fs.writeSync(this.fd, `${this.buffer.join('\r\n')}\r\n`);
    this.buffer = [];
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}
