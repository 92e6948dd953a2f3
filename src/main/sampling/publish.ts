/**
 * Publishing a plan releases every decision in its scope that it did not sample; sampled ones
 * stay held until moderated. A top-up draws from decisions imported into the period since.
 */
import { generatePlan } from '@shared/sampling';
import type { PlanDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { setDecisionStatus, stampSampled } from './hold';
import {
  assessorsForSlice,
  floorShortfall,
  planParams,
  planRow,
  storeItems,
  storedAssessors,
} from './plan-store';
import { getPlan } from './plans';
import { readAssessors, readScope } from './scope';

export function publishPlan(ctx: AppContext, planId: number): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, planId);
      if (plan.status === 'published')
        throw new DomainError('conflict', 'This plan is already published.');
      const params = planParams(plan);
      const short = floorShortfall(ctx, planId, params.floorRate);
      if (short.length > 0) {
        const refs = ctx.sqlite
          .prepare('SELECT ref FROM assessors WHERE id IN (SELECT value FROM json_each(?))')
          .pluck()
          .all(JSON.stringify(short.map((s) => s.assessorId))) as string[];
        throw new DomainError(
          'refused',
          `The plan cannot be published: ${short.length} assessor(s) are below the ${Math.round(params.floorRate * 100)}% floor (${refs.slice(0, 10).join(', ')}).`,
        );
      }
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
      // Before the items join the queue's indexes (publishing activates them), so each index
      // entry is written once.
      stampSampled(ctx, planId);
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

/** Held decisions in the plan's period and standards that are not yet in any plan's scope. */
export function topUpCandidates(ctx: AppContext, planId: number): number {
  const plan = planRow(ctx, planId);
  return readScope(ctx, {
    from: plan.period_from,
    to: plan.period_to,
    standards: JSON.parse(plan.standards_json) as string[],
    excludePlanId: planId,
    sequenceCap: planParams(plan).newAssessorDecisions + 1,
  }).length;
}

/**
 * Draws from decisions that reached the period after the plan was made, as a new slice with its
 * own floor (ceil(5% of a) + ceil(5% of b) >= ceil(5% of a + b)). Assessors already in the plan
 * keep the risks stored with it, including any escalation since; new ones are assessed now.
 */
export function topUpPlan(ctx: AppContext, planId: number): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, planId);
      const standards = JSON.parse(plan.standards_json) as string[];
      const params = planParams(plan);
      const slice =
        ((ctx.sqlite
          .prepare('SELECT max(slice) FROM sampling_plan_scope_assessors WHERE plan_id = ?')
          .pluck()
          .get(planId) as number | null) ?? -1) + 1;
      const scope = readScope(
        ctx,
        {
          from: plan.period_from,
          to: plan.period_to,
          standards,
          excludePlanId: planId,
          sequenceCap: params.newAssessorDecisions + 1,
        },
        { planId, slice },
      );
      if (scope.length === 0)
        throw new DomainError(
          'refused',
          'There are no new held decisions in this plan’s period to add.',
        );
      const known = storedAssessors(plan);
      const ids = [...new Set(scope.map((d) => d.assessorId))];
      const fresh = readAssessors(
        ctx,
        ids.filter((id) => !known.some((k) => k.id === id)),
        { from: plan.period_from, to: plan.period_to, standards, params },
      ).map((a) => ({ ...a, risks: a.risks.map((r) => ({ ...r, fromSlice: slice })) }));
      const merged = [...known, ...fresh].sort((a, b) => a.id - b.id);
      const result = generatePlan({
        seed: plan.seed,
        params,
        rulesVersion: plan.rules_version,
        assessors: assessorsForSlice(merged, slice),
        decisions: scope,
      });
      ctx.sqlite
        .prepare('UPDATE sampling_plans SET assessors_json = ? WHERE id = ?')
        .run(JSON.stringify(merged), planId);
      const actor = currentActor(ctx);
      storeItems(ctx, planId, result, 'top-up', actor.name, slice);
      if (plan.status === 'published') {
        const picked = new Set(result.items.map((i) => i.decisionId));
        for (const d of scope)
          setDecisionStatus(
            ctx,
            d.id,
            picked.has(d.id) ? 'sampled' : 'released',
            `top-up of plan ${planId}`,
          );
        stampSampled(ctx, planId);
      }
      writeAudit(
        ctx,
        {
          action: 'sampling.top-up',
          entity: 'sampling_plan',
          entityId: planId,
          after: { slice, decisions: scope.length, sampled: result.items.length },
        },
        actor,
      );
    })
    .immediate();
  return getPlan(ctx, planId);
}
