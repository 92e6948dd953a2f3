/**
 * Grade changes and the EPA overall grade. Imports, moderation and appeals all change grades
 * through here, so the audit record, the overall grade by the standard's rule and the re-sit cap
 * flag never drift.
 */
import { checkDecisionLimits, overallGrade, type StandardVersion } from '@shared/standards';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { writeAudit } from '../audit/audit';
import { versionDefinition } from '../standards/load';
import { prepared } from '../db/statements';
import { refreshResitAfterPassFlags } from './resits';

interface EpaRow {
  id: number;
  standard_version_id: number;
  overall_grade: string | null;
  status: string;
}

/**
 * Recomputes an EPA's overall grade from the latest attempt of each method. Call inside the
 * transaction that changed a decision. Returns the old and new grade.
 */
export function recomputeOverallGrade(
  ctx: AppContext,
  epaId: number,
): { before: string | null; after: string | null } {
  const epa = prepared(
    ctx.sqlite,
    'SELECT id, standard_version_id, overall_grade, status FROM epas WHERE id = ?',
  ).get(epaId) as EpaRow | undefined;
  if (!epa) throw new DomainError('not_found', `EPA ${epaId} does not exist.`);
  const version = versionDefinition(ctx, epa.standard_version_id).version;
  const latest = prepared(
    ctx.sqlite,
    `SELECT m.code, d.grade FROM decisions d JOIN assessment_methods m ON m.id = d.method_id
     WHERE d.epa_id = ? AND d.attempt = (
       SELECT max(x.attempt) FROM decisions x WHERE x.epa_id = d.epa_id AND x.method_id = d.method_id)`,
    'raw',
  ).all(epaId) as [string, string][];
  const byMethod = Object.fromEntries(latest);
  const complete = version.methods.every((m) => byMethod[m.code] !== undefined);
  const result = complete ? overallGrade(version, byMethod) : null;
  const after = result && result.grade !== null ? result.grade : null;
  const status =
    epa.status === 'confirmed' ? 'confirmed' : complete ? 'awaiting_confirmation' : 'in_progress';
  if (after !== epa.overall_grade || status !== epa.status) {
    prepared(ctx.sqlite, 'UPDATE epas SET overall_grade = ?, status = ? WHERE id = ?').run(
      after,
      status,
      epaId,
    );
    writeAudit(ctx, {
      action: 'epa.overall-grade',
      entity: 'epa',
      entityId: epaId,
      before: { overallGrade: epa.overall_grade, status: epa.status },
      after: { overallGrade: after, status },
    });
  }
  return { before: epa.overall_grade, after };
}

/** The compliance flag of a re-sit or re-take graded above its cap (the decisions import's too). */
const RESIT_CAP = 'resit_above_cap';

/**
 * Whoever changes the grade, a re-sit or re-take moderated or appealed above the cap without
 * recorded exceptional circumstances is flagged as one imported so is. Raised only: a flag on
 * the assessor's grade stays when a moderation lowers it (what was flagged is not rewritten),
 * and one already there is kept as it is, so an import counts only a new one as raised.
 * Returns the message of the flag the new grade calls for, if any.
 */
function raiseResitCapFlag(
  ctx: AppContext,
  d: { id: number; method: string; attempt: number; ec: number | null },
  grade: string,
  version: StandardVersion,
): string | null {
  const issue = checkDecisionLimits(version, {
    method: d.method,
    attempt: d.attempt,
    grade,
    exceptionalCircumstances: d.ec === 1,
  }).find((i) => i.code === RESIT_CAP);
  if (!issue) return null;
  const held = prepared(
    ctx.sqlite,
    `SELECT 1 FROM compliance_flags WHERE decision_id = ? AND code = '${RESIT_CAP}' AND message = ?`,
  ).get(d.id, issue.message);
  if (!held) {
    prepared(
      ctx.sqlite,
      'INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, ?, ?, ?)',
    ).run(d.id, issue.code, issue.field, issue.message);
  }
  return issue.message;
}

export interface GradeChange {
  decisionId: number;
  grade: string;
  /** Why, in words an auditor reads: "moderation: criteria misapplied", "appeal 12 upheld". */
  reason: string;
}

export interface GradeChanged {
  before: string;
  after: string;
  overall: { before: string | null; after: string | null };
  /** The re-sit cap flag the decision carries after a change, if its new grade is above the cap. */
  resitCapFlag: string | null;
}

/**
 * Changes one decision's grade and the EPA's overall grade, with both recorded in the audit log,
 * and its re-sit cap flag with the new grade. Must be called inside a transaction (the caller's
 * unit of work).
 */
export function applyGradeChange(ctx: AppContext, change: GradeChange): GradeChanged {
  const row = prepared(
    ctx.sqlite,
    `SELECT d.id, d.grade, d.epa_id AS epaId, e.standard_version_id AS versionId, m.code AS method,
       d.attempt, d.exceptional_circumstances AS ec
     FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN assessment_methods m ON m.id = d.method_id
     WHERE d.id = ?`,
  ).get(change.decisionId) as
    | {
        id: number;
        grade: string;
        epaId: number;
        versionId: number;
        method: string;
        attempt: number;
        ec: number | null;
      }
    | undefined;
  if (!row) throw new DomainError('not_found', `Decision ${change.decisionId} does not exist.`);
  const version = versionDefinition(ctx, row.versionId).version;
  if (!version.grades.includes(change.grade)) {
    throw new DomainError(
      'refused',
      `"${change.grade}" is not a grade of this standard version (${version.grades.join(', ')}).`,
    );
  }
  if (row.grade === change.grade) {
    return {
      before: row.grade,
      after: row.grade,
      overall: recomputeOverallGrade(ctx, row.epaId),
      resitCapFlag: null,
    };
  }
  prepared(ctx.sqlite, 'UPDATE decisions SET grade = ?, updated_at = ? WHERE id = ?').run(
    change.grade,
    ctx.clock().toISOString(),
    row.id,
  );
  writeAudit(ctx, {
    action: 'decision.grade-change',
    entity: 'decision',
    entityId: row.id,
    before: { grade: row.grade },
    after: { grade: change.grade, reason: change.reason },
  });
  // A later attempt of a method this grade now passes is a re-sit after a pass.
  refreshResitAfterPassFlags(ctx, [row.epaId], { raiseOnly: true });
  return {
    before: row.grade,
    after: change.grade,
    overall: recomputeOverallGrade(ctx, row.epaId),
    resitCapFlag: raiseResitCapFlag(ctx, row, change.grade, version),
  };
}
