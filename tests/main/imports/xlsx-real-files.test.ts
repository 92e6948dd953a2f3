/**
 * Excel workbooks as EPAOs really keep them, for all four kinds, imported whole: text saved inline
 * in formatted parts (no shared-string table), dates in the 1904 date system (cells and formulas'
 * results), durations typed as times, relationships addressed from the package root (openpyxl),
 * merged cells, an empty or header-only first sheet, numbers where text is meant, title and blank
 * rows, hidden sheets, date-time cells, hyperlinks, long text, and a CSV named .xlsx.
 *
 * Every workbook is written by exceljs (its ordinary writer, or its streaming writer, which saves
 * text inline rather than in a shared-string table); one test rewrites a part of the package, and
 * says why.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportKind } from '../../../src/shared/imports';
import { readXlsxRows } from '../../../src/main/imports/xlsx';
import { openTestApp, type TestApp } from '../../support/context';
import { epaRows, header, row, writeCsv, type Cell } from './files';
import { importFile, problemLines, standardise, storedDecisions } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  // Assessors IA001 to IA005, standardised: their own flags stay out of these tests.
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

const col = (kind: ImportKind, name: string): number => header(kind).indexOf(name) + 1;

/** A workbook built with exceljs's ordinary writer (shared strings, styles), as Excel saves one. */
async function book(name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const file = path.join(app.dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/**
 * A workbook written by exceljs's streaming writer, as an export from a web platform is: text is
 * saved inline in each cell (t="str", or t="inlineStr" for formatted text), no shared strings.
 */
async function streamed(name: string, rows: unknown[][]): Promise<string> {
  const file = path.join(app.dir, name);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const sheet = wb.addWorksheet('Decisions');
  for (const r of rows) sheet.addRow(r.map((c) => (c === null ? undefined : c))).commit();
  sheet.commit();
  await wb.commit();
  return file;
}

function addRows(sheet: ExcelJS.Worksheet, rows: Cell[][]): void {
  for (const r of rows) sheet.addRow(r.map((c) => (c === null ? undefined : c)));
}

const byRef = (ref: string): Record<string, unknown> | undefined =>
  storedDecisions(app.ctx).find((d) => d.ref === ref);

describe('Excel workbooks as real programs save them', () => {
  it('reads a value with formatted parts saved inline (no shared-string table) as all of its text', async () => {
    // Issue 3: ".xlsx ... real files"; the existing rich-text test only covers rich text in the
    // shared-string table. An export written without shared strings (exceljs's streaming writer,
    // as many web platforms use) saves formatted text as <is><r><t>..</t></r><r><t>..</t></r></is>.
    // The user sees "Smith, Jones & Partners" and "Distinction" in Excel.
    const rows: unknown[][] = [header('decisions'), ...epaRows(1), ...epaRows(2)];
    (rows[1] as unknown[])[col('decisions', 'employer') - 1] = {
      richText: [{ text: 'Smith, Jones ' }, { font: { bold: true }, text: '& Partners' }],
    };
    (rows[4] as unknown[])[col('decisions', 'grade') - 1] = {
      richText: [{ font: { bold: true }, text: 'Dist' }, { text: 'inction' }],
    };
    const result = await importFile(app.ctx, 'decisions', await streamed('inline.xlsx', rows));
    // exceljs's streaming reader alone keeps only the last part: "& Partners", and 'inction' (not a
    // grade); xlsx-inline.ts reads the whole text from the sheet's XML.
    expect(byRef('R1-O-1')).toMatchObject({ employer: 'Smith, Jones & Partners' });
    expect(problemLines(result, 'error')).toEqual([]);
    expect(result.counts).toMatchObject({ new: 6, rejected: 0 });
    expect(byRef('R2-O-1')).toMatchObject({ grade: 'Distinction' });
  });

  it('reads every such value of a long sheet whole, where the XML is read in many chunks', async () => {
    const file = path.join(app.dir, 'long-inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
    const sheet = wb.addWorksheet('Data');
    const rows = 20_000;
    for (let n = 1; n <= rows; n++) {
      // Parts of different lengths, with markup to decode, so chunk ends fall everywhere in a cell.
      const parts = [`R${n} `, `${'x'.repeat(n % 41)} & `, `<${n}>`];
      sheet
        .addRow([
          `plain ${n}`,
          { richText: parts.map((text, i) => ({ text, font: { bold: i === 1 } })) },
        ])
        .commit();
    }
    sheet.commit();
    await wb.commit();
    const table = await readXlsxRows(file, null, 'long-inline.xlsx');
    const cells: string[][] = [];
    try {
      for await (const batch of table.batches) cells.push(...batch.cells);
    } finally {
      table.close();
    }
    expect(cells).toHaveLength(rows);
    const wrong = cells.filter(
      (c, i) =>
        c[1] !== `R${i + 1} ${'x'.repeat((i + 1) % 41)} & <${i + 1}>` || c[0] !== `plain ${i + 1}`,
    );
    expect(wrong).toEqual([]);
  });

  it('reads a date worked out by a formula in a workbook on the 1904 date system as that date', async () => {
    // Issue 3: "real Excel dates". A workbook saved with the 1904 date system (Excel for Mac's
    // old default, kept by copies of such workbooks) counts days from 1 January 1904. Date cells
    // are read right (see the passing probe below), but a date cell holding a formula
    // (=gateway + 35, formatted dd/mm/yyyy, showing 16/02/2026) comes through as a bare number and
    // is read as a 1900-system day number: 4 years and a day early.
    const file = await book('mac-1904.xlsx', (wb) => {
      wb.properties.date1904 = true;
      const sheet = wb.addWorksheet('Decisions');
      addRows(sheet, [header('decisions'), ...epaRows(1)]);
      const at = col('decisions', 'assessment_date');
      sheet.getColumn(at).numFmt = 'dd/mm/yyyy';
      sheet.getRow(3).getCell(at).value = {
        formula: 'J3+35',
        result: new Date('2026-02-16T00:00:00Z'),
      } as ExcelJS.CellFormulaValue;
    });
    const result = await importFile(app.ctx, 'decisions', file);
    // Read as a 1900-system day number, it was 2022-02-15, with only a warning that it is before
    // the gateway.
    expect(byRef('R1-WBP-1')).toMatchObject({ date: '2026-02-16' });
    expect(problemLines(result)).toEqual([]);
  });

  it('reads a workbook whose parts are addressed from the package root, as openpyxl saves them', async () => {
    // README: "`.xlsx` (the first sheet that is not hidden, or a chosen one)". Python's openpyxl
    // (a common way EPA platforms and scripts write exports) writes the workbook's relationships
    // with absolute targets, Target="/xl/worksheets/sheet1.xml", which OPC allows. exceljs's
    // streaming reader then names every sheet "Sheet1", "Sheet2"... (exceljs issue #2663, open).
    // Odd XML needed: the workbook is written by exceljs and only that one relationship target is
    // rewritten to the absolute form openpyxl uses; everything else is exceljs's own output.
    const file = await book('from-python.xlsx', (wb) =>
      addRows(wb.addWorksheet('Decisions'), [header('decisions'), ...epaRows(1)]),
    );
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const relsPath = 'xl/_rels/workbook.xml.rels';
    const rels = await zip.file(relsPath)!.async('string');
    expect(rels).toContain('Target="worksheets/sheet1.xml"');
    zip.file(relsPath, rels.replace('Target="worksheets/', 'Target="/xl/worksheets/'));
    // Compressed, as openpyxl and Excel save every part (stored parts: xlsx-stored.test.ts).
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

    // exceljs alone named the sheet "Sheet1", and both were refused: 'from-python.xlsx has no
    // worksheet called "Decisions"; it has "Decisions".'
    const first = await importFile(app.ctx, 'decisions', file, { mode: 'preview' }).catch(
      (e: Error) => e.message,
    );
    expect(first).toMatchObject({ counts: { new: 3, rejected: 0 } });
    const chosen = await importFile(app.ctx, 'decisions', file, { sheet: 'Decisions' }).catch(
      (e: Error) => e.message,
    );
    expect(chosen).toMatchObject({ counts: { new: 3, rejected: 0 }, committed: true });
  });

  it('reads a duration typed as a time (1:05) as 65 minutes, or refuses it showing what the cell shows', async () => {
    // Issue 3: "Each problem is reported as file, row, column, value and a plain-English reason".
    // A hand-kept sheet often types durations as h:mm. Excel shows 1:05; the import today rejects
    // the row with value '1899-12-30' and "'1899-12-30' is not a number": a date the user never
    // typed and cannot find in the sheet.
    const file = await book('durations.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Decisions');
      addRows(sheet, [header('decisions'), ...epaRows(1)]);
      const cell = sheet.getRow(2).getCell(col('decisions', 'duration_minutes'));
      cell.value = 65 / 1440;
      cell.numFmt = '[h]:mm';
    });
    const result = await importFile(app.ctx, 'decisions', file);
    const stored = byRef('R1-O-1');
    const problem = result.problems.find((p) => p.row === 2 && p.column === 'duration_minutes');
    if (stored) expect(stored.duration).toBe(65);
    else {
      expect(problem?.value).not.toBe('1899-12-30');
      expect(problem?.value).toMatch(/1:05/);
    }
    // It is read as 65 minutes: the cell reads as '1:05', and the minutes columns read h:mm.
    expect(stored?.duration).toBe(65);
    expect(problem).toBeUndefined();
  });

  it('reads time-formatted minutes with seconds, past a day, and from a formula, hours first', async () => {
    const file = await book('times.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Decisions');
      addRows(sheet, [header('decisions'), ...epaRows(1)]);
      const duration = col('decisions', 'duration_minutes');
      const questioning = col('decisions', 'questioning_minutes');
      // 65 minutes 30 seconds in [mm]:ss (Excel shows 65:30); 8 minutes in h:mm.
      Object.assign(sheet.getRow(2).getCell(duration), { value: 65.5 / 1440, numFmt: '[mm]:ss' });
      Object.assign(sheet.getRow(2).getCell(questioning), { value: 8 / 1440, numFmt: 'h:mm' });
      // 25 hours in h:mm (Excel shows 1:00; the value is 1,500 minutes): not read as 60.
      Object.assign(sheet.getRow(3).getCell(duration), { value: 25 / 24, numFmt: 'h:mm' });
      // A formula's result in [h]:mm: 1:30.
      Object.assign(sheet.getRow(4).getCell(duration), {
        value: { formula: '90/1440', result: 90 / 1440 },
        numFmt: '[h]:mm',
      });
    });
    await importFile(app.ctx, 'decisions', file);
    expect(storedDecisions(app.ctx).map((d) => [d.ref, d.duration, d.questioning])).toEqual([
      ['R1-O-1', 65.5, 8],
      ['R1-PD-1', 90, null],
      ['R1-WBP-1', 1500, null],
    ]);
  });

  it('reads an attendance sheet whose event date and title are merged down the rows of its attendees', async () => {
    // Issue 3: "forgiving of real-world files". A sign-in sheet kept by hand often merges the
    // event's date and title down the rows of everyone at it; Excel shows the date and title
    // beside every assessor. Only the top cell of a merge holds the value in the file, and today
    // rows 3 and 4 were rejected: "event_date is required but empty".
    const file = await book('signin.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Attendance');
      addRows(sheet, [
        header('standardisation'),
        row('standardisation', {
          event_date: '10/02/2026',
          event_title: 'Spring standardisation',
          assessor_ref: 'IA001',
          attended: 'yes',
        }),
        row('standardisation', { assessor_ref: 'IA002', attended: 'yes' }),
        row('standardisation', { assessor_ref: 'IA003', attended: 'no' }),
      ]);
      sheet.mergeCells('A2:A4');
      sheet.mergeCells('B2:B4');
    });
    const result = await importFile(app.ctx, 'standardisation', file);
    expect(result.counts).toMatchObject({ new: 3, rejected: 0 });
    expect(
      app.ctx.sqlite
        .prepare(
          `SELECT e.event_date, e.title, a.ref, t.attendance FROM standardisation_attendance t
             JOIN standardisation_events e ON e.id = t.event_id JOIN assessors a ON a.id = t.assessor_id
             WHERE e.event_date = '2026-02-10' ORDER BY a.ref`,
        )
        .raw(true)
        .all(),
    ).toEqual([
      ['2026-02-10', 'Spring standardisation', 'IA001', 'attended'],
      ['2026-02-10', 'Spring standardisation', 'IA002', 'attended'],
      ['2026-02-10', 'Spring standardisation', 'IA003', 'absent'],
    ]);
  });

  it('fills a merged block into the rows that have data, never into a blank row or a header merged down', async () => {
    // A title merged over two rows, a header whose cells are merged down into an empty row
    // below it, an employer merged down three rows (and across into the provider's UKPRN), a blank
    // row inside the merge, and a merge that ends in a row past the data.
    const [h, first, second, third] = [header('decisions'), ...epaRows(1)] as Cell[][];
    const employer = col('decisions', 'employer');
    const ukprn = col('decisions', 'provider_ukprn');
    const file = await book('merged.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Decisions');
      addRows(sheet, [['Decisions, spring term'], [], h as Cell[], [], first as Cell[]]);
      for (const r of [second, third] as Cell[][]) {
        r[employer - 1] = null;
        r[ukprn - 1] = null;
      }
      addRows(sheet, [second as Cell[], [], third as Cell[], []]);
      sheet.mergeCells(1, 1, 2, 6);
      // Every header cell merged down into row 4, which is empty.
      for (let c = 1; c <= (h as Cell[]).length; c++) sheet.mergeCells(3, c, 4, c);
      sheet.mergeCells(5, employer, 9, employer);
      sheet.mergeCells(5, ukprn, 9, ukprn);
    });
    const result = await importFile(app.ctx, 'decisions', file);
    expect(problemLines(result, 'error')).toEqual([]);
    expect(result.counts).toMatchObject({ new: 3, rejected: 0 });
    const stored = app.ctx.sqlite
      .prepare(
        `SELECT d.decision_ref, m.name, p.ukprn FROM decisions d JOIN epas e ON e.id = d.epa_id
         JOIN apprentices a ON a.id = e.apprentice_id LEFT JOIN employers m ON m.id = a.employer_id
         LEFT JOIN providers p ON p.id = a.provider_id ORDER BY d.decision_ref`,
      )
      .raw(true)
      .all() as [string, string, string][];
    expect(
      new Set(stored.map(([, employerName, provider]) => `${employerName} ${provider}`)),
    ).toEqual(new Set([`${String(first?.[employer - 1])} ${String(first?.[ukprn - 1])}`]));
  });

  it('says which sheet it read, and names the others, when the first sheet is empty or has only a header', async () => {
    // The tests of formats.test.ts ("names the sheet it read, and the others, when the columns are
    // not there") show the intended help: "It read row 1 of the sheet "Notes" ...; the workbook
    // also has ... To import another sheet, choose it under Worksheet". A new workbook's empty
    // "Sheet1" left before the data sheet gets only "book.xlsx has no rows." today, although the
    // user can see the rows on "Decisions".
    const empty = await book('book.xlsx', (wb) => {
      wb.addWorksheet('Sheet1');
      addRows(wb.addWorksheet('Decisions'), [header('decisions'), ...epaRows(1)]);
    });
    const refusal = await importFile(app.ctx, 'decisions', empty).then(
      (r) => r.message,
      (e: Error) => e.message,
    );
    expect(refusal).toContain('"Sheet1"');
    expect(refusal).toContain('"Decisions"');
    // A template pasted as a header on the first sheet, the rows on another: "book2.xlsx has no
    // rows to import under its header row." names no sheet either.
    const headerOnly = await book('book2.xlsx', (wb) => {
      addRows(wb.addWorksheet('Template'), [header('decisions')]);
      addRows(wb.addWorksheet('Decisions'), [header('decisions'), ...epaRows(1)]);
    });
    const said = await importFile(app.ctx, 'decisions', headerOnly).then(
      (r) => r.message,
      (e: Error) => e.message,
    );
    expect(said).toContain('"Template"');
    expect(said).toContain('"Decisions"');
  });
});

