import { describe, expect, it } from 'vitest';

import { loadBuiltInStandards, overallGrade, type StandardVersion } from '@shared/standards';

const [st0071] = loadBuiltInStandards();
if (!st0071) throw new Error('ST0071 is not built in');

type G = 'Fail' | 'Pass' | 'Distinction';
type Cell = G | 'Any';

// Seed 004, "Overall Grading": the table exactly as printed, columns O, WBP, PD, overall.
const SEED_004_TABLE: [Cell, Cell, Cell, G][] = [
  ['Fail', 'Any', 'Any', 'Fail'],
  ['Any', 'Fail', 'Any', 'Fail'],
  ['Any', 'Any', 'Fail', 'Fail'],
  ['Distinction', 'Pass', 'Pass', 'Pass'],
  ['Pass', 'Distinction', 'Pass', 'Pass'],
  ['Pass', 'Pass', 'Distinction', 'Pass'],
  ['Distinction', 'Distinction', 'Pass', 'Pass'],
  ['Pass', 'Distinction', 'Distinction', 'Pass'],
  ['Distinction', 'Pass', 'Distinction', 'Pass'],
  ['Distinction', 'Distinction', 'Distinction', 'Distinction'],
];

// The printed table leaves out Pass/Pass/Pass; 004's text above it covers that case ("at least
// a Pass in all three assessment methods" gives an overall Pass).
const SEED_004_TEXT: [G, G, G, G][] = [['Pass', 'Pass', 'Pass', 'Pass']];

// All 27 combinations written out by hand, so the test does not share the rule it checks.
const ALL_27: [G, G, G, G][] = [
  ['Fail', 'Fail', 'Fail', 'Fail'],
  ['Fail', 'Fail', 'Pass', 'Fail'],
  ['Fail', 'Fail', 'Distinction', 'Fail'],
  ['Fail', 'Pass', 'Fail', 'Fail'],
  ['Fail', 'Pass', 'Pass', 'Fail'],
  ['Fail', 'Pass', 'Distinction', 'Fail'],
  ['Fail', 'Distinction', 'Fail', 'Fail'],
  ['Fail', 'Distinction', 'Pass', 'Fail'],
  ['Fail', 'Distinction', 'Distinction', 'Fail'],
  ['Pass', 'Fail', 'Fail', 'Fail'],
  ['Pass', 'Fail', 'Pass', 'Fail'],
  ['Pass', 'Fail', 'Distinction', 'Fail'],
  ['Pass', 'Pass', 'Fail', 'Fail'],
  ['Pass', 'Pass', 'Pass', 'Pass'],
  ['Pass', 'Pass', 'Distinction', 'Pass'],
  ['Pass', 'Distinction', 'Fail', 'Fail'],
  ['Pass', 'Distinction', 'Pass', 'Pass'],
  ['Pass', 'Distinction', 'Distinction', 'Pass'],
  ['Distinction', 'Fail', 'Fail', 'Fail'],
  ['Distinction', 'Fail', 'Pass', 'Fail'],
  ['Distinction', 'Fail', 'Distinction', 'Fail'],
  ['Distinction', 'Pass', 'Fail', 'Fail'],
  ['Distinction', 'Pass', 'Pass', 'Pass'],
  ['Distinction', 'Pass', 'Distinction', 'Pass'],
  ['Distinction', 'Distinction', 'Fail', 'Fail'],
  ['Distinction', 'Distinction', 'Pass', 'Pass'],
  ['Distinction', 'Distinction', 'Distinction', 'Distinction'],
];

function matchesRow(row: readonly Cell[], combo: readonly G[]): boolean {
  return combo.every((grade, i) => row[i] === 'Any' || row[i] === grade);
}

function grade(version: StandardVersion, o: G, wbp: G, pd: G): unknown {
  return overallGrade(version, { O: o, WBP: wbp, PD: pd });
}

describe('the hand-written 27 rows agree with seed 004', () => {
  it('lists each combination once', () => {
    expect(new Set(ALL_27.map((r) => r.slice(0, 3).join('/'))).size).toBe(27);
  });

  it.each(ALL_27)('%s / %s / %s is %s in the seed table or text', (o, wbp, pd, expected) => {
    const rows = [...SEED_004_TABLE, ...SEED_004_TEXT].filter((r) =>
      matchesRow(r.slice(0, 3) as Cell[], [o, wbp, pd]),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row[3]).toBe(expected);
  });
});

describe.each(st0071.versions.map((v) => [v.version, v] as const))(
  'overall grade, version %s',
  (_label, version) => {
    it.each(ALL_27)('O %s, WBP %s, PD %s gives %s', (o, wbp, pd, expected) => {
      expect(grade(version, o, wbp, pd)).toEqual({ grade: expected });
    });

    it.each(SEED_004_TABLE.filter((r) => !r.includes('Any')))(
      'printed row O %s, WBP %s, PD %s gives %s',
      (o, wbp, pd, expected) => {
        expect(grade(version, o as G, wbp as G, pd as G)).toEqual({ grade: expected });
      },
    );

    it('gives no grade, with a reason, while a method is ungraded', () => {
      const result = overallGrade(version, { O: 'Pass', PD: 'Distinction' });
      expect(result.grade).toBeNull();
      expect(result).toMatchObject({ reason: expect.stringContaining('(WBP)') });
    });

    it('gives no grade for a grade the version does not have', () => {
      const result = overallGrade(version, { O: 'Pass', WBP: 'Merit', PD: 'Pass' });
      expect(result).toMatchObject({ grade: null, reason: expect.stringContaining("'Merit'") });
    });

    it('gives no grade for a method the version does not have', () => {
      const result = overallGrade(version, { O: 'Pass', WBP: 'Pass', PD: 'Pass', MCQ: 'Pass' });
      expect(result).toMatchObject({ grade: null, reason: expect.stringContaining("'MCQ'") });
    });

    it('treats an empty grade as missing', () => {
      const result = overallGrade(version, { O: 'Pass', WBP: '', PD: 'Pass' });
      expect(result.grade).toBeNull();
    });
  },
);
