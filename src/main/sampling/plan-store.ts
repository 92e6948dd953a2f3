/** Reading and writing a plan's rows: shared by generation, adjustment, publication and verify. */
import {
  DEFAULT_SAMPLING_PARAMS,
  SamplingParams,
  floorFor,
  type PlanResult,
  type ScopeAssessor,
} from '@shared/sampling';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { SETTLES } from '../moderation/settled';

export interface PlanRow {
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

/**
 * An assessor's risks as stored with a plan. A risk found after generation (an escalation)
 * carries the first scope slice it applies to, so verify re-runs earlier slices without it.
 */
export type StoredAssessor = Omit<ScopeAssessor, 'risks'> & {
  risks: (ScopeAssessor['risks'][number] & { fromSlice?: number })[];
};

export function planRow(ctx: AppContext, planId: number): PlanRow {
  const row = ctx.sqlite.prepare('SELECT * FROM sampling_plans WHERE id = ?').get(planId) as
    PlanRow | undefined;
  if (!row) throw new DomainError('not_found', `Sampling plan ${planId} does not exist.`);
  return row;
}

export function planParams(plan: PlanRow): SamplingParams {
  return JSON.parse(plan.params_json) as SamplingParams;
}

export function storedAssessors(plan: PlanRow): StoredAssessor[] {
  return JSON.parse(plan.assessors_json) as StoredAssessor[];
}

/** The assessors as a given slice of the plan was drawn. */
export function assessorsForSlice(assessors: StoredAssessor[], slice: number): ScopeAssessor[] {
  return assessors.map((a) => ({
    ...a,
    risks: a.risks
      .filter((r) => (r.fromSlice ?? 0) <= slice)
      .map(({ code, detail }) => ({ code, detail })),
  }));
}

export function parseParams(raw: unknown): SamplingParams {
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

export const insertItemSql = `INSERT INTO sampling_plan_items (plan_id, decision_id, assessor_id, source, reasons_json, added_by, slice)
  VALUES (?,?,?,?,?,?,?)`;

/**
 * The drawn items; the scope they were drawn from is stored by readScope as it reads it. Each
 * item is inserted with its queue columns filled, read as the insert trigger would read them,
 * which then leaves it alone: one write per item instead of an insert and an update.
 */
export function storeItems(
  ctx: AppContext,
  planId: number,
  result: PlanResult,
  source: 'generated' | 'top-up',
  actor: string,
  slice: number,
): void {
  const published = planRow(ctx, planId).status === 'published' ? 1 : 0;
  // One statement for all the items rather than one call each: the items, in the order drawn
  // (so they get the same ids), as one JSON array walked first. Measured on the same items, CPU:
  // 6.6k items 190 ms one call each, 33 ms this way; 66k items 2.3 s and 0.66 s.
  const { changes } = ctx.sqlite
    .prepare(
      `INSERT INTO sampling_plan_items (plan_id, decision_id, assessor_id, source, reasons_json, added_by,
         slice, active, done, assessment_date, grade, method)
       SELECT :plan, d.id, j.value ->> 1, :source, j.value ->> 2, :actor, :slice, :published,
         EXISTS (SELECT 1 FROM moderation_records r
           WHERE r.decision_id = d.id AND ${SETTLES}),
         d.assessment_date, d.grade, m.code
       FROM json_each(:items) j CROSS JOIN decisions d ON d.id = j.value ->> 0
       JOIN assessment_methods m ON m.id = d.method_id ORDER BY j.key`,
    )
    .run({
      plan: planId,
      source,
      actor,
      slice,
      published,
      items: JSON.stringify(
        result.items.map((i) => [i.decisionId, i.assessorId, JSON.stringify(i.reasons)]),
      ),
    });
  if (changes !== result.items.length) {
    const exists = ctx.sqlite.prepare('SELECT 1 FROM decisions WHERE id = ?').pluck();
    const missing = result.items.find((i) => exists.get(i.decisionId) === undefined);
    throw new Error(`Decision ${missing?.decisionId} was drawn but does not exist.`);
  }
}

/** Per-assessor counts straight from the stored plan. */
export function assessorCounts(
  ctx: AppContext,
  planId: number,
): { scope: Map<number, number>; sampled: Map<number, number> } {
  const scope = new Map(
    ctx.sqlite
      .prepare(
        `SELECT assessor_id, sum(decisions) FROM sampling_plan_scope_assessors WHERE plan_id = ?
         GROUP BY assessor_id`,
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

export function floorShortfall(
  ctx: AppContext,
  planId: number,
  floorRate: number,
): { assessorId: number; decisions: number; floor: number; sampled: number }[] {
  const { scope, sampled } = assessorCounts(ctx, planId);
  return [...scope.entries()]
    .map(([assessorId, n]) => ({
      assessorId,
      decisions: n,
      floor: floorFor(n, floorRate),
      sampled: sampled.get(assessorId) ?? 0,
    }))
    .filter((s) => s.sampled < s.floor);
}

/** The kind a reason is counted under in the plan review; null for a reason's detail line. */
export function reasonKey(r: string): string | null {
  if (r.startsWith('compliance flag')) return 'compliance flag';
  if (r.startsWith('risk uplift')) return 'risk uplift';
  if (r.startsWith('spread')) return 'spread';
  if (r.startsWith('added by')) return 'added by hand';
  if (r.startsWith('moderation record')) return null;
  return r;
}
