/**
 * The agreement summary the dashboards print, and an independent check on the lead's weighted
 * kappa: with quadratic weights, Cohen's weighted kappa equals
 *   2 cov(x, y) / (var x + var y + (mean x - mean y)^2)
 * over the paired grade scores with population moments (Fleiss & Cohen 1973, "The equivalence
 * of weighted kappa and the intraclass correlation coefficient as measures of reliability",
 * Educational and Psychological Measurement 33:613-619). The mean difference's interval uses
 * Student's t; t(0.975, 9) = 2.262157 from the published t table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanDifferenceInterval, summariseAgreement, weightedKappa } from '@shared/statistics';

function byMoments(table: number[][]): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  table.forEach((row, i) =>
    row.forEach((c, j) => {
      n += c;
      sx += c * i;
      sy += c * j;
    }),
  );
  const mx = sx / n;
  const my = sy / n;
  let vx = 0;
  let vy = 0;
  let cov = 0;
  table.forEach((row, i) =>
    row.forEach((c, j) => {
      vx += (c * (i - mx) ** 2) / n;
      vy += (c * (j - my) ** 2) / n;
      cov += (c * (i - mx) * (j - my)) / n;
    }),
  );
  const denominator = vx + vy + (mx - my) ** 2;
  return denominator < 1e-12 ? null : (2 * cov) / denominator;
}

describe('quadratic weighted kappa (independent check)', () => {
  it('equals the Fleiss-Cohen moment form on any 3 x 3 table', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 9, maxLength: 9 }), (cells) => {
        const table = [cells.slice(0, 3), cells.slice(3, 6), cells.slice(6, 9)];
        const n = cells.reduce((a, b) => a + b, 0);
        fc.pre(n >= 2);
        const expected = byMoments(table);
        const k = weightedKappa(table, 'quadratic').value;
        if (expected === null) expect(k).toBeNull();
        else expect(k).toBeCloseTo(expected, 10);
      }),
      { numRuns: 500 },
    );
  });
});

describe('agreement summary', () => {
  const table = [
    [2, 1, 0],
    [1, 3, 0],
    [0, 1, 2],
  ];

  it('gives the mean difference with a t interval, worked by hand', () => {
    // Differences: +1 twice, -1 once, 0 seven times; mean 0.1; sample variance 2.9 / 9;
    // se = sqrt(0.322222 / 10) = 0.179505; half-width 2.262157 x se = 0.406067.
    const { mean, ci95 } = meanDifferenceInterval(table);
    expect(mean).toBeCloseTo(0.1, 12);
    expect(ci95?.[0]).toBeCloseTo(-0.306067, 5);
    expect(ci95?.[1]).toBeCloseTo(0.506067, 5);
  });

  it('shows nothing but the count below the minimum number of pairs', () => {
    const s = summariseAgreement(table, 11);
    expect(s).toMatchObject({
      moderated: 10,
      enough: false,
      exactAgreement: null,
      kappaQuadratic: null,
      kappaCi95: null,
      gwetAc1: null,
      gwetAc2: null,
      meanDifference: null,
      leaning: null,
    });
    expect(s.table).toEqual(table);
  });

  it('calls an assessor lenient only when the interval excludes zero', () => {
    expect(summariseAgreement(table, 10).leaning).toBe('in_line');
    const lenient = [
      [10, 0, 0],
      [6, 30, 0],
      [0, 8, 20],
    ];
    const s = summariseAgreement(lenient, 20);
    expect(s.meanDifference).toBeCloseTo(14 / 74, 12);
    expect(s.leaning).toBe('lenient');
    const severe = lenient[0]!.map((_, i) => lenient.map((row) => row[i]!));
    expect(summariseAgreement(severe, 20).leaning).toBe('severe');
  });
});
