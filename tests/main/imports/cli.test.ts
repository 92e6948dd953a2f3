/**
 * `npm run iqa -- import ...`: exit codes, the published JSON, mappings, and the crash test: an
 * import process killed mid-way leaves the database exactly as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/context';
import {
  EPA_PRO_HEADERS,
  EPA_PRO_MAPPING,
  epaRows,
  header,
  row,
  uln,
  writeCsv,
  writeXlsx,
} from './files';
import { runCliCaptured } from '../../support/cli';
import { deadPid, standardise } from './helpers';

let dir: string;
let db: string;
beforeEach(async () => {
  dir = tempDir('iqa-import-cli-');
  db = path.join(dir, 'iqa.sqlite');
  expect((await cli(['init'])).code).toBe(0);
  const s = new Database(db);
  standardise(s);
  s.close();
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCliCaptured([...args, '--db', db]);
}

const decisions = (name: string, rows: ReturnType<typeof row>[]): string =>
  writeCsv(path.join(dir, name), [header('decisions'), ...rows]);

/** Every row of every table, hashed: equal means logically the same database. */
function fingerprint(file: string): { tables: Record<string, number>; sha256: string } {
  const s = new Database(file, { readonly: true });
  try {
    const names = s
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    // WITHOUT ROWID tables have no rowid to order by: their primary key orders them instead.
    const withoutRowid = new Set(
      s
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND wr = 1")
        .pluck()
        .all() as string[],
    );
    const keyOf = (name: string): string =>
      (
        s
          .prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk')
          .pluck()
          .all(name) as string[]
      )
        .map((c) => `"${c}"`)
        .join(', ');
    const hash = createHash('sha256');
    const tables: Record<string, number> = {};
    for (const name of names) {
      const order = withoutRowid.has(name) ? keyOf(name) : 'rowid';
      const rows = s.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).raw(true).all();
      tables[name] = rows.length;
      hash.update(`${name}:${JSON.stringify(rows)}`);
    }
    hash.update(
      JSON.stringify(s.prepare('SELECT name, sql FROM sqlite_master ORDER BY name').all()),
    );
    return { tables, sha256: hash.digest('hex') };
  } finally {
    s.close();
  }
}

