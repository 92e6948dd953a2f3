/**
 * The import worker's own connection to the database the app already opened (and migrated).
 * better-sqlite3 connections cannot cross threads, and an import holds its write transaction
 * across awaits, so it must not share the app's connection anyway.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { AppContext, Session } from '../core/context';
import * as schema from '../db/schema';

export interface ConnectionOptions {
  dbPath: string;
  nativeBinding?: string;
  /** The caller's clock minus the real one, so a fixed test clock carries over. */
  clockOffsetMs: number;
  session: Session;
}

export function openImportContext(options: ConnectionOptions): AppContext {
  const sqlite = new Database(
    options.dbPath,
    options.nativeBinding
      ? { nativeBinding: options.nativeBinding, fileMustExist: true }
      : { fileMustExist: true },
  );
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // A large import touches many index pages; a bigger page cache keeps them from being written
  // to the WAL and read back repeatedly before the commit.
  sqlite.pragma('cache_size = -32768');
  // The worker copies its commit from the WAL into the database file itself, after it has
  // answered (worker.ts), rather than inside the COMMIT: at 1M rows that copy takes about 1.5 s
  // the user need not wait for.
  sqlite.pragma('wal_autocheckpoint = 0');
  const db = drizzle(sqlite, { schema });
  const offset = options.clockOffsetMs;
  return {
    store: {
      db,
      sqlite,
      path: options.dbPath,
      schemaVersion: 0,
      backupPath: null,
      close: () => sqlite.close(),
    },
    db,
    sqlite,
    clock: () => new Date(Date.now() + offset),
    session: { ...options.session },
  };
}
