/**
 * Sample coverage per assessor: of their decisions in the scope of published sampling plans in
 * the period, how many were sampled and how many moderated, against the 5% floor and each plan's
 * risk-adjusted target (the same rule the plan used: floor plus the uplift for each risk).
 */
import type { AnalyticsFilter, CoverageRowDto } from '@shared/contract';
import {
  DEFAULT_SAMPLING_PARAMS,
  ceilShare,
  floorFor,
  type RiskCode,
  type SamplingParams,
} from '@shared/sampling';
import type { AppContext } from '../core/context';
import { assessorNames } from './aggregates';
import type { FilterSql } from './filter';
import { assessorIds, scanParams } from './scan';

interface PlanRow {
  id: number;
  params: string;
  assessors: string;
  from: string;
  to: string;
}

export function coverageScopeSql(planIds: number[], f: FilterSql, withDecisions: boolean): string {
  // Scope rows carry method code, employer and provider, so most filters need no join; only a
  // standard or version (which method ids encode) needs the decision.
  return `SELECT s.plan_id, s.assessor_id, count(*) FROM sampling_plan_scope s
    ${withDecisions ? 'CROSS JOIN decisions d ON d.id = s.decision_id' : ''}
    WHERE s.plan_id IN (${planIds.join(',')}) AND s.assessment_date BETWEEN ? AND ?
    ${withDecisions ? `AND ${f.sqlNoPeriod}` : ''}
    GROUP BY s.plan_id, s.assessor_id`;
}

/**
 * Items sampled per plan and assessor. A plan wholly inside the period, with no other filter,
 * is counted from the covering index sampling_plan_items_coverage alone; a plan the period cuts
 * through, or any other filter, needs each item's decision.
 */
export function coverageItemsSql(planIds: number[], f: FilterSql | null): string {
  if (planIds.length === 0) return 'SELECT 0, 0, 0 WHERE 0';
  if (!f) {
    return `SELECT i.plan_id, i.assessor_id, count(*) FROM sampling_plan_items i
      WHERE i.plan_id IN (${planIds.join(',')}) AND i.removed_at IS NULL
      GROUP BY i.plan_id, i.assessor_id`;
  }
  return `SELECT i.plan_id, i.assessor_id, count(*)
    FROM sampling_plan_items i CROSS JOIN decisions d ON d.id = i.decision_id
    WHERE i.plan_id IN (${planIds.join(',')}) AND i.removed_at IS NULL AND ${f.sql}
    GROUP BY i.plan_id, i.assessor_id`;
}

/** Moderated decisions per assessor in the period, from the derived table's covering index. */
export function coverageModeratedSql(f: FilterSql, ids: number[]): string {
  return `SELECT d.assessor_id, count(*) FROM analytics_moderated d
    WHERE d.assessor_id IN (${ids.join(',') || 'NULL'}) AND d.assessment_date BETWEEN ? AND ?
      AND d.moderated_grade IS NOT NULL AND ${f.sqlNoPeriod}
    GROUP BY d.assessor_id`;
}

