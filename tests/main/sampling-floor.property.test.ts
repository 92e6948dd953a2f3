/**
 * The 5% floor as a property of the whole app, not only of the draw: on random data, whatever
 * sequence of removals, additions and publication a lead attempts, no assessor ever ends up
 * below ceil(5% x n) (and one where n >= 1). Each run builds its data inside a transaction on a
 * real database and rolls it back, so runs never see each other.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floorFor } from '@shared/sampling';
import { DomainError } from '../../src/main/core/errors';
import {
  addPlanItem,
  generateSamplingPlan,
  listPlanItems,
  publishPlan,
  removePlanItem,
  searchScope,
  verifyPlan,
} from '../../src/main/sampling/plans';
import { allVersions } from '../../src/main/standards/load';
import { openTestApp, signInLead, type TestApp } from '../support/context';

let app: TestApp;
beforeAll(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
});
afterAll(() => app.close());

const GRADES = ['Fail', 'Pass', 'Pass', 'Pass', 'Distinction'];

interface World {
  assessors: { decisions: number; flaggedEvery: number }[];
  seed: number;
}

const worldArb: fc.Arbitrary<World> = fc.record({
  assessors: fc.array(
    fc.record({
      decisions: fc.integer({ min: 0, max: 90 }),
      flaggedEvery: fc.integer({ min: 0, max: 30 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

type Step = { kind: 'remove'; pick: number } | { kind: 'add'; pick: number } | { kind: 'publish' };

const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('publish' as const) }) },
  ),
  { maxLength: 25 },
);

/** Random established assessors and their held decisions in March 2026. */
function build(world: World): void {
  const s = app.ctx.sqlite;
  const version = allVersions(app.ctx).at(-1)!;
  const methods = [...version.methodIds.entries()];
  let uln = 1_000_000_000 + Math.floor(Math.random() * 1e6) * 100;
  world.assessors.forEach((a, index) => {
    const assessorId = Number(
      s
        .prepare(
          "INSERT INTO assessors (ref, name, start_date) VALUES (?, 'Prop Assessor', '2015-01-01')",
        )
        .run(`PROP${index}-${Math.random().toString(36).slice(2, 8)}`).lastInsertRowid,
    );
    // An old decision, so nobody is new on the standard and every rule but the floor is quiet.
    const insertEpa = (gateway: string): number => {
      const apprentice = Number(
        s
          .prepare('INSERT INTO apprentices (uln, given_name, family_name) VALUES (?, ?, ?)')
          .run(String(uln++).slice(0, 10), 'Pat', 'Example').lastInsertRowid,
      );
      return Number(
        s
          .prepare(
            'INSERT INTO epas (apprentice_id, standard_version_id, gateway_date) VALUES (?, ?, ?)',
          )
          .run(apprentice, version.id, gateway).lastInsertRowid,
      );
    };
    const insertDecision = s.prepare(
      `INSERT INTO decisions (epa_id, decision_ref, method_id, attempt, assessor_id, assessment_date, grade, status)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
    );
    for (let k = 0; k < 12; k++)
      insertDecision.run(
        insertEpa('2018-01-01'),
        null,
        methods[k % methods.length]![1],
        assessorId,
        '2018-02-01',
        'Pass',
        'released',
      );
    for (let i = 0; i < a.decisions; i++) {
      const [, methodId] = methods[i % methods.length]!;
      const id = Number(
        insertDecision.run(
          insertEpa('2026-02-01'),
          null,
          methodId,
          assessorId,
          `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
          GRADES[i % GRADES.length],
          'held',
        ).lastInsertRowid,
      );
      if (a.flaggedEvery > 0 && i % a.flaggedEvery === 0)
        s.prepare(
          "INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, 'duration', 'duration_minutes', 'duration 75 minutes (limit 54-66)')",
        ).run(id);
    }
  });
}

function floorHolds(planId: number): void {
  const rows = app.ctx.sqlite
    .prepare(
      `SELECT s.assessor_id, count(*) AS n,
         (SELECT count(*) FROM sampling_plan_items i WHERE i.plan_id = s.plan_id AND i.assessor_id = s.assessor_id AND i.removed_at IS NULL) AS sampled
       FROM sampling_plan_scope s WHERE s.plan_id = ? GROUP BY s.assessor_id`,
    )
    .all(planId) as { n: number; sampled: number }[];
  for (const r of rows) {
    expect(r.sampled).toBeGreaterThanOrEqual(floorFor(r.n));
    if (r.n >= 1) expect(r.sampled).toBeGreaterThanOrEqual(1);
  }
}

describe('the 5% floor, whatever the lead does (property, real database)', () => {
  it('holds after every removal, addition and publication, and the plan still verifies', () => {
    let refusals = 0;
    let removals = 0;
    fc.assert(
      fc.property(worldArb, stepsArb, (world, steps) => {
        app.ctx.sqlite.exec('BEGIN');
        try {
          build(world);
          const plan = generateSamplingPlan(app.ctx, {
            from: '2026-03-01',
            to: '2026-03-31',
            standards: ['ST0071'],
            seed: world.seed,
          });
          floorHolds(plan.id);
          for (const step of steps) {
            try {
              if (step.kind === 'remove') {
                const items = listPlanItems(app.ctx, {
                  planId: plan.id,
                  includeRemoved: false,
                  limit: 1000,
                  offset: 0,
                }).rows;
                if (items.length === 0) continue;
                const item = items[step.pick % items.length]!;
                removePlanItem(app.ctx, {
                  planId: plan.id,
                  decisionId: item.decisionId,
                  reason: 'property test removal',
                });
                removals++;
              } else if (step.kind === 'add') {
                const choices = searchScope(app.ctx, { planId: plan.id, query: '', limit: 200 });
                if (choices.length === 0) continue;
                const choice = choices[step.pick % choices.length]!;
                addPlanItem(app.ctx, {
                  planId: plan.id,
                  decisionRef: String(choice.decisionId),
                  reason: 'property test addition',
                });
              } else {
                publishPlan(app.ctx, plan.id);
              }
            } catch (error) {
              // Refusals are the point; anything else is a bug.
              if (!(error instanceof DomainError)) throw error;
              if (step.kind === 'remove') expect(error.message).toMatch(/below the floor/);
              refusals++;
            }
            floorHolds(plan.id);
          }
          const verified = verifyPlan(app.ctx, plan.id);
          expect(verified.missing).toEqual([]);
          expect(verified.unexpected).toEqual([]);
          expect(verified.floorMet).toBe(true);
        } finally {
          app.ctx.sqlite.exec('ROLLBACK');
        }
      }),
      { numRuns: 60 },
    );
    // The property is only interesting if both removals and refusals happened.
    expect(removals).toBeGreaterThan(0);
    expect(refusals).toBeGreaterThan(0);
  });
});
