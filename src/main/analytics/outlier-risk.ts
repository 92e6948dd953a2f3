/**
 * Sampling risk from the funnel plot: an assessor whose Distinction or Fail rate over the 12 months
 * before the plan's period sat outside the 99.8% limits gets the outlier uplift. A year, not the
 * last month: a month holds too few of one assessor's decisions for the limits to find anyone.
 */
import { isOutlier } from '@shared/statistics';
import { addCalendarMonths } from '@shared/standards';
import { addDays } from '@shared/standardisation';
import type { RiskProvider } from '../sampling/scope';
import { getConsistency } from './consistency';

function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 1000) / 10}%`;
}

export const outlierRisk: RiskProvider = (ctx, period, assessorIds) => {
  const wanted = new Set(assessorIds);
  const c = getConsistency(ctx, {
    from: addCalendarMonths(period.from, -12),
    to: addDays(period.from, -1),
  });
  const out = new Map<number, { code: 'outlier'; detail: string }[]>();
  for (const a of c.assessors) {
    if (!wanted.has(a.assessorId) || !a.outlier) continue;
    const parts: string[] = [];
    if (isOutlier(a.distinction.position))
      parts.push(
        `Distinction rate ${percent(a.distinction.rate)} against the cohort's ${percent(c.cohort.distinctionRate)}`,
      );
    if (isOutlier(a.fail.position))
      parts.push(
        `Fail rate ${percent(a.fail.rate)} against the cohort's ${percent(c.cohort.failRate)}`,
      );
    out.set(a.assessorId, [
      {
        code: 'outlier',
        detail: `outside the 99.8% funnel limits over the 12 months before the period (${a.decisions} decisions): ${parts.join('; ')}`,
      },
    ]);
  }
  return out;
};
