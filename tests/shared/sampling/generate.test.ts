import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLING_PARAMS,
  SAMPLING_PARAM_HELP,
  ceilShare,
  floorFor,
  floorShortfalls,
  generatePlan,
  type PlanInput,
  type ScopeDecision,
} from '@shared/sampling';
import { generatePlan as generateV1 } from './reference-v1';

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

  it('selects exactly what sampling-rules/1 selected, so rules/1 plans still verify (property)', () => {
    const v2Extras = fc.record({
      retakeEvery: fc.integer({ min: 0, max: 7 }),
      standardStart: fc.option(fc.constantFrom('2026-01-15', '2026-03-05'), { nil: null }),
    });
    fc.assert(
      fc.property(inputArb, v2Extras, (input, extra) => {
        // rules/2's extra facts are present but must be ignored under rules/1.
        const decisions = input.decisions.map((d, i) => ({
          ...d,
          retake: extra.retakeEvery > 0 && i % extra.retakeEvery === 0,
          assessorStandardStart: extra.standardStart,
        }));
        const now = generatePlan({ ...input, decisions, rulesVersion: 'sampling-rules/1' });
        const then = generateV1(input);
        expect(now.items).toEqual(then.items);
        expect(now.assessors).toEqual(then.assessors);
        expect(now.rulesVersion).toBe('sampling-rules/1');
      }),
      { numRuns: 300 },
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

  it('samples everything in an assessor’s first three months on a standard new to them (rules/2)', () => {
    const decisions = Array.from({ length: 60 }, (_, i) =>
      base({
        id: i + 1,
        assessmentDate: i < 20 ? '2026-03-10' : '2026-07-10',
        assessorStandardStart: '2026-03-01',
      }),
    );
    const plan = generatePlan({ seed: 3, decisions, assessors: [veteran] });
    const picked = new Set(plan.items.map((i) => i.decisionId));
    for (let id = 1; id <= 20; id++) expect(picked.has(id)).toBe(true);
    expect(plan.items.find((i) => i.decisionId === 1)?.reasons).toContain('new assessor');
    // Under rules/1 the standard's start was not looked at: only the 5% floor (3 of 60).
    const v1 = generatePlan({
      seed: 3,
      decisions,
      assessors: [veteran],
      rulesVersion: 'sampling-rules/1',
    });
    expect(v1.items).toHaveLength(3);
  });

  it('weights re-takes like re-sits and says so (rules/2)', () => {
    const decisions = Array.from({ length: 400 }, (_, i) =>
      base({ id: i + 1, retake: i % 10 === 0, employer: 'E1' }),
    );
    const counts = { retakes: 0, total: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const plan = generatePlan({ seed, decisions, assessors: [veteran] });
      for (const item of plan.items) {
        counts.total++;
        if (decisions[item.decisionId - 1]?.retake) {
          counts.retakes++;
          expect(item.reasons).toContain('re-take weighting');
        }
      }
    }
    // 10% of the scope; weighted 1.5x they make up about 14% of what is drawn.
    expect(counts.retakes / counts.total).toBeGreaterThan(0.12);
  });

  it('raises the rate by 10 points for a recently new assessor after their first months', () => {
    const decisions = Array.from({ length: 100 }, (_, i) => base({ id: i + 1, employer: `E${i}` }));
    const recent = {
      ...veteran,
      risks: [{ code: 'new_assessor' as const, detail: 'started 2025-12-01' }],
    };
    const plan = generatePlan({ seed: 4, decisions, assessors: [recent] });
    expect(plan.assessors[0]).toMatchObject({ floor: 5, target: 15, sampled: 15 });
    expect(
      plan.items.filter((i) => i.reasons.includes('risk uplift: recently new assessor')),
    ).toHaveLength(10);
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
      newAssessorFollowOnMonths: 6,
      uplift: {
        disagreement: 0.1,
        upheld_appeal: 0.1,
        standardisation_overdue: 0.1,
        outlier: 0.1,
        new_assessor: 0.1,
      },
      weights: { Fail: 2, Pass: 1, Distinction: 2, resit: 1.5 },
    });
    // Every setting has words for the Sampling page.
    for (const key of Object.keys(DEFAULT_SAMPLING_PARAMS)) {
      const nested = (DEFAULT_SAMPLING_PARAMS as Record<string, unknown>)[key];
      const keys =
        typeof nested === 'object' && nested !== null
          ? Object.keys(nested).map((k) => `${key}.${k}`)
          : [key];
      for (const k of keys) expect(SAMPLING_PARAM_HELP[k], k).toBeTruthy();
    }
    expect(GRADES).toHaveLength(3);
  });
});