describe('npm run iqa -- import', () => {
  it('prints the published JSON and exits 0 when the import committed', async () => {
    const file = decisions('d.csv', [
      ...epaRows(1),
      row('decisions', {
        decision_ref: 'bad',
        uln: '1000000042',
        standard_code: 'ST0071',
        method: 'O',
        assessor_ref: 'IA001',
        assessment_date: '2026-02-02',
        grade: 'Merit',
      }),
      row('decisions', {
        decision_ref: 'formula',
        uln: '1000000043',
        standard_code: 'ST0071',
        method: 'O',
        assessor_ref: 'IA001',
        assessment_date: '=1+2',
        grade: 'Pass',
      }),
    ]);
    const first = await cli(['import', 'decisions', file, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toEqual({
      batch: 1,
      new: 3,
      changed: 0,
      unchanged: 0,
      rejected: 2,
      flags: 0,
      errors: [
        {
          row: 5,
          column: 'uln',
          value: '1000000042',
          message: 'ULN check digit does not match (expected 3)',
        },
        {
          row: 5,
          column: 'grade',
          value: 'Merit',
          message: "'Merit' is not a grade of ST0071 v1.1 (Fail, Pass, Distinction)",
        },
        {
          // The report neutralises formula-like text; the JSON gives it back as it was.
          row: 6,
          column: 'assessment_date',
          value: '=1+2',
          message: "'=1+2' is not a date: use day/month/year (14/03/2026) or YYYY-MM-DD",
        },
      ],
      held_again: [],
    });
    const again = await cli(['import', 'decisions', file, '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ batch: 2, new: 0, unchanged: 3, rejected: 2 });

    const human = await cli(['import', 'decisions', file]);
    expect(human.out).toContain(
      'Imported d.csv as batch 3: 0 new rows, 0 changed, 3 unchanged, 2 rejected.',
    );
    expect(human.out).toContain(
      'row 5, uln "1000000042": ULN check digit does not match (expected 3)',
    );
    expect(human.out).toContain('Errors, rows rejected (first 3 of 3):');
    expect(human.out).toContain('For every problem as CSV: --report FILE');

    // Every import is kept as a batch, listed newest first with its file's hash.
    const listed = await cli(['import', 'list', '--json']);
    expect(listed.code).toBe(0);
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(JSON.parse(listed.out)).toEqual(
      [3, 2, 1].map((batch) =>
        expect.objectContaining({ batch, kind: 'decisions', file: 'd.csv', sha256, rejected: 2 }),
      ),
    );
    expect((await cli(['import', 'list'])).out).toContain(`SHA-256 ${sha256}`);
  });

  it('lists the errors of rows far down a file whose first 200 problems are warnings', async () => {
    const rows = Array.from({ length: 80 }, (_, i) =>
      epaRows(i + 1, [
        { duration_minutes: 90 },
        { duration_minutes: 90 },
        { duration_minutes: 90 },
      ]),
    ).flat();
    const file = decisions('late.csv', [
      ...rows,
      ...epaRows(81, [{ uln: '1000000042' }]).slice(0, 1),
    ]);
    const human = await cli(['import', 'decisions', file]);
    expect(human.out).toContain(
      'Errors, rows rejected (first 1 of 1):\n  row 242, uln "1000000042": ULN check digit does not match (expected 3)',
    );
    expect(human.out).toContain('Warnings, rows kept (first 10 of 240):');
  });

  it('lists the first warnings too, which say what the compliance flags are', async () => {
    const file = decisions('long.csv', epaRows(1, [{ duration_minutes: 90 }]));
    const human = await cli(['import', 'decisions', file]);
    expect(human.code).toBe(0);
    expect(human.out).toContain('1 compliance flag');
    expect(human.out).toContain(
      'Warnings, rows kept (first 1 of 1):\n  row 2, duration_minutes "90": observation lasted 90 minutes (allowed 54–66 minutes)',
    );
  });

  it('exits 1 and writes nothing when all-or-nothing meets a rejected row, or a dry run would write nothing', async () => {
    const before = fingerprint(db);
    const file = decisions('d.csv', [
      ...epaRows(1),
      row('decisions', {
        uln: uln(2),
        standard_code: 'ST0071',
        method: 'O',
        assessor_ref: 'IA001',
        assessment_date: '2030-01-01',
        grade: 'Pass',
      }),
    ]);
    const strict = await cli(['import', 'decisions', file, '--all-or-nothing', '--json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out)).toMatchObject({
      batch: null,
      new: 3,
      rejected: 1,
      errors: [{ row: 5, column: 'assessment_date', value: '2030-01-01' }],
    });
    const dry = await cli(['import', 'decisions', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(
      /^Dry run \(nothing written\)\. Nothing has been written yet\. Importing would give 3 new rows/,
    );
    const report = path.join(dir, 'report.csv');
    const dryStrict = await cli([
      'import',
      'decisions',
      file,
      '--dry-run',
      '--all-or-nothing',
      '--report',
      report,
    ]);
    expect(dryStrict.code).toBe(1);
    expect(fs.readFileSync(report, 'utf8')).toContain(
      'd.csv,5,assessment_date,2030-01-01,error,1 January 2030 is in the future',
    );
    expect(fingerprint(db)).toEqual(before);
  });

  it('records --by as the app user of that name, linked in the audit log', async () => {
    const s = new Database(db);
    const alice = Number(
      s.prepare("INSERT INTO users (name, role) VALUES ('Alice Lead', 'iqa_lead')").run()
        .lastInsertRowid,
    );
    s.close();
    const file = decisions('d.csv', epaRows(1));
    expect((await cli(['import', 'decisions', file, '--by', 'alice lead'])).code).toBe(0);
    expect((await cli(['import', 'decisions', file, '--by', 'A Contractor'])).code).toBe(0);
    const audit = new Database(db, { readonly: true });
    const entries = audit
      .prepare(
        "SELECT actor, actor_user_id AS userId FROM audit_log WHERE action = 'import.commit' ORDER BY id",
      )
      .all();
    audit.close();
    expect(entries).toEqual([
      { actor: 'Alice Lead', userId: alice },
      { actor: 'A Contractor', userId: null },
    ]);
  });

  it('uses a saved mapping by name, and says what to do when the columns do not match', async () => {
    const file = writeCsv(path.join(dir, 'export.csv'), [
      ['Ref', 'Name', 'Conflicts of interest'],
      ['IA010', 'Noor Haddad', 'Acme Ltd'],
    ]);
    const refused = await cli(['import', 'assessors', file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('The columns of export.csv do not match the assessors template.');
    expect(refused.err).toContain('import with --mapping NAME');
    const s = new Database(db);
    s.prepare(
      `INSERT INTO import_mappings (name, kind, header_key, headers_json, mapping_json, created_by)
       VALUES ('HR list', 'assessors', 'x', '[]', ?, 'test')`,
    ).run(
      JSON.stringify({ assessor_ref: 'Ref', name: 'Name', conflicts: 'Conflicts of interest' }),
    );
    s.close();
    const mapped = await cli(['import', 'assessors', file, '--mapping', 'HR list', '--json']);
    expect(mapped.code).toBe(0);
    expect(JSON.parse(mapped.out)).toMatchObject({ new: 1 });
    // The next export spells the same headers in capitals (and the mapping is named in others).
    const shouting = writeCsv(path.join(dir, 'export2.csv'), [
      ['REF', 'NAME', 'CONFLICTS OF INTEREST'],
      ['IA011', 'Ola Bakare', 'Beta plc'],
    ]);
    const again = await cli(['import', 'assessors', shouting, '--mapping', 'hr LIST', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ new: 1 });
    // A script reading --json learns why a file was refused as a whole.
    const refusedJson = await cli(['import', 'assessors', file, '--json']);
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.out)).toEqual({
      batch: null,
      new: 0,
      changed: 0,
      unchanged: 0,
      rejected: 0,
      flags: 0,
      errors: [
        {
          row: null,
          column: null,
          value: null,
          message: expect.stringContaining('The columns of export.csv do not match'),
        },
      ],
      held_again: [],
    });
    const report = path.join(dir, 'refused.csv');
    const missing = await cli([
      'import',
      'assessors',
      file,
      '--mapping',
      'Nope',
      '--report',
      report,
    ]);
    expect(missing).toMatchObject({ code: 1, err: 'There is no saved mapping called "Nope".\n' });
    // The report asked for says why, on a line of its own.
    expect(fs.readFileSync(report, 'utf8')).toBe(
      '\uFEFFfile,row,column,value,severity,message\r\nexport.csv,,,,error,"There is no saved mapping called ""Nope""."\r\n',
    );
  });

  it("names a mapped file's own column in the summary and the report, and the template's in --json", async () => {
    const file = writeCsv(path.join(dir, 'epa-pro.csv'), [
      EPA_PRO_HEADERS,
      [uln(1), 'ST0071', 'O', 'IA001', '02/02/2026', 'Pass'],
      ['12345', 'ST0071', 'O', 'IA001', '02/02/2026', 'Pass'],
    ]);
    const s = new Database(db);
    s.prepare(
      `INSERT INTO import_mappings (name, kind, header_key, headers_json, mapping_json, created_by)
       VALUES ('EPA Pro', 'decisions', 'x', '[]', ?, 'test')`,
    ).run(JSON.stringify(EPA_PRO_MAPPING));
    s.close();
    const report = path.join(dir, 'problems.csv');
    const args = ['import', 'decisions', file, '--mapping', 'EPA Pro', '--dry-run'];
    const json = await cli([...args, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      new: 1,
      rejected: 1,
      errors: [
        { row: 3, column: 'uln', value: '12345', message: 'ULN must be 10 digits (this has 5)' },
      ],
    });
    const human = await cli([...args, '--report', report]);
    expect(human.out).toContain(
      '  row 3, Learner ULN (uln) "12345": ULN must be 10 digits (this has 5)',
    );
    expect(fs.readFileSync(report, 'utf8')).toContain(
      'epa-pro.csv,3,Learner ULN (uln),12345,error,ULN must be 10 digits (this has 5)',
    );
  });

  it('reads the first visible sheet, and names the sheets and --sheet when the columns are not there', async () => {
    const data = [header('decisions'), ...epaRows(1)];
    const hidden = await writeXlsx(path.join(dir, 'hidden.xlsx'), [
      { name: 'Lookups', rows: [['Grades'], ['Pass']], hidden: true },
      { name: 'Data', rows: data },
    ]);
    const read = await cli(['import', 'decisions', hidden, '--json']);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.out)).toMatchObject({ new: 3, rejected: 0 });

    const notes = await writeXlsx(path.join(dir, 'notes.xlsx'), [
      { name: 'Notes', rows: [['Exported by', 'EPA Pro']] },
      { name: 'Data', rows: data },
    ]);
    const refused = await cli(['import', 'decisions', notes]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('lacks the required columns');
    expect(refused.err).toContain(
      'It read row 1 of the sheet "Notes" as the header ("Exported by", "EPA Pro"); the workbook also has "Data". To import another sheet, choose it under Worksheet on the Imports page, or add --sheet NAME to the import command.',
    );
    const chosen = await cli(['import', 'decisions', notes, '--sheet', 'Data', '--json']);
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.out)).toMatchObject({ unchanged: 3 });
  });

  it('explains usage mistakes with exit 2', async () => {
    expect((await cli(['import', 'grades', 'x.csv'])).code).toBe(2);
    expect((await cli(['import', 'decisions'])).err).toContain('Give the file to import.');
    // A CSV has no sheets: --sheet with one is a mistake, not an option to ignore.
    const csv = decisions('d.csv', epaRows(1));
    const sheet = await cli(['import', 'decisions', csv, '--sheet', 'Data', '--json']);
    expect(sheet).toMatchObject({ code: 2, out: '' });
    expect(sheet.err).toContain(
      '--sheet chooses a worksheet of an Excel workbook (.xlsx), and d.csv is not one: a CSV file has no sheets. Leave out --sheet to import it.',
    );
    const gone = await cli(['import', 'decisions', path.join(dir, 'missing.csv')]);
    expect(gone).toMatchObject({
      code: 1,
      err: 'missing.csv cannot be read: the file does not exist.\n',
    });
  });

  it('refuses a folder given as FILE as a file that cannot be read, with the --json document', async () => {
    const folder = path.join(dir, 'exports');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'decisions.csv'), 'not imported');
    const before = fingerprint(db);
    const json = await cli(['import', 'decisions', folder, '--json']);
    expect(json).toMatchObject({
      code: 1,
      err: 'exports is a folder, not a file. Choose the CSV or Excel file inside it.\n',
    });
    expect(JSON.parse(json.out)).toEqual({
      batch: null,
      new: 0,
      changed: 0,
      unchanged: 0,
      rejected: 0,
      flags: 0,
      errors: [
        {
          row: null,
          column: null,
          value: null,
          message: 'exports is a folder, not a file. Choose the CSV or Excel file inside it.',
        },
      ],
      held_again: [],
    });
    // Without --json, and with --sheet (which a folder cannot be checked for), the same words.
    for (const extra of [[], ['--sheet', 'Data']]) {
      const human = await cli(['import', 'decisions', `${folder}${path.sep}`, ...extra]);
      expect(human).toMatchObject({
        code: 1,
        out: '',
        err: 'exports is a folder, not a file. Choose the CSV or Excel file inside it.\n',
      });
    }
    expect(fingerprint(db)).toEqual(before);
  });
  it('refuses a --report that cannot be written as a usage mistake, before importing anything', async () => {
    const file = decisions('d.csv', epaRows(1));
    const before = fingerprint(db);
    const nowhere = path.join(dir, 'no-such-folder', 'r.csv');
    for (const extra of [['--json'], ['--json', '--dry-run'], []]) {
      const result = await cli(['import', 'decisions', file, ...extra, '--report', nowhere]);
      // As --sheet with a CSV file: exit 2, the reason and the usage on stderr, nothing on stdout.
      expect(result).toMatchObject({ code: 2, out: '' });
      expect(result.err.split('\n\n')[0]).toBe(
        `--report ${nowhere} cannot be written: the folder ${path.dirname(nowhere)} does not exist. Create it first, or give a report file in a folder that exists. Nothing was imported.`,
      );
      expect(result.err).toContain('\n\nUsage: npm run iqa -- import ');
    }
    const folder = await cli(['import', 'decisions', file, '--json', '--report', dir]);
    expect(folder).toMatchObject({ code: 2, out: '' });
    expect(folder.err.split('\n\n')[0]).toBe(
      `--report ${dir} is a folder: give the name of the CSV file to write, such as ${path.join(dir, 'problems.csv')}.`,
    );
    expect(fingerprint(db)).toEqual(before);
    expect(fs.existsSync(path.dirname(nowhere))).toBe(false);

    // A report in a folder that exists is written by the import, as before.
    const report = path.join(dir, 'problems.csv');
    const ok = await cli(['import', 'decisions', file, '--json', '--report', report]);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(ok.out)).toMatchObject({ batch: 1, new: 3 });
    expect(fs.readFileSync(report, 'utf8')).toBe(
      '\uFEFFfile,row,column,value,severity,message\r\n',
    );
  });

  it('refuses a --report that is the file being imported or the database, overwriting neither', async () => {
    expect((await cli(['import', 'decisions', decisions('first.csv', epaRows(1))])).code).toBe(0);
    const file = decisions('export.csv', epaRows(2));
    const original = fs.readFileSync(file);
    const before = fingerprint(db);
    // Another spelling of the path is the same file.
    const again = path.join(dir, '.', 'export.csv');
    for (const [report, what] of [
      [again, 'the file being imported'],
      [db, 'the database'],
    ] as const) {
      const result = await cli(['import', 'decisions', file, '--json', '--report', report]);
      expect(result).toMatchObject({ code: 2, out: '' });
      expect(result.err.split('\n\n')[0]).toBe(
        `--report ${report} is ${what}: writing the report there would overwrite it. Give the report another file name. Nothing was imported.`,
      );
    }
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    expect(fingerprint(db)).toEqual(before);
  });

  it("keeps its own scratch folder through the worker's sweep of stale temporary folders", async () => {
    // mkdtemp's six random characters are sometimes all digits (about 1 in 57,000). Named with
    // the worker's prefix, the sweep read them as the pid of a process that is gone and deleted
    // the folder the command was about to read its report from: "Something went wrong: ENOENT
    // ... /tmp/iqa-import-098285/report.csv". Here every such name is made all digits, of a pid
    // that is not running.
    const dead = deadPid();
    const worker = path.join(os.tmpdir(), `iqa-import-${process.pid}-`);
    const made: string[] = [];
    const real = fs.mkdtempSync.bind(fs);
    vi.spyOn(fs, 'mkdtempSync').mockImplementation((prefix, options) => {
      const given = String(prefix);
      if (path.dirname(given) === os.tmpdir() && given !== worker) {
        const folder = `${given}${String(dead).padStart(6, '0')}`;
        fs.mkdirSync(folder);
        made.push(folder);
        return folder;
      }
      return real(prefix, options as BufferEncoding) as string;
    });
    const file = decisions('d.csv', epaRows(1, [{ duration_minutes: 90 }]));
    const result = await cli(['import', 'decisions', file, '--json']);
    expect(made).toHaveLength(1);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(result.out)).toMatchObject({ new: 3, errors: [], flags: 1 });
    // The command still removes its own folder when it is done.
    expect(made.filter((f) => fs.existsSync(f))).toEqual([]);
  });
});

