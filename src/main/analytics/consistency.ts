/**
 * Assessor consistency: grade profiles against the cohort, funnel positions for the Distinction
 * and Fail rates, and agreement with moderation. The cohort is always every assessor the other
 * filters allow: choosing one assessor narrows what is listed, never what they are compared with.
 */
import type {
  AnalyticsFilter,
  AssessorConsistencyDto,
  ConsistencyDto,
  FunnelDto,
  FunnelMeasure,
  TrendsDto,
} from '@shared/contract';
import {
  addTables,
  emptyTable,
  funnelCurve,
  funnelPosition,
  isOutlier,
  summariseAgreement,
  type FunnelPosition,
} from '@shared/statistics';
import type { AppContext } from '../core/context';
import { assessorNames, gradeCells, pairCells, type GradeCell, type PairCell } from './aggregates';
import { describeFilter, filterSql } from './filter';
import { analyticsSettings } from './settings';

/** The ordinal scale the agreement statistics use, lowest first. */
export const GRADE_SCALE = ['Fail', 'Pass', 'Distinction'] as const;
const FAIL = 'Fail';
const DISTINCTION = 'Distinction';

interface Cells {
  grades: GradeCell[];
  pairs: PairCell[];
}

function cohortCells(ctx: AppContext, filter: AnalyticsFilter): Cells {
  const { assessor: _ignored, ...cohort } = filter;
  const f = filterSql(ctx, cohort);
  return { grades: gradeCells(ctx, f), pairs: pairCells(ctx, f) };
}

function orderedGrades(cells: GradeCell[]): string[] {
  const seen = new Set(cells.map((c) => c.grade));
  const rest = [...seen].filter((g) => !(GRADE_SCALE as readonly string[]).includes(g)).sort();
  return [...GRADE_SCALE, ...rest];
}

function tableOf(pairs: PairCell[]): number[][] {
  const index = new Map<string, number>(GRADE_SCALE.map((g, i) => [g, i]));
  const table = emptyTable(GRADE_SCALE.length);
  for (const p of pairs) {
    const i = index.get(p.assessorGrade);
    const j = index.get(p.moderatedGrade);
    // Grades off the Fail/Pass/Distinction scale cannot be placed on it; they are left out.
    if (i === undefined || j === undefined) continue;
    (table[i] as number[])[j] = ((table[i] as number[])[j] ?? 0) + p.count;
  }
  return table;
}

function countGrades(cells: GradeCell[], grades: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(grades.map((g) => [g, 0]));
  for (const c of cells) out[c.grade] = (out[c.grade] ?? 0) + c.count;
  return out;
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function rate(events: number, n: number): number | null {
  return n > 0 ? events / n : null;
}

export function getConsistency(ctx: AppContext, filter: AnalyticsFilter): ConsistencyDto {
  const settings = analyticsSettings(ctx);
  const cells = cohortCells(ctx, filter);
  const grades = orderedGrades(cells.grades);
  const names = assessorNames(ctx);
  const cohortGrades = countGrades(cells.grades, grades);
  const cohortN = Object.values(cohortGrades).reduce((a, b) => a + b, 0);
  const theta = {
    distinction: rate(cohortGrades[DISTINCTION] ?? 0, cohortN),
    fail: rate(cohortGrades[FAIL] ?? 0, cohortN),
  };
  const position = (events: number, n: number, t: number | null): FunnelPosition =>
    t === null || n < settings.minDecisionsForFunnel ? 'within' : funnelPosition(events, n, t);

  const gradesBy = groupBy(cells.grades, (c) => c.assessorId);
  const pairsBy = groupBy(cells.pairs, (c) => c.assessorId);
  const only = filter.assessor;
  const assessors: AssessorConsistencyDto[] = [];
  for (const [id, list] of gradesBy) {
    const who = names.get(id);
    if (only && who?.ref !== only) continue;
    const counts = countGrades(list, grades);
    const n = Object.values(counts).reduce((a, b) => a + b, 0);
    const d = counts[DISTINCTION] ?? 0;
    const fl = counts[FAIL] ?? 0;
    const distinction = {
      events: d,
      rate: rate(d, n),
      position: position(d, n, theta.distinction),
    };
    const fail = { events: fl, rate: rate(fl, n), position: position(fl, n, theta.fail) };
    assessors.push({
      assessorId: id,
      assessorRef: who?.ref ?? String(id),
      assessorName: who?.name ?? '',
      decisions: n,
      grades: counts,
      distinction,
      fail,
      outlier: isOutlier(distinction.position) || isOutlier(fail.position),
      agreement: summariseAgreement(tableOf(pairsBy.get(id) ?? []), settings.minModeratedPairs),
    });
  }
  assessors.sort((a, b) => a.assessorRef.localeCompare(b.assessorRef));
  return {
    filter: describeFilter(filter),
    grades,
    cohort: {
      decisions: cohortN,
      grades: cohortGrades,
      distinctionRate: theta.distinction,
      failRate: theta.fail,
      agreement: summariseAgreement(tableOf(cells.pairs), settings.minModeratedPairs),
    },
    assessors,
    thresholds: settings,
  };
}

export function getFunnel(
  ctx: AppContext,
  input: { filter: AnalyticsFilter; measure: FunnelMeasure },
): FunnelDto {
  const c = getConsistency(ctx, input.filter);
  const theta = input.measure === 'distinction' ? c.cohort.distinctionRate : c.cohort.failRate;
  const points = c.assessors
    .filter((a) => a.decisions > 0)
    .map((a) => {
      const r = input.measure === 'distinction' ? a.distinction : a.fail;
      return {
        assessorRef: a.assessorRef,
        assessorName: a.assessorName,
        n: a.decisions,
        events: r.events,
        rate: r.rate ?? 0,
        position: r.position,
      };
    });
  const nMax = Math.max(10, ...points.map((p) => p.n)) * 1.05;
  return {
    measure: input.measure,
    theta,
    points,
    curve: theta === null ? [] : funnelCurve(theta, nMax, 80),
    minDecisions: c.thresholds.minDecisionsForFunnel,
  };
}

export function getTrends(ctx: AppContext, filter: AnalyticsFilter): TrendsDto {
  const settings = analyticsSettings(ctx);
  const f = filterSql(ctx, filter);
  const grades = gradeCells(ctx, f, true);
  const pairs = pairCells(ctx, f);
  const scale = orderedGrades(grades);
  const gradesByMonth = groupBy(grades, (c) => c.month);
  const pairsByMonth = groupBy(pairs, (c) => c.month);
  const months = [...new Set([...gradesByMonth.keys(), ...pairsByMonth.keys()])].sort();
  return {
    grades: scale,
    months: months.map((month) => {
      const counts = countGrades(gradesByMonth.get(month) ?? [], scale);
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      return {
        month,
        decisions: n,
        grades: counts,
        distinctionRate: rate(counts[DISTINCTION] ?? 0, n),
        failRate: rate(counts[FAIL] ?? 0, n),
        agreement: summariseAgreement(
          tableOf(pairsByMonth.get(month) ?? []),
          settings.minModeratedPairs,
        ),
      };
    }),
  };
}

/** For callers that already hold a table per group (the evidence pack's per-method figures). */
export function sumTables(tables: number[][][]): number[][] {
  return tables.reduce((acc, t) => addTables(acc, t), emptyTable(GRADE_SCALE.length));
}
