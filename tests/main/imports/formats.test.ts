/**
 * The same decisions, saved the ways real software saves them, must import to exactly the same
 * stored data: UTF-8 with and without BOM, Windows-1252, UTF-16 (Excel's "Unicode text"), CRLF
 * and LF, comma, semicolon and tab, quoted values with embedded newlines and quotes, Excel's
 * sep= line, title rows, and XLSX (first sheet or a chosen one, real date cells, day numbers).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../support/context';
import { inspectFile } from '../../../src/main/imports/inspect';
import { saveMapping } from '../../../src/main/imports/mappings';
import { epaRows, header, uln, writeCsv, writeXlsx, type Cell } from './files';
import { importFile, storedDecisions } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
});
afterEach(() => app.close());

/** Two apprentices: one all Pass, one with a Distinction in the observation, awkward text. */
function canonical(): Cell[][] {
  return [
    header('decisions'),
    ...epaRows(1, [
      { provider_name: 'Leeds College\nNorth Campus', employer: 'Smith, Jones & "Partners"' },
    ]),
    ...epaRows(2, [{ grade: 'Distinction', family_name: 'O’Neil' }]),
  ];
}

const expected = (rows: Record<string, unknown>[]): void => {
  expect(rows).toHaveLength(6);
  const first = rows.find((r) => r.ref === 'R1-O-1');
  expect(first).toMatchObject({
    given: 'Zoë',
    family: 'Brontë 1',
    employer: 'Smith, Jones & "Partners"',
    provider: 'Leeds College\nNorth Campus',
    ukprn: '10012345',
    standard: 'ST0071 v1.1',
    gateway: '2026-01-12',
    method: 'O',
    date: '2026-02-02',
    grade: 'Pass',
    duration: 60,
    questioning: 8,
    status: 'held',
    overall: 'Pass',
    epaStatus: 'awaiting_confirmation',
  });
  expect(rows.find((r) => r.ref === 'R2-O-1')).toMatchObject({
    family: 'O’Neil',
    grade: 'Distinction',
  });
  expect(rows.find((r) => r.ref === 'R2-PD-1')).toMatchObject({ evidence: 12, overall: 'Pass' });
};

async function importAndDump(file: string, sheet?: string): Promise<Record<string, unknown>[]> {
  const result = await importFile(app.ctx, 'decisions', file, sheet ? { sheet } : {});
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(result.counts).toMatchObject({ new: 6, rejected: 0 });
  expect(result.committed).toBe(true);
  return storedDecisions(app.ctx);
}

