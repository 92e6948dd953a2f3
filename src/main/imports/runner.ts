/**
 * Starts the import worker and watches it (and, for the worker, the reader thread a large
 * decisions file is read on: read-ahead.ts). The worker runs with a heap limit (a hostile or
 * broken spreadsheet cannot take the app's memory) and a watchdog (a worker silent for too long
 * is stopped; its open transaction dies with its connection, so nothing is written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ErrorKind, ImportResultDto } from '@shared/contract';
import type { ImportKind } from '@shared/imports';
import type { AppContext } from '../core/context';
import type { ConnectionOptions } from './connection';
import type { ImportProgress, ImportRequest } from './engine';
import type { FileInfo } from './inspect';
import type { ReaderData } from './read-ahead';
import { looksLikeWorkbook } from './sniff';
import { processTempFolder, removeFolder } from './temp-folders';

export type WorkerTask =
  | { type: 'inspect'; file: string; fileName: string; kind?: ImportKind; sheet?: string | null }
  | { type: 'import'; request: ImportRequest; reportPath: string | null };

export interface WorkerInput {
  connection: ConnectionOptions;
  task: WorkerTask;
}

/**
 * What the worker is started with: its input, and a cancel flag in memory both threads share.
 * The worker reads the flag without waiting for its event loop, so a cancel is seen even in the
 * seconds of synchronous work after a large file's last row (a message would wait for them).
 */
export interface WorkerData extends WorkerInput {
  cancel: SharedArrayBuffer;
  /**
   * The worker's temporary folder, removed when it exits however it exits. exceljs unzips a sheet
   * stored before its shared strings (where Excel stores it) into a temporary file and removes
   * it only once the whole sheet is read: after reading just the header, or a cancel, it stayed,
   * as large as the sheet (706 MB at 1M rows).
   */
  temp: string;
}

export type WorkerMessage =
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'alive' }
  | { type: 'done'; result: ImportResultDto | FileInfo }
  | { type: 'cancelled' }
  | { type: 'error'; kind: ErrorKind; message: string };

export type WorkerOutcome =
  | { state: 'done'; result: ImportResultDto | FileInfo }
  | { state: 'cancelled' }
  | { state: 'failed'; kind: ErrorKind; message: string };

export interface WorkerHandle {
  done: Promise<WorkerOutcome>;
  /** The thread has exited: after `done`, once it has copied its commit into the database file. */
  exited: Promise<void>;
  /**
   * Asks the import to stop and roll back; false when that is no longer possible: it has
   * started saving (it then commits, or fails with nothing written) or has already ended.
   */
  cancel(): boolean;
  /** The import has started saving what it checked, so a cancel is no longer taken. */
  saving(): boolean;
}

/**
 * The flag the worker and this thread share: a cancel asked for, or the save begun. Each side
 * moves it from running with one atomic exchange, so exactly one of a cancel and the save wins
 * however close together they come: a cancel that lost is refused, rather than reported as done
 * while the rows are being committed.
 */
export const FLAG = { running: 0, cancelled: 1, saving: 2 } as const;

