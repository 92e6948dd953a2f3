/**
 * Whether a path is an IQA Desk database to import into. Opening a database creates and migrates
 * whatever file it is given, which suits `init` and the app; a command that imports must not, or
 * a mistyped --db gets a new, empty database with the rows in it (and exit 0), and a CSV or
 * another program's database given by mistake is turned into one of ours.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseOpenError } from '../db/open';

const NOTHING = 'Nothing was imported.';

/** Why `file` is not an IQA Desk database, or null when it looks like one (or cannot be told). */
export function notADatabase(file: string): string | null {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const init = `to start a new database there, run \`npm run iqa -- init --db "${file}"\` first.`;
  if (!stat) return `There is no IQA Desk database at ${file}. Check the path; ${init} ${NOTHING}`;
  if (stat.isDirectory()) {
    return `${file} is a folder, not a database file. Give the database file itself, such as ${path.join(file, 'iqa.sqlite')}. ${NOTHING}`;
  }
  if (stat.size === 0) {
    return `${file} is an empty file, not an IQA Desk database. Check the path; ${init} ${NOTHING}`;
  }
  let sqlite: Database.Database | null = null;
  try {
    // Read-only, so that looking leaves the file exactly as it was (no journal beside it).
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const ours = sqlite
      .prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN ('__drizzle_migrations', 'import_batches')",
      )
      .all();
    if (ours.length === 2) return null;
    return `${file} is a SQLite database, but not an IQA Desk one: importing would add IQA Desk's tables to it. Check the path. ${NOTHING}`;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      return `${file} is not an IQA Desk database: it is not a SQLite database file at all (perhaps a file to import given as --db by mistake). Check the path. ${NOTHING}`;
    }
    // Locked, unreadable, or in a folder it cannot make its journal in: opening it properly
    // says which.
    return null;
  } finally {
    sqlite?.close();
  }
}

/**
 * What to say when the database could not be opened: SQLite's own words ("attempt to write a
 * readonly database", "database is locked") name neither the file nor a remedy.
 */
export function openFailure(file: string, error: unknown): string {
  if (error instanceof DatabaseOpenError) return error.message;
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_READONLY')) {
    return `The database ${file} is read-only for you: you may read it but not change it (or the folder it is in), and this command needs to. Nothing was changed. Ask whoever looks after the file for permission to change it and its folder, then try again.`;
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return `The database ${file} is busy saving another change, perhaps an import (in the app or from the command line). Nothing was changed. Try again once that has finished.`;
  }
  return `Could not open the database ${file}: ${(error as Error).message}`;
}