export function getCoverage(
  ctx: AppContext,
  filter: AnalyticsFilter,
  f: FilterSql,
): { floorRate: number; rows: CoverageRowDto[] } {
  const plans = ctx.sqlite
    .prepare(
      `SELECT id, params_json AS params, assessors_json AS assessors, period_from AS "from",
         period_to AS "to" FROM sampling_plans
       WHERE status = 'published' AND period_from <= ? AND period_to >= ? ORDER BY id`,
    )
    .all(filter.to, filter.from) as PlanRow[];
  if (plans.length === 0) return { floorRate: DEFAULT_SAMPLING_PARAMS.floorRate, rows: [] };
  const ids = plans.map((p) => p.id);
  const usesDecision = Boolean(filter.standard || filter.version || f.methodIds);
  const scopeWhere: (string | number)[] = [filter.from, filter.to];
  const extra: string[] = [];
  if (!usesDecision && filter.method) {
    extra.push('s.method = ?');
    scopeWhere.push(filter.method);
  }
  if (filter.provider) {
    extra.push('s.provider = ?');
    scopeWhere.push(filter.provider);
  }
  if (filter.employer) {
    extra.push('s.employer = ?');
    scopeWhere.push(filter.employer);
  }
  if (f.assessorId !== null) {
    extra.push('s.assessor_id = ?');
    scopeWhere.push(f.assessorId);
  }
  let scopeSql = coverageScopeSql(ids, f, usesDecision);
  if (extra.length) scopeSql = scopeSql.replace('GROUP BY', `AND ${extra.join(' AND ')} GROUP BY`);
  const scopeParams = usesDecision
    ? [...scopeWhere.slice(0, 2), ...f.paramsNoPeriod, ...scopeWhere.slice(2)]
    : scopeWhere;
  const scope = ctx.sqlite
    .prepare(scopeSql)
    .raw(true)
    .all(...scopeParams) as [number, number, number][];
  const otherFilters = f.sqlNoPeriod !== '1';
  const inside = otherFilters
    ? []
    : plans.filter((p) => p.from >= filter.from && p.to <= filter.to).map((p) => p.id);
  const cut = ids.filter((id) => !inside.includes(id));
  const items = [
    ...(ctx.sqlite.prepare(coverageItemsSql(inside, null)).raw(true).all() as number[][]),
    ...(ctx.sqlite
      .prepare(coverageItemsSql(cut, f))
      .raw(true)
      .all(...(cut.length ? f.params : [])) as number[][]),
  ] as [number, number, number][];
  const moderatedBy = new Map(
    ctx.sqlite
      .prepare(coverageModeratedSql(f, assessorIds(ctx, f)))
      .raw(true)
      .all(...scanParams(f)) as [number, number][],
  );

  const planInfo = new Map(
    plans.map((p) => {
      const params = { ...DEFAULT_SAMPLING_PARAMS, ...(JSON.parse(p.params) as SamplingParams) };
      const risks = new Map(
        (JSON.parse(p.assessors) as { id: number; risks: { code: RiskCode }[] }[]).map((a) => [
          a.id,
          [...new Set(a.risks.map((r) => r.code))],
        ]),
      );
      return [p.id, { params, risks }];
    }),
  );
  const acc = new Map<number, { n: number; target: number; sampled: number; moderated: number }>();
  const get = (id: number) => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { n: 0, target: 0, sampled: 0, moderated: 0 }));
    return a;
  };
  let floorRate = DEFAULT_SAMPLING_PARAMS.floorRate;
  for (const [planId, assessorId, n] of scope) {
    const info = planInfo.get(planId);
    if (!info) continue;
    floorRate = info.params.floorRate;
    const uplift = (info.risks.get(assessorId) ?? []).reduce(
      (s, c) => s + (info.params.uplift[c] ?? 0),
      0,
    );
    const rate = Math.min(1, info.params.floorRate + uplift);
    const a = get(assessorId);
    a.n += n;
    a.target += Math.min(n, Math.max(floorFor(n, info.params.floorRate), ceilShare(rate, n)));
  }
  for (const [, assessorId, sampled] of items) get(assessorId).sampled += sampled;
  for (const [assessorId, moderated] of moderatedBy) get(assessorId).moderated += moderated;
  const names = assessorNames(ctx);
  const rows = [...acc.entries()]
    .map(([id, a]) => ({
      assessorRef: names.get(id)?.ref ?? String(id),
      assessorName: names.get(id)?.name ?? '',
      inScope: a.n,
      sampled: a.sampled,
      moderated: a.moderated,
      sampledShare: a.n ? Math.min(1, a.sampled / a.n) : null,
      moderatedShare: a.n ? Math.min(1, a.moderated / a.n) : null,
      targetShare: a.n ? a.target / a.n : null,
    }))
    .sort((x, y) => x.assessorRef.localeCompare(y.assessorRef));
  return { floorRate, rows };
}
