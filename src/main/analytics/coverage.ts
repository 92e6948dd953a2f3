/**
 * Sample coverage per assessor in the period. A decision in the period that is no longer held
 * has been through a published sampling plan: either sampled (still to moderate, or moderated)
 * or released unsampled. So, with every filter the dashboards offer and from covering indexes:
 *   in scope  = sampled + released decisions        (decisions_analytics)
 *   sampled   = still sampled + moderated           (decisions_analytics, analytics_moderated)
 *   moderated = moderated (latest record not a referral)
 * The target is each plan's risk-adjusted rate (floor plus the uplift for each risk, the rule
 * the plan used), weighted by the assessor's decisions in each plan's scope in the period. Only
 * the days published plans cover count: a period no plan touches has no coverage to show.
 */
import { englandAndWales } from '@shared/calendar';
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
import { filterSql, type FilterSql } from './filter';
import type { DateRange } from './rollups';
import { assessorIds, countDecisions, readModeratedByAssessor, type Count } from './scan';

interface PlanRow {
  id: number;
  params: string;
  assessors: string;
  periodFrom: string;
  periodTo: string;
}

const nextDay = (iso: string): string => englandAndWales.addCalendarDays(iso, 1);

/** The parts of the period published plans cover, merged where they touch or overlap. */
function coveredRanges(period: DateRange, plans: { from: string; to: string }[]): DateRange[] {
  const clipped = plans
    .map((p) => ({
      from: p.from > period.from ? p.from : period.from,
      to: p.to < period.to ? p.to : period.to,
    }))
    .filter((r) => r.from <= r.to)
    .sort((a, b) => a.from.localeCompare(b.from));
  const merged: DateRange[] = [];
  for (const r of clipped) {
    const last = merged.at(-1);
    if (last && r.from <= nextDay(last.to)) {
      if (r.to > last.to) last.to = r.to;
    } else merged.push({ ...r });
  }
  return merged;
}

/** The days of the period the covered ranges (sorted, merged) leave out. */
function uncoveredRanges(period: DateRange, covered: DateRange[]): DateRange[] {
  const gaps: DateRange[] = [];
  let from = period.from;
  for (const r of covered) {
    if (r.from > from) gaps.push({ from, to: englandAndWales.addCalendarDays(r.from, -1) });
    from = nextDay(r.to);
  }
  if (from <= period.to) gaps.push({ from, to: period.to });
  return gaps;
}

/** Whether any decision of these months was moderated (the month roll-up: a few rows a month). */
function moderatedIn(ctx: AppContext, r: DateRange): boolean {
  return (
    ctx.sqlite
      .prepare('SELECT 1 FROM analytics_pair_months WHERE month BETWEEN ? AND ? LIMIT 1')
      .get(r.from.slice(0, 7), r.to.slice(0, 7)) !== undefined
  );
}

/** Decisions in published plans' scope per plan and assessor in the period, by day. */
export function readPlanScope(
  ctx: AppContext,
  planIds: number[],
  period: DateRange,
): [number, number, number][] {
  return ctx.sqlite
    .prepare(
      `SELECT s.plan_id, s.assessor_id, sum(s.n) FROM analytics_scope_days s
       WHERE s.plan_id IN (${planIds.join(',') || 'NULL'}) AND s.day BETWEEN ? AND ?
       GROUP BY s.plan_id, s.assessor_id`,
    )
    .raw(true)
    .all(period.from, period.to) as [number, number, number][];
}

