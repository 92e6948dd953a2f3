/**
 * The aggregates every consistency figure is built from, each one GROUP BY in SQL so nothing
 * close to a row per decision leaves the database:
 * - grade counts per assessor and month, as the assessor awarded them;
 * - assessor-versus-moderator grade pairs per assessor and month.
 */
import type { AppContext } from '../core/context';
import type { FilterSql } from './filter';

export interface GradeCell {
  assessorId: number;
  month: string;
  grade: string;
  count: number;
}

export interface PairCell {
  assessorId: number;
  month: string;
  assessorGrade: string;
  moderatedGrade: string;
  count: number;
}

/** Served by the covering index decisions_analytics (migration analytics_indexes). */
export function gradeCountsSql(where: string): string {
  return `SELECT d.assessor_id, substr(d.assessment_date, 1, 7) AS month, d.grade, count(*)
    FROM decisions d WHERE ${where} GROUP BY d.assessor_id, month, d.grade`;
}

/**
 * Decisions whose grade has changed since the assessor gave it: the grade before the first
 * change. Moderation comes before an appeal (an EPA is confirmed, and so appealable, only after
 * moderation), so the first grade-changing moderation record wins, then the first appeal change.
 */
export function awardedCorrectionsSql(where: string): string {
  return `WITH first_change(decision_id, awarded) AS (
      SELECT r.decision_id, r.original_grade FROM moderation_records r
      WHERE r.original_grade <> r.moderated_grade
        AND r.id = (SELECT min(x.id) FROM moderation_records x
                    WHERE x.decision_id = r.decision_id AND x.original_grade <> x.moderated_grade)
      UNION ALL
      SELECT g.decision_id, g.old_grade FROM appeal_grade_changes g
      WHERE g.id = (SELECT min(y.id) FROM appeal_grade_changes y WHERE y.decision_id = g.decision_id)
        AND NOT EXISTS (SELECT 1 FROM moderation_records x
                        WHERE x.decision_id = g.decision_id AND x.original_grade <> x.moderated_grade)
    )
    SELECT d.assessor_id, substr(d.assessment_date, 1, 7) AS month, d.grade, c.awarded, count(*)
    FROM first_change c CROSS JOIN decisions d ON d.id = c.decision_id
    WHERE c.awarded <> d.grade AND ${where}
    GROUP BY d.assessor_id, month, d.grade, c.awarded`;
}

/**
 * One pair per moderated decision: its latest record that was not referred back (a referral is
 * not a judgement yet). Driven from moderation records (about 5-10% of decisions) through a
 * covering index; CROSS JOIN keeps SQLite from driving it from the far larger decisions side.
 */
export function pairsSql(where: string): string {
  return `SELECT d.assessor_id, substr(d.assessment_date, 1, 7) AS month, r.original_grade, r.moderated_grade, count(*)
    FROM moderation_records r CROSS JOIN decisions d ON d.id = r.decision_id
    WHERE coalesce(r.outcome, '') <> 'referred_back'
      AND NOT EXISTS (SELECT 1 FROM moderation_records y WHERE y.decision_id = r.decision_id
                      AND y.id > r.id AND coalesce(y.outcome, '') <> 'referred_back')
      AND ${where}
    GROUP BY d.assessor_id, month, r.original_grade, r.moderated_grade`;
}

export function gradeCells(ctx: AppContext, f: FilterSql): GradeCell[] {
  const cells = new Map<string, GradeCell>();
  const add = (assessorId: number, month: string, grade: string, n: number): void => {
    const key = `${assessorId}|${month}|${grade}`;
    const cell = cells.get(key);
    if (cell) cell.count += n;
    else cells.set(key, { assessorId, month, grade, count: n });
  };
  const rows = ctx.sqlite
    .prepare(gradeCountsSql(f.sql))
    .raw(true)
    .all(...f.params) as [number, string, string, number][];
  for (const [a, m, g, n] of rows) add(a, m, g, n);
  const fixes = ctx.sqlite
    .prepare(awardedCorrectionsSql(f.sql))
    .raw(true)
    .all(...f.params) as [number, string, string, string, number][];
  for (const [a, m, current, awarded, n] of fixes) {
    add(a, m, current, -n);
    add(a, m, awarded, n);
  }
  return [...cells.values()].filter((c) => c.count !== 0);
}

export function pairCells(ctx: AppContext, f: FilterSql): PairCell[] {
  const rows = ctx.sqlite
    .prepare(pairsSql(f.sql))
    .raw(true)
    .all(...f.params) as [number, string, string, string, number][];
  return rows.map(([assessorId, month, assessorGrade, moderatedGrade, count]) => ({
    assessorId,
    month,
    assessorGrade,
    moderatedGrade,
    count,
  }));
}

export interface AssessorName {
  id: number;
  ref: string;
  name: string;
}

export function assessorNames(ctx: AppContext): Map<number, AssessorName> {
  const rows = ctx.sqlite.prepare('SELECT id, ref, name FROM assessors').all() as AssessorName[];
  return new Map(rows.map((r) => [r.id, r]));
}
