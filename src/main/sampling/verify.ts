/**
 * `sample verify`: re-runs a plan from what it stored (scope, assessor risks, settings, seed,
 * rules version) and compares the result with what was generated, listing every later change
 * made by hand or by escalation with its reason. This is the proof that nothing was cherry-picked.
 */
import {
  KNOWN_RULES_VERSIONS,
  SAMPLING_RULES_VERSION,
  floorFor,
  generatePlan,
  type ScopeDecision,
} from '@shared/sampling';
import type { VerifyDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import {
  assessorCounts,
  assessorsForSlice,
  planParams,
  planRow,
  storedAssessors,
} from './plan-store';

type ScopeRow = [
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
  string | null,
  number,
  number,
];

interface ItemRow {
  decision_id: number;
  source: string;
  reasons_json: string;
  added_by: string;
  added_at: string;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
}

export function verifyPlan(ctx: AppContext, planId: number): VerifyDto {
  const plan = planRow(ctx, planId);
  const params = planParams(plan);
  const base = {
    planId,
    rulesVersion: plan.rules_version,
    seed: plan.seed,
    missing: [] as number[],
    unexpected: [] as number[],
  };
  if (!(KNOWN_RULES_VERSIONS as readonly string[]).includes(plan.rules_version)) {
    return {
      ...base,
      verified: false,
      generated: 0,
      regenerated: 0,
      adjustments: [],
      floorMet: false,
      message: `This plan was made under ${plan.rules_version}; this version of the app runs ${SAMPLING_RULES_VERSION} and cannot re-run it.`,
    };
  }
  const assessors = storedAssessors(plan);
  const slices = new Map<number, ScopeDecision[]>();
  for (const r of ctx.sqlite
    .prepare(
      `SELECT decision_id, assessor_id, method, grade, attempt, employer, provider, assessment_date, flags_json,
         assessor_sequence, assessor_standard_start, retake, slice
       FROM sampling_plan_scope WHERE plan_id = ? ORDER BY decision_id`,
    )
    .raw(true)
    .iterate(planId) as Iterable<ScopeRow>) {
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
      assessorStandardStart: r[10],
      retake: r[11] === 1,
    };
    const list = slices.get(r[12]);
    if (list) list.push(d);
    else slices.set(r[12], [d]);
  }
  const items = ctx.sqlite
    .prepare(
      'SELECT decision_id, source, reasons_json, added_by, added_at, removed_at, removed_by, removed_reason FROM sampling_plan_items WHERE plan_id = ?',
    )
    .all(planId) as ItemRow[];
  // The generation and each top-up drew from their own slice of the scope: re-run each slice.
  const expected = new Set<number>();
  for (const [slice, decisions] of slices) {
    const result = generatePlan({
      seed: plan.seed,
      params,
      rulesVersion: plan.rules_version,
      assessors: assessorsForSlice(assessors, slice),
      decisions,
    });
    for (const item of result.items) expected.add(item.decisionId);
  }
  // Drawn items keep their source through any removal and re-adding, so this is what was drawn.
  const generated = new Set(
    items
      .filter((i) => i.source === 'generated' || i.source === 'top-up')
      .map((i) => i.decision_id),
  );
  const missing = [...expected].filter((id) => !generated.has(id)).sort((a, b) => a - b);
  const unexpected = [...generated].filter((id) => !expected.has(id)).sort((a, b) => a - b);
  const adjustments = adjustmentsOf(ctx, planId, items);
  adjustments.sort((a, b) => a.at.localeCompare(b.at) || a.decisionId - b.decisionId);
  const refOf = ctx.sqlite.prepare('SELECT decision_ref FROM decisions WHERE id = ?').pluck();
  for (const a of adjustments) a.decisionRef = (refOf.get(a.decisionId) as string | null) ?? null;
  const { scope: n, sampled } = assessorCounts(ctx, planId);
  const floorMet = [...n.entries()].every(
    ([id, count]) => (sampled.get(id) ?? 0) >= floorFor(count, params.floorRate),
  );
  const verified = missing.length === 0 && unexpected.length === 0;
  return {
    ...base,
    missing,
    unexpected,
    verified: verified && floorMet,
    generated: generated.size,
    regenerated: expected.size,
    adjustments,
    floorMet,
    message: verified
      ? `Re-running plan ${planId} with seed ${plan.seed} under ${plan.rules_version} selects exactly the ${expected.size} decisions it generated.${adjustments.length ? ` ${adjustments.length} later change(s) were made by hand or by escalation, each with a reason, listed below.` : ''}${floorMet ? '' : ' The plan is now below the 5% floor for at least one assessor.'}`
      : `Re-running plan ${planId} selects a different sample: ${missing.length} decision(s) missing and ${unexpected.length} not expected.`,
  };
}

/**
 * Every change since the draw, with who, when and why: additions and removals by hand from the
 * audit log (an item removed and added back appears twice, as it happened), and the items
 * escalation added.
 */
function adjustmentsOf(
  ctx: AppContext,
  planId: number,
  items: ItemRow[],
): VerifyDto['adjustments'] {
  const out: VerifyDto['adjustments'] = [];
  const sources = new Map(items.map((i) => [i.decision_id, i.source]));
  for (const row of ctx.sqlite
    .prepare(
      `SELECT action, at, actor, before_json, after_json FROM audit_log
       WHERE entity = 'sampling_plan' AND entity_id = ? AND action IN ('sampling.add-item', 'sampling.remove-item')
       ORDER BY id`,
    )
    .all(String(planId)) as {
    action: string;
    at: string;
    actor: string;
    before_json: string | null;
    after_json: string | null;
  }[]) {
    const before = row.before_json ? (JSON.parse(row.before_json) as { decisionId?: number }) : {};
    const after = row.after_json
      ? (JSON.parse(row.after_json) as { decisionId?: number; reason?: string })
      : {};
    const decisionId = after.decisionId ?? before.decisionId;
    if (decisionId === undefined) continue;
    const added = row.action === 'sampling.add-item';
    out.push({
      decisionId,
      decisionRef: null,
      change: added ? 'added' : 'removed',
      source: added ? 'manual' : (sources.get(decisionId) ?? 'manual'),
      reason: after.reason ?? '',
      by: row.actor,
      at: row.at,
    });
  }
  for (const i of items) {
    const reasons = JSON.parse(i.reasons_json) as string[];
    if (!reasons.includes('escalated after disagreement')) continue;
    out.push({
      decisionId: i.decision_id,
      decisionRef: null,
      change: 'added',
      source: 'escalation',
      reason: reasons
        .filter((r) => r.startsWith('escalated') || r.startsWith('moderation record'))
        .join('; '),
      by: i.added_by,
      at: i.added_at,
    });
  }
  return out;
}
