/**
 * Saving a moderation: the record with its criterion judgements and actions, a snapshot of the
 * decision as sampled, the grade change (flowing to the overall grade), the release from hold,
 * and escalation after a disagreement. One transaction.
 */
import { createRng } from '@shared/random';
import { ceilShare, type SamplingParams } from '@shared/sampling';
import {
  OUTCOME_LABELS,
  type ModerationContextDto,
  type ModerationRecordDto,
  type Outcome,
} from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { applyGradeChange } from '../decisions/grades';
import { setDecisionStatus } from '../sampling/plans';
import { versionDefinition } from '../standards/load';
import { currentUser } from '../users/service';
import { independenceProblem } from './independence';

const GRADE_CHANGING: Outcome[] = ['grade_changed_borderline', 'grade_changed_criteria_misapplied'];
const AGREEING: Outcome[] = ['agreed', 'agreed_with_feedback'];

interface DecisionRow {
  id: number;
  decisionRef: string | null;
  uln: string;
  apprentice: string;
  employer: string | null;
  provider: string | null;
  standard: string;
  version: string;
  versionId: number;
  method: string;
  attempt: number;
  assessorId: number;
  assessorRef: string;
  assessorName: string;
  assessmentDate: string;
  grade: string;
  status: string;
  durationMinutes: number | null;
  questioningMinutes: number | null;
  wordCount: number | null;
  evidencePieces: number | null;
  epaId: number;
  overallGrade: string | null;
}

export function readDecision(ctx: AppContext, decisionId: number): DecisionRow {
  const row = ctx.sqlite
    .prepare(
      `SELECT d.id, d.decision_ref AS decisionRef, p.uln,
         trim(coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')) AS apprentice,
         emp.name AS employer, pr.name AS provider, st.code AS standard, v.version, v.id AS versionId,
         m.code AS method, d.attempt, a.id AS assessorId, a.ref AS assessorRef, a.name AS assessorName,
         d.assessment_date AS assessmentDate, d.grade, d.status, d.duration_minutes AS durationMinutes,
         d.questioning_minutes AS questioningMinutes, d.word_count AS wordCount,
         d.evidence_pieces AS evidencePieces, e.id AS epaId, e.overall_grade AS overallGrade
       FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id
       JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
       JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id
       WHERE d.id = ?`,
    )
    .get(decisionId) as DecisionRow | undefined;
  if (!row) throw new DomainError('not_found', `Decision ${decisionId} does not exist.`);
  return row;
}

function flagsOf(ctx: AppContext, decisionId: number): string[] {
  return ctx.sqlite
    .prepare('SELECT message FROM compliance_flags WHERE decision_id = ? ORDER BY id')
    .pluck()
    .all(decisionId) as string[];
}

function activeItem(
  ctx: AppContext,
  decisionId: number,
): { id: number; planId: number; reasons: string[] } | null {
  const row = ctx.sqlite
    .prepare(
      `SELECT i.id, i.plan_id AS planId, i.reasons_json AS reasons FROM sampling_plan_items i
       JOIN sampling_plans sp ON sp.id = i.plan_id
       WHERE i.decision_id = ? AND i.removed_at IS NULL AND sp.status = 'published' ORDER BY i.id DESC LIMIT 1`,
    )
    .get(decisionId) as { id: number; planId: number; reasons: string } | undefined;
  return row
    ? { id: row.id, planId: row.planId, reasons: JSON.parse(row.reasons) as string[] }
    : null;
}

export function listRecords(ctx: AppContext, decisionId: number): ModerationRecordDto[] {
  const records = ctx.sqlite
    .prepare(
      `SELECT id, moderator_name AS moderatorName, moderation_date AS moderationDate, activity,
         original_grade AS originalGrade, moderated_grade AS moderatedGrade, outcome, feedback, source
       FROM moderation_records WHERE decision_id = ? ORDER BY id`,
    )
    .all(decisionId) as Omit<ModerationRecordDto, 'criteria' | 'actions'>[];
  return records.map((r) => ({
    ...r,
    criteria: ctx.sqlite
      .prepare(
        'SELECT criterion_code AS code, judgement, note FROM moderation_criteria WHERE record_id = ? ORDER BY id',
      )
      .all(r.id) as ModerationRecordDto['criteria'],
    actions: ctx.sqlite
      .prepare(
        'SELECT id, description, due_date AS dueDate, acknowledged_at AS acknowledgedAt, closed_at AS closedAt FROM moderation_actions WHERE record_id = ? ORDER BY id',
      )
      .all(r.id) as ModerationRecordDto['actions'],
  }));
}

