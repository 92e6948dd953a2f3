/**
 * Decisions files with the invisible and odd characters real exports leave in cells: zero-width
 * spaces from web pages and some exports, non-breaking spaces from Excel.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { epaRows, header, type Cell } from './files';
import { importFile, problemLines, storedDecisions, standardisedApps } from './helpers';

const newApp = standardisedApps();

/** Rows as CSV text, every value quoted (as some exports write them), CRLF. */
function csv(rows: Cell[][]): string {
  const cell = (c: Cell): string => `"${(c === null ? '' : String(c)).replace(/"/g, '""')}"`;
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

const ZWSP = '\u200b';
const WORD_JOINER = '\u2060';

describe('invisible characters around values', () => {
  it('reads values with zero-width spaces around them as the values, and a row of only those as blank', async () => {
    // Issue 3: "Real files". Text copied from a web page or some exports carries zero-width
    // spaces (U+200B) and word joiners (U+2060), which String.trim() keeps. Before, each made
    // a good value unreadable ("'Pass' + U+200B is not a grade", the invisible character shown in
    // the message) or, worse, silently different: 'IA001' + U+200B became a new assessor and
    // 'R1-WBP-1' + U+200B a decision ref that the next clean re-import would not match. A header
    // with one refused the file; a row of them was rejected with eleven problems.
    const app = await newApp();
    const heads = header('decisions').map((h) => (h === 'uln' ? `${ZWSP}uln` : h));
    const rows = epaRows(1, [
      {
        grade: `Pass${ZWSP}`,
        assessment_date: `\u00a02026-02-02${ZWSP}`,
        standard_code: `ST0071${WORD_JOINER}`,
      },
      {
        decision_ref: `R1-WBP-1${ZWSP}`,
        assessor_ref: `${ZWSP}IA001`,
        word_count: `2,480${ZWSP}`,
        exceptional_circumstances: `no${ZWSP}`,
      },
    ]);
    const file = path.join(app.dir, 'web.csv');
    const blank = heads.map(() => ZWSP);
    fs.writeFileSync(file, csv([heads, rows[0] as Cell[], blank, ...rows.slice(1)]));
    const result = await importFile(app.ctx, 'decisions', file);
    expect(problemLines(result)).toEqual([]);
    expect(result.counts).toMatchObject({ new: 3, rejected: 0 });
    const stored = storedDecisions(app.ctx);
    expect(stored.map((d) => [d.ref, d.assessor, d.date, d.grade, d.words])).toEqual([
      ['R1-O-1', 'IA001', '2026-02-02', 'Pass', null],
      ['R1-PD-1', 'IA001', '2026-03-02', 'Pass', null],
      ['R1-WBP-1', 'IA001', '2026-02-16', 'Pass', 2480],
    ]);
    const assessors = app.ctx.sqlite.prepare('SELECT count(*) FROM assessors').pluck().get();
    expect(assessors).toBe(5);
  });
});

describe('dates exported as instants', () => {
  it('stores a date and time with its zone as the date it was in the UK', async () => {
    // A web platform's export of an assessment booked for 15 June (midnight, British summer
    // time) as UTC: before, the row was stored as 14 June, a day early, without a word.
    const app = await newApp();
    const rows = epaRows(1, [
      { assessment_date: '2026-06-14T23:00:00.000Z' },
      { assessment_date: '2026-02-15T23:30:00Z' },
    ]);
    const file = path.join(app.dir, 'api.csv');
    fs.writeFileSync(file, csv([header('decisions'), ...rows]));
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 3, rejected: 0 });
    expect(storedDecisions(app.ctx).map((d) => [d.method, d.date])).toEqual([
      ['O', '2026-06-15'],
      ['PD', '2026-03-02'],
      ['WBP', '2026-02-15'],
    ]);
  });
});

describe('durations written with their units', () => {
  it('reads 65 mins, 1 hr 5 mins and 1h 5m as 65 minutes, and refuses units it cannot read', async () => {
    // Issue 3: durations are minutes. Exports and hand-kept sheets often say so in the cell
    // ("65 mins", "1 hr 5 mins"). Before, each was refused as "'65 mins' is not a number",
    // which names no fix for a value whose meaning is plain.
    const app = await newApp();
    const rows = [
      ...epaRows(1, [{ duration_minutes: '60 mins' }, { duration_minutes: '1 hr 5 mins' }]),
      ...epaRows(2, [{ duration_minutes: '1h 2m' }, { duration_minutes: '58 Minutes' }]),
      ...epaRows(3, [{ duration_minutes: '60 secs' }]),
    ];
    const file = path.join(app.dir, 'units.csv');
    fs.writeFileSync(file, csv([header('decisions'), ...rows]));
    const result = await importFile(app.ctx, 'decisions', file);
    expect(problemLines(result)).toEqual([
      "8 duration_minutes: '60 secs' is not a number of minutes: write 65, 1:05 or 65 mins",
    ]);
    expect(result.counts).toMatchObject({ new: 8, rejected: 1 });
    expect(storedDecisions(app.ctx).map((d) => d.duration)).toEqual([
      60, 61, 65, 62, 61, 58, 61, 58,
    ]);
  });
});

describe('typographic quotes in names', () => {
  it('matches an employer written with a curly apostrophe to the one written with a straight one', async () => {
    // Excel and Word turn ' into ’ as it is typed, so one export says "O'Brien Ltd" and the next
    // "O’Brien Ltd". Before, they were two employers: the employer's decisions split between
    // them, and a conflict of interest declared with one spelling missed on the other.
    const app = await newApp();
    const rows = [
      ...epaRows(1, [
        { employer: "O'Brien Ltd" },
        { employer: "O'Brien Ltd" },
        { employer: "O'Brien Ltd" },
      ]),
      ...epaRows(2, [
        { employer: 'O’Brien Ltd' },
        { employer: 'O’Brien Ltd' },
        { employer: 'O‘BRIEN  Ltd' },
      ]),
    ];
    const file = path.join(app.dir, 'quotes.csv');
    fs.writeFileSync(file, csv([header('decisions'), ...rows]));
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 6, rejected: 0 });
    const employers = app.ctx.sqlite.prepare('SELECT name FROM employers').pluck().all();
    expect(employers).toEqual(["O'Brien Ltd"]);
  });
});
