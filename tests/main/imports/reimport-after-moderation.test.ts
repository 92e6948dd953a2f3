/**
 * A re-import that changes the grade of a decision IQA already moderated, or a published plan
 * already released, sends it back to IQA: into the moderation queue of that plan, with its
 * moderation record kept as history but no longer settling it, so it can be moderated again and
 * its EPA confirmed after that. Before, it went "on hold" with nothing that could ever take it
 * off hold: the moderation was refused as already done and no plan would sample it.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAnalyticsOverview } from '../../../src/main/analytics/overview';
import { writeAudit } from '../../../src/main/audit/audit';
import { listAudit } from '../../../src/main/audit/service';
import { listDecisions } from '../../../src/main/decisions/service';
import { confirmationProblem } from '../../../src/main/epas/service';
import { listQueue } from '../../../src/main/moderation/queue';
import { listRecords, moderationContext } from '../../../src/main/moderation/records';
import { saveModeration } from '../../../src/main/moderation/save';
import { generateSamplingPlan, publishPlan } from '../../../src/main/sampling/plans';
import type { QueueRowDto } from '../../../src/shared/contract';
import { openDemoApp, type TestApp } from '../../support/context';
import { writeCsv } from './files';
import { importFile } from './helpers';

let app: TestApp;
let planId: number;

beforeEach(async () => {
  app = await openDemoApp({ epas: 600, seed: 404, history: false });
  const period = { from: '2026-06-01', to: '2026-08-31', standards: ['ST0071'] };
  planId = publishPlan(app.ctx, generateSamplingPlan(app.ctx, { ...period, seed: 12 }).id).id;
});
afterEach(() => app.close());

interface Stored {
  id: number;
  ref: string;
  uln: string;
  standard: string;
  version: string;
  method: string;
  attempt: number;
  assessor: string;
  date: string;
  grade: string;
  status: string;
  epaId: number;
}

function decision(where: string, ...params: unknown[]): Stored {
  return app.ctx.sqlite
    .prepare(
      `SELECT d.id, d.decision_ref AS ref, p.uln, st.code AS standard, v.version, m.code AS method,
         d.attempt, a.ref AS assessor, d.assessment_date AS date, d.grade, d.status, d.epa_id AS epaId
       FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
       JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id
       WHERE ${where} ORDER BY d.id LIMIT 1`,
    )
    .get(...params) as Stored;
}

const other = (grade: string): string => (grade === 'Pass' ? 'Distinction' : 'Pass');

/** The source system's export again, narrower, with these decisions' grades changed. */
function regraded(...decisions: Stored[]): string {
  const columns = ['decision_ref', 'uln', 'standard_code', 'standard_version', 'method'];
  return writeCsv(path.join(app.dir, 'regraded.csv'), [
    [...columns, 'attempt', 'assessor_ref', 'assessment_date', 'grade'],
    ...decisions.map((d) => [
      d.ref,
      d.uln,
      d.standard,
      d.version,
      d.method,
      d.attempt,
      d.assessor,
      d.date,
      other(d.grade),
    ]),
  ]);
}

/** The assessor's moderated decisions in the plan's period, as the dashboard counts them. */
const moderatedOf = (assessorRef: string): number =>
  getAnalyticsOverview(app.ctx, { from: '2026-06-01', to: '2026-08-31' }).coverage.find(
    (c) => c.assessorRef === assessorRef,
  )?.moderated ?? 0;

const regradedFlags = (decisionId: number): number =>
  app.ctx.sqlite
    .prepare(
      "SELECT count(*) FROM compliance_flags WHERE decision_id = ? AND code = 'regraded_after_moderation'",
    )
    .pluck()
    .get(decisionId) as number;

/** A moderation-history file: one moderation by Ruth Patel, by documentation review. */
function history(
  name: string,
  ref: string,
  date: string,
  grade: string,
  feedback?: string,
): string {
  const columns = ['decision_ref', 'moderator', 'moderation_date', 'activity', 'moderated_grade'];
  const row = [ref, 'Ruth Patel', date, 'Documentation review', grade];
  return writeCsv(path.join(app.dir, name), [
    feedback === undefined ? columns : [...columns, 'feedback'],
    feedback === undefined ? row : [...row, feedback],
  ]);
}

/** The IQA lead's one notice from imports. */
const importNotice = (): { message: string; link: string } =>
  app.ctx.sqlite.prepare("SELECT message, link FROM notifications WHERE kind = 'import'").get() as {
    message: string;
    link: string;
  };

