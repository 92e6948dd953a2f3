import { z } from 'zod';
import { IMPORT_KINDS } from '../imports/templates';
import { Empty, Id } from './common';

export const ImportKind = z.enum(IMPORT_KINDS);

export const ImportBatchDto = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string(),
  fileHash: z.string(),
  importedBy: z.string(),
  importedAt: z.string(),
  rowsNew: z.number().int(),
  rowsChanged: z.number().int(),
  rowsUnchanged: z.number().int(),
  rowsRejected: z.number().int(),
  flags: z.number().int(),
  /** Problems kept with the batch, downloadable as the report. */
  problems: z.number().int(),
  allOrNothing: z.boolean().nullable(),
  mappingName: z.string().nullable(),
});
export type ImportBatchDto = z.infer<typeof ImportBatchDto>;

const UploadId = z.uuid();
const JobId = z.uuid();
/** Template column → source header, or null for "not in this file". */
const Mapping = z.record(z.string().max(100), z.string().max(500).nullable());

/** One problem: where it is (row as Excel numbers it, header row = 1), what, and why. */
export const ImportProblemDto = z.object({
  row: z.number().int(),
  /** The template's column (scripts rely on it); a heading the template lacks; or '' for a row. */
  column: z.string(),
  /**
   * The file's own heading of that column, when a mapping read it from a heading other than the
   * template's name: people are shown "Learner ULN (uln)", the column they will look for.
   */
  heading: z.string().optional(),
  value: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
export type ImportProblemDto = z.infer<typeof ImportProblemDto>;

export const ImportCountsDto = z.object({
  new: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  flags: z.number().int(),
});
export type ImportCountsDto = z.infer<typeof ImportCountsDto>;

export const ImportRowOutcome = z.enum(['new', 'changed', 'unchanged', 'rejected']);

/** A row as it will be stored (normalised values), for the preview. */
export const ImportPreviewRowDto = z.object({
  row: z.number().int(),
  outcome: ImportRowOutcome,
  values: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
});
export type ImportPreviewRowDto = z.infer<typeof ImportPreviewRowDto>;

/** A decision whose grade changed after moderation or release, so it went back to IQA. */
export const HeldAgainDto = z.object({
  row: z.number().int(),
  decisionId: z.number().int(),
  decisionRef: z.string().nullable(),
  uln: z.string(),
  method: z.string(),
  before: z.string(),
  after: z.string(),
  previousStatus: z.string(),
  moderated: z.boolean(),
  /** The published plan whose moderation queue it is back in; null: held for a later plan. */
  planId: z.number().int().nullable(),
});
export type HeldAgainDto = z.infer<typeof HeldAgainDto>;

export const ImportResultDto = z.object({
  kind: ImportKind,
  fileName: z.string(),
  fileHash: z.string(),
  mode: z.enum(['preview', 'commit']),
  allOrNothing: z.boolean(),
  committed: z.boolean(),
  /** What a commit of this run would do (for a preview: whether the import can go ahead). */
  wouldCommit: z.boolean(),
  batchId: z.number().int().nullable(),
  rowsRead: z.number().int(),
  counts: ImportCountsDto,
  /** The first problems (all are in the report). */
  problems: z.array(ImportProblemDto),
  /** Template column → the file's heading it was read from, where the two names differ. */
  headings: z.record(z.string(), z.string()),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  preview: z.array(ImportPreviewRowDto),
  heldAgain: z.array(HeldAgainDto),
  heldAgainCount: z.number().int(),
  /** Plain words: what happened, or why nothing was written. */
  message: z.string(),
  seconds: z.number(),
  previousImports: z.array(
    z.object({ batchId: z.number().int(), importedAt: z.string(), importedBy: z.string() }),
  ),
});
export type ImportResultDto = z.infer<typeof ImportResultDto>;

export const ImportFileInfoDto = z.object({
  uploadId: UploadId,
  fileName: z.string(),
  size: z.number().int(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  /** Row number (Excel's) of the header row; title rows above it are skipped. */
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  kind: ImportKind,
  suggestedKind: ImportKind.nullable(),
  exact: z.boolean(),
  mapping: Mapping,
  missingRequired: z.array(z.string()),
  unused: z.array(z.string()),
  savedMapping: z.string().nullable(),
  previousImports: ImportResultDto.shape.previousImports,
});
export type ImportFileInfoDto = z.infer<typeof ImportFileInfoDto>;

export const ImportJobDto = z.object({
  jobId: JobId,
  mode: z.enum(['preview', 'commit']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  rowsDone: z.number().int(),
  bytesDone: z.number().int(),
  bytesTotal: z.number().int(),
  /** Once every row is read: what the import is doing before it answers, in plain English. */
  finishing: z.string().nullable(),
  /**
   * A commit has started saving what it checked: too late to cancel (a cancel is refused). It
   * ends committed, or failed with nothing written.
   */
  saving: z.boolean(),
  result: ImportResultDto.nullable(),
  error: z.string().nullable(),
});
export type ImportJobDto = z.infer<typeof ImportJobDto>;

/** The import running now, and what it was asked to do (to carry on after a reload). */
export const ImportRunningJobDto = z.object({
  job: ImportJobDto,
  request: z.object({
    uploadId: UploadId,
    fileName: z.string(),
    kind: ImportKind,
    allOrNothing: z.boolean(),
    sheet: z.string().nullable(),
    mapping: Mapping.nullable(),
    mappingName: z.string().nullable(),
  }),
});
export type ImportRunningJobDto = z.infer<typeof ImportRunningJobDto>;

export const ImportMappingDto = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ImportKind,
  headers: z.array(z.string()),
  mapping: Mapping,
  updatedAt: z.string(),
});
export type ImportMappingDto = z.infer<typeof ImportMappingDto>;

const FileDownload = z.object({ fileName: z.string(), base64: z.string() });

/** Raw chunk size the renderer sends; base64 of it stays under the HTTP adapter's 1 MB body. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

export const importsContract = {
  'imports:list-batches': { input: Empty, output: z.array(ImportBatchDto) },
  'imports:upload-chunk': {
    input: z.strictObject({
      uploadId: UploadId.nullable(),
      fileName: z.string().trim().min(1).max(255),
      size: z.number().int().min(1),
      offset: z.number().int().min(0),
      base64: z.string().max(Math.ceil((UPLOAD_CHUNK_BYTES * 4) / 3) + 4),
    }),
    output: z.object({ uploadId: UploadId, received: z.number().int() }),
  },
  'imports:inspect': {
    input: z.strictObject({
      uploadId: UploadId,
      kind: ImportKind.optional(),
      sheet: z.string().max(200).optional(),
    }),
    output: ImportFileInfoDto,
  },
  'imports:start': {
    input: z.strictObject({
      uploadId: UploadId,
      kind: ImportKind,
      mode: z.enum(['preview', 'commit']),
      allOrNothing: z.boolean(),
      sheet: z.string().max(200).optional(),
      mapping: Mapping.optional(),
      mappingName: z.string().max(100).optional(),
    }),
    output: z.object({ jobId: JobId }),
  },
  'imports:job-status': { input: z.strictObject({ jobId: JobId }), output: ImportJobDto },
  'imports:cancel': { input: z.strictObject({ jobId: JobId }), output: ImportJobDto },
  /** The import running now (null when none), so a reloaded page shows its progress again. */
  'imports:running-job': { input: z.strictObject({}), output: ImportRunningJobDto.nullable() },
  'imports:report-csv': {
    input: z.union([z.strictObject({ jobId: JobId }), z.strictObject({ batchId: Id })]),
    output: FileDownload,
  },
  'imports:template': {
    input: z.strictObject({ kind: ImportKind, format: z.enum(['csv', 'xlsx']) }),
    output: FileDownload,
  },
  'imports:list-mappings': {
    input: z.strictObject({ kind: ImportKind.optional() }),
    output: z.array(ImportMappingDto),
  },
  'imports:save-mapping': {
    input: z.strictObject({
      name: z.string().trim().min(1, 'Give the mapping a name').max(100),
      kind: ImportKind,
      headers: z.array(z.string().max(500)).min(1).max(500),
      mapping: Mapping,
      /**
       * The user agreed to replace this template's mapping of the same name; without it, that
       * save is refused ('conflict') so the app can ask first.
       */
      replace: z.boolean().optional(),
    }),
    output: ImportMappingDto,
  },
  'imports:delete-mapping': {
    input: z.strictObject({ id: Id }),
    output: z.object({ deleted: z.boolean() }),
  },
} as const;
