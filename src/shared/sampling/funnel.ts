/**
 * Is an assessor's rate of some grade out of line with everyone else's? A funnel plot's test
 * (docs/rules.md "Statistics"): binomial control limits around the cohort rate, wider for small
 * volumes. The normal approximation is used; below `minDecisions` no verdict is given, since a
 * handful of decisions says little.
 */
export const FUNNEL_Z = { p95: 1.96, p998: 3.09 } as const;

export interface FunnelVerdict {
  rate: number;
  lower: number;
  upper: number;
  outside: 'above' | 'below' | null;
}

export function funnelVerdict(
  count: number,
  n: number,
  cohortRate: number,
  z: number = FUNNEL_Z.p998,
  minDecisions = 20,
): FunnelVerdict | null {
  if (n < minDecisions || n <= 0) return null;
  const p = Math.min(1, Math.max(0, cohortRate));
  const half = z * Math.sqrt((p * (1 - p)) / n);
  const lower = Math.max(0, p - half);
  const upper = Math.min(1, p + half);
  const rate = count / n;
  return { rate, lower, upper, outside: rate > upper ? 'above' : rate < lower ? 'below' : null };
}
