/**
 * Escalation: a disagreement raises the assessor's sample for the rest of the plan's period by
 * the disagreement uplift (default 10 points), once per plan, and tells the IQA lead.
 */
import { createRng } from '@shared/random';
import { ceilShare } from '@shared/sampling';
import type { AppContext } from '../core/context';
import { currentActor, writeAudit } from '../audit/audit';
import { setDecisionStatus, stampSampled } from '../sampling/hold';
import { planParams, planRow, storedAssessors } from '../sampling/plan-store';
import { notify } from './notifications';
import type { DecisionRow } from './records';

/**
 * Draws the extra items (an item removed earlier comes back, keeping its source so verify still
 * knows it was drawn) from the assessor's decisions in the period that are not sampled,
 * not moderated and whose EPA is not confirmed, reproducibly (plan seed, assessor, record).
 * The raised rate is stored with the plan from the next scope slice on, so a later top-up
 * samples the assessor's new decisions at it too, while verify re-runs earlier slices as drawn.
 */
export function escalate(
  ctx: AppContext,
  planId: number,
  d: DecisionRow,
  recordId: number,
  moderatedGrade: string,
): { assessorRef: string; added: number; points: number; already: boolean } {
  const plan = planRow(ctx, planId);
  const params = planParams(plan);
  const points = Math.round(params.uplift.disagreement * 100);
  const already = ctx.sqlite
    .prepare(
      `SELECT count(*) FROM sampling_plan_items WHERE plan_id = ? AND assessor_id = ?
         AND reasons_json LIKE '%"escalated after disagreement"%'`,
    )
    .pluck()
    .get(planId, d.assessorId) as number;
  const assessorLink = `#/moderation?assessor=${encodeURIComponent(d.assessorRef)}&status=to_do`;
  const tell = (message: string, link: string): void => notify(ctx, 'escalation', message, link);
  const ref = d.decisionRef ?? String(d.id);
  if (already > 0) {
    tell(
      `${d.assessorRef} (${d.assessorName}): another moderation disagreement on ${ref} (${d.grade} moderated to ${moderatedGrade}); their sample was already raised in this plan.`,
      assessorLink,
    );
    return { assessorRef: d.assessorRef, added: 0, points, already: true };
  }
  const n = ctx.sqlite
    .prepare(
      'SELECT coalesce(sum(decisions), 0) FROM sampling_plan_scope_assessors WHERE plan_id = ? AND assessor_id = ?',
    )
    .pluck()
    .get(planId, d.assessorId) as number;
  const want = ceilShare(params.uplift.disagreement, n);
  const candidates = ctx.sqlite
    .prepare(
      `SELECT d.id FROM decisions d JOIN epas e ON e.id = d.epa_id
       WHERE d.assessor_id = ? AND d.assessment_date BETWEEN ? AND ? AND e.status <> 'confirmed'
         AND d.status <> 'sampled'
         AND NOT EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id)
         AND NOT EXISTS (SELECT 1 FROM sampling_plan_items i WHERE i.plan_id = ? AND i.decision_id = d.id AND i.removed_at IS NULL)
       ORDER BY d.id`,
    )
    .pluck()
    .all(d.assessorId, plan.period_from, plan.period_to, planId) as number[];
  const rng = createRng((plan.seed ^ (d.assessorId * 0x9e3779b1) ^ recordId) >>> 0);
  const keyed = candidates.map((id) => ({ id, key: rng.next() })).sort((a, b) => a.key - b.key);
  const chosen = keyed.slice(0, want).map((k) => k.id);
  const actor = currentActor(ctx);
  const insert = ctx.sqlite.prepare(
    `INSERT INTO sampling_plan_items (plan_id, decision_id, assessor_id, source, reasons_json, added_by)
     VALUES (?,?,?,'escalation',?,?) ON CONFLICT(plan_id, decision_id) DO UPDATE SET removed_at = NULL,
       removed_by = NULL, removed_reason = NULL, reasons_json = excluded.reasons_json,
       snapshot_json = NULL, due_date = NULL`,
  );
  const reasons = JSON.stringify([
    'escalated after disagreement',
    `moderation record ${recordId} on ${ref}`,
  ]);
  for (const id of chosen) {
    insert.run(planId, id, d.assessorId, reasons, actor.name);
    setDecisionStatus(
      ctx,
      id,
      'sampled',
      `escalated after disagreement (moderation record ${recordId})`,
    );
  }
  stampSampled(ctx, planId);
  const nextSlice =
    ((ctx.sqlite
      .prepare('SELECT max(slice) FROM sampling_plan_scope_assessors WHERE plan_id = ?')
      .pluck()
      .get(planId) as number | null) ?? 0) + 1;
  const assessors = storedAssessors(plan);
  const stored = assessors.find((a) => a.id === d.assessorId);
  const risk = {
    code: 'disagreement' as const,
    detail: `escalated after disagreement on ${ref} (moderation record ${recordId})`,
    fromSlice: nextSlice,
  };
  if (stored) stored.risks.push(risk);
  else assessors.push({ id: d.assessorId, ref: d.assessorRef, startDate: null, risks: [risk] });
  ctx.sqlite
    .prepare('UPDATE sampling_plans SET assessors_json = ? WHERE id = ?')
    .run(JSON.stringify(assessors), planId);
  writeAudit(
    ctx,
    {
      action: 'sampling.escalate',
      entity: 'sampling_plan',
      entityId: planId,
      after: { assessorId: d.assessorId, recordId, added: chosen.length, wanted: want },
    },
    actor,
  );
  const added =
    chosen.length === 0
      ? 'none of their other decisions in the period was left to add'
      : `${chosen.length} more decision${chosen.length === 1 ? '' : 's'} added`;
  tell(
    `${d.assessorRef} (${d.assessorName}): moderation disagreement on ${ref} (${d.grade} moderated to ${moderatedGrade}). Sample raised by ${points} points for the rest of the period: ${added}.`,
    `${assessorLink}&reason=${encodeURIComponent('escalated after disagreement')}&plan=${planId}`,
  );
  return { assessorRef: d.assessorRef, added: chosen.length, points, already: false };
}
