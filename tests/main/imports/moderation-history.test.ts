/**
 * Moderation history applies in date order, whatever the file's order: a file's rows are applied
 * by date, and a moderation older than one already recorded for its decision (in the app, or by
 * an earlier import) is kept as history and changes nothing. Before, the rows applied in file order, so an older
 * moderation silently overrode a newer one and its grade.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatherEvidence } from '../../../src/main/analytics/evidence-data';
import { listRecords, moderationContext } from '../../../src/main/moderation/records';
import { saveModeration } from '../../../src/main/moderation/save';
import { addPlanItem } from '../../../src/main/sampling/items';
import { generateSamplingPlan, publishPlan } from '../../../src/main/sampling/plans';
import { disagreementRisk } from '../../../src/main/sampling/scope';
import { openTestApp, signInLead, type TestApp } from '../../support/context';
import { header, resitRows, row, writeCsv, type Cell } from './files';
import { assessorIdOf, importFile, importTwoEpas, problemLines, standardise } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
  standardise(app.ctx.sqlite);
  await importTwoEpas(app.ctx, app.dir);
});
afterEach(() => app.close());

const idOf = (ref: string): number =>
  app.ctx.sqlite
    .prepare('SELECT id FROM decisions WHERE decision_ref = ?')
    .pluck()
    .get(ref) as number;

/** Publishes a plan of February and March's ST0071 decisions that samples this one. */
function publishPlanWith(ref: string, reason: string): void {
  const plan = generateSamplingPlan(app.ctx, {
    from: '2026-02-01',
    to: '2026-03-31',
    standards: ['ST0071'],
    seed: 1,
  });
  const sampled = app.ctx.sqlite
    .prepare(
      'SELECT 1 FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ? AND removed_at IS NULL',
    )
    .get(plan.id, idOf(ref));
  if (!sampled) addPlanItem(app.ctx, { planId: plan.id, decisionRef: ref, reason });
  publishPlan(app.ctx, plan.id);
}

/** The decision's grade and status, and its EPA's overall grade. */
const stateOf = (ref: string): { grade: string; status: string; overall: string | null } =>
  app.ctx.sqlite
    .prepare(
      `SELECT d.grade, d.status, e.overall_grade AS overall FROM decisions d JOIN epas e ON e.id = d.epa_id
       WHERE d.decision_ref = ?`,
    )
    .get(ref) as { grade: string; status: string; overall: string | null };

/** The grades the agreement statistics hold for the decision (assessor's, moderated). */
const agreementOf = (ref: string): unknown =>
  app.ctx.sqlite
    .prepare(
      `SELECT a.assessor_grade, a.moderated_grade FROM analytics_moderated a
       JOIN decisions d ON d.id = a.decision_id WHERE d.decision_ref = ?`,
    )
    .raw(true)
    .get(ref);

/** Audit entries other than the import batches' own. */
const auditRows = (): number =>
  app.ctx.sqlite
    .prepare("SELECT count(*) FROM audit_log WHERE action <> 'import.commit'")
    .pluck()
    .get() as number;

const moderationFile = (name: string, rows: Record<string, Cell>[]): string =>
  writeCsv(path.join(app.dir, name), [
    header('moderation'),
    ...rows.map((r) =>
      row('moderation', {
        moderator: 'Jordan Ellis',
        activity: 'Documentation review',
        ...r,
      }),
    ),
  ]);

