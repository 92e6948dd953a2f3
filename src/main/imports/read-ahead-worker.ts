/** The reader thread of a large decisions import (see read-ahead.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../core/errors';
import {
  readFileAhead,
  type ReadAheadSetup,
  type ReaderData,
  type ReaderMessage,
} from './read-ahead';

const post = (message: ReaderMessage, transfer: ArrayBuffer[] = []): void =>
  parentPort?.postMessage(message, transfer);

const setup = new Promise<ReadAheadSetup>((resolve) =>
  parentPort?.once('message', (m: ReadAheadSetup) => resolve(m)),
);

readFileAhead(workerData as ReaderData, setup, post).catch((error: unknown) => {
  post(
    error instanceof DomainError
      ? { type: 'error', kind: error.kind, message: error.message }
      : { type: 'error', kind: 'internal', message: (error as Error).stack ?? String(error) },
  );
});
