/**
 * The published `import` command where nothing is imported: a file with no rows, a dry run or a
 * usage mistake against a database that does not exist, a --db that is not a database. Runs the
 * CLI in-process through runCli, as cli.test.ts does.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/context';
import { epaRows, header, type row, writeCsv } from './files';
import { runCliCaptured } from '../../support/cli';
import { standardise } from './helpers';

let dir: string;
let db: string;
beforeEach(async () => {
  dir = tempDir('iqa-probe-cli-');
  db = path.join(dir, 'iqa.sqlite');
  expect((await cli(['init'])).code).toBe(0);
  const s = new Database(db);
  standardise(s);
  s.close();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(
  args: string[],
  dbPath: string | null = db,
): Promise<{ code: number; out: string; err: string }> {
  return runCliCaptured(dbPath === null ? args : [...args, '--db', dbPath]);
}

const decisions = (name: string, rows: ReturnType<typeof row>[]): string =>
  writeCsv(path.join(dir, name), [header('decisions'), ...rows]);

describe('import --json document', () => {
  it('says why in --json when a header-only file writes nothing (exit 1)', async () => {
    // README: "Exit status ... 1 when nothing was written" and "Errors, progress and usage go to
    // stderr"; a file refused as a whole "gives batch: null, zero counts and one error". Here the
    // import reads no row at all ("d.csv has no rows to import under its header row" in the human
    // summary), exits 1, but with --json the document has `errors: []` and stderr is empty: a
    // script learns only that nothing was written, never why.
    const file = decisions('d.csv', []);
    const r = await cli(['import', 'decisions', file, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { errors: { message: string }[] };
    expect(doc.errors).toEqual([
      {
        row: null,
        column: null,
        value: null,
        message: expect.stringContaining(
          'd.csv has no rows to import under its header row',
        ) as string,
      },
    ]);
  });
});

describe('--db', () => {
  it('leaves no database behind when a dry run names a --db that does not exist', async () => {
    // --dry-run's own help: "check everything, write nothing"; README: "When nothing was written
    // (`--dry-run`, ...), `batch` is `null`". runCli opens (and so
    // creates, with any missing folders, and migrates) the --db database before the import
    // command looks at its arguments: a mistyped --db leaves a fresh empty database behind.
    // The import itself would be refused (no database there), so the dry run says it would not
    // commit: exit 1 (cli-probe.test.ts has the refusal's words).
    const file = decisions('d.csv', epaRows(1));
    const typo = path.join(dir, 'typo-folder', 'iqa.sqlite');
    const dry = await cli(['import', 'decisions', file, '--dry-run', '--json'], typo);
    expect(dry.code).toBe(1);
    expect(fs.existsSync(typo), 'dry run created the database file').toBe(false);
    expect(fs.existsSync(path.dirname(typo)), 'dry run created the folder').toBe(false);
  });

  it('leaves no database behind after a usage mistake (exit 2)', async () => {
    // README: exit 2 for a usage mistake, "found before anything is imported". The unknown kind
    // is only found after runCli has bootstrapped (created and migrated) the --db database; with
    // no --db the same happens to the default database (an older one is migrated and backed up).
    const typo = path.join(dir, 'other.sqlite');
    const usage = await cli(['import', 'grades', 'x.csv', '--json'], typo);
    expect(usage).toMatchObject({ code: 2, out: '' });
    expect(fs.existsSync(typo), 'usage mistake created the database file').toBe(false);
  });

  it('prints the --json document when --db is not a database (exit 1), and leaves that file alone', async () => {
    // Issue 3 / README: "`--json` prints { batch, new, ... errors: [{ row, column, value, message }] }";
    // the only documented case with nothing on stdout is a usage mistake (exit 2). A file refused
    // as a whole gets batch null, zero counts and one error with null row/column/value. Here the
    // import is refused (exit 1, "Could not open the database: file is not a database" on
    // stderr) but stdout is empty, so `npm run -s iqa -- import ... --json | jq .rejected` breaks.
    // (The non-database file itself is left byte for byte, with no -wal/-shm beside it: passes.)
    const file = decisions('d.csv', epaRows(1));
    const notDb = path.join(dir, 'notes.txt');
    const content = 'These are my notes, not a database.\n'.repeat(50);
    fs.writeFileSync(notDb, content);
    const r = await cli(['import', 'decisions', file, '--json'], notDb);
    expect(r.code).toBe(1);
    expect(r.err).toContain('it is not a SQLite database file at all');
    expect(fs.readFileSync(notDb, 'utf8')).toBe(content);
    expect(fs.existsSync(`${notDb}-wal`)).toBe(false);
    expect(fs.existsSync(`${notDb}-shm`)).toBe(false);
    expect(() => JSON.parse(r.out)).not.toThrow();
    expect(JSON.parse(r.out)).toMatchObject({
      batch: null,
      new: 0,
      errors: [{ row: null, column: null, value: null }],
    });
  });
});
