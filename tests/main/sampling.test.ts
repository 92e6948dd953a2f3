import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floorFor } from '@shared/sampling';
import { listAudit } from '../../src/main/audit/service';
import { confirmEpa, confirmationProblem } from '../../src/main/epas/service';
import { saveModeration } from '../../src/main/moderation/save';
import { listQueue } from '../../src/main/moderation/queue';
import { listNotifications } from '../../src/main/moderation/notifications';
import {
  addPlanItem,
  generateSamplingPlan,
  getPlan,
  listPlanItems,
  publishPlan,
  removePlanItem,
  topUpPlan,
  verifyPlan,
} from '../../src/main/sampling/plans';
import { openDemoApp, type TestApp } from '../support/context';

const PERIOD = { from: '2026-06-01', to: '2026-09-30', standards: ['ST0071'] };
let app: TestApp;

beforeAll(async () => {
  // No simulated history: this suite makes its own plans over a period nobody has sampled yet.
  app = await openDemoApp({ epas: 2500, seed: 2026, history: false });
});
afterAll(() => app.close());

function statusCounts(planId: number): Record<string, number> {
  return Object.fromEntries(
    app.ctx.sqlite
      .prepare(
        'SELECT d.status, count(*) FROM sampling_plan_scope s JOIN decisions d ON d.id = s.decision_id WHERE s.plan_id = ? GROUP BY d.status',
      )
      .raw(true)
      .all(planId) as [string, number][],
  );
}

describe('a sampling plan from generation to publication', () => {
  it('samples at least 5% of every assessor, explains each item, and changes nothing until published', () => {
    const plan = generateSamplingPlan(app.ctx, { ...PERIOD, seed: 77 });
    expect(plan.status).toBe('draft');
    // What generation answers (from the draw's own counts) is what the stored plan says.
    expect(plan).toEqual(getPlan(app.ctx, plan.id));
    expect(plan.totals.decisions).toBeGreaterThan(300);
    for (const a of plan.assessors) {
      expect(a.sampled).toBeGreaterThanOrEqual(floorFor(a.decisions));
      expect(a.floor).toBe(floorFor(a.decisions));
    }
    const items = listPlanItems(app.ctx, {
      planId: plan.id,
      includeRemoved: false,
      limit: 10_000,
      offset: 0,
    }).rows;
    expect(items).toHaveLength(plan.totals.sampled);
    expect(items.every((i) => i.reasons.length > 0)).toBe(true);
    expect(items.some((i) => i.reasons.includes('5% floor'))).toBe(true);
    expect(items.some((i) => i.reasons.some((r) => r.startsWith('compliance flag: ')))).toBe(true);
    expect(statusCounts(plan.id)).toEqual({ held: plan.totals.decisions });

    // The same inputs and seed give the same sample.
    const again = generateSamplingPlan(app.ctx, { ...PERIOD, seed: 77 });
    const againItems = listPlanItems(app.ctx, {
      planId: again.id,
      includeRemoved: false,
      limit: 10_000,
      offset: 0,
    }).rows;
    expect(againItems.map((i) => i.decisionId)).toEqual(items.map((i) => i.decisionId));
  });

  it('refuses to remove an item below the floor, allows it above with a reason, and publishes', () => {
    const plan = generateSamplingPlan(app.ctx, { ...PERIOD, seed: 5 });
    const atFloor = plan.assessors.find((a) => a.sampled === a.floor && a.floor >= 1);
    expect(atFloor).toBeDefined();
    const item = listPlanItems(app.ctx, {
      planId: plan.id,
      assessorId: atFloor!.assessorId,
      includeRemoved: false,
      limit: 100,
      offset: 0,
    }).rows[0]!;
    expect(() =>
      removePlanItem(app.ctx, {
        planId: plan.id,
        decisionId: item.decisionId,
        reason: 'not needed',
      }),
    ).toThrow(/below the floor/);

    const above = plan.assessors.find((a) => a.sampled > a.floor)!;
    const extra = listPlanItems(app.ctx, {
      planId: plan.id,
      assessorId: above.assessorId,
      includeRemoved: false,
      limit: 100,
      offset: 0,
    }).rows[0]!;
    const afterRemove = removePlanItem(app.ctx, {
      planId: plan.id,
      decisionId: extra.decisionId,
      reason: 'moderated last week by EQA',
    });
    expect(afterRemove.totals.sampled).toBe(plan.totals.sampled - 1);

    // A manual addition counts toward the target and is recorded with its reason.
    const scopeOutsider = app.ctx.sqlite
      .prepare(
        'SELECT s.decision_id FROM sampling_plan_scope s WHERE s.plan_id = ? AND NOT EXISTS (SELECT 1 FROM sampling_plan_items i WHERE i.plan_id = s.plan_id AND i.decision_id = s.decision_id) LIMIT 1',
      )
      .pluck()
      .get(plan.id) as number;
    const ref = app.ctx.sqlite
      .prepare('SELECT decision_ref FROM decisions WHERE id = ?')
      .pluck()
      .get(scopeOutsider) as string;
    addPlanItem(app.ctx, {
      planId: plan.id,
      decisionRef: ref,
      reason: 'employer complaint about this assessment',
    });

    const published = publishPlan(app.ctx, plan.id);
    expect(published.status).toBe('published');
    expect(statusCounts(plan.id)).toEqual({
      sampled: published.totals.sampled,
      released: published.totals.decisions - published.totals.sampled,
    });
    expect(() => publishPlan(app.ctx, plan.id)).toThrow(/already published/);

    const verified = verifyPlan(app.ctx, plan.id);
    expect(verified).toMatchObject({ verified: true, missing: [], unexpected: [], floorMet: true });
    expect(verified.adjustments.map((a) => a.change).sort()).toEqual(['added', 'removed']);
    expect(verified.adjustments.find((a) => a.change === 'added')?.reason).toContain(
      'employer complaint',
    );

    // Another plan over the same period finds nothing left to sample.
    expect(generateSamplingPlan(app.ctx, { ...PERIOD, seed: 6 }).totals.decisions).toBe(0);
  });
});