describe('moderation history older than a moderation already recorded', () => {
  it('does not override a later moderation made in the app: kept as history, grade unchanged', async () => {
    // The failed observation is sampled and moderated in the app on 8 October: agreed, Fail.
    publishPlanWith('R1-O-1', 'failed method');
    const inApp = saveModeration(app.ctx, {
      decisionId: idOf('R1-O-1'),
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: 'Fail',
      outcome: 'agreed',
      actions: [],
      moderationDate: '2026-10-08',
    }).recordId;
    expect(stateOf('R1-O-1')).toEqual({ grade: 'Fail', status: 'released', overall: 'Fail' });

    // The history file has an older moderation of it, which thought it a Pass.
    const file = moderationFile('history.csv', [
      { decision_ref: 'R1-O-1', moderation_date: '2026-09-25', moderated_grade: 'Pass' },
    ]);
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 1, rejected: 0, flags: 0 });
    expect(problemLines(result, 'warning')).toEqual([
      '2 moderation_date: this moderation (25 September 2026) is older than the one of 8 October 2026 already recorded; it is kept in the history and the grade stays Fail',
    ]);
    expect(result.preview[0]?.values).toMatchObject({
      original_grade: 'Fail',
      moderated_grade: 'Pass',
    });
    expect(stateOf('R1-O-1')).toEqual({ grade: 'Fail', status: 'released', overall: 'Fail' });

    // Its original grade is the assessor's, which it judged; set aside, it names the later record.
    const records = listRecords(app.ctx, idOf('R1-O-1'));
    expect(records).toEqual([
      expect.objectContaining({ id: inApp, outcome: 'agreed', superseded: null }),
      expect.objectContaining({
        moderationDate: '2026-09-25',
        originalGrade: 'Fail',
        moderatedGrade: 'Pass',
        outcome: null,
        source: 'import',
        escalation: null,
        superseded: {
          at: '2026-11-20T10:00:00.000Z',
          reason: `older than the moderation of 8 October 2026 (record ${inApp}), which it does not override`,
          laterRecordId: inApp,
        },
      }),
    ]);
    // The app's moderation still settles the decision and gives the statistics their grades.
    expect(moderationContext(app.ctx, idOf('R1-O-1')).canModerate.reason).toBe(
      'Already moderated by Priya Shah on 2026-10-08.',
    );
    expect(agreementOf('R1-O-1')).toEqual(['Fail', 'Fail']);
    // A record of a moderation, but no grade changed and no disagreement to raise the risk.
    const evidence = gatherEvidence(app.ctx, { from: '2026-09-01', to: '2026-10-31' }).moderation;
    expect(evidence).toMatchObject({ records: 2, gradeChanged: 0 });
    const assessor = assessorIdOf(app.ctx, 'IA001');
    const risk = disagreementRisk(
      app.ctx,
      { from: '2026-11-01', to: '2026-11-30', previousFrom: '2026-09-01' },
      [assessor],
    );
    expect(risk.get(assessor) ?? []).toEqual([]);

    // The same file again changes nothing.
    const audited = auditRows();
    const again = await importFile(app.ctx, 'moderation', file);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 1, rejected: 0 });
    expect(auditRows()).toBe(audited);
    expect(listRecords(app.ctx, idOf('R1-O-1'))).toHaveLength(2);
  });

  it('applies one file’s rows for a decision by date, newest first or last alike', async () => {
    // Newest first for the project, oldest first for the discussion: the same history for both.
    const file = moderationFile('history.csv', [
      { decision_ref: 'R2-WBP-1', moderation_date: '2026-10-13', moderated_grade: 'Distinction' },
      { decision_ref: 'R2-WBP-1', moderation_date: '2026-10-12', moderated_grade: 'Pass' },
      { decision_ref: 'R2-PD-1', moderation_date: '2026-10-12', moderated_grade: 'Pass' },
      { decision_ref: 'R2-PD-1', moderation_date: '2026-10-13', moderated_grade: 'Distinction' },
    ]);
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 4, rejected: 0 });
    expect(problemLines(result, 'warning')).toEqual([]);
    // The preview lists the file's rows in file order, though they were applied by date.
    expect(result.preview.map((r) => [r.row, r.values.moderation_date])).toEqual([
      [2, '2026-10-13'],
      [3, '2026-10-12'],
      [4, '2026-10-12'],
      [5, '2026-10-13'],
    ]);
    // Each moderation judged the grade that stood on its date: the later one the earlier one's.
    const grades = (ref: string) =>
      listRecords(app.ctx, idOf(ref))
        .map((r) => [
          r.moderationDate,
          r.originalGrade,
          r.moderatedGrade,
          r.outcome,
          r.superseded === null,
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    for (const ref of ['R2-WBP-1', 'R2-PD-1']) {
      expect(stateOf(ref)).toMatchObject({ grade: 'Distinction', status: 'released' });
      expect(agreementOf(ref)).toEqual(['Pass', 'Distinction']);
      expect(grades(ref)).toEqual([
        ['2026-10-12', 'Pass', 'Pass', 'agreed', true],
        ['2026-10-13', 'Pass', 'Distinction', null, true],
      ]);
    }

    const audited = auditRows();
    const again = await importFile(app.ctx, 'moderation', file);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 4, rejected: 0 });
    expect(auditRows()).toBe(audited);

    // A corrected older row updates its record, which stays history: the grade is untouched.
    const corrected = await importFile(
      app.ctx,
      'moderation',
      moderationFile('corrected.csv', [
        {
          decision_ref: 'R2-WBP-1',
          moderation_date: '2026-10-12',
          moderated_grade: 'Fail',
          feedback: 'Word count over the limit',
        },
      ]),
    );
    expect(corrected.counts).toMatchObject({ changed: 1, rejected: 0 });
    expect(problemLines(corrected, 'warning')).toEqual([
      '2 moderation_date: this moderation (12 October 2026) is older than the one of 13 October 2026 already recorded; it is kept in the history and the grade stays Distinction',
    ]);
    expect(grades('R2-WBP-1')).toEqual([
      ['2026-10-12', 'Pass', 'Fail', null, true],
      ['2026-10-13', 'Pass', 'Distinction', null, true],
    ]);
    expect(stateOf('R2-WBP-1')).toMatchObject({ grade: 'Distinction', overall: 'Pass' });
  });

  it('says it is applying the history by date, and a cancel then writes nothing', async () => {
    const rows = ['R2-O-1', 'R2-WBP-1', 'R2-PD-1'].map((ref) => ({
      decision_ref: ref,
      moderation_date: '2026-10-12',
      moderated_grade: 'Pass',
    }));
    const file = moderationFile('history.csv', rows);
    const records = (): number =>
      app.ctx.sqlite.prepare('SELECT count(*) FROM moderation_records').pluck().get() as number;
    const before = records();
    const steps: string[] = [];
    const run = importFile(
      app.ctx,
      'moderation',
      file,
      {},
      {
        onProgress: (p) => {
          if (p.finishing !== undefined) steps.push(p.finishing);
        },
        isCancelled: () => steps.some((s) => s.startsWith('Applying')),
      },
    );
    await expect(run).rejects.toThrow('The import was cancelled; nothing was written.');
    expect(steps.at(-1)).toBe(
      "Applying the moderation history, each decision's in date order (0 of 3 rows)",
    );
    expect(records()).toBe(before);
    expect(stateOf('R2-O-1').status).not.toBe('released');
  });

  it('still applies two rows of one date in file order, the later row last', async () => {
    const file = moderationFile('history.csv', [
      { decision_ref: 'R2-O-1', moderation_date: '2026-10-12', moderated_grade: 'Distinction' },
      {
        decision_ref: 'R2-O-1',
        moderator: 'Ruth Patel',
        moderation_date: '2026-10-12',
        moderated_grade: 'Fail',
      },
    ]);
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 2, rejected: 0 });
    expect(problemLines(result, 'warning')).toEqual([]);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Fail', overall: 'Fail' });
  });
});