/** Each assessor's risk-adjusted target rate over the published plans the period touches. */
function targetRates(
  ctx: AppContext,
  filter: AnalyticsFilter,
): { floorRate: number; rates: Map<number, number>; ranges: DateRange[] } {
  const plans = ctx.sqlite
    .prepare(
      `SELECT id, params_json AS params, assessors_json AS assessors, period_from AS periodFrom,
         period_to AS periodTo FROM sampling_plans
       WHERE status = 'published' AND period_from <= ? AND period_to >= ? ORDER BY id`,
    )
    .all(filter.to, filter.from) as PlanRow[];
  let floorRate = DEFAULT_SAMPLING_PARAMS.floorRate;
  if (plans.length === 0) return { floorRate, rates: new Map(), ranges: [] };
  const info = new Map(
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
  const scope = readPlanScope(
    ctx,
    plans.map((p) => p.id),
    filter,
  );
  const acc = new Map<number, { n: number; target: number }>();
  for (const [planId, assessorId, n] of scope) {
    const i = info.get(planId);
    if (!i) continue;
    floorRate = i.params.floorRate;
    const uplift = (i.risks.get(assessorId) ?? []).reduce(
      (s, c) => s + (i.params.uplift[c] ?? 0),
      0,
    );
    const rate = Math.min(1, i.params.floorRate + uplift);
    const a = acc.get(assessorId) ?? { n: 0, target: 0 };
    a.n += n;
    a.target += Math.min(n, Math.max(floorFor(n, i.params.floorRate), ceilShare(rate, n)));
    acc.set(assessorId, a);
  }
  return {
    floorRate,
    rates: new Map([...acc].map(([id, a]) => [id, a.target / a.n])),
    ranges: coveredRanges(
      filter,
      plans.map((p) => ({ from: p.periodFrom, to: p.periodTo })),
    ),
  };
}

/** `counts`: the period's countDecisions, when the caller has them already. */
export function getCoverage(
  ctx: AppContext,
  filter: AnalyticsFilter,
  f: FilterSql,
  counts?: Count[],
): { floorRate: number; rows: CoverageRowDto[]; gaps: boolean } {
  const { floorRate, rates, ranges } = targetRates(ctx, filter);
  // Coverage is of published plans' samples, so only of the days plans cover. Elsewhere the
  // released decisions are those moderation imported from elsewhere released: counted as "in
  // scope" they would show each assessor fully covered, however few of their decisions it saw.
  if (ranges.length === 0) return { floorRate, rows: [], gaps: true };
  const uncovered = uncoveredRanges(filter, ranges);
  // Reading the covered days alone costs a count per range (30 ms at 1M rows with a provider
  // filter), so only when the days between hold moderation: nothing else releases a decision
  // outside a plan's period.
  const whole = !uncovered.some((r) => moderatedIn(ctx, r));
  const parts = whole
    ? [{ counts: counts ?? countDecisions(ctx, f, filter.from, filter.to), f }]
    : ranges.map((r) => {
        const part = filterSql(ctx, { ...filter, from: r.from, to: r.to });
        return { counts: countDecisions(ctx, part, r.from, r.to), f: part };
      });
  const byAssessor = new Map<number, { sampled: number; released: number; moderated: number }>();
  const get = (id: number) => {
    let a = byAssessor.get(id);
    if (!a) byAssessor.set(id, (a = { sampled: 0, released: 0, moderated: 0 }));
    return a;
  };
  for (const part of parts) {
    for (const c of part.counts) {
      if (c.status === 'sampled') get(c.assessorId).sampled += c.count;
      if (c.status === 'released') get(c.assessorId).released += c.count;
    }
    const moderated = readModeratedByAssessor(ctx, part.f, assessorIds(ctx, part.f));
    for (const [id, n] of moderated) get(id).moderated += n;
  }
  const names = assessorNames(ctx);
  const rows = [...byAssessor.entries()]
    .map(([id, a]) => {
      const inScope = a.sampled + a.released;
      const sampled = a.sampled + a.moderated;
      return {
        assessorRef: names.get(id)?.ref ?? String(id),
        assessorName: names.get(id)?.name ?? '',
        inScope,
        sampled,
        moderated: a.moderated,
        sampledShare: inScope ? Math.min(1, sampled / inScope) : null,
        moderatedShare: inScope ? Math.min(1, a.moderated / inScope) : null,
        targetShare: rates.get(id) ?? null,
      };
    })
    .filter((r) => r.inScope > 0)
    .sort((x, y) => x.assessorRef.localeCompare(y.assessorRef));
  return { floorRate, rows, gaps: uncovered.length > 0 };
}
