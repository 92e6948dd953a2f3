/**
 * Imports as the app runs them: the renderer sends the chosen file in chunks (IPC and HTTP
 * alike), they are written to a folder beside the database, then a worker inspects, previews or
 * imports it while the renderer polls for progress. One import runs at a time.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {
  ImportFileInfoDto,
  ImportJobDto,
  ImportResultDto,
  ImportRunningJobDto,
} from '@shared/contract';
import type { ColumnMapping, ImportKind } from '@shared/imports';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { requireEditor } from '../users/service';
import type { FileInfo } from './inspect';
import { connectionFor, importInput, runWorker, type WorkerHandle } from './runner';

const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const STALE_MS = 24 * 60 * 60 * 1000;

interface Upload {
  id: string;
  file: string;
  fileName: string;
  size: number;
  received: number;
}

interface Job extends ImportJobDto {
  uploadId: string;
  reportPath: string;
  handle: WorkerHandle | null;
  /** What was asked for, so a reopened window can show the job and carry on from it. */
  request: ImportRunningJobDto['request'];
}

interface Registry {
  uploads: Map<string, Upload>;
  jobs: Map<string, Job>;
}

const registries = new WeakMap<AppContext, Registry>();

function registry(ctx: AppContext): Registry {
  let r = registries.get(ctx);
  if (!r) {
    r = { uploads: new Map(), jobs: new Map() };
    registries.set(ctx, r);
  }
  return r;
}

/** Uploaded files and reports live beside the database, never in a shared temp folder. */
export function uploadsFolder(ctx: AppContext): string {
  return path.join(path.dirname(path.resolve(ctx.store.path)), 'import-uploads');
}

function sweepStale(folder: string): void {
  if (!fs.existsSync(folder)) return;
  const now = Date.now();
  for (const name of fs.readdirSync(folder)) {
    const file = path.join(folder, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another process may be tidying too; a file left over is tidied next time.
    }
  }
}

export function uploadChunk(
  ctx: AppContext,
  input: {
    uploadId: string | null;
    fileName: string;
    size: number;
    offset: number;
    base64: string;
  },
): { uploadId: string; received: number } {
  requireEditor(ctx);
  const r = registry(ctx);
  if (input.size > MAX_UPLOAD_BYTES) {
    throw new DomainError(
      'refused',
      `${input.fileName} is larger than 2 GB; split it into smaller files.`,
    );
  }
  let upload: Upload;
  if (input.uploadId === null) {
    if (input.offset !== 0) throw new DomainError('validation', 'A new upload starts at offset 0.');
    const folder = uploadsFolder(ctx);
    fs.mkdirSync(folder, { recursive: true });
    sweepStale(folder);
    const id = randomUUID();
    upload = {
      id,
      file: path.join(folder, `${id}.upload`),
      fileName: path.basename(input.fileName),
      size: input.size,
      received: 0,
    };
    fs.writeFileSync(upload.file, '');
    r.uploads.set(id, upload);
  } else {
    const found = r.uploads.get(input.uploadId);
    if (!found)
      throw new DomainError('not_found', 'That upload has expired; choose the file again.');
    upload = found;
  }
  if (input.offset !== upload.received) {
    throw new DomainError(
      'conflict',
      `Expected the part of ${upload.fileName} at byte ${upload.received}, not ${input.offset}.`,
    );
  }
  const bytes = Buffer.from(input.base64, 'base64');
  if (upload.received + bytes.length > upload.size) {
    throw new DomainError(
      'validation',
      `${upload.fileName} is longer than the ${upload.size} bytes announced.`,
    );
  }
  fs.appendFileSync(upload.file, bytes);
  upload.received += bytes.length;
  return { uploadId: upload.id, received: upload.received };
}

function completeUpload(ctx: AppContext, uploadId: string): Upload {
  const upload = registry(ctx).uploads.get(uploadId);
  if (!upload || !fs.existsSync(upload.file)) {
    throw new DomainError('not_found', 'That upload has expired; choose the file again.');
  }
  if (upload.received !== upload.size) {
    throw new DomainError(
      'refused',
      `${upload.fileName} has not finished uploading (${upload.received} of ${upload.size} bytes).`,
    );
  }
  return upload;
}

export async function inspectUpload(
  ctx: AppContext,
  input: { uploadId: string; kind?: ImportKind; sheet?: string },
): Promise<ImportFileInfoDto> {
  const upload = completeUpload(ctx, input.uploadId);
  const handle = runWorker({
    connection: connectionFor(ctx),
    task: {
      type: 'inspect',
      file: upload.file,
      fileName: upload.fileName,
      kind: input.kind,
      sheet: input.sheet ?? null,
    },
  });
  const outcome = await handle.done;
  if (outcome.state === 'failed')
    throw new DomainError(outcome.kind === 'internal' ? 'refused' : outcome.kind, outcome.message);
  if (outcome.state === 'cancelled')
    throw new DomainError('refused', 'Reading the file was stopped.');
  return { uploadId: upload.id, ...(outcome.result as FileInfo) };
}

