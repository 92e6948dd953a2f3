/**
 * The CSV import with files as EPAO staff really produce them: a UTF-8 file with a pasted
 * Windows-1252 line, CRLF rows with LF rows appended, old Mac line ends, ragged rows, a messy
 * Windows-1252 export imported twice, tens of thousands of rejected rows through the real
 * read-ahead threshold, and the same file read on either thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ImportProblemDto, ImportResultDto } from '../../../src/shared/contract';
import type { ImportHooks } from '../../../src/main/imports/engine';
import { READ_AHEAD_BYTES } from '../../../src/main/imports/read-ahead';
import { ReportWriter } from '../../../src/main/imports/report';
import { connectionFor, startReader } from '../../../src/main/imports/runner';
import { sniffFile } from '../../../src/main/imports/sniff';
import { crlfMender } from '../../../src/main/imports/table';
import type { TestApp } from '../../support/context';
import { epaRows, header, uln, writeCsv, type Cell } from './files';
import { count, importFile, problemLines, storedDecisions, standardisedApps } from './helpers';

const newApp = standardisedApps();

const text = (rows: Cell[][]): string[][] =>
  rows.map((r) => r.map((c) => (c === null ? '' : String(c))));

/** A result without what differs between any two runs (timing, batch id). */
function comparable(result: ImportResultDto): Partial<ImportResultDto> {
  const { seconds: _s, batchId: _b, ...rest } = result;
  return rest;
}

/**
 * Imports `file` into a fresh database on the import's own thread, and into another with the
 * reader thread the app uses for large files (`minBytes` as the app sets it, or 0 to force it).
 */
async function importBothWays(
  file: string,
  minBytes: number,
  mode: 'preview' | 'commit' = 'commit',
): Promise<[ImportResultDto, ImportProblemDto[], TestApp][]> {
  const out: [ImportResultDto, ImportProblemDto[], TestApp][] = [];
  for (const ahead of [false, true]) {
    const app = await newApp();
    const report: ImportProblemDto[] = [];
    const hooks: ImportHooks = { onProblem: (p) => report.push(p) };
    if (ahead) {
      hooks.readAhead = {
        minBytes,
        start: (taken) => startReader({ taken, connection: connectionFor(app.ctx) }),
      };
    }
    out.push([await importFile(app.ctx, 'decisions', file, { mode }, hooks), report, app]);
  }
  return out;
}

describe('encodings', () => {
  it('reads a UTF-8 file with one stray Windows-1252 byte late on as UTF-8 where it is UTF-8', async () => {
    // README: the import reads "UTF-8 with or without BOM, Windows-1252"; sniff.ts's own
    // reasoning is that a file pasted together from two sources must not have its UTF-8 lines
    // garbled by reading them all as Windows-1252. Here the UTF-8 part's only non-ASCII text is
    // the tick (U+2713) that values.ts lists as a way of writing "attended", and one line pasted
    // from a Windows-1252 export ("Café" as the single byte E9) comes last. The tick lies outside
    // the few ranges hasUtf8Sequence looks for, so the whole file is decoded as Windows-1252 and
    // every tick becomes 'âœ“': five good rows rejected as "not yes or no".
    const app = await newApp();
    const lines = ['event_date,event_title,assessor_ref,attended'];
    for (let i = 1; i <= 5; i++) lines.push(`2026-0${i}-10,Spring session,IA00${i},✓`);
    const file = path.join(app.dir, 'attendance.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
        Buffer.from('2026-06-10,Caf\xe9 session,IA001,yes\r\n', 'latin1'),
      ]),
    );
    expect((await sniffFile(file)).encoding).toBe('utf-8 (some lines windows-1252)');
    const result = await importFile(app.ctx, 'standardisation', file);
    expect(problemLines(result, 'error')).toEqual([]);
    expect(result.counts).toMatchObject({ new: 6, rejected: 0 });
  });
});

