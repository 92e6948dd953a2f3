/**
 * The batch record of an import: its counts, how it was read, its problems and its audit entry,
 * written in the import's own transaction when it commits. Also the batch list and its report.
 */
import type { ImportBatchDto, ImportResultDto } from '@shared/contract';
import { plural } from '@shared/labels';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { writeAudit } from '../audit/audit';
import type { Collector } from './collector';
import type { ImportRequest } from './engine';
import { problemsCsv } from './report';
import type { Sniffed } from './sniff';
import { delimiterName, sheetsNote, type TableInfo } from './table';
import { notify } from '../moderation/notifications';

export function previousImports(
  ctx: AppContext,
  kind: string,
  sha256: string,
): ImportResultDto['previousImports'] {
  return ctx.sqlite
    .prepare(
      `SELECT id AS batchId, created_at AS importedAt, imported_by AS importedBy FROM import_batches
       WHERE kind = ? AND file_hash = ? ORDER BY id DESC LIMIT 5`,
    )
    .all(kind, sha256) as ImportResultDto['previousImports'];
}

function summary(r: Pick<ImportResultDto, 'counts' | 'heldAgainCount'>, done: boolean): string {
  const c = r.counts;
  const parts = [
    `${plural(c.new, 'new row')}`,
    `${c.changed.toLocaleString('en-GB')} changed`,
    `${c.unchanged.toLocaleString('en-GB')} unchanged`,
    `${c.rejected.toLocaleString('en-GB')} rejected`,
  ];
  const flags = c.flags > 0 ? `; ${plural(c.flags, 'compliance flag')}` : '';
  const held =
    r.heldAgainCount > 0
      ? `; ${plural(r.heldAgainCount, 'decision')} already moderated or released ${done ? 'had' : 'would have'} a grade change and ${done ? (r.heldAgainCount === 1 ? 'is' : 'are') : 'would go'} back to IQA to moderate again`
      : '';
  return `${parts.join(', ')}${flags}${held}`;
}

function heldAgainWhere(queued: number, held: number): string {
  const parts = [];
  if (queued > 0) parts.push(`${queued} in the moderation queue`);
  if (held > 0)
    parts.push(
      `${held} on hold, flagged, until a plan of ${held === 1 ? 'its' : 'their'} period samples ${held === 1 ? 'it' : 'them'}`,
    );
  return parts.join('; ');
}

export interface FinishInput {
  request: ImportRequest;
  batchId: number;
  collector: Collector;
  flags: number;
  /** Decisions released without moderation that this import flagged (they should be sampled). */
  releasedFlagged: number;
  sniffed: Sniffed;
  info: TableInfo;
  mappingName: string | null;
  /** Template column → the file's heading it was read from, where the names differ. */
  headings: Record<string, string>;
  previous: ImportResultDto['previousImports'];
  seconds: number;
  /** Sentences about the whole file, after the counts (dates that look month first). */
  notices: readonly string[];
}

