/**
 * Re-importing a decision that is already stored: what changed, whether the change may be made,
 * and making it through the same paths the app uses (grade changes through applyGradeChange, so
 * the overall grade and the audit log follow; back to IQA through reopenForModeration).
 */
import type { AppealAuthority } from '../appeals/authority';
import { writeAudit } from '../audit/audit';
import { prepared } from '../db/statements';
import { applyGradeChange } from '../decisions/grades';
import { finalRecord } from '../moderation/records';
import { regradedMessage, reopenForModeration } from '../moderation/reopen';
import type { DecisionInput } from './decisions-row';
import type { EpaState, StoredDecision } from './decisions-store';
import type { ImportEnv } from './env';
import type { Reference } from './reference';

export interface Change {
  field: string;
  before: string;
  after: string;
}

export interface Diff {
  changes: Change[];
  gradeChanged: boolean;
  /** A stored value replaced a blank or missing one in d: the row's limits need checking again. */
  keptStored: boolean;
}

/**
 * The flags of a decision's limits (checkDecisionLimits), which a re-import of a changed row
 * brings up to date (decisions.ts, refreshLimitFlags).
 */
export const LIMIT_FLAG_CODES = [
  'duration_out_of_range',
  'questioning_share_exceeded',
  'word_count_out_of_range',
  'evidence_pieces_out_of_range',
  'assessment_before_gateway',
  'epa_period_exceeded',
  'resit_window_exceeded',
  'resit_above_cap',
] as const;

const text = (value: number | string | null): string => (value === null ? '' : String(value));

/** Whether a grade change in the audit log was made by a decisions import (applyDecisionChanges). */
const byImport = (reason: string | undefined): boolean => reason?.startsWith('import') === true;

/**
 * The grade in the file may be the one the source system gave before moderation or an appeal
 * changed it in the app (once or more). Then the source system has not changed its mind, and
 * the grade the app gave stands. The source's grade is the one it last gave: recorded on the
 * decision (source_grade, written by the imports only). A decision stored before it was recorded
 * (NULL, until an import sees it) falls back on the audit log: the grade the last import that
 * changed the grade gave, or the first import's, before any change in the app. That misses an
 * import that saw the source give another grade but changed nothing (the moderated grade, say),
 * which is why the grade is recorded. Returns the latest change made in the app, in words, when
 * the app's grade stands.
 */
function gradeOverriddenSince(
  env: ImportEnv,
  stored: StoredDecision,
  incoming: string,
): string | null {
  if (stored.sourceGrade !== null && stored.sourceGrade !== incoming) return null;
  const changes = prepared(
    env.ctx.sqlite,
    `SELECT before_json, after_json FROM audit_log
     WHERE entity = 'decision' AND entity_id = ? AND action = 'decision.grade-change'
     ORDER BY id DESC`,
  )
    .raw(true)
    .all(String(stored.id)) as [string | null, string | null][];
  let latestInApp: string | null = null;
  let sourceGrade: string | undefined;
  for (const [beforeJson, afterJson] of changes) {
    const before = JSON.parse(beforeJson ?? '{}') as { grade?: string };
    const after = JSON.parse(afterJson ?? '{}') as { grade?: string; reason?: string };
    if (byImport(after.reason)) {
      sourceGrade = after.grade;
      break;
    }
    latestInApp ??= after.reason ?? 'a change in the app';
    // The recorded grade is the source's: the latest change in the app is all that is wanted.
    if (stored.sourceGrade !== null) break;
    // Older changes overwrite this: the last one read is the grade before the earliest change.
    sourceGrade = before.grade;
  }
  // A grade other than the source's, with no change in the app logged since an import set it,
  // was still changed in the app (the audit log is the app's, so this is not expected).
  if (stored.sourceGrade !== null) return latestInApp ?? 'a change in the app';
  return latestInApp !== null && sourceGrade === incoming ? latestInApp : null;
}