describe('the command as README tells scripts to run it', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  /** README's example of the --json import in a script, up to its `| jq`, as arguments. */
  function documented(): string[] {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const line = readme
      .split('\n')
      .find((l) => l.startsWith('npm run -s iqa -- import decisions export.csv --json'));
    expect(line, 'README shows the --json import run with npm run -s').toBeDefined();
    return ((line as string).split('|')[0] ?? '').trim().split(/\s+/);
  }

  /** Runs `command`, its `export.csv` a real file, against the test's database. */
  function run(command: string[], env: NodeJS.ProcessEnv = process.env): unknown {
    const file = decisions('d.csv', epaRows(1));
    const [program, ...args] = command.map((a) => (a === 'export.csv' ? file : a));
    const done = spawnSync(program as string, [...args, '--db', db], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(done.status, done.stderr).toBe(0);
    // Nothing but the document on stdout: npm prints its banner ("> iqa-desk@0.1.0 iqa") there
    // before the script starts unless told to be silent.
    const doc: unknown = JSON.parse(done.stdout);
    expect(done.stdout).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    return doc;
  }

  const KEYS = [
    'batch',
    'new',
    'changed',
    'unchanged',
    'rejected',
    'flags',
    'errors',
    'held_again',
  ];

  it('npm run -s iqa -- import ... --json prints only the --json document on stdout', () => {
    const doc = run(documented()) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(KEYS);
    expect(doc).toMatchObject({ batch: 1, new: 3, errors: [] });
  }, 60_000);

  it('npx iqa import ... --json (package.json bin) does the same', () => {
    const command = documented();
    expect(command.slice(0, 5)).toEqual(['npm', 'run', '-s', 'iqa', '--']);
    // npx links this folder into its cache to find the bin: a cache of the test's own, offline.
    const cache = path.join(dir, 'npm-cache');
    const doc = run(['npx', 'iqa', ...command.slice(5)], {
      ...process.env,
      npm_config_cache: cache,
      npm_config_offline: 'true',
    }) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(KEYS);
    expect(doc).toMatchObject({ batch: 1, new: 3 });
  }, 60_000);
});

