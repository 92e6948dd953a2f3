/**
 * Moderation history, assessors and standardisation attendance, each from its own template.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeLabel, type ImportResultDto } from '../../../src/shared/contract';
import type { ImportKind } from '../../../src/shared/imports';
import { gatherEvidence } from '../../../src/main/analytics/evidence-data';
import { listRecords } from '../../../src/main/moderation/records';
import { disagreementRisk } from '../../../src/main/sampling/scope';
import { openTestApp, type TestApp } from '../../support/context';
import { epaRows, header, row, writeCsv, writeXlsx, type Cell } from './files';
import { count, importFile, problemLines } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
});
afterEach(() => app.close());

const decisionsFile = (): string =>
  writeCsv(path.join(app.dir, 'decisions.csv'), [
    header('decisions'),
    ...epaRows(1),
    ...epaRows(2),
  ]);
/** Imports `rows` under the kind's template header, as a CSV file called `name`. */
const importRows = (kind: ImportKind, name: string, rows: Cell[][]): Promise<ImportResultDto> =>
  importFile(app.ctx, kind, writeCsv(path.join(app.dir, name), [header(kind), ...rows]));
const idOf = (ref: string): number =>
  app.ctx.sqlite
    .prepare('SELECT id FROM decisions WHERE decision_ref = ?')
    .pluck()
    .get(ref) as number;

