/**
 * The import command as an EPAO's scripts and an IQA lead meet it when things are not tidy: a
 * second import (or the app) at work on the same database, a --db that is not the database
 * meant, arguments mistyped, and the process stopped part-way. Real SQLite files and real CSV
 * files throughout; cli.test.ts has the everyday cases.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/context';
import { runCliCaptured } from '../../support/cli';
import { epaRows, header, type row, writeCsv } from './files';
import { deadPid, standardise } from './helpers';

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
    expect(JSON.parse(busy.out)).toEqual(refusedDoc(message));
    expect(countOf('import_batches')).toBe(0);
    expect(countOf('decisions')).toBe(0);
    // Once the other has finished, the same command imports.
    const again = await cli(['import', 'decisions', file, '--json']);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(again.out)).toMatchObject({ batch: 1, new: 3 });
  }, 30_000);
});

/** The --json document of a run refused before anything was read. */
const refusedDoc = (message: string): unknown => ({
  batch: null,
  new: 0,
  changed: 0,
  unchanged: 0,
  rejected: 0,
  flags: 0,
  errors: [{ row: null, column: null, value: null, message }],
  held_again: [],
});

describe('a --db that is not the database meant', () => {
  it('refuses one that does not exist, creating nothing, and says how to start one', async () => {
    // A mistyped --db would otherwise get a new, empty database, the rows imported into it and
    // exit 0: the lead believes them in the real one.
    const file = decisions('d.csv', epaRows(1));
    const typo = path.join(dir, 'iqa.sqllite');
    const message = `There is no IQA Desk database at ${typo}. Check the path; to start a new database there, run \`npm run iqa -- init --db "${typo}"\` first. Nothing was imported.`;
    for (const extra of [[], ['--dry-run'], ['--all-or-nothing']]) {
      const r = await cli(['import', 'decisions', file, '--json', ...extra], typo);
      expect(r).toMatchObject({ code: 1, err: `${message}\n` });
      expect(JSON.parse(r.out)).toEqual(refusedDoc(message));
    }
    expect((await cli(['import', 'list'], typo)).err).toBe(`${message}\n`);
    expect(fs.existsSync(typo)).toBe(false);
    const elsewhere = path.join(dir, 'no-such-folder', 'iqa.sqlite');
    expect((await cli(['import', 'decisions', file], elsewhere)).code).toBe(1);
    expect(fs.existsSync(path.dirname(elsewhere))).toBe(false);
  });

  it('refuses a folder, an empty file, a CSV and a database of another program, leaving each as it was', async () => {
    const file = decisions('d.csv', epaRows(1));
    const folder = path.join(dir, 'IQA data');
    fs.mkdirSync(folder);
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    const other = path.join(dir, 'crm.sqlite');
    const s = new Database(other);
    s.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
    s.close();
    const otherBytes = fs.readFileSync(other);
    const cases: [string, string][] = [
      [
        folder,
        `${folder} is a folder, not a database file. Give the database file itself, such as ${path.join(folder, 'iqa.sqlite')}. Nothing was imported.`,
      ],
      [
        empty,
        `${empty} is an empty file, not an IQA Desk database. Check the path; to start a new database there, run \`npm run iqa -- init --db "${empty}"\` first. Nothing was imported.`,
      ],
      [
        file,
        `${file} is not an IQA Desk database: it is not a SQLite database file at all (perhaps a file to import given as --db by mistake). Check the path. Nothing was imported.`,
      ],
      [
        other,
        `${other} is a SQLite database, but not an IQA Desk one: importing would add IQA Desk's tables to it. Check the path. Nothing was imported.`,
      ],
    ];
    const csvBytes = fs.readFileSync(file);
    for (const [target, message] of cases) {
      const r = await cli(['import', 'decisions', file, '--json'], target);
      expect(r).toMatchObject({ code: 1, err: `${message}\n` });
      expect(JSON.parse(r.out)).toEqual(refusedDoc(message));
    }
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(fs.statSync(empty).size).toBe(0);
    expect(fs.readFileSync(file).equals(csvBytes)).toBe(true);
    expect(fs.readFileSync(other).equals(otherBytes)).toBe(true);
    for (const f of [empty, file, other]) {
      expect(fs.existsSync(`${f}-wal`), `${f}-wal`).toBe(false);
    }
  });

  it('takes a relative path, and one with spaces and accents, as the database it names', async () => {
    const folder = path.join(dir, 'Données IQA (copie)');
    fs.mkdirSync(folder);
    const named = path.join(folder, 'IQA Desk – école.sqlite');
    fs.copyFileSync(db, named);
    writeCsv(path.join(folder, 'décisions mars 2026.csv'), [header('decisions'), ...epaRows(1)]);
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      const r = await runCliCaptured([
        'import',
        'decisions',
        'décisions mars 2026.csv',
        '--db',
        'IQA Desk – école.sqlite',
        '--json',
      ]);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(r.out)).toMatchObject({ batch: 1, new: 3 });
    } finally {
      process.chdir(cwd);
    }
    const s = new Database(named, { readonly: true });
    expect(s.prepare('SELECT file_name FROM import_batches').pluck().all()).toEqual([
      'décisions mars 2026.csv',
    ]);
    s.close();
  });
});

