/**
 * Sampling plans: generate (draft), adjust with reasons, publish (which releases what was not
 * sampled), top up, and verify. The 5% floor per assessor is checked on every path that could
 * break it; nothing here can publish a plan or remove an item below it.
 */
import { randomInt } from 'node:crypto';
import {
  DEFAULT_SAMPLING_PARAMS,
  SAMPLING_RULES_VERSION,
  SamplingParams,
  floorFor,
  generatePlan,
  type AssessorPlanSummary,
  type PlanResult,
  type ScopeAssessor,
  type ScopeDecision,
} from '@shared/sampling';
import type { PlanDto, PlanItemDto, VerifyDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { readAssessors, readScope } from './scope';

interface PlanRow {
  id: number;
  title: string;
  period_from: string;
  period_to: string;
  standards_json: string;
  seed: number;
  params_json: string;
  rules_version: string;
  assessors_json: string;
  status: 'draft' | 'published';
  created_by: string;
  created_at: string;
  published_by: string | null;
  published_at: string | null;
}

function planRow(ctx: AppContext, planId: number): PlanRow {
  const row = ctx.sqlite.prepare('SELECT * FROM sampling_plans WHERE id = ?').get(planId) as
    PlanRow | undefined;
  if (!row) throw new DomainError('not_found', `Sampling plan ${planId} does not exist.`);
  return row;
}

function parseParams(raw: unknown): SamplingParams {
  const parsed = SamplingParams.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new DomainError(
      'refused',
      `Sampling settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  if (parsed.data.floorRate < DEFAULT_SAMPLING_PARAMS.floorRate) {
    throw new DomainError('refused', 'The floor cannot be set below the assessment plan’s 5%.');
  }
  return parsed.data;
}

const insertScopeSql = `INSERT INTO sampling_plan_scope (plan_id, decision_id, assessor_id, method, grade, attempt,
  employer, provider, assessment_date, flags_json, assessor_sequence, slice) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`;
const insertItemSql = `INSERT INTO sampling_plan_items (plan_id, decision_id, assessor_id, source, reasons_json, added_by, slice)
  VALUES (?,?,?,?,?,?,?)`;

function storeScopeAndItems(
  ctx: AppContext,
  planId: number,
  scope: ScopeDecision[],
  result: PlanResult,
  source: 'generated' | 'top-up',
  actor: string,
  slice: number,
): void {
  const insertScope = ctx.sqlite.prepare(insertScopeSql);
  for (const d of scope) {
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
      slice,
    );
  }
  const insertItem = ctx.sqlite.prepare(insertItemSql);
  for (const item of result.items) {
    insertItem.run(
      planId,
      item.decisionId,
      item.assessorId,
      source,
      JSON.stringify(item.reasons),
      actor,
      slice,
    );
  }
}

export interface GenerateInput {
  from: string;
  to: string;
  standards: string[];
  seed?: number | undefined;
  params?: unknown;
  title?: string | undefined;
}

export function generateSamplingPlan(ctx: AppContext, input: GenerateInput): PlanDto {
  const params = parseParams(input.params);
  const seed = input.seed ?? randomInt(0, 2 ** 31 - 1);
  const actor = currentActor(ctx);
  const planId = ctx.sqlite
    .transaction(() => {
      const scope = readScope(ctx, input);
      const assessorIds = [...new Set(scope.map((d) => d.assessorId))];
      const assessors = readAssessors(ctx, assessorIds, input);
      const result = generatePlan({ seed, params, assessors, decisions: scope });
      const id = Number(
        ctx.sqlite
          .prepare(
            `INSERT INTO sampling_plans (title, period_from, period_to, standards_json, seed, params_json,
               rules_version, assessors_json, created_by) VALUES (?,?,?,?,?,?,?,?,?)`,
          )
          .run(
            input.title || `Sample ${input.from} to ${input.to}`,
            input.from,
            input.to,
            JSON.stringify(input.standards),
            seed,
            JSON.stringify(params),
            SAMPLING_RULES_VERSION,
            JSON.stringify(assessors),
            actor.name,
          ).lastInsertRowid,
      );
      storeScopeAndItems(ctx, id, scope, result, 'generated', actor.name, 0);
      writeAudit(
        ctx,
        {
          action: 'sampling.generate',
          entity: 'sampling_plan',
          entityId: id,
          after: {
            from: input.from,
            to: input.to,
            standards: input.standards,
            seed,
            rulesVersion: SAMPLING_RULES_VERSION,
            decisions: scope.length,
            sampled: result.items.length,
          },
        },
        actor,
      );
      return id;
    })
    .immediate();
  return getPlan(ctx, planId);
}

/** Per-assessor counts straight from the stored plan. */
function assessorCounts(
  ctx: AppContext,
  planId: number,
): { scope: Map<number, number>; sampled: Map<number, number> } {
  const scope = new Map(
    ctx.sqlite
      .prepare(
        'SELECT assessor_id, count(*) FROM sampling_plan_scope WHERE plan_id = ? GROUP BY assessor_id',
      )
      .raw(true)
      .all(planId) as [number, number][],
  );
  const sampled = new Map(
    ctx.sqlite
      .prepare(
        'SELECT assessor_id, count(*) FROM sampling_plan_items WHERE plan_id = ? AND removed_at IS NULL GROUP BY assessor_id',
      )
      .raw(true)
      .all(planId) as [number, number][],
  );
  return { scope, sampled };
}

export function getPlan(ctx: AppContext, planId: number): PlanDto {
  const row = planRow(ctx, planId);
  const params = JSON.parse(row.params_json) as SamplingParams;
  const risks = new Map(
    (JSON.parse(row.assessors_json) as ScopeAssessor[]).map((a) => [a.id, a.risks]),
  );
  const { scope, sampled } = assessorCounts(ctx, planId);
  const names = new Map(
    ctx.sqlite
      .prepare('SELECT id, ref, name FROM assessors')
      .raw(true)
      .all()
      .map((r) => {
        const [id, ref, name] = r as [number, string, string];
        return [id, { ref, name }];
      }),
  );
  const reasonRows = ctx.sqlite
    .prepare(
      'SELECT assessor_id, reasons_json FROM sampling_plan_items WHERE plan_id = ? AND removed_at IS NULL',
    )
    .raw(true)
    .all(planId) as [number, string][];
  const reasons = new Map<number, Record<string, number>>();
  for (const [assessorId, json] of reasonRows) {
    const counts = reasons.get(assessorId) ?? {};
    for (const r of JSON.parse(json) as string[]) {
      const key = r.startsWith('compliance flag')
        ? 'compliance flag'
        : r.startsWith('risk uplift')
          ? 'risk uplift'
          : r.startsWith('spread')
            ? 'spread'
            : r;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    reasons.set(assessorId, counts);
  }
  const assessors = [...scope.entries()]
    .map(([assessorId, n]) => {
      const assessorRisks = risks.get(assessorId) ?? [];
      const uplift = [...new Set(assessorRisks.map((r) => r.code))].reduce(
        (s, c) => s + params.uplift[c],
        0,
      );
      const rate = Math.min(1, params.floorRate + uplift);
      const floor = floorFor(n, params.floorRate);
      return {
        assessorId,
        assessorRef: names.get(assessorId)?.ref ?? String(assessorId),
        assessorName: names.get(assessorId)?.name ?? '',
        decisions: n,
        floor,
        target: Math.min(n, Math.max(floor, Math.ceil(Math.round(rate * n * 1e9) / 1e9))),
        sampled: sampled.get(assessorId) ?? 0,
        rate,
        risks: assessorRisks.map((r) => r.detail),
        reasons: reasons.get(assessorId) ?? {},
      };
    })
    .sort((a, b) => a.assessorRef.localeCompare(b.assessorRef));
  const moderated = ctx.sqlite
    .prepare(
      `SELECT count(DISTINCT i.decision_id) FROM sampling_plan_items i
       JOIN moderation_records r ON r.decision_id = i.decision_id
       WHERE i.plan_id = ? AND i.removed_at IS NULL`,
    )
    .pluck()
    .get(planId) as number;
  return {
    id: row.id,
    title: row.title,
    from: row.period_from,
    to: row.period_to,
    standards: JSON.parse(row.standards_json) as string[],
    seed: row.seed,
    rulesVersion: row.rules_version,
    params: params as unknown as Record<string, unknown>,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    totals: {
      decisions: [...scope.values()].reduce((s, n) => s + n, 0),
      sampled: [...sampled.values()].reduce((s, n) => s + n, 0),
      assessors: scope.size,
      moderated,
    },
    assessors,
  };
}

export function listPlans(ctx: AppContext): Omit<PlanDto, 'assessors' | 'params'>[] {
  const ids = ctx.sqlite
    .prepare('SELECT id FROM sampling_plans ORDER BY id DESC')
    .pluck()
    .all() as number[];
  return ids.map((id) => {
    const { assessors: _a, params: _p, ...rest } = getPlan(ctx, id);
    return rest;
  });
}

export function listPlanItems(
  ctx: AppContext,
  input: {
    planId: number;
    assessorId?: number | undefined;
    includeRemoved: boolean;
    limit: number;
    offset: number;
  },
): { rows: PlanItemDto[]; total: number } {
  planRow(ctx, input.planId);
  const where = `i.plan_id = ?${input.assessorId ? ' AND i.assessor_id = ?' : ''}${input.includeRemoved ? '' : ' AND i.removed_at IS NULL'}`;
  const params = input.assessorId ? [input.planId, input.assessorId] : [input.planId];
  const total = ctx.sqlite
    .prepare(`SELECT count(*) FROM sampling_plan_items i WHERE ${where}`)
    .pluck()
    .get(...params) as number;
  const rows = ctx.sqlite
    .prepare(
      `SELECT i.id AS itemId, i.decision_id AS decisionId, d.decision_ref AS decisionRef, a.ref AS assessorRef,
         m.code AS method, d.grade, d.attempt, d.assessment_date AS assessmentDate, emp.name AS employer,
         i.reasons_json AS reasons, i.source, i.removed_at IS NOT NULL AS removed, i.removed_reason AS removedReason,
         EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id) AS moderated
       FROM sampling_plan_items i
       JOIN decisions d ON d.id = i.decision_id
       JOIN assessors a ON a.id = i.assessor_id
       JOIN assessment_methods m ON m.id = d.method_id
       JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id
       WHERE ${where} ORDER BY a.ref, d.assessment_date, d.id LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as (Omit<
    PlanItemDto,
    'reasons' | 'removed' | 'moderated'
  > & { reasons: string; removed: number; moderated: number })[];
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      reasons: JSON.parse(r.reasons) as string[],
      removed: r.removed === 1,
      moderated: r.moderated === 1,
    })),
  };
}

