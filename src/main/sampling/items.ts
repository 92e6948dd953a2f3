/**
 * Adjusting a plan by hand: adding a decision from its scope, removing one, each with a reason
 * that verify lists for an auditor. Removal below an assessor's floor is refused.
 */
import { floorFor } from '@shared/sampling';
import type { PlanDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit, type Actor } from '../audit/audit';
import { decisionByRef, setDecisionStatus, stampSampled } from './hold';
import { assessorCounts, insertItemSql, planParams, planRow } from './plan-store';
import { getPlan } from './plans';

export function addPlanItem(
  ctx: AppContext,
  input: { planId: number; decisionRef: string; reason: string },
): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, input.planId);
      const decision = decisionByRef(ctx, input.decisionRef);
      const ref = decision.decision_ref ?? input.decisionRef;
      const inScope = ctx.sqlite
        .prepare('SELECT 1 FROM sampling_plan_scope WHERE plan_id = ? AND decision_id = ?')
        .get(plan.id, decision.id);
      if (!inScope) {
        throw new DomainError(
          'refused',
          `Decision ${ref} is not in this plan's scope (period ${plan.period_from} to ${plan.period_to}). Use "Top up" for decisions imported since the plan was made.`,
        );
      }
      const epaStatus = ctx.sqlite
        .prepare('SELECT e.status FROM epas e JOIN decisions d ON d.epa_id = e.id WHERE d.id = ?')
        .pluck()
        .get(decision.id);
      if (epaStatus === 'confirmed')
        throw new DomainError(
          'refused',
          `Decision ${ref} belongs to a confirmed EPA and cannot be pulled back into the sample.`,
        );
      const sampled = ctx.sqlite
        .prepare(
          'SELECT 1 FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ? AND removed_at IS NULL',
        )
        .get(plan.id, decision.id);
      if (sampled) throw new DomainError('conflict', `Decision ${ref} is already in the sample.`);
      const actor = currentActor(ctx);
      sampleInPlan(ctx, {
        planId: plan.id,
        published: plan.status === 'published',
        decisionId: decision.id,
        assessorId: decision.assessor_id,
        reason: `added by ${actor.name}: ${input.reason}`,
        told: input.reason,
        actor,
      });
    })
    .immediate();
  return getPlan(ctx, input.planId);
}

/**
 * Puts a decision in a plan's sample by hand: its item back (keeping its source, so drawn items
 * stay drawn for verify, and its earlier reasons after this one) or a new manual one, audited as
 * added unless it was in the sample already. In a published plan the decision is then sampled,
 * and its item stamped afresh (`stamp`, which a caller putting many back can do once at the end).
 */
export function sampleInPlan(
  ctx: AppContext,
  input: {
    planId: number;
    published: boolean;
    decisionId: number;
    assessorId: number;
    /** Stored with the item, first of its reasons. */
    reason: string;
    /** The reason as the audit log and the decision's status record it. */
    told: string;
    actor: Actor;
  },
  stamp: (planId: number) => void = (planId) => stampSampled(ctx, planId),
): void {
  const { planId, decisionId, reason, actor } = input;
  const existing = ctx.sqlite
    .prepare(
      'SELECT id, removed_at, reasons_json FROM sampling_plan_items WHERE plan_id = ? AND decision_id = ?',
    )
    .get(planId, decisionId) as
    { id: number; removed_at: string | null; reasons_json: string } | undefined;
  if (existing) {
    const earlier = (JSON.parse(existing.reasons_json) as string[]).filter((r) => r !== reason);
    // A fresh snapshot and due date: the next moderation judges the decision as it is now.
    ctx.sqlite
      .prepare(
        `UPDATE sampling_plan_items SET removed_at = NULL, removed_by = NULL, removed_reason = NULL,
           reasons_json = ?, snapshot_json = NULL, due_date = NULL WHERE id = ?`,
      )
      .run(JSON.stringify([reason, ...earlier]), existing.id);
  } else {
    ctx.sqlite
      .prepare(insertItemSql)
      .run(planId, decisionId, input.assessorId, 'manual', JSON.stringify([reason]), actor.name, 0);
  }
  if (input.published) {
    setDecisionStatus(ctx, decisionId, 'sampled', `added to plan ${planId}: ${input.told}`);
    stamp(planId);
  }
  if (!existing || existing.removed_at !== null) {
    writeAudit(
      ctx,
      {
        action: 'sampling.add-item',
        entity: 'sampling_plan',
        entityId: planId,
        after: { decisionId, reason: input.told },
      },
      actor,
    );
  }
}

export function removePlanItem(
  ctx: AppContext,
  input: { planId: number; decisionId: number; reason: string },
): PlanDto {
  ctx.sqlite
    .transaction(() => {
      const plan = planRow(ctx, input.planId);
      const params = planParams(plan);
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
          `Removing it would leave ${ref} with ${left} of ${n} decisions sampled, below the floor of ${floor} (${Math.round(params.floorRate * 100)}%). Add another of their decisions first.`,
        );
      }
      const actor = currentActor(ctx);
      ctx.sqlite
        .prepare(
          'UPDATE sampling_plan_items SET removed_at = ?, removed_by = ?, removed_reason = ?, assigned_to = NULL WHERE id = ?',
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
