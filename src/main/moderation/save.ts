/**
 * Saving a moderation: the record with its criterion judgements and actions, the snapshot of the
 * decision as sampled beside it, the grade change (flowing to the overall grade by the
 * standard's rule), the release from hold, and escalation after a disagreement. One transaction.
 * Refused while an enquiry about results or an appeal about the decision is still to be decided,
 * and, when dated in the past, where the moderation history import would refuse such a row.
 */
import { OUTCOME_LABELS, type Outcome } from '@shared/contract';
import { longDate } from '@shared/imports';
import { capitalise } from '@shared/labels';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { AppealAuthority } from '../appeals/authority';
import { moderationAppealProblem } from '../appeals/service';
import { currentActor, writeAudit } from '../audit/audit';
import { applyGradeChange } from '../decisions/grades';
import { setDecisionStatus } from '../sampling/hold';
import { versionDefinition } from '../standards/load';
import { currentUser } from '../users/service';
import { escalate } from './escalate';
import { independenceProblem } from './independence';
import { settleRegraded } from './reopen';
import { activeItem, finalRecord, flagsOf, readDecision } from './records';

const GRADE_CHANGING: Outcome[] = ['grade_changed_borderline', 'grade_changed_criteria_misapplied'];
const AGREEING: Outcome[] = ['agreed', 'agreed_with_feedback'];

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
  escalation: { assessorRef: string; added: number; points: number; already: boolean } | null;
}

export function saveModeration(ctx: AppContext, input: SaveRecordInput): SaveRecordResult {
  const user = currentUser(ctx);
  if (!user) throw new DomainError('forbidden', 'Sign in to moderate.');
  if (user.role === 'read_only')
    throw new DomainError('forbidden', `${user.name} has read-only access and cannot moderate.`);
  return ctx.sqlite
    .transaction((): SaveRecordResult => {
      const d = readDecision(ctx, input.decisionId);
      const ref = d.decisionRef ?? String(d.id);
      const item = activeItem(ctx, d.id);
      if (!item)
        throw new DomainError(
          'refused',
          `Decision ${ref} is not in a published sample, so there is nothing to moderate yet.`,
        );
      const settled = finalRecord(ctx, d.id);
      if (settled)
        throw new DomainError(
          'conflict',
          `Decision ${ref} was already moderated by ${settled.moderatorName} on ${settled.moderationDate} (record ${settled.id}).`,
        );
      // Whatever date the moderation is given: it is saved now, so would release the decision
      // (and may change its grade) under an enquiry or appeal that is deciding it now.
      const appealed = moderationAppealProblem(ctx, d.id);
      if (appealed) throw new DomainError('refused', appealed);
      const on = input.moderationDate ?? today(ctx);
      if (on > today(ctx))
        throw new DomainError('refused', 'The moderation date cannot be in the future.');
      if (on < d.assessmentDate)
        throw new DomainError(
          'refused',
          `The moderation date (${longDate(on)}) is before the assessment itself (${longDate(d.assessmentDate)}).`,
        );
      // Dated before today, the record claims to come before an enquiry or appeal decided since,
      // and is held to what the moderation history import holds such a row to. Saved today, it
      // comes after any decided one, whose grade it judges.
      if (on < today(ctx)) {
        const authority = new AppealAuthority(ctx);
        const refusal = authority.refusal(d, on, input.moderatedGrade, undefined);
        if (refusal) throw new DomainError('refused', `${capitalise(refusal)}.`);
      }
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
      const late = input.actions.find((a) => a.dueDate !== undefined && a.dueDate < on);
      if (late)
        throw new DomainError(
          'refused',
          `The action "${late.description}" is due before the moderation date (${on}).`,
        );

      const actor = currentActor(ctx);
      // As sampled when the item has its snapshot; items from before snapshots were kept fall
      // back to the decision as it is now.
      const snapshot = item.snapshot ?? {
        ...d,
        flags: flagsOf(ctx, d.id),
      };
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
            JSON.stringify({ ...snapshot, sampledBecause: item.reasons }),
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
      if (input.outcome !== 'referred_back') settleRegraded(ctx, d.id);
      const escalation = changed
        ? escalate(ctx, item.planId, d, recordId, input.moderatedGrade)
        : null;
      return { recordId, gradeChanged: changed, overallGrade, escalation };
    })
    .immediate();
}
