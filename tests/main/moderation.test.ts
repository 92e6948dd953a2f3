/**
 * The moderation side of issue 4 on a real database: what publishing stamps on each sampled item,
 * the queue kept current by triggers, a moderation saved once, actions acknowledged and closed,
 * escalation that carries into a top-up, and the decision filters the dashboards link into.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englandAndWales } from '@shared/calendar';
import { listAudit } from '../../src/main/audit/service';
import { listDecisions } from '../../src/main/decisions/service';
import { acknowledgeAction, closeAction, listActions } from '../../src/main/moderation/actions';
import { listNotifications } from '../../src/main/moderation/notifications';
import { assignItems, listQueue } from '../../src/main/moderation/queue';
import { moderationContext } from '../../src/main/moderation/records';
import { saveModeration } from '../../src/main/moderation/save';
import {
  generateSamplingPlan,
  getPlan,
  publishPlan,
  topUpPlan,
  verifyPlan,
} from '../../src/main/sampling/plans';
import { openDemoApp, type TestApp } from '../support/context';

const PERIOD = { from: '2026-06-01', to: '2026-08-31', standards: ['ST0071'] };
let app: TestApp;
let planId: number;

beforeAll(async () => {
  app = await openDemoApp({ epas: 2000, seed: 404, history: false });
  planId = publishPlan(app.ctx, generateSamplingPlan(app.ctx, { ...PERIOD, seed: 12 }).id).id;
});
afterAll(() => app.close());

const q = (filter: Parameters<typeof listQueue>[1]['filter'], limit = 50) =>
  listQueue(app.ctx, { filter, sort: { by: 'date', dir: 'asc' }, offset: 0, limit });

function item(decisionId: number) {
  return app.ctx.sqlite
    .prepare(
      'SELECT active, done, grade, assessment_date AS date, due_date AS due, snapshot_json AS snapshot FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ?',
    )
    .get(planId, decisionId) as {
    active: number;
    done: number;
    grade: string;
    date: string;
    due: string | null;
    snapshot: string | null;
  };
}

describe('publishing a plan', () => {
  it('stamps each sampled item with the decision as sampled and a due date at the EPA’s target', () => {
    const [row] = q({ status: 'to_do' }).rows;
    expect(row).toBeDefined();
    const it = item(row!.decisionId);
    expect(it.active).toBe(1);
    const snapshot = JSON.parse(it.snapshot!) as Record<string, unknown>;
    expect(snapshot).toMatchObject({ grade: row!.grade, method: row!.method, planId });
    const last = app.ctx.sqlite
      .prepare(
        'SELECT max(x.assessment_date) FROM decisions x WHERE x.epa_id = (SELECT epa_id FROM decisions WHERE id = ?)',
      )
      .pluck()
      .get(row!.decisionId) as string;
    expect(it.due).toBe(englandAndWales.addDays(last, 10, 'working').date);
    expect(row!.dueDate).toBe(it.due);
  });

  it('fills the queue only from published plans, and keeps it current as decisions change', () => {
    const draft = generateSamplingPlan(app.ctx, {
      from: '2026-09-01',
      to: '2026-09-30',
      standards: ['ST0071'],
      seed: 1,
    });
    expect(q({ status: 'all', planId: draft.id }).total).toBe(0);
    const [row] = q({ status: 'to_do' }).rows;
    // A re-import moves the assessment date: the queue's copy follows.
    const moved = row!.assessmentDate === '2026-06-02' ? '2026-06-03' : '2026-06-02';
    app.ctx.sqlite
      .prepare('UPDATE decisions SET assessment_date = ? WHERE id = ?')
      .run(moved, row!.decisionId);
    expect(item(row!.decisionId).date).toBe(moved);
    const ctx = moderationContext(app.ctx, row!.decisionId);
    expect(ctx.changedSinceSampled).toEqual([
      { field: 'assessmentDate', then: row!.assessmentDate, now: moved },
    ]);
  });
});

describe('a moderation record', () => {
  it('is saved once: the decision is released, the queue shows it done, a second save is refused', () => {
    const [row] = q({ status: 'to_do', grade: 'Pass' }).rows;
    const before = { done: q({ status: 'done' }).total, toDo: q({ status: 'to_do' }).total };
    const saved = saveModeration(app.ctx, {
      decisionId: row!.decisionId,
      activity: 'live_observation',
      criteria: [],
      moderatedGrade: 'Pass',
      outcome: 'agreed_with_feedback',
      feedback: 'Clear, well-evidenced judgement.',
      actions: [{ description: 'Share this write-up at standardisation', dueDate: '2026-12-18' }],
    });
    expect(saved.gradeChanged).toBe(false);
    expect(item(row!.decisionId).done).toBe(1);
    expect(q({ status: 'done' }).total).toBe(before.done + 1);
    expect(q({ status: 'to_do' }).total).toBe(before.toDo - 1);
    expect(q({ status: 'to_do', grade: 'Pass' }, 5000).rows.map((r) => r.decisionId)).not.toContain(
      row!.decisionId,
    );
    expect(q({ status: 'all' }).total).toBe(before.done + before.toDo);
    const ctx = moderationContext(app.ctx, row!.decisionId);
    expect(ctx.canModerate).toEqual({
      allowed: false,
      reason: expect.stringMatching(/^Already moderated by Priya Shah on 2026-11-20\.$/),
    });
    expect(ctx.records[0]?.actions[0]).toMatchObject({
      description: 'Share this write-up at standardisation',
      dueDate: '2026-12-18',
      acknowledgedAt: null,
    });
    expect(() =>
      saveModeration(app.ctx, {
        decisionId: row!.decisionId,
        activity: 'documentation_review',
        criteria: [],
        moderatedGrade: 'Pass',
        outcome: 'agreed',
        actions: [],
      }),
    ).toThrow(/already moderated by Priya Shah/);
  });

  it('refuses an action due before the moderation itself', () => {
    const [row] = q({ status: 'to_do' }).rows;
    expect(() =>
      saveModeration(app.ctx, {
        decisionId: row!.decisionId,
        activity: 'documentation_review',
        criteria: [],
        moderatedGrade: row!.grade,
        outcome: 'agreed_with_feedback',
        actions: [{ description: 'Too late already', dueDate: '2026-01-01' }],
      }),
    ).toThrow(/due before the moderation date/);
  });
});

describe('actions for the assessor', () => {
  it('are acknowledged by the assessor, then closed by IQA, in that order, each audited', () => {
    const open = listActions(app.ctx, { status: 'open', offset: 0, limit: 50 });
    expect(open.total).toBeGreaterThan(0);
    const action = open.rows[0]!;
    expect(action.status).toBe('awaiting_acknowledgement');
    expect(() => closeAction(app.ctx, { actionId: action.id, note: 'done' })).toThrow(
      /has not acknowledged this action yet/,
    );
    const acked = acknowledgeAction(app.ctx, {
      actionId: action.id,
      acknowledgedOn: '2026-11-19',
      note: 'By email',
    });
    expect(acked).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: '2026-11-19',
      acknowledgedBy: 'Priya Shah',
    });
    expect(() => acknowledgeAction(app.ctx, { actionId: action.id })).toThrow(
      /already acknowledged/,
    );
    const closed = closeAction(app.ctx, {
      actionId: action.id,
      note: 'Presented at the December event',
    });
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'Priya Shah', overdue: false });
    expect(listActions(app.ctx, { status: 'closed', offset: 0, limit: 50 }).rows[0]?.id).toBe(
      action.id,
    );
    const actions = listAudit(app.ctx, { limit: 5 }).map((a) => a.action);
    expect(actions).toContain('moderation.action-acknowledged');
    expect(actions).toContain('moderation.action-closed');
  });
});

describe('escalation', () => {
  it('adds items now, raises the rate for decisions topped up later, and the plan still verifies', () => {
    // An assessor with no risk yet, so the raised rate can only come from the escalation.
    const quiet = new Set(
      getPlan(app.ctx, planId)
        .assessors.filter((a) => a.risks.length === 0 && a.decisions >= 60)
        .map((a) => a.assessorRef),
    );
    const row = q({ status: 'to_do', grade: 'Distinction' }, 5000).rows.find((r) =>
      quiet.has(r.assessorRef),
    );
    expect(row).toBeDefined();
    const result = saveModeration(app.ctx, {
      decisionId: row!.decisionId,
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: 'Pass',
      outcome: 'grade_changed_borderline',
      actions: [],
    });
    expect(result.escalation).toMatchObject({
      assessorRef: row!.assessorRef,
      points: 10,
      already: false,
    });
    expect(result.escalation!.added).toBeGreaterThan(0);
    // The queue's copy of the grade follows the change; the record says what it added.
    expect(item(row!.decisionId).grade).toBe('Pass');
    const record = moderationContext(app.ctx, row!.decisionId).records.at(-1)!;
    expect(record.escalation).toEqual({
      assessorRef: row!.assessorRef,
      added: result.escalation!.added,
    });
    const notice = listNotifications(app.ctx)[0]!;
    expect(notice.link).toBe(
      `#/moderation?assessor=${row!.assessorRef}&status=to_do&reason=escalated%20after%20disagreement&plan=${planId}`,
    );
    expect(
      q({ status: 'to_do', assessorRef: row!.assessorRef, reason: 'escalated after disagreement' })
        .total,
    ).toBe(result.escalation!.added);

    // Twenty late decisions for that assessor: a top-up samples them at 15%, not 5%.
    const assessorId = app.ctx.sqlite
      .prepare('SELECT id FROM assessors WHERE ref = ?')
      .pluck()
      .get(row!.assessorRef) as number;
    const epas = app.ctx.sqlite
      .prepare(
        "SELECT e.id, e.standard_version_id AS v FROM epas e WHERE e.status = 'in_progress' LIMIT 20",
      )
      .all() as { id: number; v: number }[];
    let added = 0;
    for (const epa of epas) {
      const method = app.ctx.sqlite
        .prepare(
          'SELECT m.id FROM assessment_methods m WHERE m.standard_version_id = ? AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.epa_id = ? AND d.method_id = m.id) LIMIT 1',
        )
        .pluck()
        .get(epa.v, epa.id) as number | undefined;
      if (!method) continue;
      app.ctx.sqlite
        .prepare(
          "INSERT INTO decisions (epa_id, decision_ref, method_id, attempt, assessor_id, assessment_date, grade) VALUES (?, ?, ?, 1, ?, '2026-08-20', 'Pass')",
        )
        .run(epa.id, `LATE-${epa.id}`, method, assessorId);
      added++;
    }
    expect(added).toBeGreaterThanOrEqual(19);
    const before = getPlan(app.ctx, planId);
    topUpPlan(app.ctx, planId);
    const lateSampled = app.ctx.sqlite
      .prepare(
        "SELECT count(*) FROM sampling_plan_items i JOIN decisions d ON d.id = i.decision_id WHERE i.plan_id = ? AND d.decision_ref LIKE 'LATE-%' AND i.removed_at IS NULL",
      )
      .pluck()
      .get(planId) as number;
    expect(lateSampled).toBe(Math.ceil(0.15 * added));
    expect(getPlan(app.ctx, planId).totals.sampled).toBeGreaterThan(before.totals.sampled);
    const verified = verifyPlan(app.ctx, planId);
    expect(verified).toMatchObject({ verified: true, missing: [], unexpected: [] });
    expect(verified.adjustments.filter((a) => a.source === 'escalation')).toHaveLength(
      result.escalation!.added,
    );
  });
});

describe('the queue', () => {
  it('assigns in bulk and filters by moderator, including unassigned', () => {
    const moderator = Number(
      app.ctx.sqlite
        .prepare("INSERT INTO users (name, role) VALUES ('Sam Okafor', 'moderator')")
        .run().lastInsertRowid,
    );
    const rows = q({ status: 'to_do', moderator: 'unassigned' }, 5).rows;
    expect(
      assignItems(
        app.ctx,
        rows.map((r) => r.itemId),
        moderator,
      ),
    ).toBe(5);
    const mine = q({ status: 'to_do', moderator });
    expect(mine.total).toBe(5);
    expect(
      mine.rows.every((r) => r.moderator === 'Sam Okafor' && r.moderatorId === moderator),
    ).toBe(true);
    const sorted = listQueue(app.ctx, {
      filter: { status: 'all' },
      sort: { by: 'assessor', dir: 'desc' },
      offset: 0,
      limit: 500,
    }).rows.map((r) => r.assessorRef);
    expect(sorted).toEqual([...sorted].sort().reverse());
  });
});

describe('the decisions list the dashboards link into', () => {
  it('filters by standard, version, provider and employer', () => {
    const sample = listDecisions(app.ctx, { filter: {}, limit: 1 }).rows[0]!;
    expect(sample.provider).toMatch(/^1\d{7}$/);
    const by = (filter: Parameters<typeof listDecisions>[1]['filter']) =>
      listDecisions(app.ctx, { filter, limit: 1000 });
    const employer = by({ employer: sample.employer! });
    expect(employer.total).toBeGreaterThan(0);
    expect(employer.rows.every((r) => r.employer === sample.employer)).toBe(true);
    const provider = by({ provider: sample.provider! });
    expect(provider.rows.every((r) => r.provider === sample.provider)).toBe(true);
    const version = by({ standard: 'ST0071', version: sample.version });
    expect(version.rows.every((r) => r.version === sample.version)).toBe(true);
    expect(by({ standard: 'ST9999' }).total).toBe(0);
    expect(by({ standard: 'ST0071' }).total).toBe(by({}).total);
  });
});