describe('line endings', () => {
  it('reads every row of a CRLF file that has rows with LF line ends appended', async () => {
    // Issue 3 (Formats): "Real files: .csv (... CRLF or LF ...)". A file made by pasting rows
    // from one export below another (formats.test.ts does the same across encodings) can mix
    // them: here an Excel export (CRLF) with rows appended by another program (LF). table.ts
    // fixes ONE newline for the whole file from its start, so the three LF rows are glued into a
    // single 61-cell "row": one row rejected ("'no\nR2-WBP-1' is not yes or no"), two rows
    // silently vanish from the counts, and every later row number would be wrong. A user
    // expects six rows read, each counted, with its own row number.
    const app = await newApp();
    const windows = writeCsv(path.join(app.dir, 'part1.csv'), [header('decisions'), ...epaRows(1)]);
    const unix = writeCsv(path.join(app.dir, 'part2.csv'), epaRows(2), { newline: '\n' });
    const file = path.join(app.dir, 'pasted.csv');
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync(windows), fs.readFileSync(unix)]));
    const result = await importFile(app.ctx, 'decisions', file);
    const { new: added, changed, unchanged, rejected } = result.counts;
    // Every data row of the file is counted once, whatever its outcome.
    expect(added + changed + unchanged + rejected).toBe(6);
    expect(result.counts).toMatchObject({ new: 6, rejected: 0 });
    expect(problemLines(result).filter((l) => l.includes('beyond the last column'))).toEqual([]);
    expect(storedDecisions(app.ctx).map((d) => d.ref)).toContain('R2-PD-1');
  });

  it('numbers rows by record in an old Mac (CR-only) file with quoted CRLF and LF inside values', async () => {
    // Row numbers are the rows Excel shows (table.ts): a value spanning lines is one row.
    const app = await newApp();
    const rows: Cell[][] = [
      header('decisions'),
      ...epaRows(1, [
        { provider_name: 'Leeds College\nNorth' },
        { employer: 'Acme\r\nRetail' },
        { grade: 'Merit' },
      ]),
    ];
    const file = path.join(app.dir, 'mac.csv');
    fs.writeFileSync(file, `${Papa.unparse(text(rows), { newline: '\r' })}\r`);
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 2, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      "4 grade: 'Merit' is not a grade of ST0071 v1.1 (Fail, Pass, Distinction)",
    ]);
    expect(storedDecisions(app.ctx)[0]).toMatchObject({ provider: 'Leeds College\nNorth' });
  });
});

describe('ragged files', () => {
  it('numbers rows by the file’s lines around separator-only lines, trailing separators and a quote that never closes', async () => {
    const app = await newApp();
    const body = Papa.unparse(text([header('decisions'), ...epaRows(1), ...epaRows(2)]), {
      newline: '\r\n',
    });
    // Every line ends in a separator (as some exports write), a line of only separators sits in
    // the middle and one at the end, then a row whose quote never closes swallows the last EPA.
    const lines = body.split('\r\n').map((l) => `${l},`);
    lines.splice(3, 0, ','.repeat(22));
    lines.push(',,,,,,,,,,');
    lines.push(`R9-O-1,${uln(9)},"Unclosed,Name,x`);
    lines.push(...text(epaRows(3)).map((r) => r.join(',')));
    const file = path.join(app.dir, 'ragged.csv');
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 6, rejected: 1 });
    const errors = result.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.row, p.column])).toEqual([[10, '']]);
    expect(errors[0]?.value.startsWith(`R9-O-1,${uln(9)},Unclosed`)).toBe(true);
    expect(errors[0]?.message).toContain('never closes');
    // The trailing separators are empty cells beyond the header: nothing to warn about.
    expect(problemLines(result).filter((l) => l.includes('beyond'))).toEqual([]);
  });
});

describe('the same file twice', () => {
  it('changes nothing the second time, for a messy Windows-1252 semicolon export with titles', async () => {
    // Issue 3: "Idempotent: importing the same file twice changes nothing the second time."
    const app = await newApp();
    const rows: Cell[][] = [
      header('decisions'),
      ...epaRows(1, [
        { provider_name: 'Leeds\r\nNorth', employer: '  Smith,  Jones & "Partners" ' },
        { gateway_date: '2026-01-13' }, // disagrees with row 4's gateway: warned, first kept
        { duration_minutes: 95 },
      ]),
      ...epaRows(2, [
        { grade: 'Merit' },
        { assessor_ref: 'IA777', assessor_name: 'Sam New' },
        { standard_version: '' },
      ]),
      ...epaRows(3, [
        { attempt: 2, grade: 'Distinction', decision_ref: 'R3-O-2' },
        { employer: 'SMITH, JONES & "PARTNERS"' },
        { decision_ref: '', gateway_date: '' },
      ]),
      ...epaRows(4, [
        { family_name: 'O’Neil – “Jr”', given_name: '€uro' },
        { uln: ` ${uln(4)} ` },
        { duration_minutes: '1:01' },
      ]),
      epaRows(1)[0] as Cell[], // the same decision again: rejected both times
    ];
    const file = writeCsv(path.join(app.dir, 'messy.csv'), rows, {
      encoding: 'windows-1252',
      delimiter: ';',
      preamble: [['Decisions export, November'], []],
    });
    const first = await importFile(app.ctx, 'decisions', file);
    expect(first.counts).toMatchObject({ new: 11, rejected: 2 });
    const stored = storedDecisions(app.ctx);
    const flags = count(app.ctx, 'compliance_flags');
    const audit = count(app.ctx, 'audit_log');
    const second = await importFile(app.ctx, 'decisions', file);
    expect(second.counts).toEqual({ new: 0, changed: 0, unchanged: 11, rejected: 2, flags: 0 });
    expect(storedDecisions(app.ctx)).toEqual(stored);
    expect(count(app.ctx, 'compliance_flags')).toBe(flags);
    expect(count(app.ctx, 'audit_log')).toBe(audit + 1); // the batch's own import.commit
    expect(stored.find((d) => d.ref === 'R4-O-1')).toMatchObject({
      given: '€uro',
      family: 'O’Neil – “Jr”',
    });
  });
});