function view(job: Job): ImportJobDto {
  const { uploadId: _u, reportPath: _r, handle, request: _q, ...dto } = job;
  // Read from the flag the worker sets, not its progress message: a cancel pressed between the
  // two must already be shown as too late.
  return { ...dto, saving: job.state === 'running' && (handle?.saving() ?? false) };
}

export function startImport(
  ctx: AppContext,
  input: {
    uploadId: string;
    kind: ImportKind;
    mode: 'preview' | 'commit';
    allOrNothing: boolean;
    sheet?: string;
    mapping?: ColumnMapping;
    mappingName?: string;
  },
): { jobId: string } {
  requireEditor(ctx);
  const r = registry(ctx);
  const upload = completeUpload(ctx, input.uploadId);
  const running = [...r.jobs.values()].find((j) => j.state === 'running');
  if (running) {
    throw new DomainError(
      'conflict',
      'Another import is running. Wait for it to finish, or cancel it, first.',
    );
  }
  const jobId = randomUUID();
  // How to read the file, as the job shows it and as the worker is asked.
  const how = {
    fileName: upload.fileName,
    kind: input.kind,
    allOrNothing: input.allOrNothing,
    sheet: input.sheet ?? null,
    mapping: input.mapping ?? null,
    mappingName: input.mappingName ?? null,
  };
  const job: Job = {
    jobId,
    mode: input.mode,
    state: 'running',
    rowsDone: 0,
    bytesDone: 0,
    bytesTotal: upload.size,
    finishing: null,
    saving: false,
    result: null,
    error: null,
    uploadId: upload.id,
    reportPath: path.join(uploadsFolder(ctx), `${jobId}.report.csv`),
    handle: null,
    request: { uploadId: upload.id, ...how },
  };
  r.jobs.set(jobId, job);
  job.handle = runWorker(
    importInput(ctx, { ...how, file: upload.file, mode: input.mode }, job.reportPath),
    {
      onProgress: (p) => {
        job.rowsDone = p.rowsDone;
        job.bytesDone = p.bytesDone;
        job.bytesTotal = p.bytesTotal;
        job.finishing = p.finishing ?? null;
      },
    },
  );
  void job.handle.done.then((outcome) => {
    job.handle = null;
    job.finishing = null;
    if (outcome.state === 'done') {
      job.state = 'done';
      job.result = outcome.result as ImportResultDto;
      job.rowsDone = job.result.rowsRead;
      job.bytesDone = job.bytesTotal;
      // The file has done its work once committed; a preview keeps it for the real import.
      if (job.result.committed) {
        fs.rmSync(upload.file, { force: true });
        r.uploads.delete(upload.id);
      }
    } else {
      if (outcome.state === 'cancelled') {
        job.state = 'cancelled';
        job.error = 'Cancelled: nothing was written.';
      } else {
        job.state = 'failed';
        job.error = outcome.message;
      }
      // Nothing was imported, so there is nothing to report on: the worker still wrote the
      // problems of the rows it had read (names, ULNs) to the report file, which would stay
      // beside the database until swept a day later, served as this job's report.
      try {
        fs.rmSync(job.reportPath, { force: true });
      } catch {
        // Still held open by a worker being stopped (Windows): the stale sweep removes it.
      }
    }
  });
  return { jobId };
}

function findJob(ctx: AppContext, jobId: string): Job {
  const job = registry(ctx).jobs.get(jobId);
  if (!job)
    throw new DomainError('not_found', 'That import is no longer known (the app was restarted?).');
  return job;
}

export function jobStatus(ctx: AppContext, jobId: string): ImportJobDto {
  return view(findJob(ctx, jobId));
}

/**
 * The import running now, if any, with what was asked of it: a reloaded page or a reopened
 * window finds it again (the job lives in the main process, not in the window).
 */
export function runningJob(ctx: AppContext): ImportRunningJobDto | null {
  const job = [...registry(ctx).jobs.values()].find((j) => j.state === 'running');
  return job ? { job: view(job), request: job.request } : null;
}

/**
 * Asks a running import to stop. Once it has started saving, the cancel is refused: the job's
 * answer then says it is saving (`saving`), and it goes on to say whether it committed.
 */
export function cancelJob(ctx: AppContext, jobId: string): ImportJobDto {
  const job = findJob(ctx, jobId);
  job.handle?.cancel();
  return view(job);
}

export function jobReport(ctx: AppContext, jobId: string): { fileName: string; base64: string } {
  const job = findJob(ctx, jobId);
  if (job.state === 'running')
    throw new DomainError('refused', 'The report is ready when the import has finished.');
  if (!fs.existsSync(job.reportPath))
    throw new DomainError('not_found', 'This import has no report.');
  const base = (job.result?.fileName ?? 'import').replace(/\.[^.]+$/, '');
  return {
    fileName: `${base}-${job.mode === 'preview' ? 'preview' : 'import'}-report.csv`,
    base64: fs.readFileSync(job.reportPath).toString('base64'),
  };
}

/** Stops running imports (their transactions roll back) when the app closes its database. */
export function cancelAllImports(ctx: AppContext): void {
  for (const job of registry(ctx).jobs.values()) job.handle?.cancel();
}
