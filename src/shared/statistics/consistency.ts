/**
 * Agreement with moderation as the dashboards, the command line and the evidence pack report it:
 * one summary per contingency table, with no figures at all below the minimum number of pairs
 * (a kappa from five pairs looks precise and means nothing).
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import {
  exactAgreement,
  gwetAc,
  meanSignedDifference,
  weightedKappa,
  type ContingencyTable,
} from './agreement';

export interface AgreementSummary {
  moderated: number;
  enough: boolean;
  exactAgreement: number | null;
  kappaQuadratic: number | null;
  kappaSe: number | null;
  kappaCi95: [number, number] | null;
  gwetAc1: number | null;
  gwetAc2: number | null;
  gwetAc2Ci95: [number, number] | null;
  meanDifference: number | null;
  meanDifferenceCi95: [number, number] | null;
  leaning: 'lenient' | 'severe' | 'in_line' | null;
  table: number[][];
}

export function tableTotal(table: ContingencyTable): number {
  return table.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
}

export function emptyTable(k: number): number[][] {
  return Array.from({ length: k }, () => new Array<number>(k).fill(0));
}

export function addTables(a: ContingencyTable, b: ContingencyTable): number[][] {
  return a.map((row, i) => row.map((c, j) => c + (b[i]?.[j] ?? 0)));
}

/**
 * The mean signed difference (assessor minus moderator, in grade steps) with a 95% interval from
 * Student's t on the paired differences: the leniency index and whether chance explains it.
 */
export function meanDifferenceInterval(table: ContingencyTable): {
  mean: number | null;
  ci95: [number, number] | null;
} {
  const n = tableTotal(table);
  const mean = meanSignedDifference(table);
  if (mean === null || n < 2) return { mean, ci95: null };
  let ss = 0;
  table.forEach((row, i) =>
    row.forEach((c, j) => {
      ss += c * (i - j - mean) ** 2;
    }),
  );
  const se = Math.sqrt(ss / (n - 1) / n);
  const half = tQuantile(0.975, n - 1) * se;
  return { mean, ci95: [mean - half, mean + half] };
}

export function summariseAgreement(table: ContingencyTable, minPairs: number): AgreementSummary {
  const moderated = tableTotal(table);
  const enough = moderated >= minPairs;
  const blank: AgreementSummary = {
    moderated,
    enough,
    exactAgreement: null,
    kappaQuadratic: null,
    kappaSe: null,
    kappaCi95: null,
    gwetAc1: null,
    gwetAc2: null,
    gwetAc2Ci95: null,
    meanDifference: null,
    meanDifferenceCi95: null,
    leaning: null,
    table: table.map((r) => [...r]),
  };
  if (!enough || moderated === 0) return blank;
  const kappa = weightedKappa(table, 'quadratic');
  const ac1 = gwetAc(table, 'identity');
  const ac2 = gwetAc(table, 'quadratic');
  const diff = meanDifferenceInterval(table);
  const leaning =
    diff.ci95 === null
      ? null
      : diff.ci95[0] > 0
        ? 'lenient'
        : diff.ci95[1] < 0
          ? 'severe'
          : 'in_line';
  return {
    ...blank,
    exactAgreement: exactAgreement(table),
    kappaQuadratic: kappa.value,
    kappaSe: kappa.se,
    kappaCi95: kappa.ci95,
    gwetAc1: ac1.value,
    gwetAc2: ac2.value,
    gwetAc2Ci95: ac2.ci95,
    meanDifference: diff.mean,
    meanDifferenceCi95: diff.ci95,
    leaning,
  };
}
