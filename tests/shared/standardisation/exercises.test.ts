/**
 * Agreement figures for a small sample-marking exercise, checked against values worked by hand.
 * Grades are indices Fail 0 < Pass 1 < Distinction 2; pairs are (participant, agreed); quadratic
 * weights for k = 3 are 1 on the diagonal, 0.75 one grade apart and 0 two apart.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STANDARDISATION_POLICY,
  exerciseResults,
  type ExerciseItem,
  type ExerciseMark,
} from '@shared/standardisation';

const GRADES = ['Fail', 'Pass', 'Distinction'];
const items: ExerciseItem[] = [
  {
    id: 1,
    label: 'Project A',
    agreedGrade: 'Distinction',
    agreedCriteria: { 'WBP-P1': 'met', 'WBP-D1': 'met' },
  },
  { id: 2, label: 'Project B', agreedGrade: 'Pass', agreedCriteria: {} },
  { id: 3, label: 'Recording C', agreedGrade: 'Pass', agreedCriteria: {} },
  { id: 4, label: 'Recording D', agreedGrade: 'Fail', agreedCriteria: {} },
];
const people = [
  { assessorId: 10, ref: 'IA010', name: 'Ann' },
  { assessorId: 20, ref: 'IA020', name: 'Ben' },
  { assessorId: 30, ref: 'IA030', name: 'Cat' },
  { assessorId: 40, ref: 'IA040', name: 'Dev' },
];
function marks(
  assessorId: number,
  grades: string[],
  criteria: ExerciseMark['criteria'] = {},
): ExerciseMark[] {
  return grades.map((grade, i) => ({
    itemId: i + 1,
    assessorId,
    grade,
    criteria: i === 0 ? criteria : {},
  }));
}
const all = [
  ...marks(10, ['Distinction', 'Pass', 'Distinction', 'Fail'], {
    'WBP-P1': 'met',
    'WBP-D1': 'met',
    'WBP-P9': 'met',
  }),
  ...marks(20, ['Pass', 'Pass', 'Pass', 'Pass'], { 'WBP-P1': 'met', 'WBP-D1': 'not_met' }),
  ...marks(30, ['Fail', 'Pass', 'Pass', 'Fail']),
];
const result = exerciseResults(GRADES, items, all, people, DEFAULT_STANDARDISATION_POLICY);
const by = (id: number) => result.assessors.find((a) => a.assessorId === id)!;

describe('agreement with the agreed grades', () => {
  it('Ann: 3 of 4 exact, weighted kappa 0.8, one grade lenient on one item', () => {
    // Table (rows Ann, columns agreed): (F,F) (P,P) (D,P) (D,D), each 1/4.
    // p_a = 1/4 (1 + 1 + 0.75 + 1) = 0.9375. Margins: Ann F .25 P .25 D .5; agreed F .25 P .5 D .25.
    // p_e = .25(.25 + .375) + .25(.1875 + .5 + .1875) + .5(.375 + .25) = .15625 + .21875 + .3125 = .6875.
    // kappa = (.9375 - .6875) / (1 - .6875) = 0.8. Mean difference (+1 on one item) / 4 = 0.25.
    const a = by(10);
    expect(a).toMatchObject({ items: 4, matches: 3, adjacent: 1, distant: 0 });
    expect(a.exact).toBeCloseTo(0.75, 12);
    expect(a.kappa.value).toBeCloseTo(0.8, 12);
    expect(a.kappa.n).toBe(4);
    expect(a.kappa.enough).toBe(false);
    expect(a.meanDifference).toBeCloseTo(0.25, 12);
    // WBP-P9 has no agreed judgement, so it is not counted.
    expect(a).toMatchObject({ criteriaJudged: 2, criteriaAgreed: 2, criteriaShare: 1 });
    expect(a.followUp).toEqual(['matched the agreed grade on 3 of 4 items (75%; target 80%)']);
  });

  it('Ben: every item Pass, so kappa is 0 (agreement no better than chance)', () => {
    // p_a = .25(.75) + .5(1) + .25(.75) = .875; p_e = 1 x (.25(.75) + .5 + .25(.75)) = .875.
    const b = by(20);
    expect(b).toMatchObject({ items: 4, matches: 2, adjacent: 2, distant: 0 });
    expect(b.exact).toBeCloseTo(0.5, 12);
    expect(b.kappa.value).toBeCloseTo(0, 12);
    expect(b.meanDifference).toBeCloseTo(0, 12);
    expect(b.followUp).toEqual([
      'matched the agreed grade on 2 of 4 items (50%; target 80%)',
      'criterion judgements matched 1 of 2 (50%; target 80%)',
    ]);
  });

  it('Cat: a Fail where Distinction was agreed is two grades out', () => {
    const c = by(30);
    expect(c).toMatchObject({ matches: 3, adjacent: 0, distant: 1 });
    expect(c.kappa.value).toBeCloseTo(0, 12);
    expect(c.meanDifference).toBeCloseTo(-0.5, 12);
    expect(c.criteriaShare).toBeNull();
    expect(c.followUp).toEqual([
      'matched the agreed grade on 3 of 4 items (75%; target 80%)',
      '1 item graded two or more grades from the agreed grade',
    ]);
  });

  it('Dev attended but graded nothing', () => {
    expect(by(40)).toMatchObject({ items: 0, exact: null, meanDifference: null });
    expect(by(40).kappa.value).toBeNull();
    expect(by(40).followUp).toEqual(['no grades recorded yet']);
  });

  it('draws a kappa verdict only with enough items', () => {
    const strict = exerciseResults(GRADES, items, all, people, {
      ...DEFAULT_STANDARDISATION_POLICY,
      minItemsForKappa: 4,
    });
    const b = strict.assessors.find((a) => a.assessorId === 20)!;
    expect(b.kappa.enough).toBe(true);
    expect(b.followUp).toContain('weighted kappa 0.00 across 4 items (target 0.60)');
    // Ann's 0.8 is above the target, so no kappa reason for her.
    expect(strict.assessors.find((a) => a.assessorId === 10)!.followUp).toHaveLength(1);
  });
});

describe('the group', () => {
  it('pools the 12 pairs: 8 exact, kappa 4/11, Gwet AC2 73/115', () => {
    // Pooled counts (participant, agreed): (F,F) 2, (F,D) 1, (P,F) 1, (P,P) 5, (P,D) 1, (D,P) 1, (D,D) 1.
    // p_a = (2 + 0 + .75 + 5 + .75 + .75 + 1) / 12 = 41/48. Margins: rows 3/12, 7/12, 2/12;
    // columns 3/12, 6/12, 3/12. p_e = .25(.625) + 7/12(.875) + 2/12(.625) = 37/48.
    // kappa = (41 - 37) / (48 - 37) = 4/11. AC2: pi = (.25, 13/24, 5/24), weights sum 6, so
    // p_e = sum pi(1 - pi) = 173/288 and AC2 = (246 - 173) / (288 - 173) = 73/115.
    expect(result.group.pairs).toBe(12);
    expect(result.group.participants).toBe(3);
    expect(result.group.exact).toBeCloseTo(8 / 12, 12);
    expect(result.group.kappa.value).toBeCloseTo(4 / 11, 12);
    expect(result.group.ac.value).toBeCloseTo(73 / 115, 12);
    expect(result.group.kappa.enough).toBe(true);
    expect(result.group.kappa.ci95).not.toBeNull();
    // (+1 + 0 - 2) / 12 in grade steps.
    expect(result.group.meanDifference).toBeCloseTo(-1 / 12, 12);
    expect(result.group.followUp).toBe(4);
  });

  it('shows the spread of grades on each item', () => {
    const a = result.items[0]!;
    expect(a).toMatchObject({
      label: 'Project A',
      counts: { Fail: 1, Pass: 1, Distinction: 1 },
      marks: 3,
      lowest: 'Fail',
      highest: 'Distinction',
    });
    expect(a.exact).toBeCloseTo(1 / 3, 12);
    // Grades 2, 1, 0: mean 1, population variance 2/3.
    expect(a.sd).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(result.items[1]).toMatchObject({
      counts: { Fail: 0, Pass: 3, Distinction: 0 },
      exact: 1,
      sd: 0,
    });
  });

  it('ignores grades the scale does not have', () => {
    const r = exerciseResults(
      GRADES,
      items,
      [...all, { itemId: 2, assessorId: 40, grade: 'Merit', criteria: {} }],
      people,
      DEFAULT_STANDARDISATION_POLICY,
    );
    expect(r.group.pairs).toBe(12);
  });
});
