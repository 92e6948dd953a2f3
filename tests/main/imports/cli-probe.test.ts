/**
 * The import command as an EPAO's scripts and an IQA lead meet it when things are not tidy: a
 * second import (or the app) at work on the same database, a --db that is not the database
 * meant, arguments mistyped, and the process stopped part-way. Real SQLite files and real CSV
 * files throughout; cli.test.ts has the everyday cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/context';
import { runCliCaptured } from '../../support/cli';
import { epaRows, header, type row, writeCsv } from './files';
import { standardise } from './helpers';

let dir: string;
let db: string;
beforeEach(async () => {
  dir = tempDir('iqa-cli-probe-');
  db = path.join(dir, 'iqa.sqlite');
  expect((await runCliCaptured(['init', '--db', db])).code).toBe(0);
  const s = new Database(db);
  standardise(s);
  s.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], dbPath = db): Promise<{ code: number; out: string; err: string }> {
  return runCliCaptured([...args, '--db', dbPath]);
}

const decisions = (name: string, rows: ReturnType<typeof row>[]): string =>
  writeCsv(path.join(dir, name), [header('decisions'), ...rows]);

function countOf(table: string): number {
  const s = new Database(db, { readonly: true });
  try {
    return s.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    s.close();
  }
}

/**
 * Another connection in the middle of saving, as an import (the app's or another command's)
 * is from its first row to its commit: it holds SQLite's write lock throughout.
 */
function holdWriteLock(file: string): { release(): void } {
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  return {
    release: () => {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

describe('while another import holds the database', () => {
  it('still answers a read: status and import list', async () => {
    const lock = holdWriteLock(db);
    try {
      const status = await cli(['status', '--json']);
      expect(status).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(status.out)).toMatchObject({ database: db });
      const list = await cli(['import', 'list', '--json']);
      expect(list).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(list.out)).toEqual([]);
    } finally {
      lock.release();
    }
  }, 30_000);

  it('refuses a second import in plain words, with the --json document, writing nothing', async () => {
    const file = decisions('d.csv', epaRows(1));
    const lock = holdWriteLock(db);
    let busy;
    try {
      busy = await cli(['import', 'decisions', file, '--json']);
    } finally {
      lock.release();
    }
    const message = `d.csv was not imported: the database ${db} is busy saving another change, perhaps another import (in the app or from the command line). Nothing was written. Import it again once that has finished.`;
    expect(busy).toMatchObject({ code: 1, err: `${message}\n` });
    expect(JSON.parse(busy.out)).toEqual({
      batch: null,
      new: 0,
      changed: 0,
      unchanged: 0,
      rejected: 0,
      flags: 0,
      errors: [{ row: null, column: null, value: null, message }],
      held_again: [],
    });
    expect(countOf('import_batches')).toBe(0);
    expect(countOf('decisions')).toBe(0);
    // Once the other has finished, the same command imports.
    const again = await cli(['import', 'decisions', file, '--json']);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(again.out)).toMatchObject({ batch: 1, new: 3 });
  }, 30_000);
});