function decisionByRef(
  ctx: AppContext,
  ref: string,
): { id: number; assessor_id: number; status: string } {
  const row = (ctx.sqlite
    .prepare('SELECT id, assessor_id, status FROM decisions WHERE decision_ref = ?')
    .get(ref) ??
    (/^\d+$/.test(ref)
      ? ctx.sqlite
          .prepare('SELECT id, assessor_id, status FROM decisions WHERE id = ?')
          .get(Number(ref))
      : undefined)) as { id: number; assessor_id: number; status: string } | undefined;
  if (!row) throw new DomainError('not_found', `No decision with reference ${ref}.`);
  return row;
}

/** Sets a decision's hold status with an audit entry; the caller holds the transaction. */
export function setDecisionStatus(
  ctx: AppContext,
  decisionId: number,
  status: 'held' | 'sampled' | 'released',
  why: string,
): void {
  const before = ctx.sqlite
    .prepare('SELECT status FROM decisions WHERE id = ?')
    .pluck()
    .get(decisionId) as string | undefined;
  if (before === undefined || before === status) return;
  ctx.sqlite
    .prepare('UPDATE decisions SET status = ?, updated_at = ? WHERE id = ?')
    .run(status, ctx.clock().toISOString(), decisionId);
  writeAudit(ctx, {
    action: 'decision.status',
    entity: 'decision',
    entityId: decisionId,
    before: { status: before },
    after: { status, why },
  });
}