const toDo = (): number[] =>
  listQueue(app.ctx, {
    filter: { status: 'to_do', planId },
    sort: { by: 'date', dir: 'asc' },
    offset: 0,
    limit: 10_000,
  }).rows.map((r) => r.decisionId);

describe('a re-import that changes a moderated or released grade', () => {
  it('puts the decision back in the plan’s queue, where it can be moderated again', async () => {
    const sampled = decision(
      `d.status = 'sampled' AND d.grade IN ('Pass', 'Distinction') AND EXISTS (
         SELECT 1 FROM sampling_plan_items i WHERE i.decision_id = d.id AND i.plan_id = ?)`,
      planId,
    );
    const record = saveModeration(app.ctx, {
      decisionId: sampled.id,
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: sampled.grade,
      outcome: 'agreed',
      actions: [],
    }).recordId;
    const moderatedBefore = moderatedOf(sampled.assessor);
    const released = decision(
      `d.status = 'released' AND d.grade IN ('Pass', 'Distinction') AND NOT EXISTS (
         SELECT 1 FROM sampling_plan_items i WHERE i.decision_id = d.id)
       AND EXISTS (SELECT 1 FROM sampling_plan_scope s WHERE s.decision_id = d.id AND s.plan_id = ?)`,
      planId,
    );
    expect(toDo()).not.toContain(sampled.id);

    const result = await importFile(app.ctx, 'decisions', regraded(sampled, released));
    expect(result.counts).toMatchObject({ changed: 2, rejected: 0 });
    expect(result.heldAgain).toEqual([
      expect.objectContaining({ decisionId: sampled.id, moderated: true, planId }),
      expect.objectContaining({ decisionId: released.id, moderated: false, planId }),
    ]);

    // Both wait for moderation in the plan's queue, judged as they are now, and the IQA lead's
    // notice links to exactly them.
    expect(toDo()).toEqual(expect.arrayContaining([sampled.id, released.id]));
    const notice = importNotice();
    expect(notice.message).toContain('to moderate again: 2 in the moderation queue.');
    const reason = decodeURIComponent(/reason=([^&]+)/.exec(notice.link)?.[1] ?? '');
    const linked = listQueue(app.ctx, {
      filter: { status: 'to_do', reason },
      sort: { by: 'date', dir: 'asc' },
      offset: 0,
      limit: 100,
    }).rows.map((r) => r.decisionId);
    expect(linked.sort()).toEqual([sampled.id, released.id].sort());
    expect(regradedFlags(sampled.id)).toBe(1);
    for (const d of [sampled, released]) {
      expect(decision('d.id = ?', d.id).status).toBe('sampled');
      const context = moderationContext(app.ctx, d.id);
      expect(context.canModerate.allowed).toBe(true);
      expect(context.changedSinceSampled).toEqual([]);
      expect(confirmationProblem(app.ctx, d.epaId)).toContain(
        `${d.method} (${d.ref}) is sampled and not yet moderated`,
      );
    }
    const item = app.ctx.sqlite
      .prepare(
        'SELECT reasons_json, snapshot_json FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ?',
      )
      .get(planId, released.id) as { reasons_json: string; snapshot_json: string };
    expect(JSON.parse(item.reasons_json)[0]).toMatch(
      new RegExp(
        `^moderate again: grade changed from ${released.grade} to ${other(released.grade)} by import batch \\d+ \\(regraded\\.csv, row 3\\)$`,
      ),
    );
    expect(JSON.parse(item.snapshot_json)).toMatchObject({ grade: other(released.grade) });

    // The first moderation stays in the decision's history, set aside and audited.
    expect(listRecords(app.ctx, sampled.id)).toEqual([
      expect.objectContaining({
        id: record,
        superseded: {
          at: expect.any(String),
          reason: expect.stringMatching(/^grade changed from \w+ to \w+ by import batch \d+/),
        },
      }),
    ]);
    const setAside = listAudit(app.ctx, { limit: 500 }).filter(
      (e) => e.action === 'moderation.superseded',
    );
    expect(setAside).toEqual([
      expect.objectContaining({
        entity: 'moderation_record',
        entityId: String(record),
        // Named as an auditor would look it up.
        record: `Moderation record ${record} of ${sampled.ref}`,
      }),
    ]);
    const regrade = listAudit(app.ctx, { limit: 500 }).find(
      (e) => e.action === 'decision.grade-change' && e.entityId === String(released.id),
    );
    // An EPA's entries name it by its apprentice and standard.
    writeAudit(app.ctx, { action: 'epa.note', entity: 'epa', entityId: sampled.epaId });
    expect(listAudit(app.ctx, { limit: 1 })[0]?.record).toBe(
      `EPA of ULN ${sampled.uln} (${sampled.standard})`,
    );
    expect(regrade).toMatchObject({
      record: `Decision ${released.ref}`,
      before: { grade: released.grade },
      after: { grade: other(released.grade) },
    });

    // The dashboards no longer count it as moderated (nor its agreement) until it is again.
    expect(moderatedOf(sampled.assessor)).toBe(moderatedBefore - 1);

    // Moderated again, it is released, and its EPA no longer waits on it.
    saveModeration(app.ctx, {
      decisionId: sampled.id,
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: other(sampled.grade),
      outcome: 'agreed',
      actions: [],
    });
    expect(decision('d.id = ?', sampled.id).status).toBe('released');
    expect(toDo()).not.toContain(sampled.id);
    expect(confirmationProblem(app.ctx, sampled.epaId) ?? '').not.toContain(sampled.ref);
    expect(moderatedOf(sampled.assessor)).toBe(moderatedBefore);
    // Moderated again, the decision no longer carries the flag that sent it back.
    expect(regradedFlags(sampled.id)).toBe(0);
    expect(regradedFlags(released.id)).toBe(1);
  });

  it('leaves a decision still waiting for its moderation where it is', async () => {
    const waiting = decision(
      `d.status = 'sampled' AND d.grade IN ('Pass', 'Distinction') AND EXISTS (
         SELECT 1 FROM sampling_plan_items i WHERE i.decision_id = d.id AND i.plan_id = ?)`,
      planId,
    );
    const result = await importFile(app.ctx, 'decisions', regraded(waiting));
    expect(result.counts).toMatchObject({ changed: 1 });
    expect(result.heldAgainCount).toBe(0);
    expect(decision('d.id = ?', waiting.id).status).toBe('sampled');
    // The moderator sees what the source changed since it was sampled.
    expect(moderationContext(app.ctx, waiting.id).changedSinceSampled).toEqual([
      { field: 'grade', then: waiting.grade, now: other(waiting.grade) },
    ]);
  });
});