describe('a crash part-way through an import', () => {
  it('leaves the database exactly as before, and intact', async () => {
    await cli([
      'import',
      'decisions',
      decisions('first.csv', Array.from({ length: 50 }, (_, i) => epaRows(i + 1)).flat()),
    ]);
    const before = fingerprint(db);
    expect(before.tables.decisions).toBe(150);

    // Large enough to be still reading at its first progress line, a second in.
    const big = decisions(
      'big.csv',
      Array.from({ length: 100_000 }, (_, i) => epaRows(i + 1, [{ grade: 'Distinction' }])).flat(),
    );
    // node itself, with tsx's loader: `tsx file` would run the CLI in a child process that a
    // SIGKILL to tsx leaves running.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli/main.ts', 'import', 'decisions', big, '--db', db],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
      },
    );
    let stderr = '';
    const progress = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /([\d,]+) rows read/.exec(stderr);
        if (m) resolve(Number((m[1] as string).replace(/,/g, '')));
      });
      child.on('exit', (code) =>
        reject(
          new Error(`the import finished (exit ${code}) before it could be killed:\n${stderr}`),
        ),
      );
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThan(300_000);

    const check = new Database(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
    expect(fingerprint(db)).toEqual(before);
    // And the database is usable at once: nothing is left locked.
    const after = await cli([
      'import',
      'decisions',
      decisions('small.csv', epaRows(150_001)),
      '--json',
    ]);
    expect(after).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(after.out)).toMatchObject({ new: 3 });
  });

  it('finishes an import and says how it went when the reader closes the output early (| head)', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/main/cli/main.ts',
        'import',
        'decisions',
        decisions('a.csv', epaRows(1)),
        '--db',
        db,
        '--json',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
      },
    );
    // As `| head -c 0` does: the pipe is closed before the result is written.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(3);
    check.close();
  });
});
