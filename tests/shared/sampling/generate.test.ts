import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLING_PARAMS,
  ceilShare,
  floorFor,
  floorShortfalls,
  generatePlan,
  type PlanInput,
  type ScopeDecision,
} from '@shared/sampling';

const METHODS = ['O', 'WBP', 'PD'];
const GRADES = ['Fail', 'Pass', 'Distinction'];

const decisionArb = fc.record({
  assessorId: fc.integer({ min: 1, max: 6 }),
  method: fc.constantFrom(...METHODS),
  grade: fc.constantFrom('Pass', 'Pass', 'Pass', 'Distinction', 'Fail'),
  attempt: fc.constantFrom(1, 1, 1, 2),
  employer: fc.option(fc.constantFrom('E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7'), { nil: null }),
  provider: fc.option(fc.constantFrom('P1', 'P2', 'P3'), { nil: null }),
  assessmentDate: fc.constantFrom('2026-03-02', '2026-03-10', '2026-03-25'),
});

/** Random scopes: up to 400 decisions over up to 6 assessors, some flagged, some risky. */
const inputArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    rows: fc.array(decisionArb, { minLength: 0, maxLength: 400 }),
    flagEvery: fc.integer({ min: 0, max: 40 }),
    risky: fc.subarray([1, 2, 3, 4, 5, 6]),
    veterans: fc.boolean(),
  })
  .map(({ seed, rows, flagEvery, risky, veterans }): PlanInput => {
    const seq = new Map<number, number>();
    const decisions: ScopeDecision[] = rows.map((r, i) => {
      const s = (seq.get(r.assessorId) ?? (veterans ? 50 : 0)) + 1;
      seq.set(r.assessorId, s);
      return {
        id: 1000 + i,
        assessorId: r.assessorId,
        method: r.method,
        grade: r.grade,
        attempt: r.attempt,
        employer: r.employer,
        provider: r.provider,
        assessmentDate: r.assessmentDate,
        flags: flagEvery > 0 && i % flagEvery === 0 ? ['duration 75 minutes (limit 54-66)'] : [],
        assessorSequence: s,
      };
    });
    return {
      seed,
      decisions,
      assessors: [1, 2, 3, 4, 5, 6].map((id) => ({
        id,
        ref: `IA00${id}`,
        startDate: '2019-01-01',
        risks: risky.includes(id)
          ? [{ code: 'disagreement' as const, detail: 'a disagreement' }]
          : [],
      })),
    };
  });

function countBy<T>(items: readonly T[], key: (t: T) => number): Map<number, number> {
  const m = new Map<number, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

describe('the 5% floor', () => {
  it('is ceil(5% x n), at least one, computed without floating-point error', () => {
    expect(floorFor(0)).toBe(0);
    expect(floorFor(1)).toBe(1);
    expect(floorFor(20)).toBe(1);
    expect(floorFor(21)).toBe(2);
    expect(floorFor(60)).toBe(3); // 0.05 * 60 is 3.0000000000000004 in floating point
    expect(floorFor(100)).toBe(5);
    expect(floorFor(101)).toBe(6);
    expect(ceilShare(0.15, 20)).toBe(3);
  });

  it('holds for every assessor on random data (property)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = generatePlan(input);
        const n = countBy(input.decisions, (d) => d.assessorId);
        const sampled = countBy(plan.items, (i) => i.assessorId);
        for (const [assessorId, count] of n) {
          const s = sampled.get(assessorId) ?? 0;
          expect(s).toBeGreaterThanOrEqual(floorFor(count));
          expect(s).toBeGreaterThanOrEqual(1);
          expect(s).toBeLessThanOrEqual(count);
        }
        expect(floorShortfalls(n, sampled)).toEqual([]);
        // No decision twice, and nothing outside the scope.
        const ids = plan.items.map((i) => i.decisionId);
        expect(new Set(ids).size).toBe(ids.length);
        const scope = new Set(input.decisions.map((d) => d.id));
        expect(ids.every((id) => scope.has(id))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reproducibility', () => {
  it('gives the same sample for the same inputs and seed, whatever the input order (property)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = generatePlan(input);
        const b = generatePlan({ ...input, decisions: [...input.decisions].reverse() });
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps one assessor's sample unchanged when another's decisions change (property)", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const without6 = { ...input, decisions: input.decisions.filter((d) => d.assessorId !== 6) };
        const full = generatePlan(input).items.filter((i) => i.assessorId !== 6);
        expect(generatePlan(without6).items).toEqual(full);
      }),
      { numRuns: 100 },
    );
  });

  it('changes with the seed', () => {
    const decisions: ScopeDecision[] = Array.from({ length: 400 }, (_, i) => ({
      id: i + 1,
      assessorId: 1,
      method: METHODS[i % 3] as string,
      grade: 'Pass',
      attempt: 1,
      employer: `E${i % 40}`,
      provider: 'P1',
      assessmentDate: '2026-03-01',
      flags: [],
      assessorSequence: 100 + i,
    }));
    const assessors = [{ id: 1, ref: 'IA001', startDate: '2015-01-01', risks: [] }];
    const a = generatePlan({ seed: 1, decisions, assessors }).items.map((i) => i.decisionId);
    const b = generatePlan({ seed: 2, decisions, assessors }).items.map((i) => i.decisionId);
    expect(a).toHaveLength(20);
    expect(b).not.toEqual(a);
  });
});