export function addPlanItem(
  ctx: AppContext,
  input: { planId: number; decisionRef: string; reason: string },
): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, input.planId);
      const decision = decisionByRef(ctx, input.decisionRef);
      const inScope = ctx.sqlite
        .prepare('SELECT 1 FROM sampling_plan_scope WHERE plan_id = ? AND decision_id = ?')
        .get(plan.id, decision.id);
      if (!inScope) {
        throw new DomainError(
          'refused',
          `Decision ${input.decisionRef} is not in this plan's scope (period ${plan.period_from} to ${plan.period_to}). Use "Top up" for decisions imported since the plan was made.`,
        );
      }
      if (decision.status === 'released' && plan.status === 'published') {
        const confirmed = ctx.sqlite
          .prepare('SELECT e.status FROM epas e JOIN decisions d ON d.epa_id = e.id WHERE d.id = ?')
          .pluck()
          .get(decision.id);
        if (confirmed === 'confirmed')
          throw new DomainError(
            'refused',
            `Decision ${input.decisionRef} belongs to a confirmed EPA and cannot be pulled back into the sample.`,
          );
      }
      const existing = ctx.sqlite
        .prepare(
          'SELECT id, removed_at FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ?',
        )
        .get(plan.id, decision.id) as { id: number; removed_at: string | null } | undefined;
      const actor = currentActor(ctx);
      if (existing && existing.removed_at === null)
        throw new DomainError(
          'conflict',
          `Decision ${input.decisionRef} is already in the sample.`,
        );
      if (existing) {
        ctx.sqlite
          .prepare(
            'UPDATE sampling_plan_items SET removed_at = NULL, removed_by = NULL, removed_reason = NULL, reasons_json = ?, source = ? WHERE id = ?',
          )
          .run(JSON.stringify([`added by ${actor.name}: ${input.reason}`]), 'manual', existing.id);
      } else {
        ctx.sqlite
          .prepare(insertItemSql)
          .run(
            plan.id,
            decision.id,
            decision.assessor_id,
            'manual',
            JSON.stringify([`added by ${actor.name}: ${input.reason}`]),
            actor.name,
            0,
          );
      }
      if (plan.status === 'published')
        setDecisionStatus(ctx, decision.id, 'sampled', `added to plan ${plan.id}: ${input.reason}`);
      writeAudit(
        ctx,
        {
          action: 'sampling.add-item',
          entity: 'sampling_plan',
          entityId: plan.id,
          after: { decisionId: decision.id, reason: input.reason },
        },
        actor,
      );
    })
    .immediate();
  return getPlan(ctx, input.planId);
}

