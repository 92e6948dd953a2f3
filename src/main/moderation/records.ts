/**
 * Reading a decision for moderation: the decision, its snapshot as sampled and what changed
 * since, the criteria of its method in its standard version, its records with their actions,
 * and whether the signed-in user may judge it (and if not, why, in words: an enquiry or appeal
 * still deciding its grade stops anyone).
 */
import type { ModerationContextDto, ModerationRecordDto } from '@shared/contract';
import { moderationAppealProblem } from '../appeals/service';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { versionDefinition } from '../standards/load';
import { currentUser } from '../users/service';
import { independenceProblem } from './independence';
import { SETTLES } from './settled';
import { prepared } from '../db/statements';

export interface DecisionRow {
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
  const row = prepared(
    ctx.sqlite,
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
  ).get(decisionId) as DecisionRow | undefined;
  if (!row) throw new DomainError('not_found', `Decision ${decisionId} does not exist.`);
  return row;
}

export function flagsOf(ctx: AppContext, decisionId: number): string[] {
  return prepared(
    ctx.sqlite,
    'SELECT message FROM compliance_flags WHERE decision_id = ? ORDER BY id',
    'pluck',
  ).all(decisionId) as string[];
}

export interface ActiveItem {
  id: number;
  planId: number;
  planTitle: string;
  reasons: string[];
  snapshot: Record<string, unknown> | null;
  dueDate: string | null;
  moderator: string | null;
  source: string;
}

/** The decision's place in a published sample, if it has one. */
export function activeItem(ctx: AppContext, decisionId: number): ActiveItem | null {
  const row = ctx.sqlite
    .prepare(
      `SELECT i.id, i.plan_id AS planId, sp.title AS planTitle, i.reasons_json AS reasons,
         i.snapshot_json AS snapshot, i.due_date AS dueDate, u.name AS moderator, i.source
       FROM sampling_plan_items i JOIN sampling_plans sp ON sp.id = i.plan_id
       LEFT JOIN users u ON u.id = i.assigned_to
       WHERE i.decision_id = ? AND i.removed_at IS NULL AND sp.status = 'published' ORDER BY i.id DESC LIMIT 1`,
    )
    .get(decisionId) as
    | (Omit<ActiveItem, 'reasons' | 'snapshot'> & { reasons: string; snapshot: string | null })
    | undefined;
  if (!row) return null;
  return {
    ...row,
    reasons: JSON.parse(row.reasons) as string[],
    snapshot: row.snapshot ? (JSON.parse(row.snapshot) as Record<string, unknown>) : null,
  };
}

/** A record that settles the decision (anything but "referred back to the assessor"). */
export function finalRecord(
  ctx: AppContext,
  decisionId: number,
): { id: number; moderatorName: string; moderationDate: string } | undefined {
  return ctx.sqlite
    .prepare(
      `SELECT id, moderator_name AS moderatorName, moderation_date AS moderationDate FROM moderation_records r
       WHERE decision_id = ? AND ${SETTLES} ORDER BY id DESC LIMIT 1`,
    )
    .get(decisionId) as { id: number; moderatorName: string; moderationDate: string } | undefined;
}

export function listRecords(ctx: AppContext, decisionId: number): ModerationRecordDto[] {
  const records = ctx.sqlite
    .prepare(
      `SELECT r.id, r.moderator_name AS moderatorName, r.moderation_date AS moderationDate, r.activity,
         r.original_grade AS originalGrade, r.moderated_grade AS moderatedGrade, r.outcome, r.feedback, r.source,
         r.superseded_at AS supersededAt, r.superseded_reason AS supersededReason,
         r.superseded_by AS supersededBy, a.ref AS assessorRef
       FROM moderation_records r JOIN decisions d ON d.id = r.decision_id JOIN assessors a ON a.id = d.assessor_id
       WHERE r.decision_id = ? ORDER BY r.id`,
    )
    .all(decisionId) as (Omit<
    ModerationRecordDto,
    'criteria' | 'actions' | 'escalation' | 'superseded'
  > & {
    assessorRef: string;
    supersededAt: string | null;
    supersededReason: string | null;
    supersededBy: number | null;
  })[];
  const escalated = ctx.sqlite
    .prepare(
      `SELECT count(*) FROM sampling_plan_items WHERE assessor_id = (
         SELECT assessor_id FROM decisions WHERE id = ?) AND reasons_json LIKE ?`,
    )
    .pluck();
  return records.map(({ assessorRef, supersededAt, supersededReason, supersededBy, ...r }) => {
    // History older than a later record never changed the grade, so escalated nothing.
    const changed = r.moderatedGrade !== r.originalGrade && supersededBy === null;
    return {
      ...r,
      superseded:
        supersededAt === null
          ? null
          : {
              at: supersededAt,
              reason: supersededReason ?? '',
              ...(supersededBy === null ? {} : { laterRecordId: supersededBy }),
            },
      criteria: ctx.sqlite
        .prepare(
          'SELECT criterion_code AS code, judgement, note FROM moderation_criteria WHERE record_id = ? ORDER BY id',
        )
        .all(r.id) as ModerationRecordDto['criteria'],
      actions: ctx.sqlite
        .prepare(
          `SELECT id, description, due_date AS dueDate, acknowledged_at AS acknowledgedAt,
             acknowledged_by AS acknowledgedBy, acknowledgement_note AS acknowledgementNote,
             closed_at AS closedAt, closed_by AS closedBy, closed_note AS closedNote
           FROM moderation_actions WHERE record_id = ? ORDER BY id`,
        )
        .all(r.id) as ModerationRecordDto['actions'],
      escalation: changed
        ? {
            assessorRef,
            added: escalated.get(decisionId, `%"moderation record ${r.id} on %`) as number,
          }
        : null,
    };
  });
}

