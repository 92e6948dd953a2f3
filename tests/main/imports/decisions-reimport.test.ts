/**
 * Preview, idempotence and re-imports: the second import of a file changes nothing; a changed
 * grade goes through the grade-change path (audit, overall grade) and puts a moderated or
 * released decision back on hold; mappings for other systems' exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyGradeChange } from '../../../src/main/decisions/grades';
import { saveMapping } from '../../../src/main/imports/mappings';
import { logAppeal, transitionAppeal } from '../../../src/main/appeals/service';
import { bootstrap } from '../../../src/main/core/bootstrap';
import {
  MIGRATIONS,
  fixedClock,
  openTestApp,
  signInLead,
  type TestApp,
} from '../../support/context';
import { epaRows, header, row, uln, writeCsv, type Cell } from './files';
import {
  count,
  importedTables,
  importFile,
  problemLines,
  standardise,
  storedDecisions,
} from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  standardise(app.ctx.sqlite);
});
afterEach(() => app.close());

const write = (rows: Cell[][], name = 'in.csv'): string =>
  writeCsv(path.join(app.dir, name), [header('decisions'), ...rows]);

const snapshot = (): Record<string, unknown[]> => importedTables(app.ctx.sqlite);

const statusOf = (ref: string): string =>
  app.ctx.sqlite
    .prepare('SELECT status FROM decisions WHERE decision_ref = ?')
    .pluck()
    .get(ref) as string;

describe('preview before commit', () => {
  it('counts exactly what a commit would do, shows the first rows as stored, and writes nothing', async () => {
    const file = write([
      ...epaRows(1),
      ...epaRows(2, [{ duration_minutes: 80 }]),
      row('decisions', { uln: '1000000042' }),
    ]);
    const before = snapshot();
    const preview = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(preview).toMatchObject({
      mode: 'preview',
      committed: false,
      wouldCommit: true,
      batchId: null,
    });
    expect(preview.counts).toEqual({ new: 6, changed: 0, unchanged: 0, rejected: 1, flags: 1 });
    expect(preview.message).toBe(
      'Nothing has been written yet. Importing would give 6 new rows, 0 changed, 0 unchanged, 1 rejected; 1 compliance flag.',
    );
    expect(preview.preview[0]).toMatchObject({
      row: 2,
      outcome: 'new',
      values: {
        decision_ref: 'R1-O-1',
        uln: uln(1),
        standard: 'ST0071 v1.1',
        method: 'O',
        grade: 'Pass',
        assessment_date: '2026-02-02',
      },
    });
    expect(preview.preview[3]?.notes).toEqual([
      'Warning (duration_minutes): observation lasted 80 minutes (allowed 54–66 minutes)',
    ]);
    expect(preview.preview[6]).toMatchObject({
      row: 8,
      outcome: 'rejected',
      values: { uln: '1000000042' },
    });
    expect(preview.preview[6]?.notes).toContain(
      'Rejected (uln): ULN check digit does not match (expected 3)',
    );
    expect(preview.preview[6]?.notes).toContain('Rejected (grade): grade is required but empty');
    expect(snapshot()).toEqual(before);
    expect(count(app.ctx, 'import_batches')).toBe(0);

    const commit = await importFile(app.ctx, 'decisions', file);
    expect(commit.counts).toEqual(preview.counts);
    expect(commit.committed).toBe(true);
  });
});

describe('importing the same file again', () => {
  it('changes nothing but the batch record', async () => {
    const file = write([...epaRows(1), ...epaRows(2, [{ grade: 'Fail' }])]);
    const first = await importFile(app.ctx, 'decisions', file);
    expect(first.counts.new).toBe(6);
    const before = snapshot();
    const audit = count(app.ctx, 'audit_log');
    const preview = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(preview.message).toBe(
      'Nothing would change: every row that can be imported is stored already (0 new rows, 0 changed, 6 unchanged, 0 rejected).',
    );
    const second = await importFile(app.ctx, 'decisions', file);
    expect(second.counts).toEqual({ new: 0, changed: 0, unchanged: 6, rejected: 0, flags: 0 });
    expect(second.committed).toBe(true);
    expect(second.previousImports).toEqual([expect.objectContaining({ batchId: first.batchId })]);
    expect(snapshot()).toEqual(before);
    expect(count(app.ctx, 'audit_log')).toBe(audit + 1);
    expect(count(app.ctx, 'import_batches')).toBe(2);
  });

  it('keeps stored values for columns a narrower export does not have', async () => {
    await importFile(app.ctx, 'decisions', write(epaRows(1)));
    const narrow = writeCsv(path.join(app.dir, 'narrow.csv'), [
      [
        'decision_ref',
        'uln',
        'standard_code',
        'method',
        'assessor_ref',
        'assessment_date',
        'grade',
      ],
      ['R1-O-1', uln(1), 'ST0071', 'O', 'IA001', '2026-02-02', 'Pass'],
    ]);
    const result = await importFile(app.ctx, 'decisions', narrow);
    expect(result.counts).toMatchObject({ unchanged: 1, changed: 0 });
    expect(storedDecisions(app.ctx).find((d) => d.ref === 'R1-O-1')).toMatchObject({
      duration: 60,
      questioning: 8,
    });
  });
});

describe('the apprentice a file names', () => {
  const apprentice = (): unknown =>
    app.ctx.sqlite
      .prepare(
        `SELECT p.given_name AS given, p.family_name AS family, emp.name AS employer
         FROM apprentices p LEFT JOIN employers emp ON emp.id = p.employer_id`,
      )
      .all();
  const epas = (): unknown =>
    app.ctx.sqlite
      .prepare(
        `SELECT v.version, count(d.id) AS decisions FROM epas e
         JOIN standard_versions v ON v.id = e.standard_version_id
         LEFT JOIN decisions d ON d.epa_id = e.id GROUP BY e.id ORDER BY v.version`,
      )
      .all();

  it('takes details later rows and files add, never overwrites stored ones, and adds to the EPA it has', async () => {
    const [o, wbp, pd] = epaRows(1, [
      { given_name: null, employer: null },
      { given_name: 'Zoë', family_name: 'Someone Else' },
      { given_name: 'Amy', employer: 'Other Ltd' },
    ]) as Cell[][];
    await importFile(app.ctx, 'decisions', write([o as Cell[], wbp as Cell[]], 'first.csv'));
    expect(apprentice()).toEqual([
      { given: 'Zoë', family: 'Brontë 1', employer: 'Café Royal £ Ltd' },
    ]);

    // A later file: the apprentice is read back from the database, with their EPA.
    const second = await importFile(app.ctx, 'decisions', write([pd as Cell[]], 'second.csv'));
    expect(second.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(apprentice()).toEqual([
      { given: 'Zoë', family: 'Brontë 1', employer: 'Café Royal £ Ltd' },
    ]);
    expect(epas()).toEqual([{ version: '1.1', decisions: 3 }]);
  });

  it('completes a name the record lacks from a re-imported row, once, and says so', async () => {
    const rows = epaRows(1) as Cell[][];
    const at = header('decisions').indexOf('given_name');
    const nameless = rows.map((r) => r.map((c, i) => (i === at ? null : c)));
    await importFile(app.ctx, 'decisions', write(nameless, 'nameless.csv'));
    expect(apprentice()).toEqual([
      { given: null, family: 'Brontë 1', employer: 'Café Royal £ Ltd' },
    ]);

    // The fuller export of the same decisions: the first row records the name.
    const fuller = write(rows, 'fuller.csv');
    const first = await importFile(app.ctx, 'decisions', fuller);
    expect(first.counts).toMatchObject({ changed: 1, unchanged: 2 });
    expect(first.preview[0]?.notes).toEqual([
      "Apprentice's given name Zoë recorded (the record had none)",
    ]);
    expect(apprentice()).toEqual([
      { given: 'Zoë', family: 'Brontë 1', employer: 'Café Royal £ Ltd' },
    ]);
    const again = await importFile(app.ctx, 'decisions', fuller);
    expect(again.counts).toMatchObject({ changed: 0, unchanged: 3 });
  });

  it('records nothing from a rejected row: no employer, no flags', async () => {
    const rows = epaRows(1) as Cell[][];
    const blank = ['employer', 'provider_ukprn', 'provider_name'].map((c) =>
      header('decisions').indexOf(c),
    );
    const partyless = rows.map((r) => r.map((c, i) => (blank.includes(i) ? null : c)));
    await importFile(app.ctx, 'decisions', write(partyless, 'partyless.csv'));
    app.ctx.sqlite
      .prepare(
        "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref) VALUES ('assessor', (SELECT id FROM assessors WHERE ref = 'IA001'), 'employer', 'Café Royal £ Ltd')",
      )
      .run();
    const flagsBefore = count(app.ctx, 'compliance_flags');
    const employersBefore = count(app.ctx, 'employers');
    // A re-sit naming the wrong standard version (the EPA is on v1.1): rejected.
    const resit = row('decisions', {
      decision_ref: 'R1-O-2',
      uln: uln(1),
      employer: 'Café Royal £ Ltd',
      standard_code: 'ST0071',
      standard_version: '1.0',
      method: 'O',
      attempt: 2,
      assessor_ref: 'IA001',
      assessment_date: '2026-03-23',
      grade: 'Pass',
      duration_minutes: 60,
      questioning_minutes: 8,
    });
    const result = await importFile(app.ctx, 'decisions', write([resit], 'resit.csv'));
    expect(result.counts).toMatchObject({ new: 0, rejected: 1 });
    expect(apprentice()).toEqual([{ given: 'Zoë', family: 'Brontë 1', employer: null }]);
    expect(count(app.ctx, 'employers')).toBe(employersBefore);
    expect(count(app.ctx, 'compliance_flags')).toBe(flagsBefore);
    expect(problemLines(result, 'warning')).toEqual([]);
  });

  it('records an employer and provider the record lacks, and checks all the apprentice’s decisions for conflicts', async () => {
    const rows = epaRows(1) as Cell[][];
    const blank = ['employer', 'provider_ukprn', 'provider_name'].map((c) =>
      header('decisions').indexOf(c),
    );
    const partyless = rows.map((r) => r.map((c, i) => (blank.includes(i) ? null : c)));
    await importFile(app.ctx, 'decisions', write(partyless, 'partyless.csv'));
    expect(apprentice()).toEqual([{ given: 'Zoë', family: 'Brontë 1', employer: null }]);
    // Declared while the apprentice had no employer on record: nothing to flag yet.
    app.ctx.sqlite
      .prepare(
        "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref) VALUES ('assessor', (SELECT id FROM assessors WHERE ref = 'IA001'), 'employer', 'Café Royal £ Ltd')",
      )
      .run();
    const conflicted = (): string[] =>
      app.ctx.sqlite
        .prepare(
          `SELECT d.decision_ref FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
           WHERE f.code = 'assessor_ineligible' ORDER BY d.decision_ref`,
        )
        .pluck()
        .all() as string[];
    expect(conflicted()).toEqual([]);

    // A fuller export holding only the observation: the record gets its employer and provider,
    // and every decision of the apprentice by the conflicted assessor is flagged.
    const fuller = write([rows[0] as Cell[]], 'fuller.csv');
    const first = await importFile(app.ctx, 'decisions', fuller);
    expect(first.counts).toMatchObject({ changed: 1, rejected: 0 });
    expect(first.preview[0]?.notes[0]).toBe(
      "Apprentice's employer Café Royal £ Ltd, provider (UKPRN 10012345) recorded (the record had none)",
    );
    expect(apprentice()).toEqual([
      { given: 'Zoë', family: 'Brontë 1', employer: 'Café Royal £ Ltd' },
    ]);
    expect(conflicted()).toEqual(['R1-O-1', 'R1-PD-1', 'R1-WBP-1']);
    // Each flag is reported, on the row that recorded the employer.
    const conflict =
      'assessor ineligible: declared a conflict of interest with the employer Café Royal £ Ltd';
    expect(problemLines(first, 'warning')).toEqual([
      `2 assessor_ref: ${conflict}`,
      `2 assessor_ref: decision R1-WBP-1 (not in this file): ${conflict}`,
      `2 assessor_ref: decision R1-PD-1 (not in this file): ${conflict}`,
    ]);

    const flagsBefore = count(app.ctx, 'compliance_flags');
    const again = await importFile(app.ctx, 'decisions', fuller);
    expect(again.counts).toMatchObject({ changed: 0, unchanged: 1 });
    expect(problemLines(again, 'warning')).toEqual([]);
    expect(count(app.ctx, 'compliance_flags')).toBe(flagsBefore);
  });
});

describe('the gateway date', () => {
  const flags = (code: string): string[] =>
    app.ctx.sqlite
      .prepare(
        `SELECT d.decision_ref FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
         WHERE f.code = ? ORDER BY d.decision_ref`,
      )
      .pluck()
      .all(code) as string[];

  it('checks a row without one against the gateway its EPA has', async () => {
    const [o, wbp] = epaRows(1, [{}, { gateway_date: null, assessment_date: '2026-05-20' }]);
    const result = await importFile(app.ctx, 'decisions', write([o as Cell[]], 'o.csv'));
    expect(result.counts.flags).toBe(0);
    const later = await importFile(app.ctx, 'decisions', write([wbp as Cell[]], 'wbp.csv'));
    expect(problemLines(later, 'warning')).toEqual([
      '2 assessment_date: assessed on 20 May 2026, after the EPA period ended on 12 April 2026 (3 months after the gateway on 12 January 2026)',
    ]);
    expect(flags('epa_period_exceeded')).toEqual(['R1-WBP-1']);
  });

  it('takes a corrected gateway to the EPA, audited, and flags every attempt it puts outside the period', async () => {
    await importFile(app.ctx, 'decisions', write([...epaRows(1)]));
    expect(flags('epa_period_exceeded')).toEqual([]);
    // The source system corrects the gateway; this export repeats only the observation.
    const [o] = epaRows(1, [{ gateway_date: '2025-10-01' }]);
    const corrected = await importFile(app.ctx, 'decisions', write([o as Cell[]], 'fix.csv'));
    expect(corrected.counts).toMatchObject({ changed: 1 });
    const period =
      'after the EPA period ended on 1 January 2026 (3 months after the gateway on 1 October 2025)';
    expect(corrected.preview[0]?.notes).toEqual([
      'gateway_date: 2026-01-12 → 2025-10-01',
      `Warning (assessment_date): assessed on 2 February 2026, ${period}`,
      `Warning (assessment_date): decision R1-WBP-1 (not in this file): assessed on 16 February 2026, ${period}`,
      `Warning (assessment_date): decision R1-PD-1 (not in this file): assessed on 2 March 2026, ${period}`,
    ]);
    expect(app.ctx.sqlite.prepare('SELECT gateway_date FROM epas').pluck().all()).toEqual([
      '2025-10-01',
    ]);
    expect(flags('epa_period_exceeded')).toEqual(['R1-O-1', 'R1-PD-1', 'R1-WBP-1']);
    // Each flag it raised is listed, on the row that corrected the gateway: the attempts the
    // file does not repeat by their reference.
    expect(corrected.counts.flags).toBe(3);
    expect(problemLines(corrected, 'warning')).toEqual([
      `2 assessment_date: assessed on 2 February 2026, ${period}`,
      `2 assessment_date: decision R1-WBP-1 (not in this file): assessed on 16 February 2026, ${period}`,
      `2 assessment_date: decision R1-PD-1 (not in this file): assessed on 2 March 2026, ${period}`,
    ]);
    const audit = app.ctx.sqlite
      .prepare("SELECT before_json, after_json FROM audit_log WHERE action = 'epa.import-update'")
      .raw(true)
      .all() as [string, string][];
    expect(audit.map(([b, a]) => [JSON.parse(b), JSON.parse(a).gatewayDate])).toEqual([
      [{ gatewayDate: '2026-01-12' }, '2025-10-01'],
    ]);
    const again = await importFile(app.ctx, 'decisions', write([o as Cell[]], 'fix.csv'));
    expect(again.counts).toMatchObject({ unchanged: 1, changed: 0 });
    expect(flags('epa_period_exceeded')).toEqual(['R1-O-1', 'R1-PD-1', 'R1-WBP-1']);
  });

  it('keeps the gateway the first row of a file gives: a later row that differs is told, and checked against it', async () => {
    const [o, wbp] = epaRows(1, [{}, { gateway_date: '2025-10-01' }]);
    const file = write([o as Cell[], wbp as Cell[]]);
    const result = await importFile(app.ctx, 'decisions', file);
    expect(app.ctx.sqlite.prepare('SELECT gateway_date FROM epas').pluck().all()).toEqual([
      '2026-01-12',
    ]);
    // Judged on 12 January, the portfolio (16 February) is inside the EPA period.
    expect(problemLines(result, 'warning')).toEqual([
      "3 gateway_date: row 2 of this file gives this EPA's gateway as 12 January 2026; that date was kept, and this row is checked against it",
    ]);
    expect(flags('epa_period_exceeded')).toEqual([]);
    // The same file again changes nothing.
    const again = await importFile(app.ctx, 'decisions', file);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2 });
    expect(problemLines(again, 'warning')).toEqual(problemLines(result, 'warning'));
  });

  it("keeps a stored EPA's gateway that a re-import's first row repeats, and changes nothing the second time", async () => {
    await importFile(app.ctx, 'decisions', write([...epaRows(1)]));
    const audited = (): number =>
      app.ctx.sqlite
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'epa.import-update'")
        .pluck()
        .get() as number;
    // The observation repeats the stored date; the portfolio's and discussion's rows give another.
    const [o, wbp, pd] = epaRows(1, [
      { grade: 'Distinction' },
      { gateway_date: '2025-12-01' },
      { gateway_date: '2025-12-01' },
    ]);
    const file = write([o as Cell[], wbp as Cell[], pd as Cell[]], 'again.csv');
    const result = await importFile(app.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ changed: 1, unchanged: 2 });
    expect(problemLines(result, 'warning').filter((l) => l.includes('gateway_date'))).toEqual([
      "3 gateway_date: row 2 of this file gives this EPA's gateway as 12 January 2026; that date was kept, and this row is checked against it",
      "4 gateway_date: row 2 of this file gives this EPA's gateway as 12 January 2026; that date was kept, and this row is checked against it",
    ]);
    expect(audited()).toBe(0);
    const twice = await importFile(app.ctx, 'decisions', file);
    expect(twice.counts).toMatchObject({ changed: 0, unchanged: 3 });
    expect(audited()).toBe(0);
    // A file that only corrects it is not told it disagrees with itself.
    const [fix] = epaRows(1, [{ gateway_date: '2025-11-01' }]);
    const corrected = await importFile(app.ctx, 'decisions', write([fix as Cell[]], 'fix.csv'));
    expect(corrected.counts).toMatchObject({ changed: 1 });
    expect(problemLines(corrected).filter((l) => l.includes('gateway_date'))).toEqual([]);
    expect(audited()).toBe(1);
  });

  it("keeps a changed row's flags still due as they are, and clears those no longer due", async () => {
    const limits = () =>
      app.ctx.sqlite
        .prepare(
          `SELECT f.id, f.code, f.created_at FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
           WHERE d.decision_ref = 'R1-O-1' AND f.code = 'duration_out_of_range'`,
        )
        .raw(true)
        .all();
    const [long] = epaRows(1, [{ duration_minutes: 90 }]);
    await importFile(app.ctx, 'decisions', write([long as Cell[]], 'first.csv'));
    const before = limits();
    expect(before).toHaveLength(1);

    // Another date, still 90 minutes: the same flag, not a new one, though the row says it again.
    const [moved] = epaRows(1, [{ duration_minutes: 90, assessment_date: '2026-02-03' }]);
    const changed = await importFile(app.ctx, 'decisions', write([moved as Cell[]], 'moved.csv'));
    expect(changed.counts).toMatchObject({ changed: 1, flags: 0 });
    expect(limits()).toEqual(before);
    expect(problemLines(changed, 'warning')).toEqual([
      '2 duration_minutes: observation lasted 90 minutes (allowed 54–66 minutes)',
    ]);

    const [fixed] = epaRows(1, [{ assessment_date: '2026-02-03' }]);
    await importFile(app.ctx, 'decisions', write([fixed as Cell[]], 'fixed.csv'));
    expect(limits()).toEqual([]);
  });

  it('counts every flag it raises, also after clearing the newest one', async () => {
    await importFile(app.ctx, 'decisions', write([...epaRows(1)]));
    const [late] = epaRows(1, [{ gateway_date: '2026-02-10' }]);
    expect(
      (await importFile(app.ctx, 'decisions', write([late as Cell[]], 'a.csv'))).counts.flags,
    ).toBe(1);
    // The observation's flag (the newest) is cleared, and two are raised in its place.
    const [o, wbp] = epaRows(1, [{ gateway_date: '2026-02-20' }, { gateway_date: '2026-02-20' }]);
    const result = await importFile(
      app.ctx,
      'decisions',
      write([o as Cell[], wbp as Cell[]], 'b.csv'),
    );
    expect(flags('assessment_before_gateway')).toEqual(['R1-O-1', 'R1-WBP-1']);
    expect(result.counts.flags).toBe(2);
    expect(problemLines(result, 'warning').map((l) => l.slice(0, 18))).toEqual([
      '2 assessment_date:',
      '3 assessment_date:',
    ]);
  });
});

describe('a re-import with a changed grade', () => {
  it('updates the decision through the grade-change path: audit old and new, overall grade recomputed', async () => {
    await importFile(app.ctx, 'decisions', write([...epaRows(1)]));
    expect(storedDecisions(app.ctx)[0]).toMatchObject({ overall: 'Pass' });
    const all = [{ grade: 'Distinction' }, { grade: 'Distinction' }, { grade: 'Distinction' }];
    const result = await importFile(app.ctx, 'decisions', write(epaRows(1, all), 'again.csv'));
    expect(result.counts).toMatchObject({ changed: 3, unchanged: 0 });
    expect(result.heldAgainCount).toBe(0);
    expect(storedDecisions(app.ctx).map((d) => [d.grade, d.overall, d.status])).toEqual([
      ['Distinction', 'Distinction', 'held'],
      ['Distinction', 'Distinction', 'held'],
      ['Distinction', 'Distinction', 'held'],
    ]);
    const audit = app.ctx.sqlite
      .prepare(
        "SELECT action, before_json, after_json FROM audit_log WHERE action IN ('decision.grade-change', 'epa.overall-grade') ORDER BY id",
      )
      .all() as { action: string; before_json: string; after_json: string }[];
    expect(audit[0]?.action).toBe('decision.grade-change');
    expect(JSON.parse(audit[0]?.before_json ?? '')).toEqual({ grade: 'Pass' });
    expect(JSON.parse(audit[0]?.after_json ?? '')).toMatchObject({
      grade: 'Distinction',
      reason: expect.stringContaining('import batch 2 (again.csv, row 2)'),
    });
    expect(audit.at(-1)).toMatchObject({ action: 'epa.overall-grade' });
    expect(JSON.parse(audit.at(-1)?.after_json ?? '')).toMatchObject({
      overallGrade: 'Distinction',
    });
  });

  it('puts a moderated or released decision back on hold and says so', async () => {
    await importFile(app.ctx, 'decisions', write(epaRows(1)));
    // The observation was moderated (agreeing), the project released by a published plan.
    const moderation = writeCsv(path.join(app.dir, 'mod.csv'), [
      header('moderation'),
      row('moderation', {
        decision_ref: 'R1-O-1',
        moderator: 'Ruth Patel',
        moderation_date: '2026-03-10',
        activity: 'Documentation review',
        moderated_grade: 'Pass',
      }),
    ]);
    expect((await importFile(app.ctx, 'moderation', moderation)).counts.new).toBe(1);
    app.ctx.sqlite
      .prepare("UPDATE decisions SET status = 'released' WHERE decision_ref = 'R1-WBP-1'")
      .run();
    expect(statusOf('R1-O-1')).toBe('released');

    const changed = write(
      epaRows(1, [{ grade: 'Distinction' }, { grade: 'Distinction' }, { grade: 'Fail' }]),
      'changed.csv',
    );
    const result = await importFile(app.ctx, 'decisions', changed);
    expect(result.counts).toMatchObject({ changed: 3 });
    expect(result.heldAgainCount).toBe(2);
    expect(result.heldAgain).toEqual([
      expect.objectContaining({
        decisionRef: 'R1-O-1',
        before: 'Pass',
        after: 'Distinction',
        previousStatus: 'released',
        moderated: true,
      }),
      expect.objectContaining({
        decisionRef: 'R1-WBP-1',
        before: 'Pass',
        after: 'Distinction',
        previousStatus: 'released',
        moderated: false,
      }),
    ]);
    expect(result.message).toContain(
      '2 decisions already moderated or released had a grade change and are back to IQA to moderate again',
    );
    expect([statusOf('R1-O-1'), statusOf('R1-WBP-1'), statusOf('R1-PD-1')]).toEqual([
      'held',
      'held',
      'held',
    ]);
    const note = app.ctx.sqlite
      .prepare("SELECT message FROM notifications WHERE kind = 'import'")
      .pluck()
      .get() as string;
    expect(note).toContain('changed the grade of 2 decisions that had been moderated or released');
  });

  it('leaves a grade changed by moderation alone when the source still has the assessor\u2019s grade', async () => {
    const file = write(epaRows(1));
    await importFile(app.ctx, 'decisions', file);
    const id = app.ctx.sqlite
      .prepare("SELECT id FROM decisions WHERE decision_ref = 'R1-O-1'")
      .pluck()
      .get() as number;
    app.ctx.sqlite.transaction(() =>
      applyGradeChange(app.ctx, {
        decisionId: id,
        grade: 'Distinction',
        reason: 'moderation record 9: Grade changed (borderline judgement)',
      }),
    )();
    const result = await importFile(app.ctx, 'decisions', file, { mode: 'preview' });
    expect(result.counts).toMatchObject({ changed: 0, unchanged: 3 });
    expect(result.preview[0]?.notes).toEqual([
      'The file still says Pass; the grade was changed to Distinction by moderation record 9: Grade changed (borderline judgement), and that stands.',
    ]);
  });

  it('leaves a grade changed twice in the app alone while the source still has its grade, and takes the source\u2019s new grade', async () => {
    const file = write(epaRows(1));
    await importFile(app.ctx, 'decisions', file);
    const id = app.ctx.sqlite
      .prepare("SELECT id FROM decisions WHERE decision_ref = 'R1-O-1'")
      .pluck()
      .get() as number;
    const gradeOf = (): string =>
      app.ctx.sqlite.prepare('SELECT grade FROM decisions WHERE id = ?').pluck().get(id) as string;
    // Moderation and then an appeal, through the path both take.
    app.ctx.sqlite.transaction(() => {
      applyGradeChange(app.ctx, {
        decisionId: id,
        grade: 'Distinction',
        reason: 'moderation record 9: Grade changed (borderline judgement)',
      });
      applyGradeChange(app.ctx, {
        decisionId: id,
        grade: 'Fail',
        reason: 'appeal AP-2026-0001 stage 1: upheld',
      });
    })();
    const audited = count(app.ctx, 'audit_log');
    const again = await importFile(app.ctx, 'decisions', file);
    expect(again.counts).toMatchObject({ changed: 0, unchanged: 3 });
    expect(again.heldAgain).toEqual([]);
    expect(again.preview[0]?.notes).toEqual([
      'The file still says Pass; the grade was changed to Fail by appeal AP-2026-0001 stage 1: upheld, and that stands.',
    ]);
    expect(gradeOf()).toBe('Fail');
    expect(count(app.ctx, 'audit_log')).toBe(audited + 1); // the batch's own entry

    // The source system then regrades it: that is a change, made and audited.
    const regraded = write(epaRows(1, [{ grade: 'Distinction' }]), 'regraded.csv');
    const changed = await importFile(app.ctx, 'decisions', regraded);
    expect(changed.counts).toMatchObject({ changed: 1, unchanged: 2 });
    expect(gradeOf()).toBe('Distinction');
    // And the same regraded file after another change in the app changes nothing again.
    app.ctx.sqlite.transaction(() =>
      applyGradeChange(app.ctx, {
        decisionId: id,
        grade: 'Pass',
        reason: 'moderation record 12: Grade changed (criteria misapplied)',
      }),
    )();
    const once = await importFile(app.ctx, 'decisions', regraded);
    expect(once.counts).toMatchObject({ changed: 0, unchanged: 3 });
    expect(gradeOf()).toBe('Pass');
  });

  it('changes nothing when the same file comes after two imported moderations each changed the grade', async () => {
    const file = write(epaRows(1));
    await importFile(app.ctx, 'decisions', file);
    app.ctx.sqlite
      .prepare("INSERT INTO users (name, role) VALUES ('Ruth Patel', 'moderator')")
      .run();
    const moderation = (date: string, grade: string): Cell[] =>
      row('moderation', {
        decision_ref: 'R1-O-1',
        moderator: 'Ruth Patel',
        moderation_date: date,
        activity: 'Documentation review',
        moderated_grade: grade,
      });
    const history = writeCsv(path.join(app.dir, 'mod.csv'), [
      header('moderation'),
      moderation('2026-03-10', 'Distinction'),
      moderation('2026-03-12', 'Fail'),
    ]);
    expect((await importFile(app.ctx, 'moderation', history)).counts.new).toBe(2);
    expect(statusOf('R1-O-1')).toBe('released');

    const again = await importFile(app.ctx, 'decisions', file);
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 3, rejected: 0, flags: 0 });
    expect(again.heldAgain).toEqual([]);
    expect(statusOf('R1-O-1')).toBe('released');
    const grade = app.ctx.sqlite
      .prepare("SELECT grade FROM decisions WHERE decision_ref = 'R1-O-1'")
      .pluck()
      .get();
    expect(grade).toBe('Fail');
  });

  /** A moderation of R1-O-1 imported from history, by Jordan Ellis unless `r` says otherwise. */
  const moderate = (name: string, r: Record<string, Cell>) =>
    importFile(
      app.ctx,
      'moderation',
      writeCsv(path.join(app.dir, name), [
        header('moderation'),
        row('moderation', {
          decision_ref: 'R1-O-1',
          moderator: 'Jordan Ellis',
          activity: 'Documentation review',
          ...r,
        }),
      ]),
    );
  const stateOf = (ref: string): unknown =>
    app.ctx.sqlite.prepare('SELECT grade, status FROM decisions WHERE decision_ref = ?').get(ref);

  it('keeps a later moderation when the file repeats the grade the source gave at the last import, which changed nothing', async () => {
    await importFile(app.ctx, 'decisions', write(epaRows(1), 'd1.csv'));
    const first = await moderate('m1.csv', {
      moderation_date: '2026-10-12',
      moderated_grade: 'Distinction',
    });
    expect(first.counts).toMatchObject({ new: 1, rejected: 0 });
    // The source system takes the moderated grade: the row is unchanged, and no audit entry says
    // so; the grade the source gives is recorded on the decision.
    const distinction = write(epaRows(1, [{ grade: 'Distinction' }]), 'd2.csv');
    const audited = count(app.ctx, 'audit_log');
    const same = await importFile(app.ctx, 'decisions', distinction);
    expect(same.counts).toMatchObject({ unchanged: 3, changed: 0 });
    expect(count(app.ctx, 'audit_log')).toBe(audited + 1); // the batch's own entry
    const sourceGrade = app.ctx.sqlite
      .prepare("SELECT source_grade FROM decisions WHERE decision_ref = 'R1-O-1'")
      .pluck();
    expect(sourceGrade.get()).toBe('Distinction');
    // A later moderation brings it back to Pass.
    const later = await moderate('m2.csv', {
      moderator: 'Ruth Patel',
      moderation_date: '2026-10-20',
      moderated_grade: 'Pass',
    });
    expect(later.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(stateOf('R1-O-1')).toEqual({ grade: 'Pass', status: 'released' });

    // The source still says Distinction, as at the last import: nothing changed there.
    const again = await importFile(app.ctx, 'decisions', distinction);
    expect(again.counts).toMatchObject({ unchanged: 3, changed: 0 });
    expect(again.heldAgain).toEqual([]);
    expect(again.preview[0]?.notes).toEqual([
      'The file still says Distinction; the grade was changed to Pass by moderation record 2 (import batch 4 (m2.csv, row 2)), and that stands.',
    ]);
    expect(stateOf('R1-O-1')).toEqual({ grade: 'Pass', status: 'released' });
    expect(sourceGrade.get()).toBe('Distinction');
    const aside = app.ctx.sqlite
      .prepare('SELECT moderation_date FROM moderation_records WHERE superseded_at IS NOT NULL')
      .pluck()
      .all();
    expect(aside).toEqual([]);
  });

  it('takes the source changing back to its first grade, after it gave the moderated grade, as a change', async () => {
    await importFile(app.ctx, 'decisions', write(epaRows(1), 'd1.csv'));
    await moderate('m1.csv', { moderation_date: '2026-10-12', moderated_grade: 'Distinction' });
    const same = await importFile(
      app.ctx,
      'decisions',
      write(epaRows(1, [{ grade: 'Distinction' }]), 'd2.csv'),
    );
    expect(same.counts).toMatchObject({ unchanged: 3, changed: 0 });
    // Then the source system changes its mind back to Pass.
    const back = await importFile(app.ctx, 'decisions', write(epaRows(1), 'd3.csv'));
    expect(back.counts).toMatchObject({ changed: 1, unchanged: 2 });
    expect(back.preview[0]?.notes).toEqual([
      'grade: Distinction → Pass',
      'Warning (grade): grade changed from Distinction to Pass by import batch 4 (d3.csv, row 2), after it was moderated or released: moderate it again',
    ]);
    expect(back.heldAgain.map((h) => [h.decisionRef, h.before, h.after, h.moderated])).toEqual([
      ['R1-O-1', 'Distinction', 'Pass', true],
    ]);
    expect(problemLines(back, 'warning')).toContain(
      '2 grade: grade changed from Distinction to Pass by import batch 4 (d3.csv, row 2), after it was moderated or released: moderate it again',
    );
    expect(stateOf('R1-O-1')).toEqual({ grade: 'Pass', status: 'held' });
    const audit = app.ctx.sqlite
      .prepare(
        "SELECT before_json, after_json FROM audit_log WHERE action = 'decision.grade-change' ORDER BY id DESC LIMIT 1",
      )
      .get() as { before_json: string; after_json: string };
    expect(JSON.parse(audit.before_json)).toEqual({ grade: 'Distinction' });
    expect(JSON.parse(audit.after_json)).toMatchObject({
      grade: 'Pass',
      reason: 'import batch 4 (d3.csv, row 2)',
    });
  });

  it('rejects a later row reusing the reference an earlier row gave a stored decision, importing the rest', async () => {
    const noRef = epaRows(1).map((r) => [null, ...r.slice(1)]);
    await importFile(app.ctx, 'decisions', write(noRef, 'first.csv'));
    const rows = [
      ...epaRows(1).slice(0, 1), // gives R1's stored observation its reference R1-O-1
      ...epaRows(2, [{ decision_ref: 'R1-O-1' }]).slice(0, 1), // the same reference, another learner
      ...epaRows(3).slice(0, 1),
    ];
    const result = await importFile(app.ctx, 'decisions', write(rows, 'second.csv'));
    expect(result.committed).toBe(true);
    expect(result.counts).toMatchObject({ new: 1, changed: 1, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      '3 decision_ref: row 2 is the same decision (decision_ref R1-O-1); a file may hold each decision once',
    ]);
    expect(count(app.ctx, 'decisions')).toBe(4);
  });

  it('flags unchanged rows naming an employer their assessor declared a conflict with, once', async () => {
    const assessors = writeCsv(path.join(app.dir, 'assessors.csv'), [
      header('assessors'),
      row('assessors', { assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'Other Ltd' }),
    ]);
    await importFile(app.ctx, 'assessors', assessors);
    await importFile(app.ctx, 'decisions', write(epaRows(1)));
    const moved = write(
      epaRows(1, [
        { employer: 'Other Ltd' },
        { employer: 'Other Ltd' },
        { employer: 'Other Ltd', grade: 'Distinction' },
      ]),
      'moved.csv',
    );
    const result = await importFile(app.ctx, 'decisions', moved);
    expect(result.counts).toMatchObject({ changed: 1, unchanged: 2, flags: 3 });
    const named =
      'declared a conflict of interest with the employer Other Ltd on 20 November 2026, named in this row (the apprentice is recorded with another employer)';
    expect(problemLines(result, 'warning')).toEqual([
      `2 assessor_ref: assessor ${named}`,
      `3 assessor_ref: assessor ${named}`,
      `4 assessor_ref: assessor ${named}`,
    ]);
    const flagged = app.ctx.sqlite
      .prepare(
        `SELECT d.decision_ref FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
         WHERE f.code = 'assessor_conflict' ORDER BY d.decision_ref`,
      )
      .pluck()
      .all();
    expect(flagged).toEqual(['R1-O-1', 'R1-PD-1', 'R1-WBP-1']);
    // The same file again: the flags are held, not raised again.
    const again = await importFile(app.ctx, 'decisions', moved);
    expect(again.counts).toMatchObject({ changed: 0, unchanged: 3, flags: 0 });
    expect(problemLines(again, 'warning')).toEqual([]);
  });

  it('notes on a changed row each flag the change cleared', async () => {
    const assessors = writeCsv(path.join(app.dir, 'assessors.csv'), [
      header('assessors'),
      row('assessors', { assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: '10012345' }),
    ]);
    await importFile(app.ctx, 'assessors', assessors);
    const first = await importFile(app.ctx, 'decisions', write(epaRows(1)));
    expect(first.counts.flags).toBe(3);
    const reassigned = await importFile(
      app.ctx,
      'decisions',
      write(epaRows(1, [{ assessor_ref: 'IA002' }]).slice(0, 1), 'reassigned.csv'),
    );
    expect(count(app.ctx, 'compliance_flags')).toBe(2);
    expect(reassigned.preview[0]?.notes).toEqual([
      'assessor_ref: IA001 → IA002',
      'Flag cleared: assessor ineligible: declared a conflict of interest with the training provider (UKPRN 10012345) on 20 November 2026',
    ]);
  });

  it('does not call a flag cleared when the change only rewords it', async () => {
    await importFile(app.ctx, 'decisions', write(epaRows(1, [{ duration_minutes: 80 }])));
    const result = await importFile(
      app.ctx,
      'decisions',
      write(epaRows(1, [{ duration_minutes: 85 }]), 'longer.csv'),
    );
    expect(result.preview[0]?.notes).toEqual([
      'duration_minutes: 80 → 85',
      'Warning (duration_minutes): observation lasted 85 minutes (allowed 54–66 minutes)',
    ]);
    // Back within the limits: now it is cleared.
    const fixed = await importFile(
      app.ctx,
      'decisions',
      write(epaRows(1, [{ duration_minutes: 60 }]), 'fixed.csv'),
    );
    expect(fixed.preview[0]?.notes).toEqual([
      'duration_minutes: 85 → 60',
      'Flag cleared: observation lasted 85 minutes (allowed 54–66 minutes)',
    ]);
  });

  it('refuses to change a confirmed result, or to move a decision to another apprentice or method', async () => {
    await importFile(app.ctx, 'decisions', write([...epaRows(1), ...epaRows(2)]));
    app.ctx.sqlite
      .prepare(
        "UPDATE epas SET status = 'confirmed' WHERE id = (SELECT epa_id FROM decisions WHERE decision_ref = 'R1-O-1')",
      )
      .run();
    const rows = [
      ...epaRows(1, [{ grade: 'Distinction' }]),
      ...epaRows(2, [{ uln: uln(3) }, { method: 'PD' }]),
    ];
    const result = await importFile(app.ctx, 'decisions', write(rows, 'moves.csv'));
    expect(result.counts).toMatchObject({ rejected: 3, unchanged: 3 });
    expect(problemLines(result, 'error')).toEqual([
      `2 decision_ref: the EPA of ULN ${uln(1)} is confirmed, so this decision can only change through an enquiry or appeal (the file would change grade Pass → Distinction)`,
      `5 decision_ref: decision_ref R2-O-1 belongs to ULN ${uln(2)}, not ${uln(3)}; a re-import cannot move a decision to another apprentice`,
      '6 decision_ref: decision_ref R2-WBP-1 is WBP attempt 1, not PD attempt 1; a re-import cannot change which method or attempt a decision is',
    ]);
  });

  it('adds a re-sit to an existing EPA and recomputes its overall grade', async () => {
    await importFile(app.ctx, 'decisions', write(epaRows(1, [{ grade: 'Fail' }])));
    expect(storedDecisions(app.ctx)[0]).toMatchObject({ overall: 'Fail' });
    const resit = row('decisions', {
      decision_ref: 'R1-O-2',
      uln: uln(1),
      standard_code: 'ST0071',
      method: 'O',
      attempt: 2,
      assessor_ref: 'IA001',
      assessment_date: '2026-05-01',
      grade: 'Pass',
      duration_minutes: 60,
    });
    const result = await importFile(app.ctx, 'decisions', write([resit], 'resit.csv'));
    expect(result.counts).toMatchObject({ new: 1 });
    expect(
      storedDecisions(app.ctx).map((d) => [d.method, d.attempt, d.standard, d.overall]),
    ).toEqual([
      ['O', 1, 'ST0071 v1.1', 'Pass'],
      ['O', 2, 'ST0071 v1.1', 'Pass'],
      ['PD', 1, 'ST0071 v1.1', 'Pass'],
      ['WBP', 1, 'ST0071 v1.1', 'Pass'],
    ]);
  });
});

