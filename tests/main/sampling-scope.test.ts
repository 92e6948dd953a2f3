/**
 * The scope a plan draws from. readScope was rewritten for speed at a million decisions; the
 * first version's query, kept here, is the oracle it must agree with on a database with a
 * history (published plans, moderated and released decisions, held ones).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeDecision } from '@shared/sampling';
import { readScope } from '../../src/main/sampling/scope';
import { openDemoApp, type TestApp } from '../support/context';

let app: TestApp;

beforeAll(async () => {
  app = await openDemoApp(
    { epas: 1500, seed: 31 },
    { clock: () => new Date('2026-11-20T10:00:00.000Z') },
  );
});
afterAll(() => app.close());

function oracle(q: { from: string; to: string; standards: string[]; excludePlanId?: number }) {
  const rows = app.ctx.sqlite
    .prepare(
      `WITH seq AS (
         SELECT d.id, ROW_NUMBER() OVER (
           PARTITION BY d.assessor_id, v.standard_id ORDER BY d.assessment_date, d.id) AS n
         FROM decisions d JOIN epas e ON e.id = d.epa_id
         JOIN standard_versions v ON v.id = e.standard_version_id
         JOIN standards st ON st.id = v.standard_id
         WHERE st.code IN (${q.standards.map(() => '?').join(',')}) AND d.assessment_date <= ?
       )
       SELECT d.id, d.assessor_id, m.code, d.grade, d.attempt, emp.name, pr.ukprn, d.assessment_date,
         (SELECT json_group_array(f.message) FROM compliance_flags f WHERE f.decision_id = d.id),
         seq.n
       FROM decisions d
       JOIN seq ON seq.id = d.id
       JOIN assessment_methods m ON m.id = d.method_id
       JOIN epas e ON e.id = d.epa_id
       JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id
       LEFT JOIN providers pr ON pr.id = p.provider_id
       WHERE d.assessment_date BETWEEN ? AND ? AND d.status = 'held'
         AND NOT EXISTS (
           SELECT 1 FROM sampling_plan_scope s JOIN sampling_plans sp ON sp.id = s.plan_id
           WHERE s.decision_id = d.id AND (sp.status = 'published' OR sp.id = ?))
       ORDER BY d.id`,
    )
    .raw(true)
    .all(...q.standards, q.to, q.from, q.to, q.excludePlanId ?? -1) as [
    number,
    number,
    string,
    string,
    number,
    string | null,
    string | null,
    string,
    string,
    number,
  ][];
  return rows.map(([id, assessorId, method, grade, attempt, employer, provider, date, f, n]) => ({
    id,
    assessorId,
    method,
    grade,
    attempt,
    employer,
    provider,
    assessmentDate: date,
    flags: JSON.parse(f) as string[],
    assessorSequence: n,
  }));
}

const CAP = 11;
const comparable = (d: ScopeDecision) => ({
  id: d.id,
  assessorId: d.assessorId,
  method: d.method,
  grade: d.grade,
  attempt: d.attempt,
  employer: d.employer,
  provider: d.provider,
  assessmentDate: d.assessmentDate,
  flags: d.flags,
  assessorSequence: Math.min(d.assessorSequence, CAP),
});

describe('the scope of a plan', () => {
  it.each([
    ['the held weeks at the end', '2026-09-01', '2026-11-20'],
    ['a year of history and the held weeks', '2025-11-01', '2026-11-20'],
    ['a period long since published', '2025-06-01', '2025-06-30'],
  ])('matches the first version’s query over %s', (_, from, to) => {
    const q = { from, to, standards: ['ST0071'] };
    const fast = readScope(app.ctx, { ...q, sequenceCap: CAP }).sort((a, b) => a.id - b.id);
    const slow = oracle(q);
    expect(fast.map(comparable)).toEqual(slow.map(comparable));
    if (from === '2026-09-01') expect(fast.length).toBeGreaterThan(100);
  });

  it('records when each assessor started on the standard', () => {
    const q = { from: '2026-09-01', to: '2026-11-20', standards: ['ST0071'] };
    const scope = readScope(app.ctx, { ...q, sequenceCap: CAP });
    const first = new Map(
      app.ctx.sqlite
        .prepare('SELECT assessor_id, min(assessment_date) FROM decisions GROUP BY assessor_id')
        .raw(true)
        .all() as [number, string][],
    );
    expect(scope.length).toBeGreaterThan(0);
    for (const d of scope) expect(d.assessorStandardStart).toBe(first.get(d.assessorId));
  });

  it('marks a re-take: a second EPA on the same standard for the same apprentice', () => {
    const q = { from: '2026-09-01', to: '2026-11-20', standards: ['ST0071'] };
    const before = readScope(app.ctx, { ...q, sequenceCap: CAP });
    expect(before.some((d) => d.retake)).toBe(false);
    const d = before[0]!;
    const epa = app.ctx.sqlite
      .prepare(
        'SELECT e.id, e.apprentice_id AS apprentice, e.standard_version_id AS v FROM decisions d JOIN epas e ON e.id = d.epa_id WHERE d.id = ?',
      )
      .get(d.id) as { id: number; apprentice: number; v: number };
    // An earlier EPA for the same apprentice: the one in scope becomes a re-take.
    app.ctx.sqlite
      .prepare(
        "INSERT INTO epas (apprentice_id, standard_version_id, gateway_date, status) VALUES (?, ?, '2020-01-01', 'in_progress')",
      )
      .run(epa.apprentice, epa.v);
    const after = readScope(app.ctx, { ...q, sequenceCap: CAP });
    const siblings = app.ctx.sqlite
      .prepare('SELECT id FROM decisions WHERE epa_id = ?')
      .pluck()
      .all(epa.id) as number[];
    expect(after.filter((x) => x.retake).map((x) => x.id)).toEqual(
      after.filter((x) => siblings.includes(x.id)).map((x) => x.id),
    );
  });
});