/**
 * Runs the command as a user who may read but not write: root writes a read-only file anyway,
 * so under root it runs as `nobody` (through setpriv), in a process of its own.
 */
function runReadOnly(args: string[]): { code: number | null; out: string; err: string } | null {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const command = [process.execPath, path.join(root, 'scripts/iqa.mjs'), ...args];
  const asRoot = process.getuid?.() === 0;
  if (asRoot && spawnSync('setpriv', ['--version']).status !== 0) return null;
  const temp = path.join(dir, 'tmp');
  fs.mkdirSync(temp, { recursive: true, mode: 0o777 });
  fs.chmodSync(temp, 0o777);
  const [program, ...rest] = asRoot
    ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command]
    : command;
  const done = spawnSync(program as string, rest, {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: temp, HOME: temp },
  });
  return { code: done.status, out: done.stdout, err: done.stderr };
}

describe('what a command killed outright leaves behind', () => {
  it("removes the report folder of a command that is no longer running, and keeps a running one's", async () => {
    // kill -9, the OOM killer or a power cut give the command no chance to tidy up: its
    // scratch report, the problems of the rows it had read (ULNs, names, grades), stayed in
    // the temporary folder for good. The worker's own folders were already swept this way.
    const dead = deadPid();
    const left = path.join(os.tmpdir(), `iqa-cli-report-${dead}-a1B2c3`);
    const running = path.join(os.tmpdir(), `iqa-cli-report-${process.ppid}-d4E5f6`);
    for (const folder of [left, running]) {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'report.csv'), 'd.csv,2,uln,1000000042,error,...');
    }
    try {
      const r = await cli(['import', 'decisions', decisions('d.csv', epaRows(1)), '--json']);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(fs.existsSync(left)).toBe(false);
      expect(fs.existsSync(running)).toBe(true);
    } finally {
      for (const folder of [left, running]) fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a database the user may read but not change', () => {
  it.each([
    ['in a folder they may write to', 0o777],
    ['in a folder they may not write to either', 0o755],
  ])(
    'refuses the import in plain words naming it (%s), with the --json document',
    (_, folderMode) => {
      const folder = path.join(dir, 'shared');
      fs.mkdirSync(folder);
      const ro = path.join(folder, 'iqa.sqlite');
      fs.copyFileSync(db, ro);
      const file = decisions('d.csv', epaRows(1));
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(file, 0o644);
      fs.chmodSync(ro, 0o444);
      fs.chmodSync(folder, folderMode);
      const bytes = fs.readFileSync(ro);
      const r = runReadOnly(['import', 'decisions', file, '--db', ro, '--json']);
      if (r === null) return;
      expect(r.code).toBe(1);
      const message = r.err.trim();
      expect(message).not.toMatch(/SqliteError|Something went wrong|\n/);
      expect(message).toMatch(/read-only for you/);
      expect(message).toContain(ro);
      expect(JSON.parse(r.out)).toEqual(refusedDoc(message));
      expect(fs.readFileSync(ro).equals(bytes)).toBe(true);
    },
    60_000,
  );
});

describe('the import command stopped by a signal part-way', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  // Large enough to be still reading a second in, when the command first shows progress.
  let shared: string;
  let big: string;
  beforeAll(() => {
    shared = tempDir('iqa-cli-probe-big-');
    big = writeCsv(path.join(shared, 'big.csv'), [
      header('decisions'),
      ...Array.from({ length: 100_000 }, (_, i) => epaRows(i + 2)).flat(),
    ]);
  });
  afterAll(() => fs.rmSync(shared, { recursive: true, force: true }));

  /** Every row of every table: equal means the database is as it was. */
  function contents(file: string): Record<string, string[]> {
    const s = new Database(file, { readonly: true });
    try {
      const tables = s
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all() as string[];
      return Object.fromEntries(
        tables.map((t) => [
          t,
          (s.prepare(`SELECT * FROM "${t}"`).raw(true).all() as unknown[][])
            .map((r) => JSON.stringify(r))
            .sort(),
        ]),
      );
    } finally {
      s.close();
    }
  }

  // SIGTERM is what a scheduler, a service manager or `timeout` sends; SIGHUP, a closed terminal
  // or SSH session. Either used to end the process at once: exit 143 or 129, not a word said,
  // nothing on stdout for --json, and its temporary folders left behind.
  it.each(['SIGTERM', 'SIGHUP'] as const)(
    '%s: cancels, says so in one line, exits 1 with the --json document, and the database is as it was',
    async (signal) => {
      expect((await cli(['import', 'decisions', decisions('first.csv', epaRows(1))])).code).toBe(0);
      const before = contents(db);
      const temp = path.join(dir, 'tmp');
      fs.mkdirSync(temp);
      // As a script runs it (`npx iqa`, package.json's bin).
      const child = spawn(
        process.execPath,
        [path.join(root, 'scripts/iqa.mjs'), 'import', 'decisions', big, '--db', db, '--json'],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: temp } },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          err += chunk.toString();
          if (/rows read/.test(err)) resolve();
        });
        void exited.then((code) =>
          reject(new Error(`the import ended (exit ${code}) before it was stopped:\n${err}`)),
        );
      });
      child.kill(signal);
      const code = await exited;
      expect(code).toBe(1);
      expect(err.trim().split('\n').at(-1)).toBe('Cancelled: nothing was written.');
      expect(JSON.parse(out)).toEqual(refusedDoc('Cancelled: nothing was written.'));
      const check = new Database(db, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
      expect(contents(db)).toEqual(before);
      // Its own folders gone (tsx keeps its compile cache there too).
      expect(fs.readdirSync(temp).filter((f) => f.startsWith('iqa-'))).toEqual([]);
    },
    120_000,
  );
});

