import { describe, expect, it } from 'vitest';
import {
  contingencyTable,
  exactAgreement,
  gwetAc,
  meanSignedDifference,
  weightedKappa,
  weightMatrix,
} from '@shared/statistics';

/*
 * Published worked examples: Gwet, K.L. (2014) Handbook of Inter-Rater Reliability, 4th ed.
 * (Advanced Analytics), with the figures its reference implementation publishes in its test suite
 * and documentation (irrCAC for Python, afergadis/irrCAC, test/unit/irrCAC/table/test_cohen.py,
 * test_gwet.py and the irrCAC.table module docstring), to three decimals unless stated.
 */

// Handbook: 100 pregnant women classified by two abstractors (Ectopic, AIU, NIU).
const ABSTRACTORS = [
  [13, 0, 0],
  [0, 20, 7],
  [0, 4, 56],
];

// 223 psychiatric patients, clinical vs research diagnosis (4 categories).
const DIAGNOSIS = [
  [40, 4, 4, 17],
  [6, 25, 2, 13],
  [4, 1, 21, 12],
  [15, 5, 9, 45],
];

const r3 = (x: number | null | undefined): number | null =>
  x === null || x === undefined ? null : Math.round(x * 1000) / 1000;
const ci3 = (ci: [number, number] | null): [number, number] | null =>
  ci ? [r3(ci[0]) as number, r3(ci[1]) as number] : null;

describe("Cohen's kappa against the Handbook's examples", () => {
  it.each([
    ['identity', 0.796, [0.68, 0.913]],
    ['linear', 0.843, [0.748, 0.938]],
    ['quadratic', 0.892, [0.822, 0.962]],
  ] as const)('abstractors, %s weights', (weights, value, ci) => {
    const k = weightedKappa(ABSTRACTORS, weights);
    expect(r3(k.value)).toBe(value);
    expect(ci3(k.ci95)).toEqual(ci);
  });

  it.each([
    ['identity', 0.432, 0.046, [0.341, 0.522]],
    ['linear', 0.407, 0.053, [0.302, 0.512]],
    ['quadratic', 0.383, 0.066, [0.254, 0.513]],
  ] as const)('diagnosis, %s weights, with its standard error', (weights, value, se, ci) => {
    const k = weightedKappa(DIAGNOSIS, weights);
    expect(r3(k.value)).toBe(value);
    expect(r3(k.se)).toBe(se);
    expect(ci3(k.ci95)).toEqual(ci);
  });
});

describe("Gwet's AC1 and AC2 against the Handbook's examples", () => {
  it('abstractors, AC1 to five decimals (irrCAC docstring)', () => {
    const ac = gwetAc(ABSTRACTORS, 'identity');
    expect(ac.value).toBeCloseTo(0.84933, 5);
    expect(ac.se).toBeCloseTo(0.04322, 5);
    expect(ac.ci95?.[0]).toBeCloseTo(0.76358, 5);
    expect(ac.ci95?.[1]).toBeCloseTo(0.93508, 5);
  });

  it('abstractors, AC2 with quadratic weights to five decimals (irrCAC docstring)', () => {
    const ac = gwetAc(ABSTRACTORS, 'quadratic');
    expect(ac.value).toBeCloseTo(0.94024, 5);
    expect(ac.se).toBeCloseTo(0.01792, 5);
    expect(ac.ci95?.[0]).toBeCloseTo(0.90468, 5);
    expect(ac.ci95?.[1]).toBeCloseTo(0.97579, 5);
  });

  it('abstractors, AC2 with linear weights', () => {
    const ac = gwetAc(ABSTRACTORS, 'linear');
    expect(r3(ac.value)).toBe(0.9);
    expect(ci3(ac.ci95)).toEqual([0.842, 0.958]);
  });

  it.each([
    ['identity', 0.456, 0.043, [0.371, 0.542]],
    ['linear', 0.377, 0.056, [0.267, 0.488]],
    ['quadratic', 0.299, 0.075, [0.15, 0.447]],
  ] as const)('diagnosis, %s weights', (weights, value, se, ci) => {
    const ac = gwetAc(DIAGNOSIS, weights);
    expect(r3(ac.value)).toBe(value);
    expect(r3(ac.se)).toBe(se);
    expect(ci3(ac.ci95)).toEqual(ci);
  });
});

describe('the kappa paradox: nearly every grade a Pass', () => {
  // Assessor (rows) vs moderator (columns), Fail/Pass/Distinction: 48 of 50 agree, both on Pass,
  // and the two disagreements are one step. Kappa is punished by the skewed margins; AC is not.
  const table = [
    [0, 1, 0],
    [0, 48, 1],
    [0, 0, 0],
  ];

  it('keeps AC2 high where kappa collapses', () => {
    expect(exactAgreement(table)).toBeCloseTo(0.96, 10);
    const kappa = weightedKappa(table).value as number;
    const ac2 = gwetAc(table).value as number;
    expect(kappa).toBeLessThan(0.05);
    expect(ac2).toBeGreaterThan(0.95);
  });

  it('says kappa is undefined when both raters used one grade only, while AC2 is 1', () => {
    const allPass = [
      [0, 0, 0],
      [0, 12, 0],
      [0, 0, 0],
    ];
    expect(weightedKappa(allPass)).toEqual({ value: null, se: null, ci95: null });
    expect(gwetAc(allPass).value).toBe(1);
  });
});

describe('building blocks', () => {
  it('counts pairs into a table and refuses categories outside the scale', () => {
    const t = contingencyTable(
      [
        [0, 0],
        [1, 2],
        [1, 2],
        [2, 1],
      ],
      3,
    );
    expect(t).toEqual([
      [1, 0, 0],
      [0, 0, 2],
      [0, 1, 0],
    ]);
    expect(() => contingencyTable([[3, 0]], 3)).toThrow(RangeError);
  });

  it('uses the quadratic weights 1, 0.75, 0 on three grades', () => {
    expect(weightMatrix(3, 'quadratic')).toEqual([
      [1, 0.75, 0],
      [0.75, 1, 0.75],
      [0, 0.75, 1],
    ]);
  });

  it('measures leniency as the mean assessor-minus-moderator grade step', () => {
    // By hand: 2 pairs one step above the moderator, 1 pair one step below, 7 agreeing:
    // (2 x 1 + 1 x -1) / 10 = 0.1.
    const t = [
      [2, 1, 0],
      [1, 3, 0],
      [0, 1, 2],
    ];
    expect(meanSignedDifference(t)).toBeCloseTo(0.1, 10);
  });

  it('gives no figures at all for an empty table rather than a misleading zero', () => {
    const empty = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    expect(exactAgreement(empty)).toBeNull();
    expect(meanSignedDifference(empty)).toBeNull();
    expect(weightedKappa(empty).value).toBeNull();
    expect(gwetAc(empty).value).toBeNull();
  });
});