export function removePlanItem(
  ctx: AppContext,
  input: { planId: number; decisionId: number; reason: string },
): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, input.planId);
      const params = JSON.parse(plan.params_json) as SamplingParams;
      const item = ctx.sqlite
        .prepare(
          'SELECT id, assessor_id FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ? AND removed_at IS NULL',
        )
        .get(plan.id, input.decisionId) as { id: number; assessor_id: number } | undefined;
      if (!item) throw new DomainError('not_found', 'That decision is not in the sample.');
      if (
        ctx.sqlite
          .prepare('SELECT 1 FROM moderation_records WHERE decision_id = ?')
          .get(input.decisionId)
      ) {
        throw new DomainError(
          'refused',
          'That decision has already been moderated; its record stays in the sample.',
        );
      }
      const { scope, sampled } = assessorCounts(ctx, plan.id);
      const n = scope.get(item.assessor_id) ?? 0;
      const floor = floorFor(n, params.floorRate);
      const left = (sampled.get(item.assessor_id) ?? 0) - 1;
      if (left < floor) {
        const ref = ctx.sqlite
          .prepare('SELECT ref FROM assessors WHERE id = ?')
          .pluck()
          .get(item.assessor_id) as string;
        throw new DomainError(
          'refused',
          `Removing it would leave ${ref} with ${left} of ${n} decisions sampled, below the floor of ${floor} (5%). Add another of their decisions first.`,
        );
      }
      const actor = currentActor(ctx);
      ctx.sqlite
        .prepare(
          'UPDATE sampling_plan_items SET removed_at = ?, removed_by = ?, removed_reason = ? WHERE id = ?',
        )
        .run(ctx.clock().toISOString(), actor.name, input.reason, item.id);
      if (plan.status === 'published')
        setDecisionStatus(
          ctx,
          input.decisionId,
          'released',
          `removed from plan ${plan.id}: ${input.reason}`,
        );
      writeAudit(
        ctx,
        {
          action: 'sampling.remove-item',
          entity: 'sampling_plan',
          entityId: plan.id,
          before: { decisionId: input.decisionId },
          after: { reason: input.reason },
        },
        actor,
      );
    })
    .immediate();
  return getPlan(ctx, input.planId);
}

