/**
 * Agreement between two raters on an ordinal scale (for us: an assessor and a moderator, or an
 * assessor and the agreed grade of a standardisation exercise), computed from a contingency table
 * whose rows are rater 1's categories and columns rater 2's, in scale order (Fail < Pass <
 * Distinction).
 *
 * Formulas follow Gwet, K.L. (2014) Handbook of Inter-Rater Reliability, 4th ed., chapter 3 and
 * 4: Cohen's weighted kappa with the Fleiss-Cohen-Everitt (1969) large-sample variance (written
 * in Gwet's equivalent form), and Gwet's AC1 (identity weights) / AC2 (other weights). Confidence
 * intervals use Student's t with n - 1 degrees of freedom, as the Handbook and its reference
 * implementation (irrCAC) do: moderated samples are often small, where z would be too narrow.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export type AgreementWeights = 'quadratic' | 'linear' | 'identity';

/** Counts: table[i][j] = subjects put in category i by rater 1 and j by rater 2. */
export type ContingencyTable = number[][];

export interface CoefficientEstimate {
  /** Null where the coefficient is undefined (no pairs, or chance agreement is 1). */
  value: number | null;
  se: number | null;
  ci95: [number, number] | null;
}

/** Builds a k x k table from (rater 1, rater 2) category indices; out-of-range pairs are refused. */
export function contingencyTable(
  pairs: ReadonlyArray<readonly [number, number]>,
  k: number,
): ContingencyTable {
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b] of pairs) {
    const row = table[a];
    if (row === undefined || b < 0 || b >= k || !Number.isInteger(a) || !Number.isInteger(b)) {
      throw new RangeError(`Category pair (${a}, ${b}) is outside 0..${k - 1}.`);
    }
    row[b] = (row[b] ?? 0) + 1;
  }
  return table;
}

/** Agreement weights: 1 on the diagonal, falling with the distance between categories. */
export function weightMatrix(k: number, weights: AgreementWeights): number[][] {
  const span = Math.max(1, k - 1);
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (weights === 'identity' || k === 1) return i === j ? 1 : 0;
      const d = Math.abs(i - j) / span;
      return weights === 'linear' ? 1 - d : 1 - d * d;
    }),
  );
}

interface Proportions {
  n: number;
  k: number;
  p: number[][];
  rows: number[];
  cols: number[];
}

function proportions(table: ContingencyTable): Proportions | null {
  const k = table.length;
  if (k === 0 || table.some((row) => row.length !== k)) {
    throw new RangeError('A contingency table must be square.');
  }
  const n = table.reduce((sum, row) => sum + row.reduce((s, c) => s + c, 0), 0);
  if (n === 0) return null;
  const p = table.map((row) => row.map((c) => c / n));
  const rows = p.map((row) => row.reduce((s, c) => s + c, 0));
  const cols = Array.from({ length: k }, (_, j) => p.reduce((s, row) => s + (row[j] ?? 0), 0));
  return { n, k, p, rows, cols };
}

function at(m: number[][], i: number, j: number): number {
  return m[i]?.[j] ?? 0;
}

function weightedObserved(pr: Proportions, w: number[][]): number {
  let pa = 0;
  for (let i = 0; i < pr.k; i++) for (let j = 0; j < pr.k; j++) pa += at(w, i, j) * at(pr.p, i, j);
  return pa;
}

function interval(value: number, se: number, n: number): [number, number] | null {
  if (n < 2 || !Number.isFinite(se)) return null;
  const half = tQuantile(0.975, n - 1) * se;
  return [Math.max(-1, value - half), Math.min(1, value + half)];
}

const UNDEFINED: CoefficientEstimate = { value: null, se: null, ci95: null };

/** Share of pairs on the diagonal (the same grade from both raters). */
export function exactAgreement(table: ContingencyTable): number | null {
  const pr = proportions(table);
  if (!pr) return null;
  let agree = 0;
  for (let i = 0; i < pr.k; i++) agree += at(pr.p, i, i);
  return agree;
}

/** Cohen's kappa with agreement weights (quadratic by default, as the ordinal grades call for). */
export function weightedKappa(
  table: ContingencyTable,
  weights: AgreementWeights = 'quadratic',
): CoefficientEstimate {
  const pr = proportions(table);
  if (!pr) return UNDEFINED;
  const { n, k, p, rows, cols } = pr;
  const w = weightMatrix(k, weights);
  const pa = weightedObserved(pr, w);
  let pe = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) pe += at(w, i, j) * (rows[i] ?? 0) * (cols[j] ?? 0);
  // Both raters used one category only: chance explains everything and kappa is undefined.
  if (1 - pe < 1e-12) return UNDEFINED;
  const kappa = (pa - pe) / (1 - pe);
  // Mean weights of each row against rater 2's margins, and each column against rater 1's.
  const rowBar = Array.from({ length: k }, (_, i) =>
    cols.reduce((s, c, j) => s + at(w, i, j) * c, 0),
  );
  const colBar = Array.from({ length: k }, (_, j) =>
    rows.reduce((s, r, i) => s + at(w, i, j) * r, 0),
  );
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const term = at(w, i, j) - (1 - kappa) * ((rowBar[i] ?? 0) + (colBar[j] ?? 0));
      sum += at(p, i, j) * term * term;
    }
  }
  const variance = (sum - (pa - 2 * (1 - kappa) * pe) ** 2) / (n * (1 - pe) ** 2);
  const se = Math.sqrt(Math.max(0, variance));
  return { value: kappa, se, ci95: interval(kappa, se, n) };
}

/**
 * Gwet's AC1 (identity weights) or AC2 (quadratic or linear): chance agreement is estimated from
 * how evenly the raters spread over the categories, so the coefficient stays meaningful when
 * nearly every grade is a Pass, where kappa collapses (the "kappa paradox").
 */
export function gwetAc(
  table: ContingencyTable,
  weights: AgreementWeights = 'quadratic',
): CoefficientEstimate {
  const pr = proportions(table);
  if (!pr) return UNDEFINED;
  const { n, k, p, rows, cols } = pr;
  if (k < 2) return UNDEFINED;
  const w = weightMatrix(k, weights);
  const pa = weightedObserved(pr, w);
  const pi = rows.map((r, i) => (r + (cols[i] ?? 0)) / 2);
  const tw = w.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const scale = tw / (k * (k - 1));
  const pe = scale * pi.reduce((s, x) => s + x * (1 - x), 0);
  const ac = (pa - pe) / (1 - pe);
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const term = at(w, i, j) - 2 * (1 - ac) * scale * (1 - ((pi[i] ?? 0) + (pi[j] ?? 0)) / 2);
      sum += at(p, i, j) * term * term;
    }
  }
  const variance = (sum - (pa - 2 * (1 - ac) * pe) ** 2) / (n * (1 - pe) ** 2);
  const se = Math.sqrt(Math.max(0, variance));
  return { value: ac, se, ci95: interval(ac, se, n) };
}

/**
 * Mean of (rater 1's category - rater 2's category), in grade steps: positive when rater 1 (the
 * assessor) grades above rater 2 (the moderator), i.e. leniency; negative for severity.
 */
export function meanSignedDifference(table: ContingencyTable): number | null {
  const pr = proportions(table);
  if (!pr) return null;
  let sum = 0;
  for (let i = 0; i < pr.k; i++) for (let j = 0; j < pr.k; j++) sum += (i - j) * at(pr.p, i, j);
  return sum;
}