describe('imported moderation history that disagrees', () => {
  it('raises the assessor’s sample in the plan covering the decision, as a moderation in the app does', async () => {
    const d = decision(
      `d.status = 'sampled' AND d.grade = 'Pass' AND EXISTS (
         SELECT 1 FROM sampling_plan_items i WHERE i.decision_id = d.id AND i.plan_id = ?)`,
      planId,
    );
    const items = (): number =>
      app.ctx.sqlite
        .prepare(
          `SELECT count(*) FROM sampling_plan_items i JOIN decisions x ON x.id = i.decision_id
           JOIN assessors a ON a.id = x.assessor_id
           WHERE i.plan_id = ? AND a.ref = ? AND i.removed_at IS NULL`,
        )
        .pluck()
        .get(planId, d.assessor) as number;
    const before = items();
    const file = history('history.csv', d.ref, '2026-11-02', 'Distinction');
    const result = await importFile(app.ctx, 'moderation', file);
    expect(result.counts).toMatchObject({ new: 1, rejected: 0 });
    expect(items()).toBeGreaterThan(before);
    expect(result.preview[0]?.notes).toContain(
      `Disagreement: ${d.assessor}'s sample in plan ${planId} raised by 10 points (${items() - before} more decisions to moderate)`,
    );
    const notes = app.ctx.sqlite
      .prepare("SELECT message FROM notifications WHERE kind = 'escalation'")
      .pluck()
      .all() as string[];
    expect(notes).toEqual([expect.stringContaining(d.assessor)]);
    expect(decision('d.id = ?', d.id)).toMatchObject({ status: 'released', grade: 'Distinction' });
  });
});