function assertFloor(ctx: AppContext, planId: number, floorRate: number): void {
  const { scope, sampled } = assessorCounts(ctx, planId);
  const short = [...scope.entries()].filter(
    ([id, n]) => (sampled.get(id) ?? 0) < floorFor(n, floorRate),
  );
  if (short.length > 0) {
    throw new DomainError(
      'refused',
      `The plan cannot be published: ${short.length} assessor(s) are below the 5% floor.`,
    );
  }
}

export function publishPlan(ctx: AppContext, planId: number): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, planId);
      if (plan.status === 'published')
        throw new DomainError('conflict', 'This plan is already published.');
      const params = JSON.parse(plan.params_json) as SamplingParams;
      assertFloor(ctx, planId, params.floorRate);
      const taken = ctx.sqlite
        .prepare(
          `SELECT count(*) FROM sampling_plan_scope s JOIN decisions d ON d.id = s.decision_id
           WHERE s.plan_id = ? AND (d.status <> 'held' OR EXISTS (
             SELECT 1 FROM sampling_plan_scope o JOIN sampling_plans op ON op.id = o.plan_id
             WHERE o.decision_id = s.decision_id AND op.status = 'published'))`,
        )
        .pluck()
        .get(planId) as number;
      if (taken > 0) {
        throw new DomainError(
          'conflict',
          `${taken} decision(s) in this draft have since been sampled or released by another plan. Generate the plan again.`,
        );
      }
      const actor = currentActor(ctx);
      const at = ctx.clock().toISOString();
      ctx.sqlite
        .prepare(
          "UPDATE sampling_plans SET status = 'published', published_by = ?, published_at = ? WHERE id = ?",
        )
        .run(actor.name, at, planId);
      const sampledCount = ctx.sqlite
        .prepare(
          `UPDATE decisions SET status = 'sampled', updated_at = ? WHERE id IN (SELECT decision_id FROM sampling_plan_items WHERE plan_id = ? AND removed_at IS NULL)`,
        )
        .run(at, planId).changes;
      const releasedCount = ctx.sqlite
        .prepare(
          `UPDATE decisions SET status = 'released', updated_at = ? WHERE id IN (
             SELECT s.decision_id FROM sampling_plan_scope s WHERE s.plan_id = ? AND NOT EXISTS (
               SELECT 1 FROM sampling_plan_items i WHERE i.plan_id = s.plan_id AND i.decision_id = s.decision_id AND i.removed_at IS NULL))`,
        )
        .run(at, planId).changes;
      // One entry for the whole release: the plan's scope and items say which decisions.
      writeAudit(
        ctx,
        {
          action: 'sampling.publish',
          entity: 'sampling_plan',
          entityId: planId,
          after: { sampled: sampledCount, released: releasedCount },
        },
        actor,
      );
    })
    .immediate();
  return getPlan(ctx, planId);
}