describe('the grade hold and moderation', () => {
  it('refuses to confirm an EPA until every method decision is released, then confirms it', () => {
    const sampledEpa = app.ctx.sqlite
      .prepare(
        `SELECT e.id FROM epas e WHERE e.status = 'awaiting_confirmation'
         AND EXISTS (SELECT 1 FROM decisions d WHERE d.epa_id = e.id AND d.status = 'sampled')
         AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.epa_id = e.id AND d.status = 'held') LIMIT 1`,
      )
      .pluck()
      .get() as number;
    expect(confirmationProblem(app.ctx, sampledEpa)).toMatch(
      /only after moderation: .* sampled and not yet moderated/,
    );
    expect(() => confirmEpa(app.ctx, sampledEpa)).toThrow(/only after moderation/);

    const sampled = app.ctx.sqlite
      .prepare("SELECT id, grade FROM decisions WHERE epa_id = ? AND status = 'sampled'")
      .all(sampledEpa) as { id: number; grade: string }[];
    for (const d of sampled) {
      saveModeration(app.ctx, {
        decisionId: d.id,
        activity: 'documentation_review',
        criteria: [],
        moderatedGrade: d.grade,
        outcome: 'agreed',
        actions: [],
      });
    }
    const confirmed = confirmEpa(app.ctx, sampledEpa);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.workingDaysElapsed).toBeGreaterThan(0);
    expect(listAudit(app.ctx, { limit: 1 })[0]).toMatchObject({
      action: 'epa.confirm',
      entityId: String(sampledEpa),
    });
  });

  it('keeps moderators independent of their own assessments and declared conflicts', () => {
    const [row] = listQueue(app.ctx, {
      filter: { status: 'to_do' },
      sort: { by: 'date', dir: 'asc' },
      offset: 0,
      limit: 1,
    }).rows;
    expect(row).toBeDefined();
    const assessorId = app.ctx.sqlite
      .prepare('SELECT assessor_id FROM decisions WHERE id = ?')
      .pluck()
      .get(row!.decisionId) as number;
    const lead = app.ctx.session.userId;
    const own = app.ctx.sqlite
      .prepare("INSERT INTO users (name, role, assessor_id) VALUES ('Dual Role', 'moderator', ?)")
      .run(assessorId);
    app.ctx.session.userId = Number(own.lastInsertRowid);
    expect(() =>
      saveModeration(app.ctx, {
        decisionId: row!.decisionId,
        activity: 'documentation_review',
        criteria: [],
        moderatedGrade: row!.grade,
        outcome: 'agreed',
        actions: [],
      }),
    ).toThrow(/assessed this decision/);

    const employer = app.ctx.sqlite
      .prepare(
        'SELECT emp.name FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id JOIN employers emp ON emp.id = p.employer_id WHERE d.id = ?',
      )
      .pluck()
      .get(row!.decisionId) as string;
    const conflicted = app.ctx.sqlite
      .prepare("INSERT INTO users (name, role) VALUES ('Conflicted Person', 'moderator')")
      .run();
    app.ctx.sqlite
      .prepare(
        "INSERT INTO conflicts (subject_type, subject_id, party_type, party_ref, declared_on) VALUES ('user', ?, 'employer', ?, '2025-01-10')",
      )
      .run(conflicted.lastInsertRowid, employer);
    app.ctx.session.userId = Number(conflicted.lastInsertRowid);
    expect(() =>
      saveModeration(app.ctx, {
        decisionId: row!.decisionId,
        activity: 'documentation_review',
        criteria: [],
        moderatedGrade: row!.grade,
        outcome: 'agreed',
        actions: [],
      }),
    ).toThrow(
      new RegExp(
        `conflict of interest with the employer ${employer.replace(/[()]/g, '.')} on 10 January 2025`,
      ),
    );
    app.ctx.session.userId = lead;
  });

  it('escalates a disagreement: grade and overall grade change, more of that assessor is sampled, the lead is told', () => {
    const [row] = listQueue(app.ctx, {
      filter: { status: 'to_do', grade: 'Distinction' },
      sort: { by: 'date', dir: 'asc' },
      offset: 0,
      limit: 1,
    }).rows;
    expect(row).toBeDefined();
    const before = listQueue(app.ctx, {
      filter: { status: 'all', assessorRef: row!.assessorRef },
      sort: { by: 'date', dir: 'asc' },
      offset: 0,
      limit: 1,
    }).total;
    const result = saveModeration(app.ctx, {
      decisionId: row!.decisionId,
      activity: 'documentation_review',
      criteria: [],
      moderatedGrade: 'Pass',
      outcome: 'grade_changed_criteria_misapplied',
      feedback: 'Distinction criteria D2 and D3 were not evidenced.',
      actions: [{ description: 'Re-read the distinction descriptors', dueDate: '2026-12-18' }],
    });
    expect(result.gradeChanged).toBe(true);
    expect(result.escalation?.assessorRef).toBe(row!.assessorRef);
    expect(result.escalation?.added).toBeGreaterThan(0);
    const after = listQueue(app.ctx, {
      filter: { status: 'all', assessorRef: row!.assessorRef },
      sort: { by: 'date', dir: 'asc' },
      offset: 0,
      limit: 500,
    });
    expect(after.total).toBe(before + result.escalation!.added);
    expect(
      after.rows.filter((r) => r.reasons.includes('escalated after disagreement')),
    ).toHaveLength(result.escalation!.added);

    const grade = app.ctx.sqlite
      .prepare('SELECT grade FROM decisions WHERE id = ?')
      .pluck()
      .get(row!.decisionId);
    expect(grade).toBe('Pass');
    const audit = listAudit(app.ctx, { limit: 200 });
    expect(
      audit.find(
        (a) => a.action === 'decision.grade-change' && a.entityId === String(row!.decisionId),
      ),
    ).toMatchObject({
      before: { grade: 'Distinction' },
      after: { grade: 'Pass' },
    });
    expect(listNotifications(app.ctx)[0]?.message).toContain(`${row!.assessorRef}`);
    expect(listNotifications(app.ctx)[0]?.message).toContain('Sample raised by 10 points');
  });

  it('tops up a published plan with decisions imported since, keeping it verifiable', () => {
    const publishedId = app.ctx.sqlite
      .prepare("SELECT id FROM sampling_plans WHERE status = 'published'")
      .pluck()
      .get() as number;
    const plan = getPlan(app.ctx, publishedId);
    expect(plan.status).toBe('published');
    // A late arrival: a new held decision inside the period for an existing EPA's missing method.
    const epa = app.ctx.sqlite
      .prepare(
        "SELECT e.id, e.standard_version_id AS v FROM epas e WHERE e.status = 'in_progress' LIMIT 1",
      )
      .get() as { id: number; v: number };
    const method = app.ctx.sqlite
      .prepare(
        'SELECT m.id FROM assessment_methods m WHERE m.standard_version_id = ? AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.epa_id = ? AND d.method_id = m.id) LIMIT 1',
      )
      .pluck()
      .get(epa.v, epa.id) as number;
    app.ctx.sqlite
      .prepare(
        "INSERT INTO decisions (epa_id, decision_ref, method_id, attempt, assessor_id, assessment_date, grade) VALUES (?, 'LATE-1', ?, 1, 1, '2026-09-15', 'Pass')",
      )
      .run(epa.id, method);
    const topped = topUpPlan(app.ctx, plan.id);
    expect(topped.totals.decisions).toBe(plan.totals.decisions + 1);
    expect(
      app.ctx.sqlite
        .prepare("SELECT status FROM decisions WHERE decision_ref = 'LATE-1'")
        .pluck()
        .get(),
    ).toBe('sampled');
    expect(verifyPlan(app.ctx, plan.id).verified).toBe(true);
  });
});