/** EPA n with its observation failed, then re-sat with `grade`, with or without exceptional circumstances. */
const resitRowsEc = (n: number, grade: string, ec: 'yes' | 'no'): Cell[][] =>
  resitRows(n, grade, { exceptional_circumstances: ec });

const resitFlagsOf = (ref: string): string[] =>
  app.ctx.sqlite
    .prepare(
      `SELECT f.message FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
       WHERE d.decision_ref = ? AND f.code = 'resit_above_cap' ORDER BY f.id`,
    )
    .pluck()
    .all(ref) as string[];

const CAPPED =
  're-sit or re-take (attempt 2) graded Distinction: capped at Pass unless exceptional circumstances are recorded';

describe('a re-sit moderated above the cap without exceptional circumstances', () => {
  it('is flagged and warned by the moderation import, as the decisions import flags it', async () => {
    const decisions = await importFile(
      app.ctx,
      'decisions',
      writeCsv(path.join(app.dir, 'resits.csv'), [
        header('decisions'),
        ...resitRowsEc(3, 'Pass', 'no'),
        ...resitRowsEc(4, 'Pass', 'yes'),
        ...resitRowsEc(5, 'Distinction', 'no'),
      ]),
    );
    expect(decisions.counts).toMatchObject({ new: 12, rejected: 0 });
    // The decisions import's flag for a re-sit graded Distinction.
    expect(resitFlagsOf('R5-O-2')).toEqual([CAPPED]);
    expect(resitFlagsOf('R3-O-2')).toEqual([]);

    const file = moderationFile('history.csv', [
      { decision_ref: 'R3-O-2', moderation_date: '2026-04-01', moderated_grade: 'Distinction' },
      { decision_ref: 'R4-O-2', moderation_date: '2026-04-01', moderated_grade: 'Distinction' },
    ]);
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 2, rejected: 0, flags: 1 });
    expect(problemLines(result, 'warning')).toEqual([`2 moderated_grade: ${CAPPED}`]);
    expect(stateOf('R3-O-2').grade).toBe('Distinction');
    expect(resitFlagsOf('R3-O-2')).toEqual([CAPPED]);
    // Exceptional circumstances lift the cap.
    expect(stateOf('R4-O-2').grade).toBe('Distinction');
    expect(resitFlagsOf('R4-O-2')).toEqual([]);

    const again = await importFile(app.ctx, 'moderation', file);
    expect(again.counts).toMatchObject({ unchanged: 2, flags: 0 });
    expect(resitFlagsOf('R3-O-2')).toEqual([CAPPED]);

    // A later moderation back within the cap warns of nothing; what was flagged stays on record.
    const later = await importFile(
      app.ctx,
      'moderation',
      moderationFile('later.csv', [
        { decision_ref: 'R3-O-2', moderation_date: '2026-04-15', moderated_grade: 'Pass' },
      ]),
    );
    expect(problemLines(later, 'warning')).toEqual([]);
    expect(stateOf('R3-O-2').grade).toBe('Pass');
    expect(resitFlagsOf('R3-O-2')).toEqual([CAPPED]);
  });

  it('is flagged when moderated in the app too', async () => {
    await importFile(
      app.ctx,
      'decisions',
      writeCsv(path.join(app.dir, 'resits.csv'), [
        header('decisions'),
        ...resitRowsEc(3, 'Pass', 'no'),
      ]),
    );
    publishPlanWith('R3-O-2', 're-sit');
    saveModeration(app.ctx, {
      decisionId: idOf('R3-O-2'),
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: 'Distinction',
      outcome: 'grade_changed_borderline',
      actions: [],
      moderationDate: '2026-04-01',
    });
    expect(stateOf('R3-O-2').grade).toBe('Distinction');
    expect(resitFlagsOf('R3-O-2')).toEqual([CAPPED]);
    expect(moderationContext(app.ctx, idOf('R3-O-2')).decision.flags).toContain(CAPPED);
  });

  it('is flagged once when a decisions re-import raises the grade', async () => {
    const resits = (grade: string): string =>
      writeCsv(path.join(app.dir, `resits-${grade}.csv`), [
        header('decisions'),
        ...resitRowsEc(3, grade, 'no'),
      ]);
    await importFile(app.ctx, 'decisions', resits('Pass'));
    const result = await importFile(app.ctx, 'decisions', resits('Distinction'));
    expect(result.counts).toMatchObject({ changed: 1, flags: 1 });
    expect(resitFlagsOf('R3-O-2')).toEqual([CAPPED]);
  });
});