/** Decides commit or roll back, and (for a commit) completes the batch record. */
export function finishBatch(ctx: AppContext, input: FinishInput): ImportResultDto {
  const { request, collector: c } = input;
  const counts = { ...c.counts, flags: input.flags };
  const accepted = counts.new + counts.changed + counts.unchanged;
  const blocked = request.allOrNothing && counts.rejected > 0;
  const wouldCommit = !blocked && accepted > 0;
  const committed = request.mode === 'commit' && wouldCommit;
  const base = { counts, heldAgainCount: c.heldAgainCount };
  let message: string;
  if (c.rowsRead === 0) {
    // Often a template's header pasted on the first sheet, the rows on another.
    message = `${request.fileName} has no rows to import under its header row.${sheetsNote(input.info)}`;
  } else if (blocked) {
    message = `Nothing ${request.mode === 'commit' ? 'was' : 'would be'} imported: ${plural(counts.rejected, 'row was', 'rows were')} rejected and you chose to import nothing if any row is rejected. Fix the rows in the report, or choose to import the valid rows.`;
  } else if (accepted === 0)
    message = `Nothing ${request.mode === 'commit' ? 'was' : 'would be'} imported: every row was rejected (see the report).`;
  else if (committed)
    message = `Imported ${request.fileName} as batch ${input.batchId}: ${summary(base, true)}.`;
  else if (counts.new + counts.changed === 0)
    message = `Nothing would change: every row that can be imported is stored already (${summary(base, false)}).`;
  else message = `Nothing has been written yet. Importing would give ${summary(base, false)}.`;
  const released = input.releasedFlagged;
  const flaggedNote =
    released > 0 && accepted > 0 && !blocked
      ? `${plural(released, 'decision')} already released without moderation ${committed ? (released === 1 ? 'now has' : 'now have') : 'would get'} a compliance flag: flagged decisions are always sampled, so review ${released === 1 ? 'it' : 'them'} and add ${released === 1 ? 'it' : 'them'} to the sample.`
      : null;
  if (flaggedNote) message = `${message} ${flaggedNote}`;
  if (input.notices.length > 0) message = [message, ...input.notices].join(' ');

  if (committed) {
    ctx.sqlite
      .prepare(
        `UPDATE import_batches SET rows_new = ?, rows_changed = ?, rows_unchanged = ?, rows_rejected = ?, flags = ?
         WHERE id = ?`,
      )
      .run(
        counts.new,
        counts.changed,
        counts.unchanged,
        counts.rejected,
        counts.flags,
        input.batchId,
      );
    ctx.sqlite
      .prepare(
        `INSERT INTO import_batch_details (batch_id, format, encoding, delimiter, sheet, mapping_name,
           all_or_nothing, rows_read, problems, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.batchId,
        input.info.format,
        input.info.encoding,
        delimiterName(input.info.delimiter),
        input.info.sheet,
        input.mappingName,
        request.allOrNothing ? 1 : 0,
        c.rowsRead,
        c.errorCount + c.warningCount,
        Math.round(input.seconds * 100) / 100,
      );
    writeAudit(ctx, {
      action: 'import.commit',
      entity: 'import_batch',
      entityId: input.batchId,
      after: {
        kind: request.kind,
        fileName: request.fileName,
        sha256: input.sniffed.sha256,
        ...counts,
        rowsRead: c.rowsRead,
        created: c.created,
        heldAgain: c.heldAgain.map((h) => h.decisionId),
        allOrNothing: request.allOrNothing,
        mapping: input.mappingName,
      },
    });
    if (flaggedNote) {
      notify(
        ctx,
        'import',
        `Import batch ${input.batchId} (${request.fileName}): ${flaggedNote}`,
        '#/moderation?tab=decisions&status=released&flagged=1&unmoderated=1',
      );
    }
    if (c.heldAgainCount > 0) {
      notify(
        ctx,
        'import',
        `Import batch ${input.batchId} (${request.fileName}) changed the grade of ${plural(c.heldAgainCount, 'decision')} that had been moderated or released, to moderate again: ${heldAgainWhere(c.heldAgainCount - c.heldForPlan, c.heldForPlan)}.`,
        // This batch's items in the queues (reopenForModeration's reason names the batch);
        // decisions waiting for a plan are found flagged and not moderated.
        c.heldForPlan === c.heldAgainCount
          ? '#/moderation?tab=decisions&status=held&flagged=1&unmoderated=1'
          : `#/moderation?reason=${encodeURIComponent(`import batch ${input.batchId} (`)}&status=to_do`,
      );
    }
  }
  return {
    kind: request.kind,
    fileName: request.fileName,
    fileHash: input.sniffed.sha256,
    mode: request.mode,
    allOrNothing: request.allOrNothing,
    committed,
    wouldCommit,
    batchId: committed ? input.batchId : null,
    rowsRead: c.rowsRead,
    counts,
    problems: c.problems,
    headings: input.headings,
    errorCount: c.errorCount,
    warningCount: c.warningCount,
    preview: c.preview,
    heldAgain: c.heldAgain,
    heldAgainCount: c.heldAgainCount,
    message,
    seconds: Math.round(input.seconds * 100) / 100,
    previousImports: input.previous,
  };
}

export function listImportBatches(ctx: AppContext): ImportBatchDto[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT b.id, b.kind, b.file_name AS fileName, b.file_hash AS fileHash, b.imported_by AS importedBy,
         b.created_at AS importedAt, b.rows_new AS rowsNew, b.rows_changed AS rowsChanged,
         b.rows_unchanged AS rowsUnchanged, b.rows_rejected AS rowsRejected, b.flags,
         coalesce(d.problems, 0) AS problems, d.all_or_nothing AS allOrNothing, d.mapping_name AS mappingName
       FROM import_batches b LEFT JOIN import_batch_details d ON d.batch_id = b.id
       ORDER BY b.id DESC`,
    )
    .all() as (Omit<ImportBatchDto, 'allOrNothing'> & { allOrNothing: number | null })[];
  return rows.map((r) => ({
    ...r,
    allOrNothing: r.allOrNothing === null ? null : r.allOrNothing === 1,
  }));
}

/** A committed batch's problems as the CSV report. */
export function batchReport(
  ctx: AppContext,
  batchId: number,
): { fileName: string; base64: string } {
  const batch = ctx.sqlite
    .prepare('SELECT file_name FROM import_batches WHERE id = ?')
    .pluck()
    .get(batchId) as string | undefined;
  if (batch === undefined)
    throw new DomainError('not_found', `There is no import batch ${batchId}.`);
  const rows = ctx.sqlite
    .prepare(
      `SELECT row, "column", value, severity, message FROM import_problems WHERE batch_id = ? ORDER BY row, id`,
    )
    .all(batchId) as {
    row: number;
    column: string;
    value: string;
    severity: 'error' | 'warning';
    message: string;
  }[];
  const csv = problemsCsv(batch, rows);
  return {
    fileName: `import-${batchId}-report.csv`,
    base64: Buffer.from(csv, 'utf8').toString('base64'),
  };
}