export function moderationContext(ctx: AppContext, decisionId: number): ModerationContextDto {
  const d = readDecision(ctx, decisionId);
  const version = versionDefinition(ctx, d.versionId).version;
  const method = version.methods.find((m) => m.code === d.method);
  const user = currentUser(ctx);
  const problem = user
    ? independenceProblem(ctx, user.id, decisionId, today(ctx))
    : 'Sign in to moderate.';
  const { versionId: _v, assessorId: _a, ...decision } = d;
  return {
    decision: {
      ...decision,
      methodName: method?.name ?? d.method,
      flags: flagsOf(ctx, decisionId),
    },
    grades: [...version.grades],
    criteria: (method?.criteria ?? []).map((c) => ({ code: c.code, grade: c.grade, text: c.text })),
    sampledBecause: activeItem(ctx, decisionId)?.reasons ?? [],
    records: listRecords(ctx, decisionId),
    independence: {
      allowed: problem === null && user?.role !== 'read_only',
      reason: user?.role === 'read_only' ? `${user.name} has read-only access.` : problem,
    },
  };
}

export interface SaveRecordInput {
  decisionId: number;
  activity: string;
  criteria: { code: string; judgement: 'agree' | 'disagree'; note?: string | undefined }[];
  moderatedGrade: string;
  outcome: Outcome;
  feedback?: string | undefined;
  actions: { description: string; dueDate?: string | undefined }[];
  moderationDate?: string | undefined;
}

export interface SaveRecordResult {
  recordId: number;
  gradeChanged: boolean;
  overallGrade: string | null;
  escalation: { assessorRef: string; added: number } | null;
}

export function saveModeration(ctx: AppContext, input: SaveRecordInput): SaveRecordResult {
  const user = currentUser(ctx);
  if (!user) throw new DomainError('forbidden', 'Sign in to moderate.');
  if (user.role === 'read_only')
    throw new DomainError('forbidden', `${user.name} has read-only access and cannot moderate.`);
  return ctx.sqlite
    .transaction((): SaveRecordResult => {
      const d = readDecision(ctx, input.decisionId);
      const item = activeItem(ctx, d.id);
      if (!item)
        throw new DomainError(
          'refused',
          `Decision ${d.decisionRef ?? d.id} is not in a published sample, so there is nothing to moderate yet.`,
        );
      const on = input.moderationDate ?? today(ctx);
      if (on > today(ctx))
        throw new DomainError('refused', 'The moderation date cannot be in the future.');
      const problem = independenceProblem(ctx, user.id, d.id, on);
      if (problem) throw new DomainError('refused', problem);

      const version = versionDefinition(ctx, d.versionId).version;
      if (!version.grades.includes(input.moderatedGrade)) {
        throw new DomainError(
          'refused',
          `"${input.moderatedGrade}" is not a grade of ${d.standard} v${d.version} (${version.grades.join(', ')}).`,
        );
      }
      const changed = input.moderatedGrade !== d.grade;
      if (changed && AGREEING.includes(input.outcome)) {
        throw new DomainError(
          'refused',
          `The moderated grade differs from the assessor's (${d.grade}), so the outcome cannot be "${OUTCOME_LABELS[input.outcome]}".`,
        );
      }
      if (!changed && GRADE_CHANGING.includes(input.outcome)) {
        throw new DomainError(
          'refused',
          `"${OUTCOME_LABELS[input.outcome]}" needs a moderated grade different from ${d.grade}.`,
        );
      }
      const known = new Set(
        version.methods.find((m) => m.code === d.method)?.criteria.map((c) => c.code) ?? [],
      );
      const unknown = input.criteria.filter((c) => !known.has(c.code)).map((c) => c.code);
      if (unknown.length)
        throw new DomainError(
          'refused',
          `Not criteria of ${d.method} in ${d.standard} v${d.version}: ${unknown.join(', ')}.`,
        );

      const actor = currentActor(ctx);
      const snapshot = { ...d, flags: flagsOf(ctx, d.id), sampledBecause: item.reasons };
      const recordId = Number(
        ctx.sqlite
          .prepare(
            `INSERT INTO moderation_records (decision_id, plan_item_id, moderator_user_id, moderator_name, moderation_date,
               activity, original_grade, moderated_grade, outcome, feedback, snapshot_json, source)
             VALUES (?,?,?,?,?,?,?,?,?,?,?, 'app')`,
          )
          .run(
            d.id,
            item.id,
            user.id,
            user.name,
            on,
            input.activity,
            d.grade,
            input.moderatedGrade,
            input.outcome,
            input.feedback ?? null,
            JSON.stringify(snapshot),
          ).lastInsertRowid,
      );
      const insertCriterion = ctx.sqlite.prepare(
        'INSERT INTO moderation_criteria (record_id, criterion_code, judgement, note) VALUES (?,?,?,?)',
      );
      for (const c of input.criteria)
        insertCriterion.run(recordId, c.code, c.judgement, c.note ?? null);
      const insertAction = ctx.sqlite.prepare(
        'INSERT INTO moderation_actions (record_id, description, due_date) VALUES (?,?,?)',
      );
      for (const a of input.actions) insertAction.run(recordId, a.description, a.dueDate ?? null);

      writeAudit(
        ctx,
        {
          action: 'moderation.record',
          entity: 'decision',
          entityId: d.id,
          before: { grade: d.grade, status: d.status },
          after: {
            recordId,
            moderatedGrade: input.moderatedGrade,
            outcome: input.outcome,
            activity: input.activity,
          },
        },
        actor,
      );

      let overallGrade = d.overallGrade;
      if (changed) {
        const result = applyGradeChange(ctx, {
          decisionId: d.id,
          grade: input.moderatedGrade,
          reason: `moderation record ${recordId}: ${OUTCOME_LABELS[input.outcome]}`,
        });
        overallGrade = result.overall.after;
      }
      setDecisionStatus(
        ctx,
        d.id,
        input.outcome === 'referred_back' ? 'sampled' : 'released',
        `moderation record ${recordId}`,
      );
      const escalation = changed ? escalate(ctx, item.planId, d, recordId) : null;
      return { recordId, gradeChanged: changed, overallGrade, escalation };
    })
    .immediate();
}

