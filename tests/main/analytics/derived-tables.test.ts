/**
 * The derived tables behind the dashboards follow every change to what they derive from: new
 * moderation, a referral then a fresh judgement, an appeal's grade change, a decision moved to
 * another assessor or date, and deletions. Each check compares with a recomputation from the
 * source tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/main/demo/generate';
import { openTestApp, type TestApp } from '../../support/context';

let app: TestApp;
beforeAll(async () => {
  app = await openTestApp();
  loadDemoData(app.ctx, { epas: 400, seed: 9 });
});
afterAll(() => app.close());

function derived(): unknown[] {
  return app.ctx.sqlite
    .prepare(
      `SELECT decision_id, assessor_id, assessment_date, method_id, epa_id, current_grade,
         assessor_grade, moderated_grade, awarded_grade FROM analytics_moderated ORDER BY decision_id`,
    )
    .raw(true)
    .all();
}

function recomputed(): unknown[] {
  return app.ctx.sqlite
    .prepare(
      `SELECT d.id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, d.grade,
         (SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
            AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
         (SELECT r.moderated_grade FROM moderation_records r WHERE r.decision_id = d.id
            AND coalesce(r.outcome, '') <> 'referred_back' ORDER BY r.id DESC LIMIT 1),
         coalesce((SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id
            AND r.original_grade <> r.moderated_grade ORDER BY r.id LIMIT 1),
           (SELECT g.old_grade FROM appeal_grade_changes g WHERE g.decision_id = d.id ORDER BY g.id LIMIT 1))
       FROM decisions d WHERE d.id IN (SELECT decision_id FROM moderation_records
         UNION SELECT decision_id FROM appeal_grade_changes) ORDER BY d.id`,
    )
    .raw(true)
    .all();
}

function criteriaMatch(): void {
  const a = app.ctx.sqlite
    .prepare(
      `SELECT criterion_id, record_id, assessor_id, assessment_date, method_id, epa_id, criterion_code, judgement
       FROM analytics_criteria ORDER BY criterion_id`,
    )
    .raw(true)
    .all();
  const b = app.ctx.sqlite
    .prepare(
      `SELECT c.id, c.record_id, d.assessor_id, d.assessment_date, d.method_id, d.epa_id, c.criterion_code, c.judgement
       FROM moderation_criteria c JOIN moderation_records r ON r.id = c.record_id
       JOIN decisions d ON d.id = r.decision_id ORDER BY c.id`,
    )
    .raw(true)
    .all();
  expect(a).toEqual(b);
}

describe('derived tables', () => {
  it('match the source tables after the demo history moderated through the services', () => {
    expect(derived().length).toBeGreaterThan(50);
    expect(derived()).toEqual(recomputed());
    criteriaMatch();
  });

  it('follow a referral and a fresh judgement, a decision moved, an appeal change and deletions', () => {
    const s = app.ctx.sqlite;
    const [decisionId, grade] = s
      .prepare(
        `SELECT d.id, d.grade FROM decisions d WHERE d.id IN (SELECT decision_id FROM moderation_records)
         ORDER BY d.id LIMIT 1`,
      )
      .raw(true)
      .get() as [number, string];
    const other = grade === 'Pass' ? 'Distinction' : 'Pass';
    const insert = s.prepare(
      `INSERT INTO moderation_records (decision_id, moderator_name, moderation_date, activity, original_grade,
         moderated_grade, outcome, snapshot_json) VALUES (?, 'Test', '2026-11-19', 'documentation_review', ?, ?, ?, '{}')`,
    );
    insert.run(decisionId, grade, other, 'referred_back');
    expect(derived()).toEqual(recomputed());
    const fresh = Number(
      insert.run(decisionId, grade, other, 'grade_changed_borderline').lastInsertRowid,
    );
    s.prepare(
      `INSERT INTO moderation_criteria (record_id, criterion_code, judgement) VALUES (?, 'O-P1', 'disagree')`,
    ).run(fresh);
    expect(derived()).toEqual(recomputed());
    criteriaMatch();

    // The assessor's grade changes and the decision moves to another assessor and day.
    s.prepare(
      'UPDATE decisions SET grade = ?, assessor_id = assessor_id % 30 + 1, assessment_date = ? WHERE id = ?',
    ).run(other, '2026-10-01', decisionId);
    expect(derived()).toEqual(recomputed());
    criteriaMatch();

    // A status change alone (the hold and release) leaves the derived rows as they are.
    s.prepare("UPDATE decisions SET status = 'released' WHERE id = ?").run(decisionId);
    expect(derived()).toEqual(recomputed());

    s.prepare('DELETE FROM moderation_records WHERE id = ?').run(fresh);
    expect(derived()).toEqual(recomputed());
    criteriaMatch();
  });
});