/** What a re-import would change, or why it may not change this decision at all. */
export function compareDecision(
  env: ImportEnv,
  d: DecisionInput,
  stored: StoredDecision,
  epa: EpaState | undefined,
  reference: Reference,
  appeals: AppealAuthority,
): Diff | string {
  const where = d.ref ? `decision_ref ${d.ref}` : `this decision`;
  if (stored.uln !== d.uln) {
    return `${where} belongs to ULN ${stored.uln}, not ${d.uln}; a re-import cannot move a decision to another apprentice`;
  }
  if (stored.method !== d.method || stored.attempt !== d.attempt) {
    return `${where} is ${stored.method} attempt ${stored.attempt}, not ${d.method} attempt ${d.attempt}; a re-import cannot change which method or attempt a decision is`;
  }
  if (stored.versionId !== d.version.row.id) {
    const storedVersion = reference.versionsById.get(stored.versionId);
    if (d.versionNamed || !storedVersion) {
      return `${where} is recorded under ${storedVersion?.row.code ?? 'another'} v${storedVersion?.def.version ?? '?'}, not v${d.version.def.version}`;
    }
    if (!storedVersion.def.grades.includes(d.grade)) {
      return `'${d.grade}' is not a grade of v${storedVersion.def.version}, which ${where} is recorded under`;
    }
    d.version = storedVersion;
  }
  const changes: Change[] = [];
  // A column the file does not have, or a blank cell, keeps its stored value, as in an assessors
  // file and for the apprentice and the gateway: a narrower export, or one with gaps, is not a
  // deletion. The measures and exceptional circumstances are evidence the limit flags rest on; a
  // blank clearing them cleared the flags too, unseen. A blank that keeps a value is noted.
  let keptStored = false;
  /** `storedValue`: '' when nothing is stored (or, for exceptional circumstances, "no"). */
  const keep = (column: string, blank: boolean, storedValue: string): boolean => {
    const missing = !env.mapped.has(column);
    if (!missing && !blank) return false;
    if (storedValue === '') return false;
    if (!missing)
      env.note(d.row, `${column} is blank in the file: the stored ${storedValue} is kept`);
    keptStored = true;
    return true;
  };
  if (keep('duration_minutes', d.durationMinutes === null, text(stored.durationMinutes)))
    d.durationMinutes = stored.durationMinutes;
  if (keep('questioning_minutes', d.questioningMinutes === null, text(stored.questioningMinutes)))
    d.questioningMinutes = stored.questioningMinutes;
  if (keep('word_count', d.wordCount === null, text(stored.wordCount)))
    d.wordCount = stored.wordCount;
  if (keep('evidence_pieces', d.evidencePieces === null, text(stored.evidencePieces)))
    d.evidencePieces = stored.evidencePieces;
  // A stored "no" is what a blank cell means anyway: only a stored "yes" is worth a note.
  const ecStored = stored.exceptionalCircumstances === 1;
  if (keep('exceptional_circumstances', !d.ecGiven, ecStored ? 'yes' : '')) d.ec = ecStored;
  const add = (field: string, before: string, after: string): void => {
    if (before !== after) changes.push({ field, before, after });
  };
  add(
    'assessor_ref',
    reference.assessorsById.get(stored.assessorId)?.ref ?? String(stored.assessorId),
    d.assessorRef,
  );
  add('assessment_date', stored.assessmentDate, d.date);
  add('duration_minutes', text(stored.durationMinutes), text(d.durationMinutes));
  add('questioning_minutes', text(stored.questioningMinutes), text(d.questioningMinutes));
  add('word_count', text(stored.wordCount), text(d.wordCount));
  add('evidence_pieces', text(stored.evidencePieces), text(d.evidencePieces));
  add(
    'exceptional_circumstances',
    stored.exceptionalCircumstances ? 'yes' : 'no',
    d.ec ? 'yes' : 'no',
  );
  if (stored.decisionRef === null && d.ref !== null) add('decision_ref', '', d.ref);
  if (epa && d.gateway !== null) add('gateway_date', epa.gateway ?? '', d.gateway);
  let gradeChanged = false;
  if (stored.grade !== d.grade) {
    const why = gradeOverriddenSince(env, stored, d.grade);
    if (why) {
      env.note(
        d.row,
        `The file still says ${d.grade}; the grade was changed to ${stored.grade} by ${why}, and that stands.`,
      );
      d.grade = stored.grade;
    } else {
      const refused = appeals.regradeRefusal(stored, d.grade, where);
      if (refused) return refused;
      changes.push({ field: 'grade', before: stored.grade, after: d.grade });
      gradeChanged = true;
    }
  }
  if (changes.length > 0 && stored.epaStatus === 'confirmed') {
    const list = changes
      .map((c) => `${c.field} ${c.before || '(blank)'} → ${c.after || '(blank)'}`)
      .join(', ');
    return `the EPA of ULN ${d.uln} is confirmed, so this decision can only change through an enquiry or appeal (the file would change ${list})`;
  }
  return { changes, gradeChanged, keptStored };
}