describe('moderation history', () => {
  const m = (values: Record<string, string>) => row('moderation', values);

  it('writes records that count like moderation in the app: grade change, release, disagreement risk', async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    app.ctx.sqlite
      .prepare("INSERT INTO users (name, role) VALUES ('Ruth Patel', 'moderator')")
      .run();
    const file = writeCsv(path.join(app.dir, 'moderation.csv'), [
      header('moderation'),
      m({
        decision_ref: 'R1-O-1',
        moderator: 'Ruth Patel',
        moderation_date: '10/03/2026',
        activity: 'Documentation review',
        moderated_grade: 'pass',
        feedback: 'Clear, well-referenced evidence.\nKeep it up.',
      }),
      m({
        decision_ref: 'R1-WBP-1',
        moderator: 'ruth patel',
        moderation_date: '2026-03-11',
        activity: 'Observed live',
        moderated_grade: 'D',
      }),
      m({
        decision_ref: 'R2-PD-1',
        moderator: 'Jordan Ellis',
        moderation_date: '2026-03-12',
        activity: 'Remote (Teams)',
        moderated_grade: 'Fail',
      }),
    ]);
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 3, rejected: 0 });

    const records = listRecords(app.ctx, idOf('R1-WBP-1'));
    expect(records).toEqual([
      expect.objectContaining({
        moderatorName: 'Ruth Patel',
        moderationDate: '2026-03-11',
        activity: 'live_observation',
        originalGrade: 'Pass',
        moderatedGrade: 'Distinction',
        source: 'import',
        // The file says what the grade became, not why: no reason is made up for the change.
        outcome: null,
      }),
    ]);
    expect(outcomeLabel(records[0]?.outcome ?? null, records[0]?.source)).toBe(
      'Outcome not recorded (imported)',
    );
    expect(result.preview.find((p) => p.values.decision_ref === 'R1-WBP-1')?.notes).toEqual([
      'Grade Pass → Distinction; outcome not recorded (imported)',
    ]);
    const recorded = app.ctx.sqlite
      .prepare(
        `SELECT json_extract(after_json, '$.outcome') FROM audit_log
         WHERE action = 'moderation.record' ORDER BY id`,
      )
      .pluck()
      .all();
    expect(recorded).toEqual(['agreed', null, null]);
    expect(listRecords(app.ctx, idOf('R1-O-1'))[0]).toMatchObject({
      outcome: 'agreed',
      feedback: 'Clear, well-referenced evidence.\nKeep it up.',
    });
    const decisions = app.ctx.sqlite
      .prepare(
        "SELECT decision_ref, grade, status FROM decisions WHERE decision_ref IN ('R1-O-1', 'R1-WBP-1', 'R2-PD-1') ORDER BY decision_ref",
      )
      .raw(true)
      .all();
    expect(decisions).toEqual([
      ['R1-O-1', 'Pass', 'released'],
      ['R1-WBP-1', 'Distinction', 'released'],
      ['R2-PD-1', 'Fail', 'released'],
    ]);
    const overall = app.ctx.sqlite
      .prepare('SELECT overall_grade FROM epas ORDER BY id')
      .pluck()
      .all();
    expect(overall).toEqual(['Pass', 'Fail']);
    const assessor = app.ctx.sqlite
      .prepare("SELECT id FROM assessors WHERE ref = 'IA001'")
      .pluck()
      .get() as number;
    const risk = disagreementRisk(
      app.ctx,
      { from: '2026-04-01', to: '2026-04-30', previousFrom: '2026-03-01' },
      [assessor],
    );
    expect(risk.get(assessor)?.[0]?.detail).toBe(
      '2 moderation disagreement(s) since 2026-03-01, latest 2026-03-12',
    );

    // Analytics count them as moderated and as grade changes, shown under their own outcome.
    const evidence = gatherEvidence(app.ctx, { from: '2026-03-01', to: '2026-03-31' }).moderation;
    expect(evidence).toMatchObject({ records: 3, gradeChanged: 2 });
    expect(evidence.byOutcome).toEqual([
      ['Outcome not recorded (imported)', 2],
      ['Agreed', 1],
    ]);
    // The agreement statistics' table holds both grades of each, as for in-app moderation.
    const agreement = app.ctx.sqlite
      .prepare(
        `SELECT d.decision_ref, a.assessor_grade, a.moderated_grade FROM analytics_moderated a
         JOIN decisions d ON d.id = a.decision_id ORDER BY d.decision_ref`,
      )
      .raw(true)
      .all();
    expect(agreement).toEqual([
      ['R1-O-1', 'Pass', 'Pass'],
      ['R1-WBP-1', 'Pass', 'Distinction'],
      ['R2-PD-1', 'Pass', 'Fail'],
    ]);

    const again = await importFile(app.ctx, 'moderation', file);
    expect(again.counts).toMatchObject({ new: 0, unchanged: 3, changed: 0 });
    expect(count(app.ctx, 'moderation_records')).toBe(3);
  });

  it('a re-imported record with another grade takes the outcome of its grades; one made in the app is not rewritten', async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    const record = (values: Partial<Record<string, string>>) =>
      m({
        moderator: 'Ruth Patel',
        moderation_date: '2026-03-11',
        activity: 'Documentation review',
        ...values,
      });
    await importRows('moderation', 'm1.csv', [
      record({ decision_ref: 'R1-O-1', moderated_grade: 'Pass' }),
      record({ decision_ref: 'R1-WBP-1', moderated_grade: 'Distinction' }),
      record({ decision_ref: 'R2-PD-1', moderated_grade: 'Pass' }),
    ]);
    // Someone corrects the history: the first was really a change, the second an agreement.
    app.ctx.sqlite
      .prepare(
        "UPDATE moderation_records SET source = 'app', outcome = 'agreed_with_feedback', feedback = 'Talked it through' WHERE decision_id = ?",
      )
      .run(idOf('R2-PD-1'));
    const result = await importRows('moderation', 'm2.csv', [
      record({ decision_ref: 'R1-O-1', moderated_grade: 'Fail' }),
      record({ decision_ref: 'R1-WBP-1', moderated_grade: 'Pass' }),
      record({ decision_ref: 'R2-PD-1', moderated_grade: 'Fail' }),
    ]);
    expect(result.counts).toMatchObject({ changed: 2, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      '4 moderated_grade: this moderation was recorded in IQA Desk (record 3: Pass, "Talked it through"); change it there, not through an import',
    ]);
    const stored = (ref: string) =>
      listRecords(app.ctx, idOf(ref)).map((r) => [r.originalGrade, r.moderatedGrade, r.outcome]);
    expect(stored('R1-O-1')).toEqual([['Pass', 'Fail', null]]);
    expect(stored('R1-WBP-1')).toEqual([['Pass', 'Pass', 'agreed']]);
    expect(stored('R2-PD-1')).toEqual([['Pass', 'Pass', 'agreed_with_feedback']]);
    const grades = app.ctx.sqlite
      .prepare(
        "SELECT grade FROM decisions WHERE decision_ref IN ('R1-O-1', 'R1-WBP-1', 'R2-PD-1') ORDER BY decision_ref",
      )
      .pluck()
      .all();
    expect(grades).toEqual(['Fail', 'Pass', 'Pass']);
    const audited = app.ctx.sqlite
      .prepare(
        `SELECT json_extract(before_json, '$.outcome'), json_extract(after_json, '$.outcome')
         FROM audit_log WHERE action = 'moderation.import-update' ORDER BY id`,
      )
      .raw(true)
      .all();
    expect(audited).toEqual([
      ['agreed', null],
      [null, 'agreed'],
    ]);
  });

  it('refuses unknown decisions, grades, activities, impossible dates and self-moderation', async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    const file = await writeXlsx(path.join(app.dir, 'moderation.xlsx'), [
      {
        name: 'Moderations',
        rows: [
          header('moderation'),
          m({
            decision_ref: 'NOPE',
            moderator: 'Ruth Patel',
            moderation_date: '2026-03-10',
            activity: 'Documentation review',
            moderated_grade: 'Pass',
          }),
          m({
            decision_ref: 'R1-O-1',
            moderator: 'Ruth Patel',
            moderation_date: '2026-03-10',
            activity: 'Documentation review',
            moderated_grade: 'Merit',
          }),
          m({
            decision_ref: 'R1-O-1',
            moderator: 'Ruth Patel',
            moderation_date: '2026-03-10',
            activity: 'Phone call',
            moderated_grade: 'Pass',
          }),
          m({
            decision_ref: 'R1-O-1',
            moderator: 'Ruth Patel',
            moderation_date: '2026-01-10',
            activity: 'Documentation review',
            moderated_grade: 'Pass',
          }),
          m({
            decision_ref: 'R1-O-1',
            moderator: 'Dana Hughes',
            moderation_date: '2026-03-10',
            activity: 'Documentation review',
            moderated_grade: 'Pass',
          }),
          m({
            decision_ref: 'R1-PD-1',
            moderator: 'Ruth Patel',
            moderation_date: '2026-12-10',
            activity: 'Documentation review',
            moderated_grade: 'Pass',
          }),
          m({
            decision_ref: 'R1-PD-1',
            moderator: 'Ruth Patel',
            moderation_date: '2026-03-10',
            activity: 'Documentation review',
            moderated_grade: 'Pass',
          }),
          m({
            decision_ref: 'R1-PD-1',
            moderator: 'Ruth Patel',
            moderation_date: '10/03/2026',
            activity: 'doc review',
            moderated_grade: 'Pass',
          }),
        ],
      },
    ]);
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 1, rejected: 7 });
    // A rejected row is shown in the preview as the file gave it, so it can be found.
    expect(result.preview.find((p) => p.row === 2)).toMatchObject({
      outcome: 'rejected',
      values: { decision_ref: 'NOPE', moderator: 'Ruth Patel' },
    });
    expect(problemLines(result, 'error')).toEqual([
      '2 decision_ref: no decision has decision_ref NOPE; import the decisions first',
      "3 moderated_grade: 'Merit' is not a grade of this decision's standard version (Fail, Pass, Distinction)",
      "4 activity: 'Phone call' is not a moderation activity (documentation review, live observation or remote observation)",
      '5 moderation_date: moderated before the assessment itself (2026-02-02)',
      '6 moderator: Dana Hughes made this assessment decision, so cannot have moderated it',
      '7 moderation_date: 10 December 2026 is in the future (today is 20 November 2026)',
      '9 decision_ref: row 8 is the same moderation (decision, moderator, date and activity); a file may hold each once',
    ]);
  });
});

