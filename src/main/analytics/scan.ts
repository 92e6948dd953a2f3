/**
 * The scans behind every dashboard figure, each a set of range scans on a covering index read in
 * index order, so SQLite counts without sorting and reads no table row:
 * - decisions per assessor, grade and status over a date range (index decisions_analytics);
 * - moderated pairs and awarded-grade corrections (derived table analytics_moderated);
 * - criterion judgements (derived table analytics_criteria).
 * `assessor_id IN (every assessor)` and the IN lists of grades and statuses turn one period into
 * one small range per combination. The derived tables are kept in step by triggers.
 */
import type { AppContext } from '../core/context';
import { allVersions } from '../standards/load';
import type { FilterSql } from './filter';

export const STATUSES = ['held', 'sampled', 'released'] as const;

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const gradesCache = new WeakMap<AppContext, { versions: number; grades: string[] }>();

/** Every grade the loaded standards use, in the order the first standard lists them. */
export function knownGrades(ctx: AppContext): string[] {
  // Parsing every version's definition on each request is the slow part; versions only grow.
  const versions = ctx.sqlite
    .prepare('SELECT count(*) FROM standard_versions')
    .pluck()
    .get() as number;
  const cached = gradesCache.get(ctx);
  if (cached && cached.versions === versions) return cached.grades;
  const out: string[] = [];
  for (const v of allVersions(ctx))
    for (const g of v.definition.version.grades) if (!out.includes(g)) out.push(g);
  gradesCache.set(ctx, { versions, grades: out });
  return out;
}

/**
 * Decisions per month with no filter but the period: one pass over the date index, grouped by
 * day in index order (no sort), folded into months here.
 */
export function countByMonthUnfiltered(
  ctx: AppContext,
  from: string,
  to: string,
): Map<string, number> {
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.assessment_date, count(*) FROM decisions d INDEXED BY decisions_date
       WHERE d.assessment_date BETWEEN ? AND ? GROUP BY d.assessment_date`,
    )
    .raw(true)
    .all(from, to) as [string, number][];
  const months = new Map<string, number>();
  for (const [day, n] of rows) months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0) + n);
  return months;
}

export function assessorIds(ctx: AppContext, f: FilterSql): number[] {
  return f.assessorId !== null
    ? [f.assessorId]
    : (ctx.sqlite.prepare('SELECT id FROM assessors ORDER BY id').pluck().all() as number[]);
}

function inList(values: (string | number)[]): string {
  return values.length
    ? values.map((v) => (typeof v === 'number' ? v : quote(v))).join(',')
    : 'NULL';
}

export function countsSql(f: FilterSql, ids: number[], grades: string[]): string {
  // Pinned: with one assessor chosen, SQLite's guess favours (assessor, date), which is not
  // covering and sorts; this index is covering and needs no sort.
  return `SELECT d.assessor_id, d.grade, d.status, count(*) FROM decisions d INDEXED BY decisions_analytics
    WHERE d.assessor_id IN (${inList(ids)}) AND d.grade IN (${inList(grades)})
      AND d.status IN (${inList([...STATUSES])})
      AND d.assessment_date BETWEEN ? AND ? AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, d.grade, d.status`;
}

export interface Count {
  assessorId: number;
  grade: string;
  status: string;
  count: number;
}

/** Decisions per assessor, grade and status between two dates (inclusive). */
export function countDecisions(
  ctx: AppContext,
  f: FilterSql,
  from: string,
  to: string,
  ids = assessorIds(ctx, f),
  grades = knownGrades(ctx),
): Count[] {
  const rows = ctx.sqlite
    .prepare(countsSql(f, ids, grades))
    .raw(true)
    .all(from, to, ...f.paramsNoPeriod) as [number, string, string, number][];
  return rows.map(([assessorId, grade, status, count]) => ({ assessorId, grade, status, count }));
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The calendar months a period touches, each clipped to the period. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let month = from.slice(0, 7);
  while (month <= to.slice(0, 7)) {
    const start = `${month}-01` < from ? from : `${month}-01`;
    const end = monthEnd(month) > to ? to : monthEnd(month);
    out.push({ month, from: start, to: end });
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
  }
  return out;
}

/**
 * Month by month: one counting query per month rather than one query grouped by month, which
 * would make SQLite sort every decision in the period to group them.
 */
export function countDecisionsByMonth(
  ctx: AppContext,
  f: FilterSql,
  from: string,
  to: string,
): (Count & { month: string })[] {
  const ids = assessorIds(ctx, f);
  const grades = knownGrades(ctx);
  return monthsOf(from, to).flatMap((m) =>
    countDecisions(ctx, f, m.from, m.to, ids, grades).map((c) => ({ ...c, month: m.month })),
  );
}

export function pairsSql(f: FilterSql, ids: number[]): string {
  return `SELECT d.assessor_id, substr(d.assessment_date, 1, 7) AS month, d.assessor_grade, d.moderated_grade, count(*)
    FROM analytics_moderated d
    WHERE d.assessor_id IN (${inList(ids)}) AND d.assessment_date BETWEEN ? AND ?
      AND d.moderated_grade IS NOT NULL AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, month, d.assessor_grade, d.moderated_grade`;
}

export function correctionsSql(f: FilterSql, ids: number[]): string {
  return `SELECT d.assessor_id, substr(d.assessment_date, 1, 7) AS month, d.current_grade, d.awarded_grade, count(*)
    FROM analytics_moderated d
    WHERE d.assessor_id IN (${inList(ids)}) AND d.assessment_date BETWEEN ? AND ?
      AND d.awarded_grade IS NOT NULL AND d.awarded_grade <> d.current_grade AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, month, d.current_grade, d.awarded_grade`;
}

export function criteriaSql(f: FilterSql, ids: number[], codes: string[]): string {
  return `SELECT d.criterion_code, d.judgement, count(*) FROM analytics_criteria d
    WHERE d.assessor_id IN (${inList(ids)}) AND d.criterion_code IN (${inList(codes)})
      AND d.judgement IN ('agree', 'disagree')
      AND d.assessment_date BETWEEN ? AND ? AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, d.criterion_code, d.judgement`;
}

/** Period parameters first, then the other filters', as every query above expects. */
export function scanParams(f: FilterSql): (string | number)[] {
  return [f.params[0] as string, f.params[1] as string, ...f.paramsNoPeriod];
}