describe('a database from before the source grade was recorded (migration 0019)', () => {
  /** The migrations folder as the version before 0019 shipped it. */
  function migrationsBefore0019(): string {
    const folder = path.join(app.dir, 'drizzle-0018');
    fs.cpSync(MIGRATIONS, folder, { recursive: true });
    const journalPath = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as {
      entries: { idx: number }[];
    };
    journal.entries = journal.entries.filter((e) => e.idx < 19);
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    return folder;
  }

  it('works out the source grade from the audit log, as before, then records it', async () => {
    const dbPath = path.join(app.dir, 'old.sqlite');
    const old = await bootstrap({
      dbPath,
      migrationsFolder: migrationsBefore0019(),
      clock: fixedClock(),
      actor: 'test',
    });
    const columns = (): string[] =>
      old.sqlite
        .prepare("SELECT name FROM pragma_table_info('decisions')")
        .pluck()
        .all() as string[];
    expect(columns()).not.toContain('source_grade');
    standardise(old.sqlite);
    // Today's import writes source_grade: the column is there only while the decisions are
    // imported, and dropped again, leaving them as the version before 0019 stored them.
    old.sqlite.exec('ALTER TABLE decisions ADD source_grade text');
    const file = write(epaRows(1));
    await importFile(old, 'decisions', file);
    old.sqlite.exec('ALTER TABLE decisions DROP COLUMN source_grade');
    expect(columns()).not.toContain('source_grade');
    const id = old.sqlite
      .prepare("SELECT id FROM decisions WHERE decision_ref = 'R1-O-1'")
      .pluck()
      .get() as number;
    old.sqlite.transaction(() =>
      applyGradeChange(old, {
        decisionId: id,
        grade: 'Distinction',
        reason: 'moderation record 9: Grade changed (borderline judgement)',
      }),
    )();
    old.store.close();

    const migrated = await openTestApp({ dbPath });
    try {
      const sourceGrades = (): unknown[] =>
        migrated.ctx.sqlite
          .prepare('SELECT decision_ref, grade, source_grade FROM decisions ORDER BY id')
          .raw(true)
          .all();
      expect(sourceGrades()).toEqual([
        ['R1-O-1', 'Distinction', null],
        ['R1-WBP-1', 'Pass', null],
        ['R1-PD-1', 'Pass', null],
      ]);
      // The file still gives the observation the grade the first import took from it: the
      // moderated grade stands. The source regrades the project: a change.
      const again = write(epaRows(1, [{}, { grade: 'Distinction' }]), 'again.csv');
      const result = await importFile(migrated.ctx, 'decisions', again);
      expect(result.counts).toMatchObject({ changed: 1, unchanged: 2, rejected: 0 });
      expect(result.preview.map((r) => r.notes)).toEqual([
        [
          'The file still says Pass; the grade was changed to Distinction by moderation record 9: Grade changed (borderline judgement), and that stands.',
        ],
        ['grade: Pass → Distinction'],
        [],
      ]);
      // The import records the grades the source gives now.
      expect(sourceGrades()).toEqual([
        ['R1-O-1', 'Distinction', 'Pass'],
        ['R1-WBP-1', 'Distinction', 'Distinction'],
        ['R1-PD-1', 'Pass', 'Pass'],
      ]);
    } finally {
      migrated.close();
    }
  });
});

