/**
 * The hot queries' plans, asserted as Signal Desktop does: the moderation queue (counted and
 * paged on every scroll, at 100k items) and the scope a sampling plan reads (a million held
 * decisions) must run on their indexes, never a table scan or a sort of the whole set. A schema
 * or query change that loses an index fails here rather than in a user's hands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueFilter } from '@shared/contract';
import { queueCountSql, queuePageSql, queueWhere } from '../../src/main/moderation/queue';
import { openTestApp, type TestApp } from '../support/context';

let app: TestApp;
beforeAll(async () => {
  app = await openTestApp();
  // Statistics as a populated database would have them, so the planner chooses as it would there.
  app.ctx.sqlite.exec('ANALYZE');
});
afterAll(() => app.close());

function plan(sql: string, params: unknown[]): string[] {
  return (
    app.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
  ).map((r) => r.detail);
}

function queuePage(filter: QueueFilter, by: string, dir = 'asc'): string[] {
  return plan(queuePageSql(filter, { by, dir }), [...queueWhere(filter).params, 200, 0]);
}

const noScanOrSort = (steps: string[]): void => {
  expect(steps.join('\n')).not.toMatch(/SCAN i\b|SCAN sampling_plan_items|TEMP B-TREE/);
};

describe('the moderation queue', () => {
  it.each([
    ['to do, by date', { status: 'to_do' }, 'date', 'sampling_plan_items_queue_date'],
    [
      'to do, by date, newest first',
      { status: 'to_do' },
      'date',
      'sampling_plan_items_queue_date',
      'desc',
    ],
    ['done, by date', { status: 'done' }, 'date', 'sampling_plan_items_queue_date'],
    ['to do, by due date', { status: 'to_do' }, 'due', 'sampling_plan_items_queue_due'],
    [
      'unassigned, by date',
      { status: 'to_do', moderator: 'unassigned' },
      'date',
      'sampling_plan_items_queue_date',
    ],
    [
      'one moderator, one method and grade, by date',
      { status: 'to_do', moderator: 3, method: 'O', grade: 'Pass' },
      'date',
      'sampling_plan_items_queue_date',
    ],
    [
      'one assessor, by date',
      { status: 'to_do', assessorRef: 'IA001' },
      'date',
      'sampling_plan_items_queue_assessor',
    ],
  ] as [string, QueueFilter, string, string, string?][])(
    'pages %s on %s without scanning or sorting the table',
    (_, filter, by, index, dir = 'asc') => {
      const steps = queuePage(filter, by, dir);
      expect(steps.join('\n')).toContain(`INDEX ${index}`);
      noScanOrSort(steps);
    },
  );

  it('pages by assessor by walking assessors in reference order, each through their index', () => {
    const steps = queuePage({ status: 'to_do' }, 'assessor', 'desc');
    expect(steps[0]).toMatch(/SCAN a USING (COVERING )?INDEX assessors_ref_unique/);
    expect(steps.join('\n')).toContain('INDEX sampling_plan_items_queue_assessor');
    noScanOrSort(steps);
  });

  it.each([
    [{ status: 'to_do' }],
    [{ status: 'to_do', moderator: 'unassigned' }],
    [{ status: 'to_do', method: 'PD', grade: 'Distinction', dueBefore: '2026-12-31' }],
    [{ status: 'to_do', reason: 'escalated after disagreement', planId: 4 }],
  ] as [QueueFilter][])('counts %j from a covering index', (filter) => {
    const steps = plan(queueCountSql(filter), queueWhere(filter).params);
    expect(steps.join('\n')).toMatch(/USING COVERING INDEX sampling_plan_items_queue_(date|due)/);
  });
});

describe('the scope of a sampling plan', () => {
  it('reads held decisions from the covering partial index, never the decisions table', () => {
    const steps = plan(
      `SELECT d.id, d.assessor_id, d.method_id, d.grade, d.attempt, d.assessment_date, d.epa_id
       FROM decisions d WHERE d.status = 'held' AND d.assessment_date BETWEEN ? AND ?
         AND d.method_id IN (SELECT value FROM json_each(?))`,
      ['2026-01-01', '2026-12-31', '[1,2,3]'],
    );
    expect(steps[0]).toMatch(/SEARCH d USING COVERING INDEX decisions_held_scope/);
  });
});