describe('moderation history re-imported', () => {
  it('the same file twice changes nothing when the moderator’s name starts with an accented capital', async () => {
    // SQLite's lower() leaves É as it is: the stored record was never found again.
    const file = moderationFile('history.csv', [
      {
        decision_ref: 'R2-O-1',
        moderator: 'Émile Durand',
        moderation_date: '2026-10-12',
        moderated_grade: 'Distinction',
      },
    ]);
    const first = await importFile(app.ctx, 'moderation', file);
    expect(first.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(agreementOf('R2-O-1')).toEqual(['Pass', 'Distinction']);
    const records = listRecords(app.ctx, idOf('R2-O-1'));
    expect(records).toHaveLength(1);
    const audited = auditRows();
    const again = await importFile(app.ctx, 'moderation', file);
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 1, rejected: 0 });
    expect(auditRows()).toBe(audited);
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toEqual(records);
    expect(agreementOf('R2-O-1')).toEqual(['Pass', 'Distinction']);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Distinction', status: 'released' });
    // Any capitals, as for every other name the imports match.
    const capitals = await importFile(
      app.ctx,
      'moderation',
      moderationFile('capitals.csv', [
        {
          decision_ref: 'R2-O-1',
          moderator: 'ÉMILE  durand',
          moderation_date: '2026-10-12',
          moderated_grade: 'Distinction',
        },
      ]),
    );
    expect(capitals.counts).toMatchObject({ new: 0, unchanged: 1 });
    expect(listRecords(app.ctx, idOf('R2-O-1'))).toHaveLength(1);
  });
});

