/**
 * The scans behind every dashboard figure, each a set of range scans on a covering index read in
 * index order, so SQLite counts without sorting and reads no table row:
 * - decisions per assessor, grade and status over a date range (index decisions_analytics);
 * - moderated pairs and awarded-grade corrections (derived table analytics_moderated);
 * - criterion judgements (derived table analytics_criteria).
 * `assessor_id IN (every assessor)` and the IN lists of grades and statuses turn one period into
 * one small range per combination. The derived tables are kept in step by triggers.
 * Each has a month roll-up (rollups.ts): the read* functions and countDecisions take a period's
 * whole months from it and only its partial months from these scans. A provider or employer
 * filter cannot use the roll-ups; with few EPAs it reads from those EPAs instead (FilterSql.people).
 */
import type { AppContext } from '../core/context';
import { allVersions } from '../standards/load';
import type { FilterSql } from './filter';
import { mergeCounts, negate, readByParts, splitPeriod, type DateRange } from './rollups';

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
 * Decisions per month with no filter but the period: whole months from the roll-up, days from
 * one pass over the date index, grouped by day in index order and then by month.
 */
export function countByMonthUnfiltered(
  ctx: AppContext,
  from: string,
  to: string,
): Map<string, number> {
  const rows = readByParts<[string, number]>(
    ctx,
    { from, to },
    `SELECT d.month, sum(d.n) FROM analytics_decision_months d WHERE d.month BETWEEN ? AND ?
     GROUP BY d.month`,
    `SELECT substr(day, 1, 7), sum(n) FROM (
       SELECT d.assessment_date AS day, count(*) AS n FROM decisions d INDEXED BY decisions_date
       WHERE d.assessment_date BETWEEN ? AND ? GROUP BY d.assessment_date) GROUP BY 1`,
    [],
  );
  return new Map(rows);
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

/** The same counts from the month roll-up; its first two parameters are months. */
export function rollupCountsSql(
  f: FilterSql,
  ids: number[],
  grades: string[],
  byMonth = false,
): string {
  return `SELECT ${byMonth ? 'd.month, ' : ''}d.assessor_id, d.grade, d.status, sum(d.n)
    FROM analytics_decision_months d
    WHERE d.assessor_id IN (${inList(ids)}) AND d.grade IN (${inList(grades)})
      AND d.status IN (${inList([...STATUSES])})
      AND d.month BETWEEN ? AND ? AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, d.grade, d.status${byMonth ? ', d.month' : ''}`;
}

/**
 * The same counts for a provider or employer with few EPAs, read from their EPAs' decisions
 * (through the EPA's unique index) rather than from every decision in the period.
 */
export function epaCountsSql(
  f: FilterSql,
  ids: number[],
  grades: string[],
  byMonth = false,
): string {
  const month = byMonth ? 'substr(d.assessment_date, 1, 7)' : null;
  return `SELECT ${month ? `${month}, ` : ''}d.assessor_id, d.grade, d.status, count(*)
    FROM decisions d INDEXED BY decisions_epa_method_attempt
    WHERE d.assessor_id IN (${inList(ids)}) AND d.grade IN (${inList(grades)})
      AND d.status IN (${inList([...STATUSES])})
      AND d.assessment_date BETWEEN ? AND ? AND ${f.sqlNoPeriod}
    GROUP BY ${month ? `${month}, ` : ''}d.assessor_id, d.grade, d.status
    ORDER BY ${month ? `${month}, ` : ''}d.assessor_id, d.grade, d.status`;
}

type CountRow = [number, string, string, number];
type MonthCountRow = [string, number, string, string, number];

/** Decisions per assessor, grade and status between two dates (inclusive). */
export function countDecisions(
  ctx: AppContext,
  f: FilterSql,
  from: string,
  to: string,
  ids = assessorIds(ctx, f),
  grades = knownGrades(ctx),
): Count[] {
  const params = [from, to, ...f.paramsNoPeriod];
  const rows =
    f.people === 'none'
      ? readByParts<CountRow>(
          ctx,
          { from, to },
          rollupCountsSql(f, ids, grades),
          countsSql(f, ids, grades),
          f.paramsNoPeriod,
        )
      : (ctx.sqlite
          .prepare(f.people === 'few' ? epaCountsSql(f, ids, grades) : countsSql(f, ids, grades))
          .raw(true)
          .all(...params) as CountRow[]);
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
 * Month by month. Without a provider or employer, whole months come from the roll-up and the
 * partial ones from the covering index; with many of their EPAs, one counting query per month
 * rather than one grouped by month, which would make SQLite sort every decision in the period.
 */
export function countDecisionsByMonth(
  ctx: AppContext,
  f: FilterSql,
  from: string,
  to: string,
): (Count & { month: string })[] {
  const ids = assessorIds(ctx, f);
  const grades = knownGrades(ctx);
  if (f.people === 'many')
    return monthsOf(from, to).flatMap((m) =>
      countDecisions(ctx, f, m.from, m.to, ids, grades).map((c) => ({ ...c, month: m.month })),
    );
  let rows: MonthCountRow[];
  if (f.people === 'few') {
    rows = ctx.sqlite
      .prepare(epaCountsSql(f, ids, grades, true))
      .raw(true)
      .all(from, to, ...f.paramsNoPeriod) as MonthCountRow[];
  } else {
    const parts = splitPeriod(from, to);
    const found: MonthCountRow[][] = [];
    if (parts.months)
      found.push(
        ctx.sqlite
          .prepare(rollupCountsSql(f, ids, grades, true))
          .raw(true)
          .all(parts.months.from, parts.months.to, ...f.paramsNoPeriod) as MonthCountRow[],
      );
    const days = (r: DateRange): MonthCountRow[] =>
      (
        ctx.sqlite
          .prepare(countsSql(f, ids, grades))
          .raw(true)
          .all(r.from, r.to, ...f.paramsNoPeriod) as CountRow[]
      ).map((c): MonthCountRow => [r.from.slice(0, 7), ...c]);
    for (const r of parts.add) found.push(days(r));
    for (const r of parts.subtract) found.push(negate(days(r)));
    rows = mergeCounts(found);
  }
  return rows.map(([month, assessorId, grade, status, count]) => ({
    month,
    assessorId,
    grade,
    status,
    count,
  }));
}

/**
 * A derived table as the scans name it: for a provider or employer with few EPAs, read through
 * its EPA index (from their EPAs) rather than its period index.
 */
function derived(table: string, f: FilterSql): string {
  return f.people === 'few' ? `${table} d INDEXED BY ${table}_epa` : `${table} d`;
}

export function pairsSql(f: FilterSql, ids: number[]): string {
  return `SELECT d.assessor_id, substr(d.assessment_date, 1, 7) AS month, d.assessor_grade, d.moderated_grade, count(*)
    FROM ${derived('analytics_moderated', f)}
    WHERE d.assessor_id IN (${inList(ids)}) AND d.assessment_date BETWEEN ? AND ?
      AND d.moderated_grade IS NOT NULL AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, month, d.assessor_grade, d.moderated_grade`;
}

export function correctionsSql(f: FilterSql, ids: number[]): string {
  return `SELECT d.assessor_id, substr(d.assessment_date, 1, 7) AS month, d.current_grade, d.awarded_grade, count(*)
    FROM ${derived('analytics_moderated', f)}
    WHERE d.assessor_id IN (${inList(ids)}) AND d.assessment_date BETWEEN ? AND ?
      AND d.awarded_grade IS NOT NULL AND d.awarded_grade <> d.current_grade AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, month, d.current_grade, d.awarded_grade`;
}

export function criteriaSql(f: FilterSql, ids: number[], codes: string[]): string {
  return `SELECT d.criterion_code, d.judgement, count(*) FROM ${derived('analytics_criteria', f)}
    WHERE d.assessor_id IN (${inList(ids)}) AND d.criterion_code IN (${inList(codes)})
      AND d.judgement IN ('agree', 'disagree')
      AND d.assessment_date BETWEEN ? AND ? AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id, d.criterion_code, d.judgement`;
}

/** Moderated decisions, per assessor or (without `perAssessor`) in all. */
export function moderatedSql(f: FilterSql, ids: number[], perAssessor: boolean): string {
  return `SELECT ${perAssessor ? 'd.assessor_id, ' : ''}count(*) FROM ${derived('analytics_moderated', f)}
    WHERE d.assessor_id IN (${inList(ids)}) AND d.assessment_date BETWEEN ? AND ?
      AND d.moderated_grade IS NOT NULL AND ${f.sqlNoPeriod}
    ${perAssessor ? 'GROUP BY d.assessor_id' : ''}`;
}

/** Reads the period's counts from a roll-up and the source, or the source alone for people. */
function readCounts<T extends (string | number)[]>(
  ctx: AppContext,
  f: FilterSql,
  rollup: string,
  source: string,
): T[] {
  const period = { from: f.params[0] as string, to: f.params[1] as string };
  if (f.people === 'none') return readByParts<T>(ctx, period, rollup, source, f.paramsNoPeriod);
  return mergeCounts([
    ctx.sqlite
      .prepare(source)
      .raw(true)
      .all(...scanParams(f)) as T[],
  ]);
}

/** Assessor, month, assessor's grade, moderator's grade, count: one per moderated decision. */
export function readPairs(
  ctx: AppContext,
  f: FilterSql,
  ids: number[],
): [number, string, string, string, number][] {
  return readCounts(
    ctx,
    f,
    `SELECT d.assessor_id, d.month, d.assessor_grade, d.moderated_grade, sum(d.n)
     FROM analytics_pair_months d
     WHERE d.assessor_id IN (${inList(ids)}) AND d.month BETWEEN ? AND ? AND ${f.sqlNoPeriod}
     GROUP BY d.assessor_id, d.month, d.assessor_grade, d.moderated_grade`,
    pairsSql(f, ids),
  );
}

/** Assessor, month, grade now, grade awarded, count: decisions whose grade was changed. */
export function readCorrections(
  ctx: AppContext,
  f: FilterSql,
  ids: number[],
): [number, string, string, string, number][] {
  return readCounts(
    ctx,
    f,
    `SELECT d.assessor_id, d.month, d.current_grade, d.awarded_grade, sum(d.n)
     FROM analytics_correction_months d
     WHERE d.assessor_id IN (${inList(ids)}) AND d.month BETWEEN ? AND ? AND ${f.sqlNoPeriod}
     GROUP BY d.assessor_id, d.month, d.current_grade, d.awarded_grade`,
    correctionsSql(f, ids),
  );
}

/** Moderated decisions per assessor. */
export function readModeratedByAssessor(
  ctx: AppContext,
  f: FilterSql,
  ids: number[],
): [number, number][] {
  return readCounts(
    ctx,
    f,
    `SELECT d.assessor_id, sum(d.n) FROM analytics_pair_months d
     WHERE d.assessor_id IN (${inList(ids)}) AND d.month BETWEEN ? AND ? AND ${f.sqlNoPeriod}
     GROUP BY d.assessor_id`,
    moderatedSql(f, ids, true),
  );
}

/** Moderated decisions in all. */
export function readModerated(ctx: AppContext, f: FilterSql, ids: number[]): number {
  const [row] = readCounts<[number]>(
    ctx,
    f,
    `SELECT coalesce(sum(d.n), 0) FROM analytics_pair_months d
     WHERE d.assessor_id IN (${inList(ids)}) AND d.month BETWEEN ? AND ? AND ${f.sqlNoPeriod}`,
    moderatedSql(f, ids, false),
  );
  return row?.[0] ?? 0;
}

/**
 * Criterion code, judgement, count: agreements and disagreements recorded in moderation. The
 * whole cohort (every assessor, as every judgement's assessor is one) reads the roll-up kept
 * without the assessor; the days at the ends of the period, the index that starts with the day
 * (the scan index would take a range per assessor, criterion and judgement).
 */
export function readCriteria(
  ctx: AppContext,
  f: FilterSql,
  ids: number[],
  codes: string[],
): [string, string, number][] {
  const rollup =
    f.assessorId === null
      ? `SELECT d.criterion_code, d.judgement, sum(d.n) FROM analytics_criteria_cohort_months d
         WHERE d.month BETWEEN ? AND ? AND d.criterion_code IN (${inList(codes)})
           AND d.judgement IN ('agree', 'disagree') AND ${f.sqlNoPeriod}
         GROUP BY d.criterion_code, d.judgement`
      : `SELECT d.criterion_code, d.judgement, sum(d.n) FROM analytics_criteria_months d
         WHERE d.assessor_id IN (${inList(ids)}) AND d.criterion_code IN (${inList(codes)})
           AND d.judgement IN ('agree', 'disagree') AND d.month BETWEEN ? AND ? AND ${f.sqlNoPeriod}
         GROUP BY d.criterion_code, d.judgement`;
  const days =
    f.people === 'none'
      ? `SELECT d.criterion_code, d.judgement, count(*) FROM analytics_criteria d
         INDEXED BY analytics_criteria_date
         WHERE d.assessment_date BETWEEN ? AND ? AND d.assessor_id IN (${inList(ids)})
           AND d.criterion_code IN (${inList(codes)}) AND d.judgement IN ('agree', 'disagree')
           AND ${f.sqlNoPeriod}
         GROUP BY d.criterion_code, d.judgement`
      : criteriaSql(f, ids, codes);
  return readCounts(ctx, f, rollup, days);
}

/** Period parameters first, then the other filters', as every query above expects. */
export function scanParams(f: FilterSql): (string | number)[] {
  return [f.params[0] as string, f.params[1] as string, ...f.paramsNoPeriod];
}
