/**
 * The import worker thread: parses, checks and writes off the main thread (the window never
 * waits on it), through its own database connection, under the memory limits it was started
 * with. It reports progress, honours cancel (rolling back) and answers once, after closing the
 * report and committing or rolling back. Only then does it copy its commit from the WAL into
 * the database file (a checkpoint): stopping it during that copy loses nothing, because SQLite
 * finishes the copy at the next checkpoint from whichever connection makes it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { registerDecisionRules } from '../core/decision-rules';
import { DomainError } from '../core/errors';
import { openImportContext } from './connection';
import { ImportCancelled, runImport } from './engine';
import { inspectFile } from './inspect';
import { READ_AHEAD_BYTES } from './read-ahead';
import { ReportWriter } from './report';
import { FLAG, startReader } from './runner';
import type { AppContext } from '../core/context';
import type { WorkerData, WorkerMessage } from './runner';

const input = workerData as WorkerData;
// This thread's own copy of the environment: only its temporary files go to its folder.
process.env.TMPDIR = process.env.TMP = process.env.TEMP = input.temp;
const port = parentPort;
const post = (message: WorkerMessage): void => port?.postMessage(message);
const cancelFlag = new Int32Array(input.cancel);
const isCancelled = (): boolean => Atomics.load(cancelFlag, 0) === FLAG.cancelled;
const startSaving = (): boolean =>
  Atomics.compareExchange(cancelFlag, 0, FLAG.running, FLAG.saving) === FLAG.running;
// Heard whenever the thread is free between chunks; silence means it is stuck (the watchdog).
const heartbeat = setInterval(() => post({ type: 'alive' }), 1000);

let ctx: AppContext | null = null;

async function work(): Promise<WorkerMessage> {
  registerDecisionRules();
  ctx = openImportContext(input.connection);
  try {
    if (input.task.type === 'inspect') {
      const { file, fileName, kind, sheet } = input.task;
      return { type: 'done', result: await inspectFile(ctx, file, fileName, { kind, sheet }) };
    }
    const { request, reportPath } = input.task;
    const report = reportPath ? new ReportWriter(reportPath, request.fileName) : null;
    try {
      const result = await runImport(ctx, request, {
        onProgress: (p) => post({ type: 'progress', ...p }),
        isCancelled,
        startSaving,
        onProblem: report?.add,
        readAhead: {
          minBytes: READ_AHEAD_BYTES,
          start: (taken) => startReader({ taken, connection: input.connection }),
        },
      });
      return { type: 'done', result };
    } finally {
      report?.close();
    }
  } catch (error) {
    if (error instanceof ImportCancelled) return { type: 'cancelled' };
    if (error instanceof DomainError)
      return { type: 'error', kind: error.kind, message: error.message };
    return { type: 'error', kind: 'internal', message: (error as Error).stack ?? String(error) };
  }
}

function checkpointAndClose(connection: AppContext): void {
  try {
    // PASSIVE never waits for the app's readers or writers; what it cannot copy now, the next
    // checkpoint does.
    connection.sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // The commit is already safe in the WAL; a failed copy is retried by the next checkpoint.
  } finally {
    connection.store.close();
  }
}

void work().then((message) => {
  clearInterval(heartbeat);
  post(message);
  if (ctx) checkpointAndClose(ctx);
  port?.close();
});
