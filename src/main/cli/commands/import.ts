/**
 * `npm run iqa -- import decisions|moderation|assessors|standardisation FILE`. Runs the same
 * worker as the app. Exit status 0 when the import committed (with --dry-run: when it would),
 * 1 when nothing was written, 2 for a usage mistake. Progress goes to stderr, the result to
 * stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { ImportBatchDto, ImportResultDto } from '@shared/contract';
import { unneutraliseCell } from '@shared/csv';
import { IMPORT_KINDS, type ImportKind } from '@shared/imports';
import { listImportBatches } from '../../imports/batches';
import { columnLabel, refusalCsv } from '../../imports/report';
import { importInput, runWorker } from '../../imports/runner';
import { looksLikeWorkbook } from '../../imports/sniff';
import { processTempFolder } from '../../imports/temp-folders';
import { type CliArgs, type CliCommand, UsageError } from '../types';

/** The signals that ask a running import to stop: it cancels, or finishes saving first. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The command's own scratch folder, for the report it reads back when --report is not given. */
const SCRATCH_PREFIX = 'iqa-cli-report-';

interface ReportRow {
  row: string;
  column: string;
  value: string;
  severity: string;
  message: string;
}

interface JsonError {
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

/**
 * Every error of the report, as --json gives them. The report names a mapped file's columns as
 * people look for them ("Learner ULN (uln)"); --json keeps the template's name ("uln"), which
 * scripts rely on, so each such label is read back through the headings the import used.
 */
async function readErrors(report: string, headings: Record<string, string>): Promise<JsonError[]> {
  const template = new Map(
    Object.entries(headings).map(([column, heading]) => [columnLabel({ column, heading }), column]),
  );
  return (await readProblems(report, Infinity, 0)).error.map((r) => ({
    row: Number(r.row),
    column: template.get(r.column) ?? r.column,
    value: unneutraliseCell(r.value),
    message: unneutraliseCell(r.message),
  }));
}

/**
 * The first `errors` errors and `warnings` warnings of the report, read until both are found:
 * the result holds only the problems of the lowest rows, which may all be warnings when the
 * errors come late.
 */
async function readProblems(
  report: string,
  errors: number,
  warnings: number,
): Promise<Record<'error' | 'warning', ReportRow[]>> {
  const found: Record<'error' | 'warning', ReportRow[]> = { error: [], warning: [] };
  const wanted = { error: errors, warning: warnings };
  await new Promise<void>((resolve, reject) => {
    Papa.parse<ReportRow>(fs.createReadStream(report, 'utf8'), {
      header: true,
      skipEmptyLines: true,
      step: ({ data }, parser) => {
        const severity = data.severity as 'error' | 'warning';
        const list = found[severity];
        if (list && list.length < wanted[severity]) list.push(data);
        if (found.error.length >= errors && found.warning.length >= warnings) parser.abort();
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  return found;
}

async function humanSummary(
  result: ImportResultDto,
  dryRun: boolean,
  report: string,
  reportArg: string | null,
): Promise<string> {
  const lines = [dryRun ? `Dry run (nothing written). ${result.message}` : result.message];
  const first = await readProblems(report, 20, 10);
  const listed = (heading: string, problems: ReportRow[], of: number): void => {
    if (of === 0) return;
    lines.push('', `${heading} (first ${problems.length} of ${of}):`);
    for (const p of problems) {
      const value = unneutraliseCell(p.value);
      lines.push(
        `  row ${p.row}${p.column ? `, ${p.column}` : ''}${value ? ` "${value}"` : ''}: ${unneutraliseCell(p.message)}`,
      );
    }
  };
  listed('Errors, rows rejected', first.error, result.errorCount);
  // Warnings keep their rows, and most raise a compliance flag: the first say what the flags are.
  listed('Warnings, rows kept', first.warning, result.warningCount);
  if (result.heldAgainCount > 0) {
    lines.push(
      '',
      `Back with IQA to moderate again (grade changed after moderation or release): ${result.heldAgainCount}`,
    );
    for (const h of result.heldAgain.slice(0, 20)) {
      lines.push(
        `  ${h.decisionRef ?? `decision ${h.decisionId}`} (ULN ${h.uln}, ${h.method}): ${h.before} → ${h.after}; ${h.planId === null ? 'on hold until a plan samples it' : `in the moderation queue of plan ${h.planId}`}`,
      );
    }
  }
  if (result.errorCount + result.warningCount > 0)
    lines.push(
      '',
      reportArg ? `Full report: ${reportArg}` : 'For every problem as CSV: --report FILE',
    );
  return lines.join('\n');
}

export const importCommand: CliCommand = {
  name: 'import',
  summary:
    'Import decisions, moderation history, assessors or standardisation records (CSV or XLSX)',
  usage:
    'import decisions|moderation|assessors|standardisation FILE [--mapping NAME] [--sheet NAME] [--dry-run] [--all-or-nothing] [--report FILE] [--db PATH] [--json]\n       import list [--db PATH] [--json]   (the imports made, newest first)',
  options: {
    mapping: {
      type: 'string',
      description: 'a column mapping saved in the app, for other exports',
    },
    sheet: {
      type: 'string',
      description: 'worksheet of an .xlsx file (default: the first that is not hidden)',
    },
    'dry-run': {
      type: 'boolean',
      description: 'check everything, write nothing (exit 0 if it would commit)',
    },
    'all-or-nothing': { type: 'boolean', description: 'import nothing if any row is rejected' },
    report: {
      type: 'string',
      description: 'write every problem (row, column, value, reason) to this CSV',
    },
  },
  check: checkArgs,
  needsDatabase: () => true,
  refusalJson: (message) => jsonSummary(null, [{ row: null, column: null, value: null, message }]),
  async run(ctx, { positionals, values, json }, io) {
    checkArgs({ positionals, values });
    const [kind, file] = positionals as [string, string];
    if (kind === 'list') {
      io.out(json ? batchesJson(listImportBatches(ctx)) : batchesText(listImportBatches(ctx)));
      return 0;
    }
    const sheet = typeof values.sheet === 'string' ? values.sheet : null;
    const dryRun = values['dry-run'] === true;
    const reportArg = typeof values.report === 'string' ? path.resolve(values.report) : null;
    if (reportArg) {
      checkNotOverwriting(reportArg, values.report as string, [
        { path: path.resolve(file), what: 'the file being imported' },
        { path: ctx.store.path, what: 'the database' },
        { path: `${ctx.store.path}-wal`, what: "the database's journal" },
        { path: `${ctx.store.path}-shm`, what: "the database's journal" },
      ]);
      checkWritable(reportArg, values.report as string);
    }
    // Not the worker's prefix ('iqa-import-'): each sweeps its own folders of processes gone.
    const scratch = reportArg ? null : processTempFolder(SCRATCH_PREFIX);
    const reportPath = reportArg ?? path.join(scratch as string, 'report.csv');
    // Quiet for imports that take under a second; then a line a second, and each finishing step.
    let started = 0;
    let lastShown = 0;
    let lastStep: string | undefined;
    const handle = runWorker(
      importInput(
        ctx,
        {
          kind: kind as ImportKind,
          file: path.resolve(file),
          fileName: path.basename(file),
          mode: dryRun ? 'preview' : 'commit',
          allOrNothing: values['all-or-nothing'] === true,
          sheet,
          mappingName: typeof values.mapping === 'string' ? values.mapping : null,
        },
        reportPath,
      ),
      {
        onProgress: (p) => {
          const now = Date.now();
          started ||= now;
          if (now - started < 1000) return;
          if (p.finishing !== undefined) {
            if (p.finishing !== lastStep)
              io.err(`  ${lastStep === undefined ? 'All rows read. ' : ''}${p.finishing}…`);
            lastStep = p.finishing;
            return;
          }
          if (now - lastShown < 1000) return;
          lastShown = now;
          // A workbook gives no share (bytesTotal 0): it is unzipped before its rows are read.
          const share =
            p.bytesTotal > 0 ? ` (${Math.floor((100 * p.bytesDone) / p.bytesTotal)}%)` : '';
          io.err(`  ${p.rowsDone.toLocaleString('en-GB')} rows read${share}`);
        },
      },
    );
    // Every Ctrl-C asks the import to stop, however many arrive: under tsx (`npm run iqa`) one
    // Ctrl-C reaches this process twice, from the terminal and relayed by tsx about 30 ms later,
    // and a SIGINT with no listener ends the process at once with status 130, before it says how
    // the import ended (even after it committed) or writes the --report it was asked for.
    let interrupted = false;
    let ended = false;
    let toldTooLate = false;
    const interrupt = (): void => {
      interrupted = true;
      // Once saving has begun the cancel is refused: said once, so the wait is not a mystery.
      if (!handle.cancel() && handle.saving() && !ended && !toldTooLate) {
        toldTooLate = true;
        io.err('Too late to cancel: the import is saving, and will say when it has.');
      }
    };
    // A scheduler, service manager or `timeout` stops a command with SIGTERM, and a closed
    // terminal or SSH session sends SIGHUP: each ended the process at once, saying nothing (no
    // --json document) and leaving its temporary folders. They cancel as Ctrl-C does.
    for (const signal of STOP_SIGNALS) process.on(signal, interrupt);
    try {
      const outcome = await handle.done;
      ended = true;
      if (outcome.state !== 'done') {
        const message =
          outcome.state === 'cancelled' ? 'Cancelled: nothing was written.' : outcome.message;
        io.err(message);
        // A report asked for says why, rather than being left empty (or not written at all).
        if (reportArg) fs.writeFileSync(reportArg, refusalCsv(path.basename(file), message));
        // A script reading --json gets the same document, with the reason the whole file was
        // refused as an error that belongs to no row.
        if (json) {
          io.out(jsonSummary(null, [{ row: null, column: null, value: null, message }]));
        }
        return 1;
      }
      const result = outcome.result as ImportResultDto;
      const ok = dryRun ? result.wouldCommit : result.committed;
      if (json) {
        const errors = await readErrors(reportPath, result.headings);
        // Nothing written and no row to blame (a file with no rows): the reason, as for a file
        // refused whole, so a script learns why.
        if (!ok && errors.length === 0)
          errors.push({ row: null, column: null, value: null, message: result.message });
        io.out(jsonSummary(result, errors));
      } else io.out(await humanSummary(result, dryRun, reportPath, reportArg));
      return ok ? 0 : 1;
    } finally {
      // Once interrupted, the listener stays until the process exits (cancel does nothing once
      // the import has ended): the relayed Ctrl-C may come after the command has answered, and
      // would otherwise replace its exit status with 130.
      if (!interrupted)
        for (const signal of STOP_SIGNALS) process.removeListener(signal, interrupt);
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }
  },
};

/**
 * The report file is written from the start, before the file is read: naming the file being
 * imported, or the database, would destroy it. Compared as files (a link or another spelling of
 * the path is the same file), not as the paths typed.
 */
function checkNotOverwriting(
  report: string,
  given: string,
  kept: readonly { path: string; what: string }[],
): void {
  const target = fs.statSync(report, { throwIfNoEntry: false });
  if (!target) return;
  for (const k of kept) {
    const other = fs.statSync(k.path, { throwIfNoEntry: false });
    if (other && other.dev === target.dev && other.ino === target.ino) {
      throw new UsageError(
        `--report ${given} is ${k.what}: writing the report there would overwrite it. Give the report another file name. Nothing was imported.`,
      );
    }
  }
}

/**
 * A --report file that cannot be written is a usage mistake, found before anything is imported:
 * found after, the rows would be in and the problems the report was asked for written nowhere.
 * Nothing is left behind by the check: a file that was not there is removed again, and one that
 * was is opened to append to and closed, its contents untouched.
 */
function checkWritable(report: string, given: string): void {
  const folder = path.dirname(given);
  const stat = fs.statSync(report, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    throw new UsageError(
      `--report ${given} is a folder: give the name of the CSV file to write, such as ${path.join(given, 'problems.csv')}.`,
    );
  }
  try {
    if (stat) fs.closeSync(fs.openSync(report, 'a'));
    else {
      fs.closeSync(fs.openSync(report, 'wx'));
      fs.rmSync(report, { force: true });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `the folder ${folder} does not exist. Create it first, or give a report file in a folder that exists.`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? `you do not have permission to write ${stat ? 'to it' : `in ${folder}`}.`
          : `${(error as Error).message}.`;
    throw new UsageError(`--report ${given} cannot be written: ${why} Nothing was imported.`);
  }
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * The kind meant by one given in capitals or in the singular (`Decisions`, `assessor`): kinds
 * are matched exactly, as a script's must be, and the mistake is named rather than the list
 * given back alone.
 */
function notAKind(given: string): string {
  const lower = given.toLowerCase();
  const meant = IMPORT_KINDS.find((k) => k === lower || k === `${lower}s`);
  if (!meant) return `"${given}" is not something to import. `;
  const capitals = given !== lower ? ' (in small letters)' : '';
  return `"${given}" is not something to import: did you mean ${meant}${capitals}? `;
}

/** Argument mistakes, found before the database is opened (see CliCommand.check). */
function checkArgs({ positionals, values }: CliArgs): void {
  const [kind, file, ...extra] = positionals;
  if (kind === 'list') {
    if (file !== undefined)
      throw new UsageError(`Unexpected arguments: ${positionals.slice(1).join(' ')}`);
    return;
  }
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(
      `${kind ? notAKind(kind) : ''}Say what to import (${IMPORT_KINDS.join(', ')}), or list the imports made.`,
    );
  }
  if (!file) throw new UsageError('Give the file to import.');
  if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`);
  // A CSV file has no sheets: ignoring --sheet would import whatever the file holds while the
  // user believes they chose a part of it. (A file that cannot be read is left to the import,
  // which says why.)
  if (typeof values.sheet === 'string' && isFile(file) && !looksLikeWorkbook(file)) {
    throw new UsageError(
      `--sheet chooses a worksheet of an Excel workbook (.xlsx), and ${path.basename(file)} is not one: a CSV file has no sheets. Leave out --sheet to import it.`,
    );
  }
}

/** The published --json document; `result` is null when nothing was read (a refused file). */
function jsonSummary(result: ImportResultDto | null, errors: JsonError[]): string {
  return JSON.stringify(
    {
      batch: result?.batchId ?? null,
      new: result?.counts.new ?? 0,
      changed: result?.counts.changed ?? 0,
      unchanged: result?.counts.unchanged ?? 0,
      rejected: result?.counts.rejected ?? 0,
      flags: result?.counts.flags ?? 0,
      errors,
      held_again: (result?.heldAgain ?? []).map((h) => ({
        decision_ref: h.decisionRef,
        uln: h.uln,
        method: h.method,
        before: h.before,
        after: h.after,
        plan: h.planId,
      })),
    },
    null,
    2,
  );
}

/** The batches as `import list --json` prints them (a published interface, like the import's). */
function batchesJson(batches: ImportBatchDto[]): string {
  return JSON.stringify(
    batches.map((b) => ({
      batch: b.id,
      kind: b.kind,
      file: b.fileName,
      sha256: b.fileHash,
      by: b.importedBy,
      at: b.importedAt,
      new: b.rowsNew,
      changed: b.rowsChanged,
      unchanged: b.rowsUnchanged,
      rejected: b.rowsRejected,
      flags: b.flags,
      problems: b.problems,
      mapping: b.mappingName,
    })),
    null,
    2,
  );
}

function batchesText(batches: ImportBatchDto[]): string {
  if (batches.length === 0) return 'No imports yet.';
  return batches
    .map(
      (b) =>
        `Batch ${b.id}: ${b.kind} ${b.fileName}, ${b.importedAt} by ${b.importedBy}: ${b.rowsNew} new, ${b.rowsChanged} changed, ${b.rowsUnchanged} unchanged, ${b.rowsRejected} rejected, ${b.flags} flag${b.flags === 1 ? '' : 's'}${b.mappingName ? ` (mapping "${b.mappingName}")` : ''}\n  SHA-256 ${b.fileHash}`,
    )
    .join('\n');
}
