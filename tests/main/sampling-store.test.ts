import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSamplingPlan } from '../../src/main/sampling/plans';
import { storeItems } from '../../src/main/sampling/plan-store';
import { openDemoApp, type TestApp } from '../support/context';

let app: TestApp;

beforeAll(async () => {
  app = await openDemoApp({ epas: 300, seed: 7, history: false });
});
afterAll(() => app.close());

describe('storing a drawn sample', () => {
  // Items are stored by one statement for the whole sample: a decision that is not there must
  // still be named, and nothing of the sample kept.
  it('refuses a drawn decision that does not exist, naming it, and stores none of the items', () => {
    const plan = generateSamplingPlan(app.ctx, {
      from: '2026-01-01',
      to: '2026-12-31',
      standards: ['ST0071'],
      seed: 3,
    });
    const count = app.ctx.sqlite
      .prepare('SELECT count(*) FROM sampling_plan_items WHERE plan_id = ?')
      .pluck();
    const before = count.get(plan.id) as number;
    const [decisionId, assessorId] = app.ctx.sqlite
      .prepare(
        `SELECT s.decision_id, s.assessor_id FROM sampling_plan_scope s WHERE s.plan_id = ?
         AND s.decision_id NOT IN (SELECT decision_id FROM sampling_plan_items WHERE plan_id = ?) LIMIT 1`,
      )
      .raw(true)
      .get(plan.id, plan.id) as [number, number];
    const missing = 987_654_321;
    const store = app.ctx.sqlite.transaction(() =>
      storeItems(
        app.ctx,
        plan.id,
        {
          rulesVersion: 'sampling-rules/2',
          assessors: [],
          items: [
            { decisionId, assessorId, reasons: ['drawn'] },
            { decisionId: missing, assessorId, reasons: ['drawn'] },
          ],
        },
        'top-up',
        'test',
        1,
      ),
    );
    expect(() => store()).toThrow(`Decision ${missing} was drawn but does not exist.`);
    expect(count.get(plan.id)).toBe(before);
  });
});