describe('risk and spread', () => {
  const base = (over: Partial<ScopeDecision> & { id: number }): ScopeDecision => ({
    assessorId: 1,
    method: 'O',
    grade: 'Pass',
    attempt: 1,
    employer: 'E1',
    provider: 'P1',
    assessmentDate: '2026-03-01',
    flags: [],
    assessorSequence: 100 + over.id,
    ...over,
  });
  const veteran = { id: 1, ref: 'IA001', startDate: '2015-01-01', risks: [] };

  it('always samples flagged decisions and says why', () => {
    const decisions = Array.from({ length: 100 }, (_, i) =>
      base({
        id: i + 1,
        flags: i === 57 || i === 73 ? ['questioning 22% of observation (limit 15%)'] : [],
      }),
    );
    const plan = generatePlan({ seed: 9, decisions, assessors: [veteran] });
    const flagged = plan.items.filter((i) =>
      i.reasons.includes('compliance flag: questioning 22% of observation (limit 15%)'),
    );
    expect(flagged.map((i) => i.decisionId).sort()).toEqual([58, 74]);
    expect(plan.items).toHaveLength(5); // the flags count toward the 5 the floor needs
  });

  it("samples all of a new assessor's first ten decisions, then their first three months", () => {
    const decisions = Array.from({ length: 40 }, (_, i) =>
      base({
        id: i + 1,
        assessorSequence: i + 1,
        assessmentDate: i < 30 ? '2026-03-01' : '2026-08-01',
      }),
    );
    const newcomer = { id: 1, ref: 'IA031', startDate: '2026-02-01', risks: [] };
    const plan = generatePlan({ seed: 3, decisions, assessors: [newcomer] });
    const reasonsOf = (id: number) => plan.items.find((i) => i.decisionId === id)?.reasons ?? [];
    for (let id = 1; id <= 30; id++) expect(reasonsOf(id)).toContain('new assessor');
    expect(plan.items.filter((i) => i.decisionId > 30)).toHaveLength(0);
  });

  it('raises the rate by 10 points for a disagreement last period', () => {
    const decisions = Array.from({ length: 200 }, (_, i) =>
      base({ id: i + 1, employer: `E${i % 50}` }),
    );
    const risky = { ...veteran, risks: [{ code: 'disagreement' as const, detail: 'x' }] };
    const plan = generatePlan({ seed: 4, decisions, assessors: [risky] });
    expect(plan.items).toHaveLength(30); // ceil(15% of 200)
    expect(plan.assessors[0]).toMatchObject({ floor: 10, target: 30, sampled: 30 });
    expect(plan.items.filter((i) => i.reasons.includes('5% floor'))).toHaveLength(10);
    expect(
      plan.items.filter((i) => i.reasons.some((r) => r.startsWith('risk uplift'))),
    ).toHaveLength(20);
  });

  it('covers every method and grade, then different employers, before repeating', () => {
    // 300 decisions: mostly observation Passes at one employer, a handful of the rest.
    const decisions = Array.from({ length: 300 }, (_, i) =>
      base({
        id: i + 1,
        method: i % 50 === 0 ? 'PD' : i % 61 === 0 ? 'WBP' : 'O',
        grade: i % 97 === 0 ? 'Fail' : i % 89 === 0 ? 'Distinction' : 'Pass',
        employer: i % 29 === 0 ? `Rare${i}` : 'Big Employer Ltd',
      }),
    );
    const plan = generatePlan({ seed: 5, decisions, assessors: [veteran] });
    const picked = plan.items.map((i) => decisions[i.decisionId - 1] as ScopeDecision);
    expect(picked).toHaveLength(15);
    expect(new Set(picked.map((d) => d.method))).toEqual(new Set(['O', 'PD', 'WBP']));
    expect(new Set(picked.map((d) => d.grade))).toEqual(new Set(['Fail', 'Pass', 'Distinction']));
    const employers = new Set(picked.map((d) => d.employer));
    const available = new Set(decisions.map((d) => d.employer)).size;
    expect(employers.size).toBe(Math.min(15, available));
  });

  it('uses the defaults documented in the rules', () => {
    expect(DEFAULT_SAMPLING_PARAMS).toMatchObject({
      floorRate: 0.05,
      newAssessorDecisions: 10,
      newAssessorMonths: 3,
      alwaysSampleFlagged: true,
      uplift: { disagreement: 0.1, upheld_appeal: 0.1, standardisation_overdue: 0.1, outlier: 0.1 },
    });
    expect(GRADES).toHaveLength(3);
  });
});