describe('exports from other systems', () => {
  const headers = [
    'Learner ULN',
    'Standard',
    'Component',
    'Assessor',
    'Date assessed',
    'Result',
    'Notes',
  ];
  const other = (): string =>
    writeCsv(
      path.join(app.dir, 'platform-export.csv'),
      [
        headers,
        [
          uln(1),
          'ST0071',
          'Practical observation with Q&As',
          'IA001',
          '02/02/2026',
          'Pass',
          'fine',
        ],
        [uln(1), 'ST0071', 'WBP', 'IA001', '16/02/2026', 'Distinction', ''],
      ],
      { delimiter: ';' },
    );
  const mapping = {
    uln: 'Learner ULN',
    standard_code: 'Standard',
    method: 'Component',
    assessor_ref: 'Assessor',
    assessment_date: 'Date assessed',
    grade: 'Result',
  };

  it('refuses to guess: headers that do not match the template need a mapping', async () => {
    await expect(importFile(app.ctx, 'decisions', other())).rejects.toThrow(
      /do not match the decisions template\. Some columns only look like template columns \("Learner ULN" for uln, .*"Result" for grade\)\. Map the columns/,
    );
  });

  it('says which required columns are missing', async () => {
    const file = writeCsv(path.join(app.dir, 'short.csv'), [
      ['uln', 'grade'],
      [uln(1), 'Pass'],
    ]);
    await expect(importFile(app.ctx, 'decisions', file)).rejects.toThrow(
      'The columns of short.csv do not match the decisions template. It lacks the required columns standard_code, method, assessor_ref, assessment_date.',
    );
  });

  it('refuses a file with two columns of the same heading that it would read, naming them', async () => {
    const [names, values] = [header('decisions'), epaRows(1)[0] as Cell[]];
    const file = writeCsv(path.join(app.dir, 'twice.csv'), [
      [...names, 'Grade '],
      [...values, 'Distinction'],
    ]);
    await expect(importFile(app.ctx, 'decisions', file)).rejects.toThrow(
      'twice.csv has 2 columns headed "grade" (columns P, V), so it is not clear which holds grade. Rename or remove the others and import it again.',
    );
    expect(count(app.ctx, 'decisions')).toBe(0);
    // A heading repeated in a column the import does not read is no reason to refuse.
    const extra = writeCsv(path.join(app.dir, 'notes.csv'), [
      [...names, 'Notes', 'Notes'],
      [...values, 'a', 'b'],
    ]);
    expect((await importFile(app.ctx, 'decisions', extra)).counts).toMatchObject({ new: 1 });
  });

  it('imports with a mapping, and chooses a saved mapping automatically for the same headers', async () => {
    const first = await importFile(app.ctx, 'decisions', other(), { mapping, mode: 'preview' });
    expect(first.counts).toMatchObject({ new: 2, rejected: 0 });
    expect(first.problems).toContainEqual(
      expect.objectContaining({ row: 1, column: 'Notes', severity: 'warning' }),
    );
    saveMapping(app.ctx, {
      name: 'EPA Pro export',
      kind: 'decisions',
      headers: [
        'Result',
        'Notes',
        'Learner ULN',
        'Standard',
        'Component',
        'Assessor',
        'Date assessed',
      ],
      mapping,
    });
    const again = await importFile(app.ctx, 'decisions', other());
    expect(again.counts).toMatchObject({ new: 2 });
    expect(
      app.ctx.sqlite.prepare('SELECT mapping_name FROM import_batch_details').pluck().get(),
    ).toBe('EPA Pro export');
    expect(storedDecisions(app.ctx).map((d) => [d.method, d.grade, d.date])).toEqual([
      ['O', 'Pass', '2026-02-02'],
      ['WBP', 'Distinction', '2026-02-16'],
    ]);
    // The same export with a second result column headed in capitals: the header set still
    // finds the mapping, but which result it means is a guess, so the file is refused.
    const twice = writeCsv(path.join(app.dir, 'twice.csv'), [
      [...headers, 'RESULT'],
      [uln(1), 'ST0071', 'O', 'IA001', '02/02/2026', 'Pass', '', 'Fail'],
    ]);
    await expect(importFile(app.ctx, 'decisions', twice)).rejects.toThrow(
      'twice.csv has 2 columns headed "Result" (columns F, H), so it is not clear which holds grade.',
    );
  });
});