export function applyDecisionChanges(
  env: ImportEnv,
  d: DecisionInput,
  stored: StoredDecision,
  diff: Diff,
  reopenedPlans: Set<number>,
): void {
  const ctx = env.ctx;
  const others = diff.changes.filter((c) => c.field !== 'grade' && c.field !== 'gateway_date');
  const why = `import batch ${env.batchId} (${env.fileName}, row ${d.row})`;
  if (others.length > 0) {
    ctx.sqlite
      .prepare(
        `UPDATE decisions SET assessor_id = ?, assessment_date = ?, duration_minutes = ?,
           questioning_minutes = ?, word_count = ?, evidence_pieces = ?, exceptional_circumstances = ?,
           decision_ref = coalesce(decision_ref, ?), updated_at = ? WHERE id = ?`,
      )
      .run(
        d.assessorId,
        d.date,
        d.durationMinutes,
        d.questioningMinutes,
        d.wordCount,
        d.evidencePieces,
        d.ec ? 1 : 0,
        d.ref,
        ctx.clock().toISOString(),
        stored.id,
      );
    writeAudit(ctx, {
      action: 'decision.import-update',
      entity: 'decision',
      entityId: stored.id,
      before: Object.fromEntries(others.map((c) => [c.field, c.before])),
      after: { ...Object.fromEntries(others.map((c) => [c.field, c.after])), reason: why },
    });
  }
  for (const c of diff.changes)
    env.note(d.row, `${c.field}: ${c.before || '(blank)'} → ${c.after || '(blank)'}`);
  if (diff.gradeChanged)
    applyGradeChange(ctx, { decisionId: stored.id, grade: d.grade, reason: why });
  // The caller brings the row's conflict flags up to date from the file's parties
  // (flagNamedParties), and its limit flags (refreshLimitFlags, which keeps the re-sit cap flag
  // of the grade change).
  if (!diff.gradeChanged) return;
  // Awaiting a sample or a moderation, the decision is judged at its new grade anyway.
  const moderated = finalRecord(ctx, stored.id) !== undefined;
  if (stored.status === 'released' || moderated) {
    const regraded = `grade changed from ${stored.grade} to ${d.grade} by ${why}`;
    const { planId } = reopenForModeration(ctx, stored.id, regraded, (plan) =>
      reopenedPlans.add(plan),
    );
    env.problem(d.row, 'grade', d.grade, regradedMessage(regraded), true);
    env.heldAgain({
      row: d.row,
      decisionId: stored.id,
      decisionRef: stored.decisionRef ?? d.ref,
      uln: d.uln,
      method: d.method,
      before: stored.grade,
      after: d.grade,
      previousStatus: stored.status,
      moderated,
      planId,
    });
  }
}
