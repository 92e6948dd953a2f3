/**
 * Migration 0012 rebuilds the stored scope (WITHOUT ROWID, counts per assessor beside it) and
 * lets generation fill the queue columns itself. A plan stored by the version before it must
 * carry over row for row and still verify; plans made after it must queue exactly as the
 * trigger would have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING_PARAMS, SAMPLING_RULES_VERSION, generatePlan } from '@shared/sampling';
import { bootstrap } from '../../src/main/core/bootstrap';
import type { AppContext } from '../../src/main/core/context';
import { loadDemoData } from '../../src/main/demo/generate';
import {
  addPlanItem,
  generateSamplingPlan,
  getPlan,
  publishPlan,
  verifyPlan,
} from '../../src/main/sampling/plans';
import { insertItemSql } from '../../src/main/sampling/plan-store';
import { readAssessors, readScope } from '../../src/main/sampling/scope';
import { MIGRATIONS, fixedClock, signInLead, tempDir } from '../support/context';

const PERIOD = { from: '2026-06-01', to: '2026-09-30', standards: ['ST0071'] };
const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as the version before 0012 shipped it. */
function migrationsBefore0012(): string {
  const folder = path.join(dir, 'drizzle-0011');
  fs.cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as {
    entries: { idx: number }[];
  };
  journal.entries = journal.entries.filter((e) => e.idx < 12);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

/**
 * A plan stored as the version before 0012 stored it: the scope in the old table (here in two
 * slices, as after a top-up), each slice drawn on its own, items inserted bare for the insert
 * trigger to fill. Today's code reads the scope from `twin`, the same demo data on today's
 * schema, because it reads tables later migrations added.
 */
function storeOldStylePlan(ctx: AppContext, twin: AppContext): number {
  const params = DEFAULT_SAMPLING_PARAMS;
  const seed = 4242;
  const planId = Number(
    ctx.sqlite
      .prepare(
        `INSERT INTO sampling_plans (title, period_from, period_to, standards_json, seed, params_json,
           rules_version, assessors_json, created_by) VALUES ('Old plan', ?, ?, ?, ?, ?, ?, '[]', 'test')`,
      )
      .run(
        PERIOD.from,
        PERIOD.to,
        JSON.stringify(PERIOD.standards),
        seed,
        JSON.stringify(params),
        SAMPLING_RULES_VERSION,
      ).lastInsertRowid,
  );
  const scope = readScope(twin, { ...PERIOD, sequenceCap: params.newAssessorDecisions + 1 });
  const assessors = readAssessors(twin, [...new Set(scope.map((d) => d.assessorId))], {
    ...PERIOD,
    params,
  });
  ctx.sqlite
    .prepare('UPDATE sampling_plans SET assessors_json = ? WHERE id = ?')
    .run(JSON.stringify(assessors), planId);
  const cut = Math.floor(scope.length * 0.8);
  const slices = [scope.slice(0, cut), scope.slice(cut)];
  const insertScope = ctx.sqlite.prepare(
    `INSERT INTO sampling_plan_scope (plan_id, decision_id, assessor_id, method, grade, attempt, employer,
       provider, assessment_date, flags_json, assessor_sequence, assessor_standard_start, retake, slice)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertItem = ctx.sqlite.prepare(insertItemSql);
  slices.forEach((decisions, slice) => {
    for (const d of decisions)
      insertScope.run(
        planId,
        d.id,
        d.assessorId,
        d.method,
        d.grade,
        d.attempt,
        d.employer,
        d.provider,
        d.assessmentDate,
        JSON.stringify(d.flags),
        d.assessorSequence,
        d.assessorStandardStart,
        d.retake ? 1 : 0,
        slice,
      );
    const result = generatePlan({ seed, params, assessors, decisions });
    for (const item of result.items)
      insertItem.run(
        planId,
        item.decisionId,
        item.assessorId,
        slice === 0 ? 'generated' : 'top-up',
        JSON.stringify(item.reasons),
        'test',
        slice,
      );
  });
  return planId;
}

/** Each item's queue columns as the insert trigger works them out. */
const QUEUE_AS_TRIGGER = `SELECT i.id, i.active, i.done, i.assessment_date, i.grade, i.method,
    (i.removed_at IS NULL AND p.status = 'published') AS active_expected,
    EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = i.decision_id
      AND coalesce(r.outcome, '') <> 'referred_back') AS done_expected,
    d.assessment_date AS date_expected, d.grade AS grade_expected, m.code AS method_expected
  FROM sampling_plan_items i JOIN sampling_plans p ON p.id = i.plan_id
  JOIN decisions d ON d.id = i.decision_id JOIN assessment_methods m ON m.id = d.method_id
  WHERE i.plan_id = ?`;

/** The lead signed in before the database was reopened. */
function signInAgain(ctx: AppContext): void {
  ctx.session.userId = ctx.sqlite
    .prepare("SELECT id FROM users WHERE role = 'iqa_lead' ORDER BY id LIMIT 1")
    .pluck()
    .get() as number;
}

function expectQueueAsTrigger(ctx: AppContext, planId: number): void {
  const rows = ctx.sqlite.prepare(QUEUE_AS_TRIGGER).all(planId) as Record<string, unknown>[];
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect([r.active, r.done, r.assessment_date, r.grade, r.method]).toEqual([
      r.active_expected,
      r.done_expected,
      r.date_expected,
      r.grade_expected,
      r.method_expected,
    ]);
  }
}

describe('migration 0012: the stored scope rebuilt', () => {
  const dbPath = path.join(dir, 'iqa.sqlite');
  let planId = 0;
  let scopeBefore: unknown[] = [];
  let itemsBefore: unknown[] = [];

  it('carries a plan stored before it over row for row', async () => {
    const old = await bootstrap({
      dbPath,
      migrationsFolder: migrationsBefore0012(),
      clock: fixedClock(),
      actor: 'test',
    });
    signInLead(old);
    loadDemoData(old, { epas: 600, seed: 12, history: false });
    const twin = await bootstrap({
      dbPath: path.join(dir, 'twin.sqlite'),
      clock: fixedClock(),
      actor: 'test',
    });
    signInLead(twin);
    loadDemoData(twin, { epas: 600, seed: 12, history: false });
    const decisions = 'SELECT id, decision_ref FROM decisions ORDER BY id';
    expect(twin.sqlite.prepare(decisions).all()).toEqual(old.sqlite.prepare(decisions).all());
    planId = storeOldStylePlan(old, twin);
    twin.store.close();
    scopeBefore = old.sqlite
      .prepare('SELECT * FROM sampling_plan_scope ORDER BY plan_id, decision_id')
      .raw(true)
      .all();
    itemsBefore = old.sqlite.prepare('SELECT * FROM sampling_plan_items ORDER BY id').all();
    expect(scopeBefore.length).toBeGreaterThan(100);
    old.store.close();

    const ctx = await bootstrap({
      dbPath,
      migrationsFolder: MIGRATIONS,
      clock: fixedClock(),
      actor: 'test',
    });
    try {
      expect(
        ctx.sqlite
          .prepare('SELECT * FROM sampling_plan_scope ORDER BY plan_id, decision_id')
          .raw(true)
          .all(),
      ).toEqual(scopeBefore);
      expect(ctx.sqlite.prepare('SELECT * FROM sampling_plan_items ORDER BY id').all()).toEqual(
        itemsBefore,
      );
      expect(
        ctx.sqlite
          .prepare("SELECT sql FROM sqlite_master WHERE name = 'sampling_plan_scope'")
          .pluck()
          .get(),
      ).toMatch(/WITHOUT ROWID\s*$/);
      expect(
        ctx.sqlite
          .prepare(
            'SELECT plan_id, slice, assessor_id, decisions FROM sampling_plan_scope_assessors ORDER BY 1, 2, 3',
          )
          .raw(true)
          .all(),
      ).toEqual(
        ctx.sqlite
          .prepare(
            'SELECT plan_id, slice, assessor_id, count(*) FROM sampling_plan_scope GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
          )
          .raw(true)
          .all(),
      );
      expect(ctx.sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      ctx.store.close();
    }
  });

  it('still verifies that plan, counts it, and publishes it', async () => {
    const ctx = await bootstrap({
      dbPath,
      migrationsFolder: MIGRATIONS,
      clock: fixedClock(),
      actor: 'test',
    });
    signInAgain(ctx);
    try {
      const verified = verifyPlan(ctx, planId);
      expect(verified.verified).toBe(true);
      expect(verified.generated).toBe(itemsBefore.length);
      expect(verified.regenerated).toBe(itemsBefore.length);
      const plan = getPlan(ctx, planId);
      expect(plan.totals.decisions).toBe(scopeBefore.length);
      expect(plan.totals.sampled).toBe(itemsBefore.length);
      expect(publishPlan(ctx, planId).status).toBe('published');
      expectQueueAsTrigger(ctx, planId);
      expect(verifyPlan(ctx, planId).verified).toBe(true);
    } finally {
      ctx.store.close();
    }
  });

  it('queues the items of a plan made after it as the trigger would have', async () => {
    const ctx = await bootstrap({
      dbPath,
      migrationsFolder: MIGRATIONS,
      clock: fixedClock(),
      actor: 'test',
    });
    signInAgain(ctx);
    try {
      const plan = generateSamplingPlan(ctx, {
        from: '2026-10-01',
        to: '2026-11-15',
        standards: ['ST0071'],
        seed: 9,
      });
      expect(plan.totals.sampled).toBeGreaterThan(0);
      expectQueueAsTrigger(ctx, plan.id);
      // Every other writer still has its columns filled by the trigger.
      const outside = ctx.sqlite
        .prepare(
          `SELECT d.decision_ref FROM sampling_plan_scope s JOIN decisions d ON d.id = s.decision_id
           WHERE s.plan_id = ? AND NOT EXISTS (SELECT 1 FROM sampling_plan_items i
             WHERE i.plan_id = s.plan_id AND i.decision_id = s.decision_id) LIMIT 1`,
        )
        .pluck()
        .get(plan.id) as string;
      addPlanItem(ctx, { planId: plan.id, decisionRef: outside, reason: 'seen at the visit' });
      publishPlan(ctx, plan.id);
      expectQueueAsTrigger(ctx, plan.id);
      expect(verifyPlan(ctx, plan.id).verified).toBe(true);
    } finally {
      ctx.store.close();
    }
  });
});