export function topUpPlan(ctx: AppContext, planId: number): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, planId);
      const standards = JSON.parse(plan.standards_json) as string[];
      const params = JSON.parse(plan.params_json) as SamplingParams;
      const scope = readScope(ctx, {
        from: plan.period_from,
        to: plan.period_to,
        standards,
        excludePlanId: planId,
      });
      if (scope.length === 0)
        throw new DomainError(
          'refused',
          'There are no new held decisions in this plan’s period to add.',
        );
      const assessors = readAssessors(ctx, [...new Set(scope.map((d) => d.assessorId))], {
        from: plan.period_from,
        to: plan.period_to,
      });
      // The new decisions get their own floor: ceil(5% of a) + ceil(5% of b) >= ceil(5% of a + b).
      // Their risks are stored with the plan so `verify` can re-run the top-up too.
      const result = generatePlan({ seed: plan.seed, params, assessors, decisions: scope });
      const known = JSON.parse(plan.assessors_json) as ScopeAssessor[];
      const merged = [...known.filter((k) => !assessors.some((a) => a.id === k.id)), ...assessors];
      if (
        assessors.some((a) => {
          const k = known.find((x) => x.id === a.id);
          return k && JSON.stringify(k.risks) !== JSON.stringify(a.risks);
        })
      ) {
        throw new DomainError(
          'refused',
          'Assessor risks have changed since this plan was made; generate a new plan for the new decisions instead of topping up.',
        );
      }
      ctx.sqlite
        .prepare('UPDATE sampling_plans SET assessors_json = ? WHERE id = ?')
        .run(JSON.stringify(merged), planId);
      const actor = currentActor(ctx);
      const slice =
        (ctx.sqlite
          .prepare('SELECT max(slice) FROM sampling_plan_scope WHERE plan_id = ?')
          .pluck()
          .get(planId) as number) + 1;
      storeScopeAndItems(ctx, planId, scope, result, 'top-up', actor.name, slice);
      if (plan.status === 'published') {
        const picked = new Set(result.items.map((i) => i.decisionId));
        for (const d of scope)
          setDecisionStatus(
            ctx,
            d.id,
            picked.has(d.id) ? 'sampled' : 'released',
            `top-up of plan ${planId}`,
          );
      }
      writeAudit(
        ctx,
        {
          action: 'sampling.top-up',
          entity: 'sampling_plan',
          entityId: planId,
          after: { decisions: scope.length, sampled: result.items.length },
        },
        actor,
      );
    })
    .immediate();
  return getPlan(ctx, planId);
}

/**
 * Re-runs a plan from what it stored (scope, assessor risks, settings, seed, rules version) and
 * compares the result with what was generated, listing every manual change with its reason.
 */
