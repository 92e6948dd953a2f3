/**
 * Funnel plots for comparing assessors' Distinction or Fail rates (Spiegelhalter, "Funnel plots
 * for comparing institutional performance", Statistics in Medicine 2005; 24:1185-1202). Control
 * limits come from the exact binomial distribution around the cohort rate, with the
 * interpolation of the paper's Appendix A.1.1 so the limits are smooth in the volume n:
 *
 *   r_p   = the smallest r with P(R <= r) >= p, R ~ Binomial(n, theta)
 *   alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1))
 *   limit = (r_p - alpha) / n
 *
 * An assessor outside the 99.8% limits (p = 0.001, 0.999) is an outlier; outside 95% (0.025,
 * 0.975) is a warning only. Small-volume assessors get wide limits, so they are not flagged for
 * what chance alone explains.
 */
import { binomialCdf, binomialQuantile } from './binomial';

/** The two funnels the rules ask for: 95% and 99.8%, two-sided. */
export const FUNNEL_LEVELS = { warning: 0.95, outlier: 0.998 } as const;

/** The interpolated p-quantile of the observed proportion r/n, for R ~ Binomial(n, theta). */
export function binomialLimit(p: number, n: number, theta: number): number {
  if (n <= 0) return Number.NaN;
  if (theta <= 0) return 0;
  if (theta >= 1) return 1;
  const rp = binomialQuantile(p, n, theta);
  const at = binomialCdf(rp, n, theta);
  const below = binomialCdf(rp - 1, n, theta);
  const alpha = at === below ? 0 : (at - p) / (at - below);
  return Math.min(1, Math.max(0, (rp - alpha) / n));
}

export interface FunnelLimits {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export function funnelLimits(n: number, theta: number): FunnelLimits {
  const tail = (level: number): number => (1 - level) / 2;
  const w = tail(FUNNEL_LEVELS.warning);
  const o = tail(FUNNEL_LEVELS.outlier);
  return {
    n,
    lower95: binomialLimit(w, n, theta),
    upper95: binomialLimit(1 - w, n, theta),
    lower998: binomialLimit(o, n, theta),
    upper998: binomialLimit(1 - o, n, theta),
  };
}

export type FunnelPosition =
  'within' | 'high_warning' | 'low_warning' | 'high_outlier' | 'low_outlier';

/** Where r events out of n sit against the funnel around theta. */
export function funnelPosition(r: number, n: number, theta: number): FunnelPosition {
  if (n <= 0) return 'within';
  const y = r / n;
  const l = funnelLimits(n, theta);
  if (y > l.upper998) return 'high_outlier';
  if (y < l.lower998) return 'low_outlier';
  if (y > l.upper95) return 'high_warning';
  if (y < l.lower95) return 'low_warning';
  return 'within';
}

export function isOutlier(position: FunnelPosition): boolean {
  return position === 'high_outlier' || position === 'low_outlier';
}

/**
 * Limits at volumes spread from 1 to nMax, for drawing the funnel: denser at small n, where the
 * limits bend most. At most `points` points keeps the chart light.
 */
export function funnelCurve(theta: number, nMax: number, points = 80): FunnelLimits[] {
  const top = Math.max(2, Math.ceil(nMax));
  const ns = new Set<number>();
  for (let i = 0; i < points; i++) {
    // Square-root spacing: more points where the funnel is steep.
    const t = i / (points - 1);
    ns.add(Math.max(1, Math.round(1 + (top - 1) * t * t)));
  }
  return [...ns].sort((a, b) => a - b).map((n) => funnelLimits(n, theta));
}