describe('a large file, read ahead on a thread of its own', () => {
  it('gives the preview the same assessor whichever thread read a row naming in other capitals an assessor an earlier row added', async () => {
    // read-ahead.ts: "The user must not be able to tell: the same file gives the same counts,
    // problems, preview ...". Row 2 adds assessor IA777; row 3 names them 'ia777' (with the
    // name). On the import's thread the row is checked against the assessor just added and shows
    // 'IA777'; the reader thread's snapshot predates IA777, so the row arrives "checked" with the
    // ref as typed and the preview (and any conflict warning's value) shows 'ia777'.
    const dir = (await newApp()).dir;
    const file = writeCsv(path.join(dir, 'case.csv'), [
      header('decisions'),
      ...epaRows(1, [
        { assessor_ref: 'IA777', assessor_name: 'Sam New' },
        { assessor_ref: 'ia777', assessor_name: 'Sam New' },
      ]),
    ]);
    const both = await importBothWays(file, 0);
    const [inThread, readAhead] = [both[0]![0], both[1]![0]];
    expect(inThread.preview.map((p) => p.values.assessor)).toEqual(['IA777', 'IA777', 'IA001']);
    expect(readAhead.preview.map((p) => p.values.assessor)).toEqual(['IA777', 'IA777', 'IA001']);
    expect(comparable(readAhead)).toEqual(comparable(inThread));
  });

  it('reports 60,000 rejected rows the same, in row order, above the real read-ahead threshold', async () => {
    // Issue 3: "Each problem is reported as file, row, column, value and a plain-English reason";
    // "Streaming, so memory does not grow with the file". A Windows-1252 semicolon file with
    // two title rows, values spanning lines, and almost every row rejected.
    const dir = (await newApp()).dir;
    const rows: Cell[][] = [header('decisions')];
    for (let n = 1; n <= 20_000; n++) {
      rows.push(
        ...epaRows(n, [
          { grade: 'Merit', provider_name: 'Leeds College\r\nNorth Campus' },
          { assessment_date: '03/14/2026', employer: 'Café “Royal”' },
          n % 1000 === 0 ? {} : { uln: '1234567890' },
        ]),
      );
    }
    const file = writeCsv(path.join(dir, 'big.csv'), rows, {
      encoding: 'windows-1252',
      delimiter: ';',
      preamble: [['Decisions export, November'], ['Generated 01/11/2026; page 1']],
    });
    expect(fs.statSync(file).size).toBeGreaterThan(READ_AHEAD_BYTES);
    const reports: string[] = [];
    const results: ImportResultDto[] = [];
    for (const ahead of [false, true]) {
      const app = await newApp();
      const reportPath = path.join(app.dir, 'report.csv');
      const writer = new ReportWriter(reportPath, 'big.csv');
      const hooks: ImportHooks = { onProblem: writer.add };
      if (ahead) {
        hooks.readAhead = {
          minBytes: READ_AHEAD_BYTES,
          start: (taken) => startReader({ taken, connection: connectionFor(app.ctx) }),
        };
      }
      try {
        results.push(await importFile(app.ctx, 'decisions', file, { mode: 'preview' }, hooks));
      } finally {
        writer.close();
      }
      reports.push(fs.readFileSync(reportPath, 'utf8'));
    }
    const [inThread, readAhead] = results as [ImportResultDto, ImportResultDto];
    expect(inThread.counts).toMatchObject({ new: 20, rejected: 59_980 });
    expect(comparable(readAhead)).toEqual(comparable(inThread));
    expect(reports[1]).toBe(reports[0]);
    const lines = (reports[0] as string).trim().split('\r\n').slice(1);
    const numbers = lines.map((l) => Number(l.split(',')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // Row numbers: two titles and the header, then one row per record despite the CRLF inside.
    expect(lines[0]).toBe(
      `big.csv,4,grade,Merit,error,"'Merit' is not a grade of ST0071 v1.1 (Fail, Pass, Distinction)"`,
    );
    expect(lines.some((l) => l.startsWith('big.csv,5,assessment_date,03/14/2026,error,'))).toBe(
      true,
    );
  }, 120_000);
});

describe('LF rows in a CRLF file, as the file arrives chunk by chunk', () => {
  it('ends them CRLF outside quotes only, with quotes and CRLFs split across chunks', () => {
    const mend = crlfMender();
    const chunks = ['a,b\r\nc,"x\ny', '"\nd,e\r', '\nf,"', '""\n"\ng,h\n'];
    expect(chunks.map(mend).join('')).toBe('a,b\r\nc,"x\ny"\r\nd,e\r\nf,"""\n"\r\ng,h\r\n');
  });
});
