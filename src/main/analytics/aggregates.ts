/**
 * The aggregates the consistency figures are built from, all from the scans in scan.ts:
 * - grade counts per assessor (and month), as the assessor awarded them;
 * - assessor-versus-moderator grade pairs per assessor and month.
 */
import type { AppContext } from '../core/context';
import type { FilterSql } from './filter';
import {
  assessorIds,
  countDecisions,
  countDecisionsByMonth,
  readCorrections,
  readPairs,
} from './scan';

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

/** For the whole period, cells carry the month 'all'. */
const WHOLE_PERIOD = 'all';

/**
 * Grades as the assessor gave them: the decision's grade now, moved back to the grade before
 * the first change for decisions moderation or an appeal changed (analytics_moderated).
 */
export function gradeCells(ctx: AppContext, f: FilterSql, byMonth = false): GradeCell[] {
  const cells = new Map<string, GradeCell>();
  const add = (assessorId: number, month: string, grade: string, n: number): void => {
    const key = `${assessorId}|${month}|${grade}`;
    const cell = cells.get(key);
    if (cell) cell.count += n;
    else cells.set(key, { assessorId, month, grade, count: n });
  };
  const [from, to] = [f.params[0] as string, f.params[1] as string];
  if (byMonth) {
    for (const c of countDecisionsByMonth(ctx, f, from, to))
      add(c.assessorId, c.month, c.grade, c.count);
  } else {
    for (const c of countDecisions(ctx, f, from, to))
      add(c.assessorId, WHOLE_PERIOD, c.grade, c.count);
  }
  const fixes = readCorrections(ctx, f, assessorIds(ctx, f));
  for (const [a, m, current, awarded, n] of fixes) {
    const month = byMonth ? m : WHOLE_PERIOD;
    add(a, month, current, -n);
    add(a, month, awarded, n);
  }
  return [...cells.values()].filter((c) => c.count !== 0);
}

/** One pair per moderated decision: its latest moderation that was not referred back. */
export function pairCells(ctx: AppContext, f: FilterSql): PairCell[] {
  return readPairs(ctx, f, assessorIds(ctx, f)).map(
    ([assessorId, month, assessorGrade, moderatedGrade, count]) => ({
      assessorId,
      month,
      assessorGrade,
      moderatedGrade,
      count,
    }),
  );
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