describe('assessors', () => {
  const a = (values: Record<string, string>) => row('assessors', values);
  /** Every conflict declared, oldest first: [party_type, party_ref]. */
  const conflictParties = (): unknown[] =>
    app.ctx.sqlite
      .prepare('SELECT party_type, party_ref FROM conflicts ORDER BY id')
      .raw(true)
      .all();

  it('adds assessors and their declared conflicts, which then flag decisions', async () => {
    const file = writeCsv(
      path.join(app.dir, 'assessors.csv'),
      [
        header('assessors'),
        a({
          assessor_ref: 'IA001',
          name: 'Dana Hughes',
          email: 'dana@example.org',
          start_date: '01/09/2024',
          qualification_status: 'TAQA',
          competence_since: '2015-06-01',
          conflicts: 'Café Royal £ Ltd; 10099999',
        }),
        a({
          assessor_ref: 'IA002',
          name: 'Sam Lee',
          qualification_status: 'Working towards',
          competence_since: '2025-09-01',
        }),
      ],
      { delimiter: ';', encoding: 'windows-1252' },
    );
    const result = await importFile(app.ctx, 'assessors', file);
    expect(result.counts).toMatchObject({ new: 2, rejected: 0 });
    expect(problemLines(result, 'warning')).toEqual([
      '3 competence_since: competent only since 1 September 2025: the assessment plan asks independent assessors for 2 years or more',
    ]);
    expect(
      app.ctx.sqlite
        .prepare(
          'SELECT ref, name, email, start_date, qualification_status FROM assessors ORDER BY ref',
        )
        .raw(true)
        .all(),
    ).toEqual([
      ['IA001', 'Dana Hughes', 'dana@example.org', '2024-09-01', 'held'],
      ['IA002', 'Sam Lee', null, null, 'working_towards'],
    ]);
    expect(conflictParties()).toEqual([
      ['employer', 'Café Royal £ Ltd'],
      ['provider', '10099999'],
    ]);
    const decisions = await importFile(app.ctx, 'decisions', decisionsFile());
    // Each of the six decisions: the conflict with the employer, and no standardisation yet.
    expect(decisions.counts.flags).toBe(12);
    expect(problemLines(decisions, 'warning').filter((l) => l.startsWith('2 '))).toEqual([
      '2 assessor_ref: assessor not standardised on ST0071 v1.1 before this assessment',
      '2 assessor_ref: assessor ineligible: declared a conflict of interest with the employer Café Royal £ Ltd on 20 November 2026',
    ]);
    // The value the report shows is the assessor the flag is about, not an empty cell.
    expect(
      decisions.problems
        .filter((p) => p.row === 2 && p.column === 'assessor_ref')
        .map((p) => p.value),
    ).toEqual(['IA001', 'IA001']);
  });

  it('updates by reference: changed details, conflicts added and ended; conflicts declared in the app stay', async () => {
    const first = writeCsv(path.join(app.dir, 'a1.csv'), [
      header('assessors'),
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'Acme Ltd; 10012345' }),
    ]);
    await importFile(app.ctx, 'assessors', first);
    const id = app.ctx.sqlite
      .prepare("SELECT id FROM assessors WHERE ref = 'IA001'")
      .pluck()
      .get() as number;
    app.ctx.sqlite
      .prepare(
        "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, note) VALUES ('assessor', ?, 'employer', 'Sister Co', 'declared in person')",
      )
      .run(id);
    expect((await importFile(app.ctx, 'assessors', first)).counts).toMatchObject({ unchanged: 1 });

    const second = writeCsv(path.join(app.dir, 'a2.csv'), [
      header('assessors'),
      a({ assessor_ref: 'ia001', name: 'Dana Hughes-Wright', conflicts: '10012345; Beta plc' }),
    ]);
    const result = await importFile(app.ctx, 'assessors', second);
    expect(result.counts).toMatchObject({ changed: 1 });
    expect(result.preview[0]?.notes).toEqual([
      'name: Dana Hughes → Dana Hughes-Wright',
      'Conflict of interest added: Beta plc',
      'Conflict of interest ended: Acme Ltd',
    ]);
    expect(
      app.ctx.sqlite
        .prepare('SELECT party_ref, ended_on FROM conflicts ORDER BY id')
        .raw(true)
        .all(),
    ).toEqual([
      ['Acme Ltd', '2026-11-20'],
      ['10012345', null],
      ['Sister Co', null],
      ['Beta plc', null],
    ]);
  });

  it("says on the assessor's row how many of their decisions a conflict declared there flags", async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    const conflicted = (): number =>
      app.ctx.sqlite
        .prepare(
          "SELECT count(*) FROM compliance_flags WHERE code = 'assessor_ineligible' AND message LIKE '%Café Royal%'",
        )
        .pluck()
        .get() as number;
    expect(conflicted()).toBe(0);

    const declared = await importRows('assessors', 'declared.csv', [
      a({ assessor_ref: 'IA002', name: 'Sam Lee', conflicts: 'Beta plc' }),
      // Typed in other capitals: the row is told by the assessor's stored reference.
      a({ assessor_ref: 'ia001', name: 'Dana Hughes', conflicts: 'Café Royal £ Ltd' }),
    ]);
    expect(conflicted()).toBe(6);
    // Row 3, the one that declared it; IA002 assessed nothing, so row 2 says nothing.
    expect(problemLines(declared, 'warning')).toEqual([
      "3 assessor_ref: 6 of IA001's decisions are now flagged 'assessor ineligible'; the first: assessor ineligible: declared a conflict of interest with the employer Café Royal £ Ltd on 20 November 2026",
    ]);
    // The report's value column shows the cell as the file typed it, as for any other problem.
    expect(declared.problems.find((p) => p.row === 3)?.value).toBe('ia001');
  });

  it('reads conflicts separated by bars and UKPRNs typed in groups, and says which match nothing on record', async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    const result = await importRows('assessors', 'conflicts.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'Café Royal £ Ltd | 1001 2345' }),
      a({
        assessor_ref: 'IA002',
        name: 'Sam Lee',
        conflicts: 'Castleton Energy plc, Ashby Energy Ltd',
      }),
      a({ assessor_ref: 'IA003', name: 'Ali Khan', conflicts: 'Unknown Employer Ltd; 10099999' }),
      a({ assessor_ref: 'IA004', name: 'Bo Li', conflicts: '1001 2345, 1903 7878' }),
    ]);
    // IA001 came with the decisions; its conflicts match their employer and provider.
    expect(result.counts).toMatchObject({ new: 3, changed: 1, rejected: 0 });
    expect(conflictParties()).toEqual([
      ['employer', 'Café Royal £ Ltd'],
      ['provider', '10012345'],
      ['employer', 'Castleton Energy plc, Ashby Energy Ltd'],
      ['employer', 'Unknown Employer Ltd'],
      ['provider', '10099999'],
      ['provider', '10012345'],
      ['provider', '19037878'],
    ]);
    expect(problemLines(result, 'warning')).toContainEqual(
      "3 conflicts: no employer on record is named 'Castleton Energy plc, Ashby Energy Ltd'; if it is two employers, separate them with ';' (as one name, it flags only decisions for an employer of exactly that name)",
    );
    expect(result.preview[0]?.notes).toEqual([
      'Conflict of interest added: Café Royal £ Ltd',
      'Conflict of interest added: 10012345',
      "Warning (assessor_ref): 6 of IA001's decisions are now flagged 'assessor ineligible'; the first: assessor ineligible: declared a conflict of interest with the employer Café Royal £ Ltd on 20 November 2026",
    ]);
    expect(result.preview[2]?.notes).toEqual([
      "No employer on record is named 'Unknown Employer Ltd' yet: the conflict flags only decisions for an employer of exactly that name",
      'No provider on record has UKPRN 10099999 yet: the conflict flags only decisions from that provider',
    ]);
  });

  it('keeps what a file without the optional columns, or with blank cells, does not say; one conflict typed twice is one', async () => {
    await importRows('assessors', 'full.csv', [
      a({
        assessor_ref: 'IA001',
        name: 'Dana Hughes',
        email: 'dana@example.org',
        start_date: '01/09/2019',
        qualification_status: 'held',
        competence_since: '2015-06-01',
        conflicts: 'Redhill Water Ltd;redhill  water ltd; 10012345 ;10012345',
      }),
    ]);
    const conflicts = () =>
      app.ctx.sqlite
        .prepare('SELECT party_ref FROM conflicts WHERE ended_on IS NULL ORDER BY id')
        .pluck()
        .all();
    expect(conflicts()).toEqual(['Redhill Water Ltd', '10012345']);
    const details = () =>
      app.ctx.sqlite
        .prepare(
          'SELECT name, email, start_date, qualification_status, competence_since FROM assessors',
        )
        .raw(true)
        .all();
    const before = details();
    const narrow = (name: string) =>
      writeCsv(path.join(app.dir, 'narrow.csv'), [
        ['assessor_ref', 'name'],
        ['IA001', name],
      ]);
    expect((await importFile(app.ctx, 'assessors', narrow('Dana Hughes'))).counts).toMatchObject({
      unchanged: 1,
    });
    const renamed = await importFile(app.ctx, 'assessors', narrow('Dana Hughes-Wright'));
    expect(renamed.counts).toMatchObject({ changed: 1 });
    expect(renamed.preview[0]?.notes).toEqual(['name: Dana Hughes → Dana Hughes-Wright']);
    expect(details()).toEqual([['Dana Hughes-Wright', ...(before[0] as unknown[]).slice(1)]]);
    expect(conflicts()).toEqual(['Redhill Water Ltd', '10012345']);
    // Nor do blank cells in a file that has the columns.
    const gaps = await importRows('assessors', 'gaps.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes-Wright', email: 'dana@new.example.org' }),
    ]);
    expect(gaps.preview[0]?.notes).toEqual(['email: dana@example.org → dana@new.example.org']);
    expect(details()).toEqual([
      ['Dana Hughes-Wright', 'dana@new.example.org', ...(before[0] as unknown[]).slice(2)],
    ]);
    expect(conflicts()).toEqual(['Redhill Water Ltd', '10012345']);
    // "none" says there are none: the imported ones end.
    const none = await importRows('assessors', 'none.csv', [
      a({ assessor_ref: 'IA001', name: 'Dana Hughes-Wright', conflicts: 'None' }),
    ]);
    expect(none.preview[0]?.notes).toEqual([
      'Conflict of interest ended: Redhill Water Ltd',
      'Conflict of interest ended: 10012345',
    ]);
    expect(conflicts()).toEqual([]);
  });

  it('reads a comma-separated list of UKPRNs as several providers, and keeps a comma in an employer name', async () => {
    await importRows('assessors', 'commas.csv', [
      a({
        assessor_ref: 'IA001',
        name: 'Dana Hughes',
        conflicts: '10012345, 10099999; Smith, Jones & Partners',
      }),
    ]);
    expect(conflictParties()).toEqual([
      ['provider', '10012345'],
      ['provider', '10099999'],
      ['employer', 'Smith, Jones & Partners'],
    ]);
  });

  it('refuses bad UKPRNs, emails and qualification statuses, and a second row for one assessor', async () => {
    const file = writeCsv(path.join(app.dir, 'bad.csv'), [
      header('assessors'),
      a({ assessor_ref: 'IA001', name: 'Dana Hughes', conflicts: 'Acme; 1234567' }),
      a({ assessor_ref: 'IA002', name: 'Sam Lee', email: 'sam at example' }),
      a({ assessor_ref: 'IA003', name: 'Kim Ng', qualification_status: 'maybe' }),
      a({ assessor_ref: 'IA004', name: 'Lou Ray' }),
      a({ assessor_ref: 'IA004', name: 'Lou Ray' }),
      a({ assessor_ref: 'IA005', name: '' }),
    ]);
    const result = await importFile(app.ctx, 'assessors', file);
    expect(problemLines(result, 'error')).toEqual([
      "2 conflicts: '1234567' looks like a provider's UKPRN but is not one: UKPRN must be 8 digits (this has 7)",
      "3 email: 'sam at example' is not an email address",
      "4 qualification_status: 'maybe' is not a qualification status (held, working towards or equivalent expertise)",
      '6 assessor_ref: row 5 is the same assessor; a file may list each assessor once',
      '7 name: name is required but empty',
    ]);
    expect(result.counts).toMatchObject({ new: 1, rejected: 5 });
  });
});