describe('arguments mistyped', () => {
  /** Exit 2, nothing on stdout even with --json, the reason first on stderr, nothing written. */
  async function mistake(args: string[]): Promise<string> {
    const r = await cli(args);
    expect(r, args.join(' ')).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain('\n\nUsage: npm run iqa -- import ');
    expect(countOf('import_batches')).toBe(0);
    return r.err.split('\n\n')[0] as string;
  }

  it('says in plain words that an option needs a value, wherever it is left without one', async () => {
    const file = decisions('d.csv', epaRows(1));
    // Node's own words were "Option '--mapping' argument is ambiguous. Did you forget to specify
    // the option argument for '--mapping'? To specify an option argument starting with a dash
    // use '--mapping=-XYZ'."
    expect(await mistake(['import', 'decisions', file, '--mapping', '--json'])).toBe(
      '--mapping needs a value after it, as in --mapping NAME: a column mapping saved in the app, for other exports. (--json came next, which is another option.)',
    );
    const last = await runCliCaptured(['import', 'decisions', file, '--db', db, '--mapping']);
    expect(last).toMatchObject({ code: 2, out: '' });
    expect(last.err.split('\n\n')[0]).toBe(
      '--mapping needs a value after it, as in --mapping NAME: a column mapping saved in the app, for other exports.',
    );
    const r = await runCliCaptured(['import', 'decisions', file, '--json', '--db']);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err.split('\n\n')[0]).toBe(
      '--db needs a value after it, as in --db PATH: database file (default: $IQA_DB or the app data folder).',
    );
    expect(await mistake(['import', 'decisions', file, '--nope'])).toBe(
      '--nope is not an option of import. Its options are listed below.',
    );
  });

  it('names a kind given in capitals or in the singular, and the one meant', async () => {
    const file = decisions('d.csv', epaRows(1));
    expect(await mistake(['import', 'Decisions', file, '--json'])).toBe(
      '"Decisions" is not something to import: did you mean decisions (in small letters)? Say what to import (decisions, moderation, assessors, standardisation), or list the imports made.',
    );
    expect(await mistake(['import', 'assessor', file])).toBe(
      '"assessor" is not something to import: did you mean assessors? Say what to import (decisions, moderation, assessors, standardisation), or list the imports made.',
    );
  });
});
