/**
 * What a decisions import refuses (each error rejects its row and is reported with row, column,
 * value and reason) and what it keeps with a compliance flag (stored with the decision, and
 * drawn into samples).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDecisionsWrittenHook } from '../../../src/main/decisions/hooks';
import { generateSamplingPlan, listPlanItems } from '../../../src/main/sampling/plans';
import { openTestApp, type TestApp } from '../../support/context';
import { epaRows, header, uln, writeCsv, type Cell } from './files';
import { assessorIdOf, count, importFile, problemLines, standardise } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

const file = (rows: Cell[][], name = 'in.csv'): string =>
  writeCsv(path.join(app.dir, name), [header('decisions'), ...rows]);
const one = (values: Record<string, Cell>): Cell[] => {
  const base = epaRows(1)[0] as Cell[];
  const cols = header('decisions');
  return cols.map((c, i) => (c in values ? (values[c] ?? null) : (base[i] ?? null)));
};

describe('rows a decisions import refuses', () => {
  it('reports every problem with row, column, value and a plain reason, and imports the rest', async () => {
    const rows = [
      one({ decision_ref: 'ok-1' }),
      one({ decision_ref: 'e-1', uln: '12345' }),
      one({ decision_ref: 'e-2', uln: '1000000042' }),
      one({ decision_ref: 'e-3', uln: '1E+09' }),
      one({ decision_ref: 'e-4', standard_code: 'ST9999' }),
      one({ decision_ref: 'e-5', standard_version: '2.0' }),
      one({ decision_ref: 'e-6', method: 'Interview' }),
      one({ decision_ref: 'e-7', grade: 'Merit' }),
      one({ decision_ref: 'e-8', assessment_date: '31/02/2026' }),
      one({ decision_ref: 'e-9', assessment_date: '2027-01-04' }),
      one({ decision_ref: 'e-10', assessment_date: '03/14/2026' }),
      one({ decision_ref: 'e-11', grade: '' }),
      one({ decision_ref: 'ok-1', method: 'WBP' }),
      one({ decision_ref: 'e-13', assessor_ref: 'IA999', assessor_name: '' }),
      one({ decision_ref: 'e-14', assessment_date: '14/03/1926' }),
      one({ decision_ref: 'e-15', word_count: 'lots' }),
    ];
    const result = await importFile(app.ctx, 'decisions', file(rows));
    expect(result.counts).toMatchObject({ new: 1, rejected: 15 });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([
      {
        row: 3,
        column: 'uln',
        value: '12345',
        severity: 'error',
        message: 'ULN must be 10 digits (this has 5)',
      },
      {
        row: 4,
        column: 'uln',
        value: '1000000042',
        severity: 'error',
        message: 'ULN check digit does not match (expected 3)',
      },
      expect.objectContaining({
        row: 5,
        column: 'uln',
        value: '1E+09',
        message: expect.stringContaining('shortened this ULN'),
      }),
      expect.objectContaining({
        row: 6,
        column: 'standard_code',
        value: 'ST9999',
        message: "'ST9999' is not a standard this EPAO assesses (known: ST0071)",
      }),
      expect.objectContaining({
        row: 7,
        column: 'standard_version',
        value: '2.0',
        message: "ST0071 has no version '2.0' (known: 1.0, 1.1)",
      }),
      expect.objectContaining({
        row: 8,
        column: 'method',
        value: 'Interview',
        message: "'Interview' is not an assessment method of ST0071 v1.1 (O, WBP, PD)",
      }),
      expect.objectContaining({
        row: 9,
        column: 'grade',
        value: 'Merit',
        message: "'Merit' is not a grade of ST0071 v1.1 (Fail, Pass, Distinction)",
      }),
      expect.objectContaining({
        row: 10,
        column: 'assessment_date',
        value: '31/02/2026',
        message: "'31/02/2026' is not a real date: February 2026 has 28 days",
      }),
      expect.objectContaining({
        row: 11,
        column: 'assessment_date',
        value: '2027-01-04',
        message: '4 January 2027 is in the future (today is 20 November 2026)',
      }),
      expect.objectContaining({
        row: 12,
        column: 'assessment_date',
        value: '03/14/2026',
        message:
          "'03/14/2026' has month 14: dates are day/month/year (UK), never US month/day/year",
      }),
      expect.objectContaining({
        row: 13,
        column: 'grade',
        value: '',
        message: 'grade is required but empty',
      }),
      expect.objectContaining({
        row: 14,
        column: 'decision_ref',
        value: 'ok-1',
        message: expect.stringContaining('row 2 is the same decision (decision_ref ok-1)'),
      }),
      expect.objectContaining({
        row: 15,
        column: 'assessor_ref',
        value: 'IA999',
        message: expect.stringContaining('assessor IA999 is not known'),
      }),
      expect.objectContaining({
        row: 16,
        column: 'assessment_date',
        message: expect.stringContaining('before apprenticeship standards began'),
      }),
      expect.objectContaining({
        row: 17,
        column: 'word_count',
        value: 'lots',
        message: "'lots' is not a number",
      }),
    ]);
    expect(count(app.ctx, 'decisions')).toBe(1);
  });

  it('refuses a second row for the same apprentice, method and attempt when there is no decision_ref', async () => {
    const a = one({ decision_ref: null });
    const b = one({ decision_ref: null, grade: 'Distinction' });
    const result = await importFile(app.ctx, 'decisions', file([a, b]));
    expect(result.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      `3 uln: row 2 is the same decision (ULN ${uln(1)}, O attempt 1); a file may hold each decision once`,
    ]);
  });

  it("names the earlier row's reference when two references name one decision", async () => {
    const result = await importFile(
      app.ctx,
      'decisions',
      file([one({ decision_ref: 'A1' }), one({ decision_ref: 'A2', grade: 'Distinction' })]),
    );
    expect(result.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      `3 decision_ref: row 2 is the same decision (ULN ${uln(1)}, O attempt 1, there with decision_ref A1); a file may hold each decision once`,
    ]);
    // The earlier row had no reference: it is not named by this row's.
    const unnamed = await importFile(
      app.ctx,
      'decisions',
      file(
        [
          one({ decision_ref: null, uln: uln(2) }),
          one({ decision_ref: 'B2', uln: uln(2), grade: 'Distinction' }),
        ],
        'unnamed.csv',
      ),
    );
    expect(problemLines(unnamed, 'error')).toEqual([
      `3 decision_ref: row 2 is the same decision (ULN ${uln(2)}, O attempt 1); a file may hold each decision once`,
    ]);
  });

  it("refuses a row that puts an apprentice's open EPA on a second version of its standard", async () => {
    // Row 3 names v1.0 for the EPA rows 2 and 4 put on v1.1 (the same gateway, the same EPA).
    const rows = epaRows(1, [{}, { standard_version: '1.0' }]);
    const result = await importFile(app.ctx, 'decisions', file(rows));
    expect(result.counts).toMatchObject({ new: 2, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      `3 standard_version: ULN ${uln(1)}'s EPA on ST0071 is on v1.1 (an earlier row of this file gives it), not v1.0; an EPA is on one version, so correct standard_version or leave it empty`,
    ]);
    expect(count(app.ctx, 'epas')).toBe(1);

    // The same against an EPA already recorded, and a row with no version joins it.
    const later = await importFile(
      app.ctx,
      'decisions',
      file(
        [
          one({ decision_ref: 'R1-O-2', attempt: 2, standard_version: '1.0' }),
          one({ decision_ref: 'R1-O-3', attempt: 3, standard_version: null }),
        ],
        'later.csv',
      ),
    );
    expect(later.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(problemLines(later, 'error')).toEqual([
      `2 standard_version: ULN ${uln(1)}'s EPA on ST0071 is on v1.1 (it is recorded), not v1.0; an EPA is on one version, so correct standard_version or leave it empty`,
    ]);
    expect(count(app.ctx, 'epas')).toBe(1);
  });

  it("takes today as the date in England: just after midnight in summer time, today's assessment is not in the future", async () => {
    const summer = await openTestApp({ clock: () => new Date('2026-06-15T23:30:00Z') });
    try {
      standardise(summer.ctx.sqlite);
      const result = await importFile(
        summer.ctx,
        'decisions',
        writeCsv(path.join(summer.dir, 'late.csv'), [
          header('decisions'),
          one({ decision_ref: 'late', gateway_date: '2026-04-01', assessment_date: '16/06/2026' }),
          one({
            decision_ref: 'next',
            method: 'PD',
            gateway_date: '2026-04-01',
            assessment_date: '17/06/2026',
          }),
        ]),
      );
      expect(problemLines(result, 'error')).toEqual([
        '3 assessment_date: 17 June 2026 is in the future (today is 16 June 2026)',
      ]);
      expect(result.counts).toMatchObject({ new: 1, rejected: 1 });
    } finally {
      summer.close();
    }
  });

  it('says when a quote that never closes has swallowed the lines after it', async () => {
    const csv = file([one({ decision_ref: 'q1' })], 'quote.csv');
    fs.appendFileSync(csv, `q2,${uln(2)},"Unclosed,Name\r\nq3,${uln(3)},Someone\r\n`);
    const result = await importFile(app.ctx, 'decisions', csv);
    expect(result.counts).toMatchObject({ new: 1, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      '3 : a quote opened in this row never closes, so the rest of the file from here was read as this one row and not imported; check for a stray double quote (")',
    ]);
  });

  it('lists every problem of a row, not just the first', async () => {
    const result = await importFile(
      app.ctx,
      'decisions',
      file([one({ uln: '123', grade: 'Merit', attempt: 'first' })]),
    );
    expect(problemLines(result, 'error')).toEqual([
      '2 uln: ULN must be 10 digits (this has 3)',
      "2 attempt: 'first' is not a number",
      "2 grade: 'Merit' is not a grade of ST0071 v1.1 (Fail, Pass, Distinction)",
    ]);
  });

  it('imports nothing when asked to import nothing if any row is rejected', async () => {
    const rows = [...epaRows(1), one({ decision_ref: 'bad', uln: '1000000042' })];
    const result = await importFile(app.ctx, 'decisions', file(rows), { allOrNothing: true });
    expect(result.committed).toBe(false);
    expect(result.batchId).toBeNull();
    expect(result.counts).toMatchObject({ new: 3, rejected: 1 });
    expect(result.message).toMatch(/^Nothing was imported: 1 row was rejected/);
    expect(count(app.ctx, 'decisions')).toBe(0);
    expect(count(app.ctx, 'import_batches')).toBe(0);
    expect(count(app.ctx, 'assessors')).toBe(5); // the five standardised in beforeEach, no more
  });
});

describe('rows kept with compliance flags', () => {
  const flagsOf = (ref: string): { code: string; field: string; message: string }[] =>
    app.ctx.sqlite
      .prepare(
        `SELECT f.code, f.field, f.message FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
         WHERE d.decision_ref = ? ORDER BY f.id`,
      )
      .all(ref) as { code: string; field: string; message: string }[];

  it('flags limits, the EPA period and the re-sit cap, and reports each as a warning', async () => {
    const rows = [
      one({ decision_ref: 'long-obs', duration_minutes: 80, questioning_minutes: 8 }),
      one({ decision_ref: 'q-share', uln: uln(2), duration_minutes: 60, questioning_minutes: 15 }),
      one({
        decision_ref: 'words',
        uln: uln(3),
        method: 'WBP',
        duration_minutes: 60,
        questioning_minutes: null,
        word_count: 3000,
      }),
      one({
        decision_ref: 'pieces',
        uln: uln(4),
        method: 'PD',
        duration_minutes: 60,
        questioning_minutes: null,
        evidence_pieces: 20,
      }),
      one({
        decision_ref: 'late',
        uln: uln(5),
        gateway_date: '2026-01-12',
        assessment_date: '2026-05-20',
      }),
      one({
        decision_ref: 'resit-fail',
        uln: uln(6),
        grade: 'Fail',
        assessment_date: '2026-02-02',
      }),
      one({
        decision_ref: 'resit',
        uln: uln(6),
        attempt: 2,
        grade: 'Distinction',
        assessment_date: '2026-04-20',
      }),
      one({
        decision_ref: 'resit-ec-fail',
        uln: uln(7),
        grade: 'Fail',
        assessment_date: '2026-02-02',
      }),
      one({
        decision_ref: 'resit-ec',
        uln: uln(7),
        attempt: 2,
        grade: 'Distinction',
        exceptional_circumstances: 'yes',
        assessment_date: '2026-04-20',
      }),
    ];
    const result = await importFile(app.ctx, 'decisions', file(rows));
    expect(result.counts).toMatchObject({ new: 9, rejected: 0, flags: 6 });
    expect(flagsOf('long-obs')).toEqual([
      {
        code: 'duration_out_of_range',
        field: 'durationMinutes',
        message: 'observation lasted 80 minutes (allowed 54–66 minutes)',
      },
    ]);
    expect(flagsOf('q-share').map((f) => f.code)).toEqual(['questioning_share_exceeded']);
    expect(flagsOf('words')).toEqual([
      {
        code: 'word_count_out_of_range',
        field: 'wordCount',
        message: 'report 3,000 words (allowed 2,250–2,750, annexes excluded)',
      },
    ]);
    expect(flagsOf('pieces').map((f) => f.code)).toEqual(['evidence_pieces_out_of_range']);
    expect(flagsOf('late').map((f) => f.code)).toEqual(['epa_period_exceeded']);
    expect(flagsOf('resit').map((f) => f.code)).toEqual(['resit_above_cap']);
    expect(flagsOf('resit-ec')).toEqual([]);
    expect(problemLines(result, 'warning')).toContain(
      '4 word_count: report 3,000 words (allowed 2,250–2,750, annexes excluded)',
    );
    expect(result.problems.find((p) => p.row === 6)).toMatchObject({
      column: 'assessment_date',
      value: '2026-05-20',
      severity: 'warning',
    });
  });

  it('flags an assessor with a declared conflict of interest with the employer or the provider', async () => {
    const s = app.ctx.sqlite;
    const id = assessorIdOf(app.ctx, 'IA001');
    s.prepare(
      "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref) VALUES ('assessor', ?, 'employer', 'café royal £ ltd')",
    ).run(id);
    const other = assessorIdOf(app.ctx, 'IA002');
    s.prepare(
      "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref) VALUES ('assessor', ?, 'provider', '10012345')",
    ).run(other);
    s.prepare(
      "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, ended_on) VALUES ('assessor', ?, 'employer', 'Old Firm', '2025-01-01')",
    ).run(other);
    const rows = [
      one({ decision_ref: 'c1' }),
      one({ decision_ref: 'c2', uln: uln(2), assessor_ref: 'IA002' }),
      one({
        decision_ref: 'c3',
        uln: uln(3),
        assessor_ref: 'IA002',
        provider_ukprn: '10099999',
        employer: 'Old Firm',
      }),
    ];
    const result = await importFile(app.ctx, 'decisions', file(rows));
    // The register's rule (an assessor with a conflict is not eligible for that decision) raises
    // the flag, so it also follows conflicts declared or ended after the import.
    expect(result.counts.flags).toBe(2);
    expect(flagsOf('c1')).toEqual([
      {
        code: 'assessor_ineligible',
        field: 'assessorId',
        message:
          'assessor ineligible: declared a conflict of interest with the employer café royal £ ltd',
      },
    ]);
    expect(flagsOf('c2')[0]?.message).toBe(
      'assessor ineligible: declared a conflict of interest with the training provider (UKPRN 10012345)',
    );
    // ...and the import's report names it on the row.
    expect(problemLines(result, 'warning')).toEqual([
      '2 assessor_ref: assessor ineligible: declared a conflict of interest with the employer café royal £ ltd',
      '3 assessor_ref: assessor ineligible: declared a conflict of interest with the training provider (UKPRN 10012345)',
    ]);
    expect(flagsOf('c3')).toEqual([]);
  });

  it('flags a conflict with an employer or provider a row names, when the apprentice is recorded with others', async () => {
    const s = app.ctx.sqlite;
    s.prepare(
      "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref) VALUES ('assessor', ?, 'employer', 'Redhill Water Ltd')",
    ).run(assessorIdOf(app.ctx, 'IA002'));
    s.prepare(
      "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref) VALUES ('assessor', ?, 'provider', '10099999')",
    ).run(assessorIdOf(app.ctx, 'IA003'));
    // The first row records the apprentice with Café Royal and Leeds College; the later rows
    // (and a later file) name another employer or provider, with whom their assessor has a conflict.
    const first = await importFile(
      app.ctx,
      'decisions',
      file([
        one({ decision_ref: 'n1' }),
        one({
          decision_ref: 'n2',
          method: 'WBP',
          assessor_ref: 'IA002',
          employer: 'redhill water ltd',
        }),
      ]),
    );
    const later = await importFile(
      app.ctx,
      'decisions',
      file(
        [
          one({
            decision_ref: 'n3',
            method: 'PD',
            assessor_ref: 'IA003',
            provider_ukprn: '10099999',
          }),
        ],
        'later.csv',
      ),
    );
    expect(problemLines(first, 'warning')).toEqual([
      '3 assessor_ref: assessor declared a conflict of interest with the employer Redhill Water Ltd, named in this row (the apprentice is recorded with another employer)',
    ]);
    expect(problemLines(later, 'warning')).toEqual([
      '2 assessor_ref: assessor declared a conflict of interest with the training provider (UKPRN 10099999), named in this row (the apprentice is recorded with another provider)',
    ]);
    expect(flagsOf('n2').map((f) => f.code)).toEqual(['assessor_conflict']);
    expect(flagsOf('n3').map((f) => f.code)).toEqual(['assessor_conflict']);
    expect(flagsOf('n1')).toEqual([]);
    // Imported again, nothing changes and nothing is raised twice.
    const again = await importFile(
      app.ctx,
      'decisions',
      file([one({ decision_ref: 'n1' })], 'x.csv'),
    );
    expect(again.counts).toMatchObject({ unchanged: 1 });
    expect(count(app.ctx, 'compliance_flags')).toBe(2);
  });

  it('runs the decisions-written hooks inside its transaction and counts the flags they raise', async () => {
    const seen: number[][] = [];
    let active = true;
    registerDecisionsWrittenHook((ctx, ids) => {
      if (!active) return;
      seen.push([...ids]);
      // Stands in for the standardisation domain's "standardisation overdue" rule.
      const insert = ctx.sqlite.prepare(
        "INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, 'standardisation_overdue', 'assessorRef', 'assessor IA001 has not attended standardisation for over a year')",
      );
      for (const id of ids) insert.run(id);
    });
    const preview = await importFile(app.ctx, 'decisions', file(epaRows(1)), { mode: 'preview' });
    expect(preview.counts.flags).toBe(3);
    expect(count(app.ctx, 'compliance_flags')).toBe(0);
    const result = await importFile(app.ctx, 'decisions', file(epaRows(1)));
    expect(result.counts.flags).toBe(3);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toHaveLength(3);
    expect(count(app.ctx, 'compliance_flags')).toBe(3);
    active = false;
  });

  it('feeds sampling: a flagged decision is always in the sample', async () => {
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => epaRows(10 + i)).flat(),
      one({ decision_ref: 'flagged', uln: uln(99), duration_minutes: 90 }),
    ];
    await importFile(app.ctx, 'decisions', file(rows));
    const plan = generateSamplingPlan(app.ctx, {
      from: '2026-01-01',
      to: '2026-03-31',
      standards: ['ST0071'],
      seed: 7,
    });
    const items = listPlanItems(app.ctx, {
      planId: plan.id,
      includeRemoved: false,
      limit: 1000,
      offset: 0,
    });
    const flagged = items.rows.find((i) => i.decisionRef === 'flagged');
    expect(flagged?.reasons).toContain(
      'compliance flag: observation lasted 90 minutes (allowed 54–66 minutes)',
    );
  });
});