const SNAPSHOT_FIELDS: [keyof DecisionRow, string][] = [
  ['grade', 'grade'],
  ['assessmentDate', 'assessmentDate'],
  ['method', 'method'],
  ['attempt', 'attempt'],
  ['durationMinutes', 'durationMinutes'],
  ['questioningMinutes', 'questioningMinutes'],
  ['wordCount', 'wordCount'],
  ['evidencePieces', 'evidencePieces'],
];

function text(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function moderationContext(ctx: AppContext, decisionId: number): ModerationContextDto {
  const d = readDecision(ctx, decisionId);
  const version = versionDefinition(ctx, d.versionId).version;
  const method = version.methods.find((m) => m.code === d.method);
  const user = currentUser(ctx);
  const problem = user
    ? independenceProblem(ctx, user.id, decisionId, today(ctx))
    : 'Sign in to moderate.';
  const item = activeItem(ctx, decisionId);
  const records = listRecords(ctx, decisionId);
  const snapshot = item?.snapshot ?? null;
  // A moderation is judged on the decision as sampled: show anything a re-import changed since.
  // A grade changed by a moderation of this decision is explained by its record, not news.
  // Not history older than a later record: it changed no grade.
  const moderatedTo = new Set(
    records
      .filter((r) => r.superseded?.laterRecordId === undefined)
      .map((r) => `${r.originalGrade}>${r.moderatedGrade}`),
  );
  const changedSinceSampled = snapshot
    ? SNAPSHOT_FIELDS.filter(([field, key]) => text(snapshot[key]) !== text(d[field]))
        .map(([field, key]) => ({ field, then: text(snapshot[key]), now: text(d[field]) }))
        .filter((c) => c.field !== 'grade' || !moderatedTo.has(`${c.then}>${c.now}`))
    : [];
  const settled = finalRecord(ctx, decisionId);
  const appealed = moderationAppealProblem(ctx, decisionId);
  const independence = {
    allowed: problem === null && user?.role !== 'read_only',
    reason: user?.role === 'read_only' ? `${user.name} has read-only access.` : problem,
  };
  const canModerate = !item
    ? {
        allowed: false,
        reason: 'This decision is not in a published sample, so there is nothing to moderate yet.',
      }
    : settled
      ? {
          allowed: false,
          reason: `Already moderated by ${settled.moderatorName} on ${settled.moderationDate}.`,
        }
      : appealed
        ? { allowed: false, reason: appealed }
        : independence;
  const { versionId: _v, assessorId: _a, ...decision } = d;
  return {
    decision: {
      ...decision,
      methodName: method?.name ?? d.method,
      flags: flagsOf(ctx, decisionId),
    },
    grades: [...version.grades],
    criteria: (method?.criteria ?? []).map((c) => ({ code: c.code, grade: c.grade, text: c.text })),
    sampledBecause: item?.reasons ?? [],
    item: item
      ? {
          itemId: item.id,
          planId: item.planId,
          planTitle: item.planTitle,
          dueDate: item.dueDate,
          moderator: item.moderator,
          source: item.source,
        }
      : null,
    snapshot,
    changedSinceSampled,
    records,
    canModerate,
    independence,
  };
}
