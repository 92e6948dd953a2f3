/**
 * The binomial distribution function, exactly enough for control limits at any volume: through
 * the regularised incomplete beta function, P(R <= r) = I_{1-p}(n - r, r + 1), evaluated by its
 * continued fraction (Abramowitz & Stegun 26.5.8; the modified Lentz method). Summing the mass
 * function term by term would cost O(n) per call and lose precision in the tails.
 */
import { gammaln } from 'simple-statistics';

const EPS = 1e-15;
const TINY = 1e-300;

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1. */
export function regularisedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  // The continued fraction converges fast only on one side of the mean; use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(R <= r) for R ~ Binomial(n, p). */
export function binomialCdf(r: number, n: number, p: number): number {
  if (r < 0) return 0;
  if (r >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const k = Math.floor(r);
  return regularisedBeta(1 - p, n - k, k + 1);
}

/**
 * The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
 * Used only as a starting guess for the exact binomial quantile below.
 */
export function normalQuantile(q: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number): number => k.reduce((acc, v) => acc * x + v, 0);
  if (q <= 0) return -Infinity;
  if (q >= 1) return Infinity;
  if (q < 0.02425) {
    const t = Math.sqrt(-2 * Math.log(q));
    return poly(c, t) / (poly(d, t) * t + 1);
  }
  if (q > 1 - 0.02425) {
    const t = Math.sqrt(-2 * Math.log(1 - q));
    return -poly(c, t) / (poly(d, t) * t + 1);
  }
  const t = q - 0.5;
  const r = t * t;
  return (poly(a, r) * t) / (poly(b, r) * r + 1);
}

/**
 * The smallest r with P(R <= r) >= q: the q-quantile of Binomial(n, p). Starts from the normal
 * approximation and walks to the exact answer, usually in two or three evaluations of the
 * distribution function rather than the log2(n) of a bisection.
 */
export function binomialQuantile(q: number, n: number, p: number): number {
  const sd = Math.sqrt(n * p * (1 - p));
  let r = Math.min(n, Math.max(0, Math.round(n * p + normalQuantile(q) * sd)));
  if (binomialCdf(r, n, p) >= q) {
    while (r > 0 && binomialCdf(r - 1, n, p) >= q) r--;
  } else {
    while (r < n && binomialCdf(r, n, p) < q) r++;
  }
  return r;
}