describe('a flag raised on a decision a plan already released', () => {
  it('is told to the user, who decides whether to sample it', async () => {
    const released = app.ctx.sqlite
      .prepare(
        `SELECT a.ref, a.name, emp.name AS employer FROM decisions d
         JOIN assessors a ON a.id = d.assessor_id JOIN epas e ON e.id = d.epa_id
         JOIN apprentices p ON p.id = e.apprentice_id JOIN employers emp ON emp.id = p.employer_id
         WHERE d.status = 'released' AND e.status <> 'confirmed' ORDER BY d.id LIMIT 1`,
      )
      .get() as { ref: string; name: string; employer: string };
    // The assessor declares, late, a conflict with the employer of a decision already released.
    const file = writeCsv(path.join(app.dir, 'assessors.csv'), [
      ['assessor_ref', 'name', 'conflicts'],
      [released.ref, released.name, released.employer],
    ]);
    const result = await importFile(app.ctx, 'assessors', file);
    expect(result.counts.flags).toBeGreaterThan(0);
    expect(result.message).toMatch(
      /\d+ decisions? already released without moderation now ha(s|ve) a compliance flag: flagged decisions are always sampled/,
    );
    const note = importNotice();
    expect(note.message).toContain('already released without moderation');
    expect(note.link).toBe('#/moderation?tab=decisions&status=released&flagged=1&unmoderated=1');
    // The link lists exactly the decisions the notice is about.
    const listed = listDecisions(app.ctx, {
      filter: { status: 'released', flagged: true, unmoderated: true },
      limit: 500,
    });
    expect(listed.total).toBe(Number(/(\d+) decisions? already released/.exec(note.message)?.[1]));
  });
});

describe('moderation history imported for a period no plan covers', () => {
  it('counts as moderation, but shows no sample coverage to meet the floor with', async () => {
    const period = { from: '2026-01-01', to: '2026-03-31' };
    const held = decision(
      `d.status = 'held' AND d.assessment_date BETWEEN ? AND ? AND d.grade = 'Pass'`,
      period.from,
      period.to,
    );
    const file = history('history.csv', held.ref, '2026-04-02', 'Pass');
    expect((await importFile(app.ctx, 'moderation', file)).counts.new).toBe(1);
    const overview = getAnalyticsOverview(app.ctx, period);
    expect(overview.decisions.released).toBe(1);
    // Before: the one moderated decision was the assessor's whole "scope", 100% covered.
    expect(overview.coverage).toEqual([]);
    // A longer period that takes in the plan's months counts only those months' decisions.
    const planned = getAnalyticsOverview(app.ctx, { from: '2026-06-01', to: '2026-08-31' });
    const longer = getAnalyticsOverview(app.ctx, { from: period.from, to: '2026-08-31' });
    expect(longer.coverage).toEqual(planned.coverage);
    // And says that part of the longer period has no plan.
    expect([planned.coverageGaps, longer.coverageGaps, overview.coverageGaps]).toEqual([
      false,
      true,
      true,
    ]);
    expect(planned.coverage.length).toBeGreaterThan(0);
  });
});

describe('a re-graded decision no published plan covers yet', () => {
  it('waits on hold with a flag, and the next plan of its period always samples it', async () => {
    const period = { from: '2026-01-01', to: '2026-03-31', standards: ['ST0071'] };
    const d = decision(
      `d.status = 'held' AND d.assessment_date BETWEEN ? AND ? AND d.grade = 'Pass'
       AND NOT EXISTS (SELECT 1 FROM compliance_flags f WHERE f.decision_id = d.id)`,
      period.from,
      period.to,
    );
    const moderated = history('history.csv', d.ref, '2026-04-02', 'Pass');
    expect((await importFile(app.ctx, 'moderation', moderated)).counts.new).toBe(1);
    const result = await importFile(app.ctx, 'decisions', regraded(d));
    expect(result.heldAgain).toEqual([expect.objectContaining({ decisionId: d.id, planId: null })]);
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        column: 'grade',
        message: expect.stringMatching(/moderate it again$/),
      }),
    );
    expect(decision('d.id = ?', d.id).status).toBe('held');
    const notice = importNotice();
    expect(notice.message).toContain(
      'to moderate again: 1 on hold, flagged, until a plan of its period samples it.',
    );
    expect(notice.link).toBe('#/moderation?tab=decisions&status=held&flagged=1&unmoderated=1');

    // The history file again changes nothing; an edited row of it cannot undo the new grade.
    expect((await importFile(app.ctx, 'moderation', moderated)).counts.unchanged).toBe(1);
    const edited = history('history-edited.csv', d.ref, '2026-04-02', 'Pass', 'Clear evidence.');
    const again = await importFile(app.ctx, 'moderation', edited);
    expect(again.counts).toMatchObject({ rejected: 1, changed: 0 });
    expect(again.problems[0]?.message).toMatch(
      /^this moderation \(record \d+\) was set aside when the decision's grade changed \(grade changed from Pass to Distinction by import batch \d+ \(regraded\.csv, row 2\)\); it stays in the history, and the decision is to be moderated again at Distinction$/,
    );
    expect(decision('d.id = ?', d.id)).toMatchObject({ status: 'held', grade: 'Distinction' });

    // Whatever the draw, the plan samples it, saying why.
    for (const seed of [1, 2, 3, 4, 5]) {
      const plan = generateSamplingPlan(app.ctx, { ...period, seed });
      const reasons = app.ctx.sqlite
        .prepare(
          'SELECT reasons_json FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ?',
        )
        .pluck()
        .get(plan.id, d.id) as string | undefined;
      expect(reasons, `seed ${seed}`).toMatch(
        /grade changed from Pass to Distinction.*moderate it again/,
      );
    }
  });
});