describe('decisions files as real software saves them', () => {
  const variants: [string, Parameters<typeof writeCsv>[2]][] = [
    ['UTF-8, comma, CRLF', {}],
    ['UTF-8 with BOM, semicolon, LF', { encoding: 'utf-8-bom', delimiter: ';', newline: '\n' }],
    [
      'Windows-1252, semicolon, CRLF, Excel sep= line',
      { encoding: 'windows-1252', delimiter: ';', sepLine: true },
    ],
    ['UTF-16 (Excel "Unicode text"), tab', { encoding: 'utf-16le', delimiter: '\t' }],
    [
      'tab, LF, with title rows above the header',
      { delimiter: '\t', newline: '\n', preamble: [['Decisions export'], ['Run on 01/12/2026']] },
    ],
    [
      'a title row of two cells and a blank line above the header',
      { preamble: [['EPA Pro export', 'Generated 01/11/2026'], []] },
    ],
  ];
  for (const [name, options] of variants) {
    it(`reads ${name}`, async () => {
      const file = writeCsv(path.join(app.dir, 'in.csv'), canonical(), options);
      expected(await importAndDump(file));
    });
  }

  it('reads each line of a file pasted together from UTF-8 and Windows-1252 rows in its own encoding', async () => {
    // Rows from a Windows-1252 export pasted below a UTF-8 file: 'O’Neil' and '£' as single bytes.
    const [head, ...rows] = canonical();
    const utf8Part = writeCsv(path.join(app.dir, 'part1.csv'), [
      head as Cell[],
      ...rows.slice(0, 3),
    ]);
    const windowsPart = writeCsv(path.join(app.dir, 'part2.csv'), rows.slice(3), {
      encoding: 'windows-1252',
    });
    const file = path.join(app.dir, 'pasted.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([fs.readFileSync(utf8Part), fs.readFileSync(windowsPart)]),
    );
    expect(fs.readFileSync(file).includes(Buffer.from([0x4f, 0x92, 0x4e]))).toBe(true); // O’N

    const info = await inspectFile(app.ctx, file, 'pasted.csv', { kind: 'decisions' });
    expect(info.encoding).toBe('utf-8 (some lines windows-1252)');
    expected(await importAndDump(file));
    const employers = app.ctx.sqlite
      .prepare('SELECT name FROM employers ORDER BY name')
      .pluck()
      .all();
    expect(employers).toEqual(['Café Royal £ Ltd', 'Smith, Jones & "Partners"']);
  });

  it('reads such a file with old Mac line ends (CR alone) or a byte-order mark too, and a Windows-1252 file whose É’ only looks like UTF-8 as Windows-1252', async () => {
    // Old Mac line ends; and a byte-order mark saying UTF-8, which the pasted line is not.
    const variants = [
      { name: 'mac.csv', start: '', end: '\r', refs: ['IA101', 'IA102'] },
      { name: 'bom.csv', start: '\ufeff', end: '\n', refs: ['IA103', 'IA104'] },
    ];
    for (const { name, start, end, refs } of variants) {
      const file = path.join(app.dir, name);
      fs.writeFileSync(
        file,
        Buffer.concat([
          Buffer.from(`${start}assessor_ref,name${end}${refs[0]},Zoë Utf${end}`, 'utf8'),
          Buffer.from(`${refs[1]},Zo\xeb Win${end}`, 'latin1'),
        ]),
      );
      const result = await importFile(app.ctx, 'assessors', file);
      expect(result.counts).toMatchObject({ new: 2, rejected: 0 });
      expect(
        app.ctx.sqlite
          .prepare('SELECT name FROM assessors WHERE ref IN (?, ?) ORDER BY ref')
          .pluck()
          .all(...refs),
      ).toEqual(['Zoë Utf', 'Zoë Win']);
    }

    // 'É' then '’' in Windows-1252 (C9 92) is also UTF-8 for 'ɒ': the file is still Windows-1252.
    const at = header('decisions').indexOf('family_name');
    const shouting = canonical().map((r, i) =>
      i === 1 ? r.map((c, j) => (j === at ? 'JOSÉ’S' : c)) : r,
    );
    const windows = writeCsv(path.join(app.dir, 'caps.csv'), shouting, {
      encoding: 'windows-1252',
    });
    const info = await inspectFile(app.ctx, windows, 'caps.csv', { kind: 'decisions' });
    expect(info.encoding).toBe('windows-1252');
  });

  it('finds the header of another system’s export under its title row by the saved mapping', async () => {
    // Headers no template names, under a title as wide as half the export.
    const headers = ['Kandidat', 'Norm', 'Teil', 'Prüfer', 'Name', 'Am', 'Ergebnis'];
    const title = ['EPA Pro export', 'Generated 01/11/2026', 'Centre 4411', 'Page 1'];
    const file = writeCsv(path.join(app.dir, 'pro.csv'), [
      title,
      [],
      headers,
      [uln(1), 'ST0071', 'O', 'IA001', 'Dana Hughes', '02/02/2026', 'Pass'],
    ]);
    const mapping = {
      assessor_name: 'Name',
      uln: 'Kandidat',
      standard_code: 'Norm',
      method: 'Teil',
      assessor_ref: 'Prüfer',
      assessment_date: 'Am',
      grade: 'Ergebnis',
    };
    // Before any mapping is saved, the fullest row is the best guess, and the refusal says so.
    await expect(importFile(app.ctx, 'decisions', file)).rejects.toThrow(
      'It read row 3 as the header ("Kandidat", "Norm", "Teil", "Prüfer", "Name", "Am", …).',
    );
    saveMapping(app.ctx, { name: 'EPA Pro', kind: 'decisions', headers, mapping });
    const info = await inspectFile(app.ctx, file, 'pro.csv');
    expect(info).toMatchObject({ headerRow: 3, headers, savedMapping: 'EPA Pro' });
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 1, rejected: 0 });
    // Named on the command line, a mapping finds its header the same way.
    const again = await importFile(app.ctx, 'decisions', file, { mappingName: 'epa pro' });
    expect(again.counts).toMatchObject({ unchanged: 1, rejected: 0 });
  });

  it('says which row it read as the header when no row names the columns', async () => {
    const file = writeCsv(path.join(app.dir, 'other.csv'), [
      ['EPA Pro export', 'Generated 01/11/2026'],
      [],
      ['Kandidat', 'Ergebnis', 'Datum', 'Prüfer'],
      [uln(1), 'Pass', '02/02/2026', 'IA001'],
    ]);
    await expect(importFile(app.ctx, 'decisions', file)).rejects.toThrow(
      'It lacks the required columns uln, standard_code, method, assessor_ref, assessment_date, grade.',
    );
    // The title's two cells are too few beside the export's four: the header is row 3, whose
    // columns the Imports page then offers to map.
    await expect(importFile(app.ctx, 'decisions', file)).rejects.toThrow(
      'It read row 3 as the header ("Kandidat", "Ergebnis", "Datum", "Prüfer").',
    );
  });

  it('reads UK dates, Excel day numbers, method aliases and grade spellings', async () => {
    const rows = canonical().map((r, i) => {
      if (i === 0) return r;
      const copy = [...r];
      const at = (name: string): number => header('decisions').indexOf(name);
      const method = copy[at('method')];
      copy[at('method')] =
        method === 'O' ? 'Obs' : method === 'WBP' ? 'Project' : 'Professional discussion';
      const grade = copy[at('grade')];
      copy[at('grade')] = grade === 'Pass' ? (i % 2 ? 'P' : 'pass') : 'DISTINCTION';
      const date = String(copy[at('assessment_date')]);
      const [y, m, d] = date.split('-');
      copy[at('assessment_date')] = i % 2 ? `${d}/${m}/${y}` : String(excelSerial(date));
      copy[at('gateway_date')] = '12/01/2026';
      copy[at('standard_version')] = 'v1.1';
      return copy;
    });
    const file = writeCsv(path.join(app.dir, 'aliases.csv'), rows);
    expected(await importAndDump(file));
  });

  it('reads the first sheet of a workbook, with real Excel date cells and numeric ULNs', async () => {
    const rows = canonical().map((r, i) =>
      i === 0
        ? r
        : r.map((c, j) => {
            const name = header('decisions')[j];
            if (name === 'uln') return Number(c);
            if (name === 'assessment_date' || name === 'gateway_date')
              return new Date(`${String(c)}T00:00:00Z`);
            return c;
          }),
    );
    const file = await writeXlsx(path.join(app.dir, 'book.xlsx'), [
      {
        name: 'Decisions',
        rows,
        formats: { assessment_date: 'dd/mm/yyyy', gateway_date: 'd mmm yyyy' },
      },
      { name: 'Other', rows: [['nothing', 'here']] },
    ]);
    expected(await importAndDump(file));
  });

  it('reads a chosen sheet (named in any capitals), with dates as day numbers and as UK text', async () => {
    const rows = canonical().map((r, i) =>
      i === 0
        ? r
        : r.map((c, j) => {
            const name = header('decisions')[j];
            if (name === 'assessment_date') return excelSerial(String(c));
            if (name === 'gateway_date') return '12/01/2026';
            return c;
          }),
    );
    const file = await writeXlsx(path.join(app.dir, 'two.xlsx'), [
      { name: 'Read me', rows: [['This workbook holds the decisions on the second sheet.']] },
      { name: 'Data', rows },
    ]);
    expected(await importAndDump(file, 'data'));
  });

  it('reads the first visible sheet by default, not a hidden one before it', async () => {
    const file = await writeXlsx(path.join(app.dir, 'hidden.xlsx'), [
      { name: 'Lookups', rows: [['Grades'], ['Pass'], ['Distinction']], hidden: true },
      { name: 'Data', rows: canonical() },
    ]);
    expected(await importAndDump(file));
  });

  it('names the sheet it read, and the others, when the columns are not there', async () => {
    const file = await writeXlsx(path.join(app.dir, 'notes.xlsx'), [
      {
        name: 'Notes',
        rows: [
          ['Exported by', 'EPA Pro'],
          ['On', '01/11/2026'],
        ],
      },
      { name: 'Lists', rows: [['Pass']], hidden: true },
      { name: 'Data', rows: canonical() },
    ]);
    await expect(importFile(app.ctx, 'decisions', file)).rejects.toThrow(
      'It read row 1 of the sheet "Notes" as the header ("Exported by", "EPA Pro"); the workbook also has "Lists" (hidden) and "Data". To import another sheet, choose it under Worksheet on the Imports page, or add --sheet NAME to the import command.',
    );
    // A workbook of one sheet has nowhere else to look: the refusal stays as it was.
    const single = await writeXlsx(path.join(app.dir, 'single.xlsx'), [
      { name: 'Notes', rows: [['Exported by', 'EPA Pro']] },
    ]);
    const refusal = await importFile(app.ctx, 'decisions', single).catch((e: Error) => e.message);
    expect(refusal).toContain('The columns of single.xlsx do not match the decisions template.');
    expect(refusal).not.toContain('sheet');
  });

  it('reads a value with part of it formatted (rich text) as its plain text', async () => {
    const file = await writeXlsx(path.join(app.dir, 'rich.xlsx'), [
      { name: 'Decisions', rows: canonical() },
    ]);
    // Someone made part of two cells bold in Excel: the workbook keeps them as rich text.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Decisions');
    const employer = header('decisions').indexOf('employer') + 1;
    const given = header('decisions').indexOf('given_name') + 1;
    sheet!.getRow(2).getCell(employer).value = {
      richText: [{ text: 'Smith, Jones ' }, { font: { bold: true }, text: '& "Partners"' }],
    };
    sheet!.getRow(2).getCell(given).value = {
      richText: [{ font: { italic: true }, text: 'Zo' }, { text: 'ë' }],
    };
    await book.xlsx.writeFile(file);
    expected(await importAndDump(file));
  });

  it('refuses a cell showing an Excel error or a formula without its value, once, in any column', async () => {
    const file = await writeXlsx(path.join(app.dir, 'errors.xlsx'), [
      { name: 'Decisions', rows: canonical() },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Decisions');
    const column = (name: string): number => header('decisions').indexOf(name) + 1;
    // A lookup that found nothing fills the employer (the file keeps #N/A as the formula's
    // result), a duration divided by nought, and a grade worked out by a formula that works.
    sheet!.getRow(5).getCell(column('employer')).value = {
      formula: 'VLOOKUP(B5,Employers!A:B,2,FALSE)',
      result: { error: '#N/A' },
    };
    sheet!.getRow(5).getCell(column('duration_minutes')).value = { error: '#DIV/0!' };
    sheet!.getRow(3).getCell(column('grade')).value = {
      formula: 'IF(TRUE,"Pass","Fail")',
      result: 'Pass',
    };
    // A duration worked out as a division by nought (Excel shows #DIV/0!), and an employer from
    // a formula saved without its value, as programs that do not work formulas out save them.
    sheet!.getRow(6).getCell(column('duration_minutes')).value = {
      formula: '1/0',
      result: { error: '#DIV/0!' },
    };
    sheet!.getRow(7).getCell(column('employer')).value = { formula: 'Employers!B7' };
    // Formulas whose results are nought and empty text: values like any other.
    sheet!.getRow(2).getCell(column('word_count')).value = { formula: 'B2-B2', result: 0 };
    sheet!.getRow(4).getCell(column('exceptional_circumstances')).value = {
      formula: 'IF(TRUE,"","yes")',
      result: '',
    };
    await book.xlsx.writeFile(file);

    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 3, rejected: 3 });
    const errors = result.problems.filter((p) => p.severity === 'error');
    const shows = (error: string): string =>
      `'${error}' is the error Excel shows when a formula fails, not a value: fix the formula in the spreadsheet, or type the value`;
    expect(errors.map((p) => [p.row, p.column, p.value, p.message])).toEqual([
      [5, 'employer', '#N/A', shows('#N/A')],
      [5, 'duration_minutes', '#DIV/0!', shows('#DIV/0!')],
      [6, 'duration_minutes', '#DIV/0!', shows('#DIV/0!')],
      [
        7,
        'employer',
        '=Employers!B7',
        "'=Employers!B7' is a formula with no value saved in the file (Excel shows an error there, or the program that saved it does not work formulas out): fix the formula, or paste the column as values",
      ],
    ]);
    const stored = storedDecisions(app.ctx);
    expect(stored.map((r) => r.ref)).toEqual(['R1-O-1', 'R1-PD-1', 'R1-WBP-1']);
    expect(stored.find((r) => r.ref === 'R1-O-1')).toMatchObject({ words: 0 });
    expect(stored.find((r) => r.ref === 'R1-PD-1')).toMatchObject({ ec: 0 });
  });

  it('warns about cells beyond the last column of the header, and imports the row', async () => {
    const rows = canonical();
    rows[2] = [...(rows[2] as Cell[]), 'checked by IQA', 'see email'];
    rows[3] = [...(rows[3] as Cell[]), null, null, null, 'x'];
    rows[4] = [...(rows[4] as Cell[]), null, ''];
    const file = writeCsv(path.join(app.dir, 'wide.csv'), rows);
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 6, rejected: 0 });
    // (The others are the assessor's standardisation, which these tests leave unrecorded.)
    const beyond = result.problems.filter((p) => p.column === '');
    expect(beyond.map((p) => [p.row, p.value, p.severity, p.message])).toEqual([
      [
        3,
        'checked by IQA | see email',
        'warning',
        "2 cells beyond the last column of the header (columns V, W) were ignored: check that this row's values are under the right headings",
      ],
      [
        4,
        'x',
        'warning',
        "1 cell beyond the last column of the header (column Y) was ignored: check that this row's values are under the right headings",
      ],
    ]);
  });

  it('refuses #N/A saved as text in a CSV, where a name would be', async () => {
    const rows = canonical();
    rows[2]![header('decisions').indexOf('employer')] = '#N/A';
    const result = await importFile(
      app.ctx,
      'decisions',
      writeCsv(path.join(app.dir, 'na.csv'), rows),
    );
    expect(result.counts).toMatchObject({ new: 5, rejected: 1 });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ row: 3, column: 'employer', value: '#N/A' }),
    ]);
    const employers = app.ctx.sqlite.prepare('SELECT name FROM employers').pluck().all();
    expect(employers).not.toContain('#N/A');
  });

  it('explains a workbook cut short in plain English, without the unzip library’s words', async () => {
    const whole = await writeXlsx(path.join(app.dir, 'whole.xlsx'), [
      { name: 'Data', rows: canonical() },
    ]);
    const cut = path.join(app.dir, 'Decisions March.xlsx');
    fs.writeFileSync(cut, fs.readFileSync(whole).subarray(0, 400));
    const refusal = importFile(app.ctx, 'decisions', cut);
    await expect(refusal).rejects.toThrow(
      'Decisions March.xlsx could not be read as an Excel workbook: the file is incomplete or damaged (perhaps cut short while it was copied or downloaded). Save it again from Excel as .xlsx, or as CSV.',
    );
  });

  it('names the sheets it has when the chosen one does not exist', async () => {
    const file = await writeXlsx(path.join(app.dir, 'x.xlsx'), [
      { name: 'Data', rows: canonical() },
    ]);
    await expect(importFile(app.ctx, 'decisions', file, { sheet: 'Decisions' })).rejects.toThrow(
      /no worksheet called "Decisions"; it has "Data"/,
    );
  });
});

function excelSerial(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
}