export interface RunOptions {
  onProgress?(p: ImportProgress): void;
  /** Stop a worker that has said nothing for this long (default 2 minutes). */
  silenceLimitMs?: number;
  /** Heap limit for the worker (default 2 GB, below). */
  maxHeapMb?: number;
  /**
   * A built worker to run (electron-vite's out/main/import-worker.js) instead of the one found
   * beside this module: the benchmark measures the build the app ships, not the TypeScript
   * source through tsx's loader (which alone adds about 35 MB).
   */
  script?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** How long a worker that has answered may take to copy its commit into the database file. */
const CHECKPOINT_LIMIT_MS = 120_000;

interface ThreadScript {
  url: URL;
  typescript: boolean;
}

/**
 * A thread's code: the bundle electron-vite builds beside the main process, or (under tsx and
 * vitest) the TypeScript source, loaded through tsx's loader registered inside the thread.
 */
function threadScript(bundle: string, source: string): ThreadScript {
  for (const dir of [here, path.resolve(here, '..')]) {
    const bundled = path.join(dir, bundle);
    if (fs.existsSync(bundled)) return { url: pathToFileURL(bundled), typescript: false };
  }
  const file = path.join(here, source);
  if (!fs.existsSync(file)) throw new Error(`${source} was not found beside ${here}.`);
  return { url: pathToFileURL(file), typescript: true };
}

function tsxBootstrap(entry: URL): URL {
  const require = createRequire(import.meta.url);
  const api = path.join(
    path.dirname(require.resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  );
  const tsconfig = path.resolve(here, '../../../tsconfig.node.json');
  const code = [
    `const { register } = await import(${JSON.stringify(pathToFileURL(api).href)});`,
    `register({ tsconfig: ${JSON.stringify(tsconfig)} });`,
    `await import(${JSON.stringify(entry.href)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export function connectionFor(ctx: AppContext): ConnectionOptions {
  return {
    dbPath: ctx.store.path,
    ...(process.env.IQA_NATIVE_BINDING ? { nativeBinding: process.env.IQA_NATIVE_BINDING } : {}),
    clockOffsetMs: ctx.clock().getTime() - Date.now(),
    session: { ...ctx.session },
  };
}

/** The worker's input for an import of `request` against the app's own database. */
export function importInput(
  ctx: AppContext,
  request: ImportRequest,
  reportPath: string | null = null,
): WorkerInput {
  return { connection: connectionFor(ctx), task: { type: 'import', request, reportPath } };
}

/**
 * The worker's heap ceiling. V8 lets a heap grow further between full collections when its
 * ceiling is 2 GB or more (a growing factor of 4 rather than about 1.6 at 1 GB), so a 1M-row
 * import runs far fewer of them: 2.7 CPU-s and about 1.1 s less, for about 50 MB more peak
 * memory (310 -> 360 MB, still under the 400 MB target).
 */
const WORKER_HEAP_MB = 2048;

/**
 * The nursery, where new objects live until their first collection. A CSV's rows live for one
 * small chunk, and a small nursery collects them before they pile up (measured: 30 MB less peak
 * memory at 300k rows, no slower). Parsing a workbook's XML makes short-lived objects many times
 * faster, and 8 MB made its collections run so often that a 125,000-row workbook took 10.5-10.8 s
 * to import against 7.3-7.7 s with 32 MB (8.6 s with 16, 7.8-8.3 s with 64), for 30-50 MB more.
 */
const NURSERY_MB = { csv: 8, workbook: 32 };

function startThread(
  script: ThreadScript,
  workerData: unknown,
  maxHeapMb: number,
  nurseryMb: number,
): Worker {
  return new Worker(script.typescript ? tsxBootstrap(script.url) : script.url, {
    workerData,
    // Not the parent's flags: under tsx those load tsx's loader (and its own thread) into the
    // worker too, about 150 ms and 35 MB; the TypeScript source registers it itself (above).
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: nurseryMb },
  });
}

/** The reader's heap ceiling: it holds a few chunks of rows at a time. */
const READER_HEAP_MB = 512;

/** Starts the reader thread of a large decisions import (read-ahead.ts). */
export function startReader(data: ReaderData): Worker {
  return startThread(
    threadScript('import-reader.js', 'read-ahead-worker.ts'),
    data,
    READER_HEAP_MB,
    NURSERY_MB.csv,
  );
}

/** A worker's folders; see processTempFolder. */
const TEMP_PREFIX = 'iqa-import-';

export function runWorker(input: WorkerInput, options: RunOptions = {}): WorkerHandle {
  const script = options.script
    ? { url: pathToFileURL(options.script), typescript: false }
    : threadScript('import-worker.js', 'worker.ts');
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const temp = processTempFolder(TEMP_PREFIX);
  const data: WorkerData = { ...input, cancel: cancelFlag.buffer as SharedArrayBuffer, temp };
  const file = input.task.type === 'import' ? input.task.request.file : input.task.file;
  const worker = startThread(
    script,
    data,
    options.maxHeapMb ?? WORKER_HEAP_MB,
    looksLikeWorkbook(file) ? NURSERY_MB.workbook : NURSERY_MB.csv,
  );
  const silenceLimit = options.silenceLimitMs ?? 120_000;
  let settled = false;
  let lastHeard = Date.now();
  let resolveDone: (outcome: WorkerOutcome) => void = () => undefined;
  const done = new Promise<WorkerOutcome>((resolve) => {
    resolveDone = resolve;
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      removeFolder(temp);
      resolve();
    }),
  );
  const settle = (outcome: WorkerOutcome): void => {
    if (settled) return;
    settled = true;
    clearInterval(watchdog);
    resolveDone(outcome);
    if (outcome.state === 'done') {
      // It answered; it now checkpoints and exits by itself. Stopping it is safe at any point,
      // so a checkpoint that somehow never ends is not waited for.
      setTimeout(() => void worker.terminate(), CHECKPOINT_LIMIT_MS).unref();
    } else {
      void worker.terminate();
    }
  };
  const watchdog = setInterval(
    () => {
      if (Date.now() - lastHeard > silenceLimit) {
        settle({
          state: 'failed',
          kind: 'refused',
          message: `Reading the file stopped responding for ${Math.round(silenceLimit / 1000)} seconds, so it was stopped and nothing was imported. Save it again as CSV and retry.`,
        });
      }
    },
    Math.min(1000, silenceLimit),
  );
  worker.on('message', (m: WorkerMessage) => {
    lastHeard = Date.now();
    if (m.type === 'progress') options.onProgress?.(m);
    else if (m.type === 'done') settle({ state: 'done', result: m.result });
    else if (m.type === 'cancelled') settle({ state: 'cancelled' });
    else if (m.type === 'error') {
      if (m.kind === 'internal') console.error('Import worker failed:', m.message);
      settle({
        state: 'failed',
        kind: m.kind,
        message:
          m.kind === 'internal' ? `Something went wrong: ${m.message.split('\n')[0]}` : m.message,
      });
    }
  });
  worker.on('error', (error: Error & { code?: string }) => {
    settle({
      state: 'failed',
      kind: 'refused',
      message:
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'The file needs more memory than an import may use, so it was stopped and nothing was imported. Split it into smaller files, or save it as CSV.'
          : `The import stopped: ${error.message}. Nothing was imported.`,
    });
  });
  worker.on('exit', (code) => {
    settle({
      state: 'failed',
      kind: 'internal',
      message: `The import stopped unexpectedly (exit ${code}). Nothing was imported.`,
    });
  });
  return {
    done,
    exited,
    cancel: () => {
      if (settled) return false;
      const was = Atomics.compareExchange(cancelFlag, 0, FLAG.running, FLAG.cancelled);
      if (was === FLAG.saving) return false;
      // Stopping the thread also rolls back (the transaction dies with its connection); this
      // only matters if it cannot reach a point where it checks for the cancel. Never once the
      // save has begun: stopping it then could end a commit that went through reported as
      // cancelled.
      if (was === FLAG.running) setTimeout(() => settle({ state: 'cancelled' }), 15_000).unref();
      return true;
    },
    saving: () => Atomics.load(cancelFlag, 0) === FLAG.saving,
  };
}