describe('a referral the assessor answers with a revised grade, by re-import', () => {
  /** The source system's export of one decision at this grade. */
  const exported = (d: Stored, grade: string): string =>
    writeCsv(path.join(app.dir, 'revised.csv'), [
      [
        'decision_ref',
        'uln',
        'standard_code',
        'standard_version',
        'method',
        'attempt',
        'assessor_ref',
        'assessment_date',
        'grade',
      ],
      [d.ref, d.uln, d.standard, d.version, d.method, d.attempt, d.assessor, d.date, grade],
    ]);
  const row = (decisionId: number): QueueRowDto | undefined =>
    listQueue(app.ctx, {
      filter: { status: 'all', planId },
      sort: { by: 'date', dir: 'asc' },
      offset: 0,
      limit: 10_000,
    }).rows.find((r) => r.decisionId === decisionId);

  /** A Distinction in the plan's queue, referred back by the moderator, who proposes a Pass. */
  function referred(): { d: Stored; record: number } {
    const d = decision(
      `d.status = 'sampled' AND d.grade = 'Distinction' AND EXISTS (
         SELECT 1 FROM sampling_plan_items i WHERE i.decision_id = d.id AND i.plan_id = ?)`,
      planId,
    );
    const record = saveModeration(app.ctx, {
      decisionId: d.id,
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: 'Pass',
      outcome: 'referred_back',
      feedback: 'The distinction criteria are not evidenced; please look at it again.',
      actions: [],
    }).recordId;
    return { d, record };
  }

  it('lists the revised grade to moderate, with no moderated grade from the referral beside it', async () => {
    const { d, record } = referred();
    const result = await importFile(app.ctx, 'decisions', exported(d, 'Fail'));
    expect(result.counts).toMatchObject({ changed: 1, rejected: 0 });
    // The referral never settled the decision: nothing is set aside or sent back.
    expect(result.heldAgainCount).toBe(0);
    expect(regradedFlags(d.id)).toBe(0);

    // Before: 'Fail → Pass', as though the referral's proposal were the moderated grade.
    expect(row(d.id)).toMatchObject({ grade: 'Fail', status: 'to_do', moderatedGrade: null });
    const context = moderationContext(app.ctx, d.id);
    expect(context.canModerate.allowed).toBe(true);
    expect(context.changedSinceSampled).toEqual([
      { field: 'grade', then: 'Distinction', now: 'Fail' },
    ]);
    // The referral stays in the history as it was, not set aside.
    expect(context.records).toEqual([
      expect.objectContaining({
        id: record,
        outcome: 'referred_back',
        originalGrade: 'Distinction',
        moderatedGrade: 'Pass',
        superseded: null,
      }),
    ]);

    // Moderated at the revised grade, the queue shows that moderation.
    saveModeration(app.ctx, {
      decisionId: d.id,
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: 'Fail',
      outcome: 'agreed',
      actions: [],
    });
    expect(row(d.id)).toMatchObject({ grade: 'Fail', status: 'done', moderatedGrade: 'Fail' });
  });

  it('changes nothing when the file gives the proposed grade or is the same file again', async () => {
    // A decision referred for each: after a file giving the proposed grade (the source taking the
    // referral's Pass), a file giving Distinction again is the source changing its grade.
    for (const grade of ['Pass', 'Distinction']) {
      const { d } = referred();
      const result = await importFile(app.ctx, 'decisions', exported(d, grade));
      expect(result.counts, grade).toMatchObject({ unchanged: 1, changed: 0, rejected: 0 });
      expect(result.heldAgainCount, grade).toBe(0);
      expect(decision('d.id = ?', d.id)).toMatchObject({ grade: 'Pass', status: 'sampled' });
      expect(row(d.id), grade).toMatchObject({
        grade: 'Pass',
        status: 'to_do',
        moderatedGrade: null,
      });
      expect(listRecords(app.ctx, d.id).map((r) => r.superseded)).toEqual([null]);
      expect(regradedFlags(d.id)).toBe(0);
    }
  });
});
