/**
 * Funnel limits against published figures:
 * - Binomial distribution functions from the standard cumulative binomial table (e.g. Lindley &
 *   Scott, New Cambridge Statistical Tables, 2nd ed., Table 1: n = 10, p = 0.5 and n = 20,
 *   p = 0.3, four decimals).
 * - The interpolation of Spiegelhalter (2005), Statistics in Medicine 24:1185-1202, Appendix
 *   A.1.1, worked by hand from those table values below.
 * - Spiegelhalter (2005) section 3.1: for large n the limits approach the normal approximation
 *   theta +/- z_p * sqrt(theta (1 - theta) / n), z = 1.960 (95%) and 3.090 (99.8%).
 */
import { gammaln } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  binomialLimit,
  binomialQuantile,
  funnelCurve,
  funnelLimits,
  funnelPosition,
  normalQuantile,
} from '@shared/statistics';

/** A direct sum of the mass function, each term in logs so large n does not underflow. */
function bruteCdf(r: number, n: number, p: number): number {
  let sum = 0;
  for (let k = 0; k <= r; k++) {
    sum += Math.exp(
      gammaln(n + 1) -
        gammaln(k + 1) -
        gammaln(n - k + 1) +
        k * Math.log(p) +
        (n - k) * Math.log(1 - p),
    );
  }
  return sum;
}

describe('binomial distribution function', () => {
  it('matches the published cumulative binomial table (n = 10, p = 0.5)', () => {
    const table: [number, number][] = [
      [0, 0.001],
      [1, 0.0107],
      [2, 0.0547],
      [3, 0.1719],
      [4, 0.377],
      [5, 0.623],
      [7, 0.9453],
      [8, 0.9893],
    ];
    for (const [r, p] of table) expect(binomialCdf(r, 10, 0.5)).toBeCloseTo(p, 4);
  });

  it('matches the published cumulative binomial table (n = 20, p = 0.3)', () => {
    const table: [number, number][] = [
      [2, 0.0355],
      [3, 0.1071],
      [6, 0.608],
      [9, 0.952],
      [10, 0.9829],
    ];
    for (const [r, p] of table) expect(binomialCdf(r, 20, 0.3)).toBeCloseTo(p, 4);
  });

  it('agrees with a direct sum of the mass function to 1e-9, large n included', () => {
    for (const [n, p] of [
      [37, 0.08],
      [250, 0.3],
      [1000, 0.62],
    ] as const) {
      for (let r = 0; r <= n; r += Math.max(1, Math.floor(n / 17))) {
        expect(Math.abs(binomialCdf(r, n, p) - bruteCdf(r, n, p))).toBeLessThan(1e-9);
      }
    }
  });

  it('walks from the normal guess to the exact quantile, for any n, p and q', () => {
    for (const n of [1, 2, 7, 40, 333, 5000]) {
      for (const p of [0.01, 0.12, 0.3, 0.5, 0.93]) {
        for (const q of [0.001, 0.025, 0.5, 0.975, 0.999]) {
          const r = binomialQuantile(q, n, p);
          expect(binomialCdf(r, n, p)).toBeGreaterThanOrEqual(q);
          if (r > 0) expect(binomialCdf(r - 1, n, p)).toBeLessThan(q);
        }
      }
    }
  });

  it('uses normal quantiles that match the published table (z 0.975 = 1.959964, z 0.999 = 3.090232)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
  });

  it('finds the smallest r whose distribution function reaches q', () => {
    expect(binomialQuantile(0.025, 10, 0.5)).toBe(2);
    expect(binomialQuantile(0.975, 10, 0.5)).toBe(8);
    expect(binomialQuantile(0.001, 20, 0.3)).toBe(1);
  });
});

describe('funnel limits (Spiegelhalter 2005, Appendix A.1.1)', () => {
  it('interpolates as in the worked example: n = 10, theta = 0.5, p = 0.025', () => {
    // Table: P(R<=1) = 0.0107422, P(R<=2) = 0.0546875, so r_p = 2 and
    // alpha = (0.0546875 - 0.025) / (0.0546875 - 0.0107422) = 0.675556; limit = (2 - alpha) / 10.
    expect(binomialLimit(0.025, 10, 0.5)).toBeCloseTo(0.132444, 5);
    // Upper: P(R<=7) = 0.9453125, P(R<=8) = 0.9892578, so r_p = 8 and alpha = 0.324444. The
    // interpolation spreads the mass at r over (r - 1, r], so the limits sit 1/(2n) below
    // symmetry about theta: 0.132444 and 0.767556 rather than 0.867556.
    expect(binomialLimit(0.975, 10, 0.5)).toBeCloseTo(0.767556, 5);
  });

  it('interpolates the 99.8% limits: n = 20, theta = 0.3', () => {
    // P(R<=0) = 0.000798, P(R<=1) = 0.007637: r_p = 1 for p = 0.001;
    // alpha = (0.007637 - 0.001) / (0.007637 - 0.000798) = 0.970464; limit = (1 - alpha) / 20.
    const lo = binomialLimit(0.001, 20, 0.3);
    const expected =
      (1 - (bruteCdf(1, 20, 0.3) - 0.001) / (bruteCdf(1, 20, 0.3) - bruteCdf(0, 20, 0.3))) / 20;
    expect(lo).toBeCloseTo(expected, 10);
    expect(lo).toBeCloseTo(0.001477, 5);
  });

  it('approaches the normal approximation for large n (section 3.1)', () => {
    const theta = 0.3;
    const n = 20_000;
    const sd = Math.sqrt((theta * (1 - theta)) / n);
    const l = funnelLimits(n, theta);
    expect(l.lower95).toBeCloseTo(theta - 1.96 * sd, 4);
    expect(l.upper95).toBeCloseTo(theta + 1.96 * sd, 4);
    expect(l.lower998).toBeCloseTo(theta - 3.09 * sd, 4);
    expect(l.upper998).toBeCloseTo(theta + 3.09 * sd, 4);
  });

  it('narrows as volume grows and nests the 95% funnel inside the 99.8% funnel', () => {
    const curve = funnelCurve(0.3, 2000, 60);
    expect(curve.length).toBeLessThanOrEqual(60);
    for (const l of curve) {
      expect(l.lower998).toBeLessThanOrEqual(l.lower95);
      expect(l.upper95).toBeLessThanOrEqual(l.upper998);
    }
    const width = (l: { upper998: number; lower998: number }): number => l.upper998 - l.lower998;
    expect(width(curve.at(-1)!)).toBeLessThan(width(curve[5]!));
  });

  it('does not flag a small-volume assessor that chance explains, but flags a large one', () => {
    // 3 Distinctions in 5 (60%) against a cohort rate of 30%: wide limits, not an outlier.
    expect(funnelPosition(3, 5, 0.3)).toBe('within');
    // 60% over 300 decisions is far outside the 99.8% limit.
    expect(funnelPosition(180, 300, 0.3)).toBe('high_outlier');
    expect(funnelPosition(45, 300, 0.3)).toBe('low_outlier');
    // Between the funnels: 37% of 300 is above the 95% but inside the 99.8% limit.
    expect(funnelPosition(111, 300, 0.3)).toBe('high_warning');
  });
});