describe('correcting one row of a moderation history', () => {
  const history = (name: string, ref: string, jordan: string | null): string =>
    moderationFile(name, [
      ...(jordan === null
        ? []
        : [{ decision_ref: ref, moderation_date: '2026-10-12', moderated_grade: jordan }]),
      {
        decision_ref: ref,
        moderator: 'Ruth Patel',
        moderation_date: '2026-10-12',
        moderated_grade: 'Fail',
      },
    ]);
  const recordsOf = (ref: string) =>
    listRecords(app.ctx, idOf(ref))
      .map((r) => [
        r.moderatorName,
        r.originalGrade,
        r.moderatedGrade,
        r.outcome,
        r.superseded?.laterRecordId ?? null,
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const recordIdOf = (ref: string, moderator: string): number =>
    listRecords(app.ctx, idOf(ref)).find((r) => r.moderatorName === moderator)?.id ?? 0;

  it('gives the grade a fresh import of the corrected file gives, when two rows share a date', async () => {
    const first = await importFile(
      app.ctx,
      'moderation',
      history('d.csv', 'R2-O-1', 'Distinction'),
    );
    expect(first.counts).toMatchObject({ new: 2, rejected: 0 });
    // Ruth Patel's moderation, the later row of the date, left it a Fail.
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Fail', overall: 'Fail' });

    // The file corrected: Jordan Ellis in fact agreed the Pass. Ruth Patel's row is unchanged.
    const corrected = await importFile(app.ctx, 'moderation', history('p.csv', 'R2-O-1', 'Pass'));
    expect(corrected.counts).toMatchObject({ changed: 1, unchanged: 1, rejected: 0 });
    expect(problemLines(corrected, 'warning')).toEqual([
      "2 moderation_date: this moderation (12 October 2026) comes before Ruth Patel's of the same date, listed after it and already recorded; it is kept in the history and the grade stays Fail",
    ]);
    // Imported afresh, the corrected file leaves the grade Fail (Ruth Patel's row applies last).
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Fail', status: 'released', overall: 'Fail' });
    expect(recordsOf('R2-O-1')).toEqual([
      ['Jordan Ellis', 'Pass', 'Pass', 'agreed', null],
      ['Ruth Patel', 'Distinction', 'Fail', null, null],
    ]);
    expect(agreementOf('R2-O-1')).toEqual(['Distinction', 'Fail']);

    // Corrected again in a file of its row alone: Ruth Patel's record, of the same date, was
    // recorded after it.
    const alone = await importFile(
      app.ctx,
      'moderation',
      moderationFile('alone.csv', [
        { decision_ref: 'R2-O-1', moderation_date: '2026-10-12', moderated_grade: 'Distinction' },
      ]),
    );
    expect(alone.counts).toMatchObject({ changed: 1, rejected: 0 });
    expect(problemLines(alone, 'warning')).toEqual([
      "2 moderation_date: this moderation (12 October 2026) comes before Ruth Patel's of the same date, recorded after it; it is kept in the history and the grade stays Fail",
    ]);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Fail', overall: 'Fail' });
  });

  it('keeps as history a new row of a date listed before a row of that date imported earlier', async () => {
    // Ruth Patel's moderation imported alone, then the fuller file listing Jordan Ellis's first.
    await importFile(app.ctx, 'moderation', history('ruth.csv', 'R2-WBP-1', null));
    expect(stateOf('R2-WBP-1')).toMatchObject({ grade: 'Fail' });
    const ruth = recordIdOf('R2-WBP-1', 'Ruth Patel');
    const fuller = await importFile(
      app.ctx,
      'moderation',
      history('both.csv', 'R2-WBP-1', 'Distinction'),
    );
    expect(fuller.counts).toMatchObject({ new: 1, unchanged: 1, rejected: 0 });
    expect(problemLines(fuller, 'warning')).toEqual([
      "2 moderation_date: this moderation (12 October 2026) comes before Ruth Patel's of the same date, listed after it and already recorded; it is kept in the history and the grade stays Fail",
    ]);
    // It judged the Pass Ruth Patel's moderation judged, and is set aside naming hers.
    expect(fuller.preview[0]?.values).toMatchObject({
      original_grade: 'Pass',
      moderated_grade: 'Distinction',
    });
    expect(stateOf('R2-WBP-1')).toMatchObject({ grade: 'Fail', status: 'released' });
    expect(recordsOf('R2-WBP-1')).toEqual([
      ['Jordan Ellis', 'Pass', 'Distinction', null, ruth],
      ['Ruth Patel', 'Pass', 'Fail', null, null],
    ]);
    expect(
      listRecords(app.ctx, idOf('R2-WBP-1')).find((r) => r.moderatorName === 'Jordan Ellis')
        ?.superseded?.reason,
    ).toBe(
      `before the moderation of 12 October 2026 (record ${ruth}), of the same date and listed after it, which it does not override`,
    );
    expect(agreementOf('R2-WBP-1')).toEqual(['Pass', 'Fail']);
    // A row of the date imported afterwards, in a file of its own, still applies last.
    const later = await importFile(
      app.ctx,
      'moderation',
      moderationFile('sam.csv', [
        {
          decision_ref: 'R2-WBP-1',
          moderator: 'Sam Okafor',
          moderation_date: '2026-10-12',
          moderated_grade: 'Pass',
        },
      ]),
    );
    expect(problemLines(later, 'warning')).toEqual([]);
    expect(stateOf('R2-WBP-1')).toMatchObject({ grade: 'Pass' });
  });
});

describe('correcting the latest moderation of a decision to an agreement', () => {
  const escalations = (): number =>
    app.ctx.sqlite
      .prepare("SELECT count(*) FROM notifications WHERE kind = 'escalation'")
      .pluck()
      .get() as number;

  it('says and stores an agreement, not a disagreement', async () => {
    publishPlanWith('R2-O-1', 'observation');
    const history = (grade: string): string =>
      moderationFile(`history-${grade}.csv`, [
        { decision_ref: 'R2-O-1', moderation_date: '2026-10-12', moderated_grade: grade },
      ]);
    const first = await importFile(app.ctx, 'moderation', history('Distinction'));
    expect(first.preview[0]?.notes).toContain(
      'Grade Pass → Distinction; outcome not recorded (imported)',
    );
    expect(stateOf('R2-O-1').grade).toBe('Distinction');
    const escalated = escalations();
    expect(escalated).toBe(1);
    // Imported again, the row shows the grade its record judged, not the grade it left.
    const same = await importFile(app.ctx, 'moderation', history('Distinction'));
    expect(same.counts).toMatchObject({ unchanged: 1 });
    expect(same.preview[0]?.values).toMatchObject({
      original_grade: 'Pass',
      moderated_grade: 'Distinction',
    });

    // The history corrected: the moderator agreed the assessor's Pass.
    const corrected = await importFile(app.ctx, 'moderation', history('Pass'));
    expect(corrected.counts).toMatchObject({ changed: 1, rejected: 0 });
    expect(
      listRecords(app.ctx, idOf('R2-O-1')).map((r) => [
        r.originalGrade,
        r.moderatedGrade,
        r.outcome,
      ]),
    ).toEqual([['Pass', 'Pass', 'agreed']]);
    expect(stateOf('R2-O-1')).toMatchObject({ grade: 'Pass', status: 'released' });
    expect(agreementOf('R2-O-1')).toEqual(['Pass', 'Pass']);
    // The preview shows the row as stored: Pass judged, Pass agreed; the grade change in words.
    expect(corrected.preview[0]?.values).toMatchObject({
      original_grade: 'Pass',
      moderated_grade: 'Pass',
    });
    expect(corrected.preview[0]?.notes).toEqual([
      'Grade Distinction → Pass: corrected, this moderation agrees with the Pass it moderated',
    ]);
    // An agreement raises no sample.
    expect(escalations()).toBe(escalated);
  });
});