/**
 * A disagreement raises the assessor's sample for the rest of the plan's period by the
 * disagreement uplift (default 10 points), once per plan, drawing from their decisions that are
 * not yet sampled and whose EPA is not confirmed.
 */
function escalate(
  ctx: AppContext,
  planId: number,
  d: DecisionRow,
  recordId: number,
): { assessorRef: string; added: number } {
  const plan = ctx.sqlite
    .prepare(
      'SELECT period_from AS "from", period_to AS "to", seed, params_json AS params FROM sampling_plans WHERE id = ?',
    )
    .get(planId) as { from: string; to: string; seed: number; params: string };
  const already = ctx.sqlite
    .prepare(
      "SELECT count(*) FROM sampling_plan_items WHERE plan_id = ? AND assessor_id = ? AND source = 'escalation'",
    )
    .pluck()
    .get(planId, d.assessorId) as number;
  const notify = (message: string): void => {
    ctx.sqlite
      .prepare('INSERT INTO notifications (kind, message, link) VALUES (?,?,?)')
      .run('escalation', message, `#/moderation?assessor=${encodeURIComponent(d.assessorRef)}`);
  };
  if (already > 0) {
    notify(
      `${d.assessorRef} (${d.assessorName}): another moderation disagreement on ${d.decisionRef ?? d.id}; their sample was already raised in this plan.`,
    );
    return { assessorRef: d.assessorRef, added: 0 };
  }
  const params = JSON.parse(plan.params) as SamplingParams;
  const n = ctx.sqlite
    .prepare('SELECT count(*) FROM sampling_plan_scope WHERE plan_id = ? AND assessor_id = ?')
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
    .all(d.assessorId, plan.from, plan.to, planId) as number[];
  // A reproducible draw: the plan's seed, the assessor, and the record that caused it.
  const rng = createRng((plan.seed ^ (d.assessorId * 0x9e3779b1) ^ recordId) >>> 0);
  const keyed = candidates.map((id) => ({ id, key: rng.next() })).sort((a, b) => a.key - b.key);
  const chosen = keyed.slice(0, want).map((k) => k.id);
  const actor = currentActor(ctx);
  const insert = ctx.sqlite.prepare(
    `INSERT INTO sampling_plan_items (plan_id, decision_id, assessor_id, source, reasons_json, added_by)
     VALUES (?,?,?,'escalation',?,?) ON CONFLICT(plan_id, decision_id) DO UPDATE SET removed_at = NULL,
       removed_by = NULL, removed_reason = NULL, source = 'escalation', reasons_json = excluded.reasons_json`,
  );
  const reasons = JSON.stringify([
    'escalated after disagreement',
    `moderation record ${recordId} on ${d.decisionRef ?? d.id}`,
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
  notify(
    `${d.assessorRef} (${d.assessorName}): moderation disagreement on ${d.decisionRef ?? d.id} (${d.grade} → moderated differently). Sample raised by ${Math.round(params.uplift.disagreement * 100)} points for the rest of the period: ${chosen.length} more decision(s) added.`,
  );
  return { assessorRef: d.assessorRef, added: chosen.length };
}
