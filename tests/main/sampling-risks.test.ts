/**
 * The assessor risks that raise a sampling rate, each found from the database as a plan is
 * generated: a recently new assessor, an outlying grade profile last period, and a disagreement
 * in either of the last two periods (an uplift relaxes only after two clean ones). Overdue
 * standardisation is tested with its rule in standardisation/compliance.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAssessorRisk } from '../../src/main/sampling/risks';
import { outlierRisk } from '../../src/main/analytics/outlier-risk';
import {
  disagreementRisk,
  previousPeriodStart,
  readAssessors,
} from '../../src/main/sampling/scope';
import { allVersions } from '../../src/main/standards/load';
import { openTestApp, type TestApp } from '../support/context';

let app: TestApp;
const ids: Record<string, number> = {};
const PERIOD = { from: '2026-10-01', to: '2026-10-31', standards: ['ST0071'] };
const period = { ...PERIOD, previousFrom: previousPeriodStart(PERIOD.from, PERIOD.to) };

let uln = 1_000_000_004;
function decisions(assessor: string, date: string, grades: string[]): number[] {
  const s = app.ctx.sqlite;
  const version = allVersions(app.ctx).at(-1)!;
  const method = [...version.methodIds.values()][0]!;
  return grades.map((grade) => {
    const apprentice = Number(
      s.prepare('INSERT INTO apprentices (uln) VALUES (?)').run(String(uln++)).lastInsertRowid,
    );
    const epa = Number(
      s
        .prepare('INSERT INTO epas (apprentice_id, standard_version_id) VALUES (?, ?)')
        .run(apprentice, version.id).lastInsertRowid,
    );
    return Number(
      s
        .prepare(
          'INSERT INTO decisions (epa_id, method_id, assessor_id, assessment_date, grade, status) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(epa, method, ids[assessor], date, grade, 'released').lastInsertRowid,
    );
  });
}

beforeAll(async () => {
  app = await openTestApp();
  const add = app.ctx.sqlite.prepare(
    'INSERT INTO assessors (ref, name, start_date) VALUES (?, ?, ?)',
  );
  for (const [ref, start] of [
    ['VET1', '2015-01-01'],
    ['VET2', '2016-01-01'],
    ['VET3', '2017-01-01'],
    ['NEWISH', '2026-05-04'],
    ['LENIENT', '2014-01-01'],
  ] as const)
    ids[ref] = Number(add.run(ref, `${ref} Example`, start).lastInsertRowid);
  // A year of ordinary grading (about 30% Distinction) and one assessor at 80%.
  const ordinary = Array.from({ length: 60 }, (_, i) => (i % 10 < 3 ? 'Distinction' : 'Pass'));
  // Established on the standard years ago, then a year of ordinary grading.
  for (const ref of ['VET1', 'VET2', 'VET3', 'LENIENT']) decisions(ref, '2019-01-10', ['Pass']);
  for (const ref of ['VET1', 'VET2', 'VET3']) decisions(ref, '2026-03-10', ordinary);
  decisions(
    'LENIENT',
    '2026-03-10',
    Array.from({ length: 60 }, (_, i) => (i % 10 < 8 ? 'Distinction' : 'Pass')),
  );
  decisions('NEWISH', '2026-05-20', ['Pass', 'Pass']);
});
afterAll(() => app.close());

describe('assessor risks', () => {
  it('looks back two periods for disagreements, so an uplift relaxes only after two clean ones', () => {
    expect(previousPeriodStart('2026-10-01', '2026-10-31')).toBe('2026-08-01');
    expect(previousPeriodStart('2026-07-01', '2026-09-30')).toBe('2026-01-01');
    expect(previousPeriodStart('2026-10-05', '2026-10-14')).toBe('2026-09-15');
    const [d1] = decisions('VET1', '2026-08-10', ['Distinction']);
    app.ctx.sqlite
      .prepare(
        "INSERT INTO moderation_records (decision_id, moderator_name, moderation_date, activity, original_grade, moderated_grade, snapshot_json) VALUES (?, 'M', '2026-08-20', 'documentation_review', 'Distinction', 'Pass', '{}')",
      )
      .run(d1);
    const found = disagreementRisk(app.ctx, period, [ids.VET1!]);
    expect(found.get(ids.VET1!)?.[0]).toMatchObject({ code: 'disagreement' });
    // Two clean months later (December's plan looks back to October): no uplift.
    const december = { from: '2026-12-01', to: '2026-12-31' };
    expect(
      disagreementRisk(
        app.ctx,
        { ...december, previousFrom: previousPeriodStart(december.from, december.to) },
        [ids.VET1!],
      ).size,
    ).toBe(0);
  });

  it('keeps a recently new assessor at a higher rate for the months after their first three', () => {
    const found = newAssessorRisk(
      app.ctx,
      { ...period, params: { newAssessorMonths: 3, newAssessorFollowOnMonths: 6 } },
      [ids.NEWISH!, ids.VET2!],
    );
    expect(found.get(ids.NEWISH!)?.[0]?.detail).toBe(
      'recently new assessor (started with the EPAO 2026-05-04): higher rate until 2027-02-04',
    );
    expect(found.has(ids.VET2!)).toBe(false);
    // With no follow-on months, the risk is off.
    expect(
      newAssessorRisk(
        app.ctx,
        { ...period, params: { newAssessorMonths: 3, newAssessorFollowOnMonths: 0 } },
        [ids.NEWISH!],
      ).size,
    ).toBe(0);
  });

  it('finds an assessor whose Distinction rate is outside the 99.8% funnel limits', () => {
    const found = outlierRisk(app.ctx, period, Object.values(ids));
    expect([...found.keys()]).toEqual([ids.LENIENT]);
    expect(found.get(ids.LENIENT!)?.[0]?.detail).toMatch(
      /^outside the 99\.8% funnel limits over the 12 months before the period \(60 decisions\): Distinction rate 80%/,
    );
  });

  it('are gathered for a plan from every provider registered at start-up', () => {
    const assessors = readAssessors(app.ctx, [ids.LENIENT!, ids.NEWISH!], {
      ...PERIOD,
      params: { newAssessorMonths: 3, newAssessorFollowOnMonths: 6 },
    });
    const codes = Object.fromEntries(assessors.map((a) => [a.ref, a.risks.map((r) => r.code)]));
    expect(codes.LENIENT).toEqual(expect.arrayContaining(['outlier', 'standardisation_overdue']));
    expect(codes.NEWISH).toEqual(expect.arrayContaining(['new_assessor']));
  });
});