export function verifyPlan(ctx: AppContext, planId: number): VerifyDto {
  const plan = planRow(ctx, planId);
  const params = JSON.parse(plan.params_json) as SamplingParams;
  if (plan.rules_version !== SAMPLING_RULES_VERSION) {
    return {
      planId,
      verified: false,
      rulesVersion: plan.rules_version,
      seed: plan.seed,
      generated: 0,
      regenerated: 0,
      missing: [],
      unexpected: [],
      adjustments: [],
      floorMet: false,
      message: `This plan was made under ${plan.rules_version}; this version of the app runs ${SAMPLING_RULES_VERSION} and cannot re-run it.`,
    };
  }
  const assessors = JSON.parse(plan.assessors_json) as ScopeAssessor[];
  const scopeRows = ctx.sqlite
    .prepare(
      `SELECT decision_id, assessor_id, method, grade, attempt, employer, provider, assessment_date, flags_json, assessor_sequence, slice
              FROM sampling_plan_scope WHERE plan_id = ? ORDER BY decision_id`,
    )
    .raw(true)
    .all(planId) as [
    number,
    number,
    string,
    string,
    number,
    string | null,
    string | null,
    string,
    string,
    number,
    number,
  ][];
  const items = ctx.sqlite
    .prepare(
      'SELECT decision_id, source, slice, reasons_json, added_by, added_at, removed_at, removed_by, removed_reason FROM sampling_plan_items WHERE plan_id = ?',
    )
    .all(planId) as {
    decision_id: number;
    source: string;
    slice: number;
    reasons_json: string;
    added_by: string;
    added_at: string;
    removed_at: string | null;
    removed_by: string | null;
    removed_reason: string | null;
  }[];
  // The generation and each top-up drew from their own slice of the scope: re-run each slice.
  const slices = new Map<number, ScopeDecision[]>();
  for (const r of scopeRows) {
    const d: ScopeDecision = {
      id: r[0],
      assessorId: r[1],
      method: r[2],
      grade: r[3],
      attempt: r[4],
      employer: r[5],
      provider: r[6],
      assessmentDate: r[7],
      flags: JSON.parse(r[8]) as string[],
      assessorSequence: r[9],
    };
    slices.set(r[10], [...(slices.get(r[10]) ?? []), d]);
  }
  const expected = new Set<number>();
  for (const decisions of slices.values()) {
    for (const item of generatePlan({ seed: plan.seed, params, assessors, decisions }).items)
      expected.add(item.decisionId);
  }
  const generated = new Set(
    items
      .filter((i) => i.source === 'generated' || i.source === 'top-up')
      .map((i) => i.decision_id),
  );
  const missing = [...expected].filter((id) => !generated.has(id)).sort((a, b) => a - b);
  const unexpected = [...generated].filter((id) => !expected.has(id)).sort((a, b) => a - b);
  const adjustments: VerifyDto['adjustments'] = [];
  for (const i of items) {
    if (i.source === 'manual' || i.source === 'escalation') {
      adjustments.push({
        decisionId: i.decision_id,
        change: 'added',
        source: i.source,
        reason: (JSON.parse(i.reasons_json) as string[]).join('; '),
        by: i.added_by,
        at: i.added_at,
      });
    }
    if (i.removed_at) {
      adjustments.push({
        decisionId: i.decision_id,
        change: 'removed',
        source: i.source,
        reason: i.removed_reason ?? '',
        by: i.removed_by ?? '',
        at: i.removed_at,
      });
    }
  }
  const { scope: n, sampled } = assessorCounts(ctx, planId);
  const floorMet = [...n.entries()].every(
    ([id, count]) => (sampled.get(id) ?? 0) >= floorFor(count, params.floorRate),
  );
  const verified = missing.length === 0 && unexpected.length === 0;
  return {
    planId,
    verified: verified && floorMet,
    rulesVersion: plan.rules_version,
    seed: plan.seed,
    generated: generated.size,
    regenerated: expected.size,
    missing,
    unexpected,
    adjustments,
    floorMet,
    message: verified
      ? `Re-running plan ${planId} with seed ${plan.seed} under ${plan.rules_version} selects exactly the ${expected.size} decisions it generated.${adjustments.length ? ` ${adjustments.length} later change(s) were made by hand, each with a reason, listed below.` : ''}${floorMet ? '' : ' The plan is now below the 5% floor for at least one assessor.'}`
      : `Re-running plan ${planId} selects a different sample: ${missing.length} decision(s) missing and ${unexpected.length} not expected.`,
  };
}

export type { AssessorPlanSummary };