describe('standardisation attendance', () => {
  const s = (values: Record<string, string>) => row('standardisation', values);

  it('records events and who attended; refuses unknown assessors, future events and unclear answers', async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    app.ctx.sqlite.prepare("INSERT INTO assessors (ref, name) VALUES ('IA002', 'Sam Lee')").run();
    const file = writeCsv(
      path.join(app.dir, 'std.csv'),
      [
        header('standardisation'),
        s({
          event_date: '10/02/2026',
          event_title: 'ST0071 spring standardisation',
          assessor_ref: 'IA001',
          attended: 'yes',
        }),
        s({
          event_date: '2026-02-10',
          event_title: 'ST0071 spring standardisation',
          assessor_ref: 'IA002',
          attended: 'No',
        }),
        s({
          event_date: '2026-02-10',
          event_title: 'ST0071 spring standardisation',
          assessor_ref: 'IA009',
          attended: 'yes',
        }),
        s({
          event_date: '2027-02-10',
          event_title: 'Next year',
          assessor_ref: 'IA001',
          attended: 'yes',
        }),
        s({
          event_date: '2026-06-01',
          event_title: 'Summer',
          assessor_ref: 'IA001',
          attended: 'maybe',
        }),
      ],
      { newline: '\n' },
    );
    const result = await importFile(app.ctx, 'standardisation', file);
    expect(result.counts).toMatchObject({ new: 2, rejected: 3 });
    expect(problemLines(result, 'error')).toEqual([
      '4 assessor_ref: assessor IA009 is not known; import assessors first',
      '5 event_date: 10 February 2027 is in the future (today is 20 November 2026)',
      "6 attended: 'maybe' is not yes or no",
    ]);
    expect(
      app.ctx.sqlite
        .prepare(
          `SELECT e.event_date, e.title, a.ref, s.attendance FROM standardisation_attendance s
       JOIN standardisation_events e ON e.id = s.event_id JOIN assessors a ON a.id = s.assessor_id ORDER BY a.ref`,
        )
        .raw(true)
        .all(),
    ).toEqual([
      ['2026-02-10', 'ST0071 spring standardisation', 'IA001', 'attended'],
      ['2026-02-10', 'ST0071 spring standardisation', 'IA002', 'absent'],
    ]);
    const again = await importFile(app.ctx, 'standardisation', file);
    expect(again.counts).toMatchObject({ new: 0, unchanged: 2, rejected: 3 });
    const changed = writeCsv(path.join(app.dir, 'std2.csv'), [
      header('standardisation'),
      s({
        event_date: '2026-02-10',
        event_title: 'ST0071 spring standardisation',
        assessor_ref: 'IA002',
        attended: 'yes',
      }),
    ]);
    const change = await importFile(app.ctx, 'standardisation', changed);
    expect(change.counts).toMatchObject({ changed: 1 });
    // Said in the template's words (attended yes or no), not as stored.
    expect(change.preview[0]?.notes).toEqual(['attended: No → Yes']);
    expect(count(app.ctx, 'standardisation_events')).toBe(1);
  });

  it('takes an event typed with other capitals or spacing to be the same event', async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    app.ctx.sqlite.prepare("INSERT INTO assessors (ref, name) VALUES ('IA002', 'Sam Lee')").run();
    const attended = (title: string, ref: string) =>
      s({ event_date: '2026-02-10', event_title: title, assessor_ref: ref, attended: 'yes' });
    await importRows('standardisation', 's1.csv', [
      attended('Spring standardisation 2026', 'IA001'),
    ]);
    const result = await importRows('standardisation', 's2.csv', [
      attended('SPRING STANDARDISATION 2026', 'IA001'),
      attended('spring  standardisation 2026', 'IA002'),
      attended('Spring Standardisation 2026', 'IA002'),
    ]);
    expect(result.counts).toMatchObject({ unchanged: 1, new: 1, rejected: 1 });
    expect(problemLines(result, 'error')).toEqual([
      '4 assessor_ref: row 3 already records IA002 at this event; a file may do so once',
    ]);
    expect(count(app.ctx, 'standardisation_events')).toBe(1);
    expect(count(app.ctx, 'standardisation_attendance')).toBe(2);
  });

  it("clears the never-standardised flag on the assessor's decisions, and says what the event was taken to cover", async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    const flagged = (): string[] =>
      app.ctx.sqlite
        .prepare(
          `SELECT DISTINCT f.code FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
           WHERE d.decision_ref = 'R1-O-1' AND f.code LIKE 'standardisation%' ORDER BY f.code`,
        )
        .pluck()
        .all() as string[];
    // IA001 assessed ST0071 v1.1 in February 2026 without ever being standardised.
    expect(flagged()).toEqual(['standardisation_never']);

    // The file does not say what its event covered: it counts for every standard held, and says so.
    const unnamed = writeCsv(path.join(app.dir, 'winter.csv'), [
      header('standardisation'),
      s({
        event_date: '2026-01-27',
        event_title: 'Winter standardisation',
        assessor_ref: 'IA001',
        attended: 'yes',
      }),
    ]);
    const attended = await importFile(app.ctx, 'standardisation', unnamed);
    expect(flagged()).toEqual([]);
    // The decisions are not rows of this file: the assessor's row says what changed on them.
    expect(attended.preview[0]?.notes).toEqual([
      "6 of IA001's decisions are no longer flagged 'not standardised'",
    ]);
    // Told on the row that changed the record, not on a later one that repeats another event.
    const summer = {
      event_date: '2026-06-01',
      event_title: 'Summer standardisation',
      assessor_ref: 'IA001',
      attended: 'yes',
    };
    await importRows('standardisation', 'summer.csv', [s(summer)]);
    const corrected = await importRows('standardisation', 'corrected.csv', [
      s({
        event_date: '2026-01-27',
        event_title: 'Winter standardisation',
        assessor_ref: 'IA001',
        attended: 'no',
      }),
      s(summer),
    ]);
    expect(corrected.counts).toMatchObject({ changed: 1, unchanged: 1 });
    expect(flagged()).toEqual(['standardisation_never']);
    expect(problemLines(corrected, 'warning')).toEqual([
      "2 assessor_ref: 6 of IA001's decisions are now flagged 'not standardised'; the first: assessor not standardised on ST0071 v1.1 before this assessment",
    ]);
    expect(
      app.ctx.sqlite
        .prepare(
          "SELECT standards_json, notes FROM standardisation_events WHERE title = 'Winter standardisation'",
        )
        .raw(true)
        .get(),
    ).toEqual(['["ST0071"]', expect.stringContaining('counted for every standard held')]);
  });

  it('counts a flag whose wording an attendance changes as kept, not as newly raised', async () => {
    await importFile(app.ctx, 'decisions', decisionsFile());
    const lapsed = (): [number, string][] =>
      app.ctx.sqlite
        .prepare(
          `SELECT f.id, f.message FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
           JOIN assessors a ON a.id = d.assessor_id
           WHERE a.ref = 'IA001' AND f.code = 'standardisation_lapsed' ORDER BY f.id`,
        )
        .raw(true)
        .all() as [number, string][];
    const event = (event_date: string, event_title: string) =>
      s({ event_date, event_title, assessor_ref: 'IA001', attended: 'yes' });
    // Standardised in 2024 only: lapsed by IA001's assessments in February 2026.
    const first = await importRows('standardisation', 'first.csv', [
      event('2024-06-03', 'Summer 2024'),
    ]);
    const before = lapsed();
    expect(before).toHaveLength(6);
    expect(first.counts.flags).toBe(6);

    // A later event that still leaves them lapsed changes what the flags say, not how many.
    const later = await importRows('standardisation', 'later.csv', [
      event('2024-09-02', 'Autumn 2024'),
    ]);
    const after = lapsed();
    expect(after.map(([id]) => id)).toEqual(before.map(([id]) => id));
    expect(after[0]?.[1]).toContain('last on ST0071 v1.1 on 2 September 2024');
    expect(later.counts.flags).toBe(0);
    expect(problemLines(later, 'warning')).toEqual([]);
    expect(later.preview[0]?.notes ?? []).toEqual([]);
  });
});
