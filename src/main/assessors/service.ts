import type { AssessorSummaryDto } from '@shared/contract';
import { nameKey } from '@shared/imports';
import type { AppContext } from '../core/context';

export function listAssessors(ctx: AppContext): AssessorSummaryDto[] {
  const s = ctx.sqlite;
  const base = s
    .prepare(
      `SELECT a.id, a.ref, a.name, a.status, a.start_date AS startDate,
         a.qualification_status AS qualificationStatus,
         count(d.id) AS decisions, max(d.assessment_date) AS lastAssessmentDate,
         (SELECT count(DISTINCT f.decision_id) FROM compliance_flags f
            JOIN decisions d2 ON d2.id = f.decision_id WHERE d2.assessor_id = a.id) AS flagged
       FROM assessors a LEFT JOIN decisions d ON d.assessor_id = a.id
       GROUP BY a.id ORDER BY a.ref`,
    )
    .all() as Omit<AssessorSummaryDto, 'grades'>[];
  const grades = s
    .prepare('SELECT assessor_id, grade, count(*) FROM decisions GROUP BY assessor_id, grade')
    .raw(true)
    .all() as [number, string, number][];
  const byAssessor = new Map<number, Record<string, number>>();
  for (const [id, grade, n] of grades) {
    const entry = byAssessor.get(id) ?? {};
    entry[grade] = n;
    byAssessor.set(id, entry);
  }
  return base.map((a) => ({ ...a, grades: byAssessor.get(a.id) ?? {} }));
}

/**
 * The assessor with this name, as people type it (nameKey), if exactly one has it: a name two
 * assessors share tells neither apart.
 */
export function assessorNamed(
  ctx: AppContext,
  name: string,
): { id: number; ref: string; name: string } | undefined {
  const key = nameKey(name);
  const all = ctx.sqlite.prepare('SELECT id, ref, name FROM assessors ORDER BY id').all() as {
    id: number;
    ref: string;
    name: string;
  }[];
  const named = all.filter((a) => nameKey(a.name) === key);
  return named.length === 1 ? named[0] : undefined;
}