describe('Excel workbooks: dates, numbers, layout and sheets', () => {
  it('reads date cells with a time part in a workbook on the 1904 date system', async () => {
    const file = await book('mac-cells.xlsx', (wb) => {
      wb.properties.date1904 = true;
      const sheet = wb.addWorksheet('Decisions');
      const rows = epaRows(1).map((r) =>
        r.map((c, j) =>
          ['assessment_date', 'gateway_date'].includes(header('decisions')[j] as string)
            ? new Date(`${String(c)}T23:30:00Z`)
            : c,
        ),
      );
      addRows(sheet, [header('decisions'), ...rows]);
      sheet.getColumn(col('decisions', 'assessment_date')).numFmt = 'dd/mm/yyyy hh:mm';
      sheet.getColumn(col('decisions', 'gateway_date')).numFmt = 'd mmm yyyy';
    });
    const result = await importFile(app.ctx, 'decisions', file);
    expect(problemLines(result)).toEqual([]);
    expect(storedDecisions(app.ctx).map((d) => [d.ref, d.gateway, d.date])).toEqual([
      ['R1-O-1', '2026-01-12', '2026-02-02'],
      ['R1-PD-1', '2026-01-12', '2026-03-02'],
      ['R1-WBP-1', '2026-01-12', '2026-02-16'],
    ]);
  });

  it('reads numbers where text is meant (ULN shown as 3.00E+09, UKPRN, decision_ref) and TRUE/FALSE cells; moderation finds a numeric ref', async () => {
    const file = await book('numbers.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Decisions');
      const rows = epaRows(1).map((r, i) =>
        r.map((c, j) => {
          const name = header('decisions')[j];
          if (name === 'uln' || name === 'provider_ukprn') return Number(c);
          if (name === 'decision_ref') return 1000 + i;
          if (name === 'exceptional_circumstances') return (i > 0) as unknown as Cell;
          return c;
        }),
      );
      addRows(sheet, [header('decisions'), ...rows]);
      sheet.getColumn(col('decisions', 'uln')).numFmt = '0.00E+00';
    });
    const result = await importFile(app.ctx, 'decisions', file);
    expect(problemLines(result, 'error')).toEqual([]);
    expect(storedDecisions(app.ctx).map((d) => [d.ref, d.uln, d.ukprn, d.ec])).toEqual([
      ['1000', '3000000118', '10012345', 0],
      ['1002', '3000000118', '10012345', 1],
      ['1001', '3000000118', '10012345', 1],
    ]);
    app.ctx.sqlite
      .prepare("INSERT INTO users (name, role) VALUES ('Ruth Patel', 'moderator')")
      .run();
    const moderation = await book('moderation.xlsx', (wb) =>
      addRows(wb.addWorksheet('Moderation'), [
        header('moderation'),
        row('moderation', {
          decision_ref: 1001,
          moderator: 'Ruth Patel',
          moderation_date: new Date('2026-03-10T00:00:00Z'),
          activity: 'Documentation review',
          moderated_grade: 'Pass',
        }),
      ]),
    );
    const moderated = await importFile(app.ctx, 'moderation', moderation);
    expect(moderated.counts).toMatchObject({ new: 1, rejected: 0 });
  });

  it('reads title rows, blank rows in the middle, headers in other capitals and spacing, non-breaking spaces and formatted empty columns, with Excel row numbers', async () => {
    const file = await book('messy.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Decisions');
      sheet.addRow(['EPA Pro export']);
      sheet.addRow(['Generated 01/11/2026']);
      sheet.addRow([]);
      addRows(sheet, [
        header('decisions').map((h) =>
          h === 'uln'
            ? '  ULN\u00a0'
            : h === 'assessment_date'
              ? 'Assessment  Date'
              : h.toUpperCase(),
        ),
      ]);
      const rows = epaRows(1);
      rows[0]![col('decisions', 'assessor_ref') - 1] = ' IA001\u00a0';
      rows[0]![col('decisions', 'uln') - 1] = `\u00a0${String(rows[0]![1])} `;
      rows[1]![col('decisions', 'method') - 1] = 'WBP\u00a0';
      rows[1]![col('decisions', 'grade') - 1] = '\u00a0pass';
      addRows(sheet, [rows[0]!]);
      sheet.addRow([]);
      sheet.addRow([]);
      addRows(sheet, [rows[1]!, rows[2]!]);
      const merit = epaRows(2)[0]!;
      merit[col('decisions', 'grade') - 1] = 'Merit';
      addRows(sheet, [merit]);
      for (let r = 4; r <= 11; r++) {
        for (let c = 22; c <= 30; c++) {
          sheet.getRow(r).getCell(c).fill = {
            type: 'pattern',
            pattern: 'solid',
            fgColor: { argb: 'FFFFFF00' },
          };
        }
      }
    });
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 3, rejected: 1 });
    expect(problemLines(result)).toEqual([
      "10 grade: 'Merit' is not a grade of ST0071 v1.1 (Fail, Pass, Distinction)",
    ]);
    expect(byRef('R1-O-1')).toMatchObject({ uln: '3000000118', assessor: 'IA001' });
  });

  it('reads attendance from a hidden sheet chosen by name, with date-time cells and TRUE/FALSE values and formulas', async () => {
    const file = await book('attendance.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Attendance');
      const at = new Date('2026-02-10T09:30:00Z');
      addRows(sheet, [
        header('standardisation'),
        row('standardisation', { event_date: at, event_title: 'Spring', assessor_ref: 'IA001' }),
        row('standardisation', { event_date: at, event_title: 'Spring', assessor_ref: 'IA002' }),
        row('standardisation', { event_date: at, event_title: 'Spring', assessor_ref: 'IA003' }),
        row('standardisation', { event_date: at, event_title: 'Spring', assessor_ref: 'IA004' }),
      ]);
      sheet.getColumn(1).numFmt = 'dd/mm/yyyy hh:mm';
      sheet.getCell('D2').value = true;
      sheet.getCell('D3').value = false;
      sheet.getCell('D4').value = {
        formula: 'C4="IA003"',
        result: true,
      } as ExcelJS.CellFormulaValue;
      sheet.getCell('D5').value = {
        formula: 'C5="IA003"',
        result: false,
      } as ExcelJS.CellFormulaValue;
      sheet.state = 'hidden';
      wb.addWorksheet('Summary').addRow(['nothing', 'here']);
    });
    const result = await importFile(app.ctx, 'standardisation', file, { sheet: 'attendance' });
    expect(result.counts).toMatchObject({ new: 4, rejected: 0 });
    const stored = app.ctx.sqlite
      .prepare(
        `SELECT e.event_date AS date, a.ref, sa.attendance FROM standardisation_attendance sa
         JOIN standardisation_events e ON e.id = sa.event_id JOIN assessors a ON a.id = sa.assessor_id
         WHERE e.title = 'Spring' ORDER BY a.ref`,
      )
      .all();
    expect(stored).toEqual([
      { date: '2026-02-10', ref: 'IA001', attendance: 'attended' },
      { date: '2026-02-10', ref: 'IA002', attendance: 'absent' },
      { date: '2026-02-10', ref: 'IA003', attendance: 'attended' },
      { date: '2026-02-10', ref: 'IA004', attendance: 'absent' },
    ]);
  });

  it('reads assessors with date cells, a day number, an e-mail hyperlink, a numeric ref and a numeric UKPRN conflict', async () => {
    const file = await book('assessors.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Assessors');
      addRows(sheet, [
        header('assessors'),
        row('assessors', {
          assessor_ref: 'IA010',
          name: 'New Person',
          start_date: new Date('2024-09-01T00:00:00Z'),
          qualification_status: 'Held',
          competence_since: new Date('2023-05-05T10:00:00Z'),
          conflicts: 10012345,
        }),
        row('assessors', { assessor_ref: 1234, name: 'Numeric Ref', start_date: 45536 }),
      ]);
      sheet.getCell('C2').value = {
        text: 'new.person@example.org',
        hyperlink: 'mailto:new.person@example.org',
      };
      sheet.getColumn(4).numFmt = 'd mmmm yyyy';
      sheet.getColumn(6).numFmt = 'dd/mm/yy';
    });
    const result = await importFile(app.ctx, 'assessors', file);
    expect(result.counts).toMatchObject({ new: 2, rejected: 0 });
    expect(
      app.ctx.sqlite
        .prepare(
          "SELECT ref, email, start_date AS start, competence_since AS since FROM assessors WHERE ref IN ('IA010', '1234') ORDER BY ref",
        )
        .all(),
    ).toEqual([
      { ref: '1234', email: null, start: '2024-09-01', since: null },
      { ref: 'IA010', email: 'new.person@example.org', start: '2024-09-01', since: '2023-05-05' },
    ]);
    expect(app.ctx.sqlite.prepare('SELECT party_type, party_ref FROM conflicts').all()).toEqual([
      { party_type: 'provider', party_ref: '10012345' },
    ]);
  });

  it('reads moderation with a date-time cell and 32,000 characters of feedback', async () => {
    await importFile(
      app.ctx,
      'decisions',
      await book('d.xlsx', (wb) =>
        addRows(wb.addWorksheet('D'), [header('decisions'), ...epaRows(1)]),
      ),
    );
    app.ctx.sqlite
      .prepare("INSERT INTO users (name, role) VALUES ('Ruth Patel', 'moderator')")
      .run();
    const feedback = `${'Clear, referenced evidence. '.repeat(1142)}End.`;
    const file = await book('m.xlsx', (wb) => {
      const sheet = wb.addWorksheet('Moderation');
      addRows(sheet, [
        header('moderation'),
        row('moderation', {
          decision_ref: 'R1-O-1',
          moderator: 'Ruth Patel',
          moderation_date: new Date('2026-03-10T16:45:00Z'),
          activity: 'Documentation review',
          moderated_grade: 'Pass',
          feedback,
        }),
      ]);
      sheet.getColumn(col('moderation', 'moderation_date')).numFmt = 'dd/mm/yyyy hh:mm';
    });
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(
      app.ctx.sqlite
        .prepare('SELECT moderation_date AS date, feedback FROM moderation_records')
        .get(),
    ).toEqual({ date: '2026-03-10', feedback });
  });

  it('reads a CSV saved with an .xlsx name as CSV, and says a sheet with a header only has no rows', async () => {
    const csv = writeCsv(path.join(app.dir, 'export.xlsx'), [header('decisions'), ...epaRows(1)]);
    expect((await importFile(app.ctx, 'decisions', csv)).counts).toMatchObject({ new: 3 });
    const only = await book('only.xlsx', (wb) =>
      addRows(wb.addWorksheet('D'), [header('decisions')]),
    );
    const result = await importFile(app.ctx, 'decisions', only);
    expect(result.committed).toBe(false);
    expect(result.message).toBe('only.xlsx has no rows to import under its header row.');
  });
});