describe('re-sits and open appeals', () => {
  it('refuses a re-sit attempt on an EPA with an open appeal, naming the appeal, and takes it once the appeal is withdrawn', async () => {
    signInLead(app.ctx);
    await importFile(app.ctx, 'decisions', write([...epaRows(1, [{ grade: 'Fail' }])]));
    const epaId = app.ctx.sqlite.prepare('SELECT id FROM epas').pluck().get() as number;
    const appeal = logAppeal(app.ctx, {
      epaId,
      kind: 'appeal',
      type: 'result',
      appellantKind: 'apprentice',
      appellantName: 'Zoë Brontë',
      authorisations: [],
      receivedDate: '2026-11-18',
      grounds: ['criteria_misapplied'],
      description: 'The observation criteria were not applied as written.',
      decisionIds: [],
    });
    const resit = write(
      epaRows(1, [{ decision_ref: 'R1-O-2', attempt: 2, assessment_date: '2026-11-02' }]).slice(
        0,
        1,
      ),
      'resit.csv',
    );
    const before = snapshot();
    const refused = await importFile(app.ctx, 'decisions', resit);
    expect(refused.counts).toMatchObject({ new: 0, rejected: 1 });
    expect(problemLines(refused)).toContainEqual(
      `2 attempt: This EPA has an open appeal (${appeal.ref}, received): it cannot be booked for a re-sit until the appeal is closed or withdrawn.`,
    );
    expect(snapshot()).toEqual(before);

    transitionAppeal(app.ctx, {
      appealId: appeal.id,
      action: 'withdraw',
      note: 'Withdrawn by the apprentice',
    });
    const taken = await importFile(app.ctx, 'decisions', resit);
    expect(taken.counts).toMatchObject({ new: 1, rejected: 0 });
  });
});
