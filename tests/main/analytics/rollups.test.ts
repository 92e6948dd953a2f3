/**
 * The month roll-ups behind the dashboards give exactly what a scan of the source tables gives.
 * The roll-up tables equal a recount of decisions, analytics_moderated and analytics_criteria
 * after every kind of change (new decisions, grade and status changes, moves, moderation,
 * re-imports, deletions, a bulk load with the triggers off); and the counts the dashboards read,
 * over periods that start and end mid-month, on month boundaries or inside one month, with every
 * kind of filter, equal one scan of the whole period.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilter } from '@shared/contract';
import type { AppContext } from '../../../src/main/core/context';
import { filterSql, type FilterSql } from '../../../src/main/analytics/filter';
import { readPlanScope } from '../../../src/main/analytics/coverage';
import { splitPeriod } from '../../../src/main/analytics/rollups';
import {
  assessorIds,
  correctionsSql,
  countByMonthUnfiltered,
  countDecisions,
  countDecisionsByMonth,
  countsSql,
  criteriaSql,
  knownGrades,
  moderatedSql,
  monthsOf,
  pairsSql,
  readCorrections,
  readCriteria,
  readModerated,
  readModeratedByAssessor,
  readPairs,
  rollupCountsSql,
  epaCountsSql,
} from '../../../src/main/analytics/scan';
import { getAnalyticsOverview } from '../../../src/main/analytics/overview';
import { loadDemoData } from '../../../src/main/demo/generate';
import { atRiskCutoff, confirmationTarget } from '../../../src/main/epas/service';
import { applyGradeChange } from '../../../src/main/decisions/grades';
import { deferIndexes, restoreDeferred } from '../../../src/main/imports/decisions-store';
import { setDecisionStatus } from '../../../src/main/sampling/hold';
import { openTestApp, type TestApp } from '../../support/context';
import { epaRows, header, writeCsv } from '../imports/files';
import { importFile, standardise } from '../imports/helpers';

const RECOUNTS: Record<string, string> = {
  analytics_decision_months: `SELECT assessor_id, grade, status, substr(assessment_date, 1, 7), method_id,
      count(*) FROM decisions GROUP BY 1, 2, 3, 4, 5`,
  analytics_criteria_months: `SELECT assessor_id, criterion_code, judgement, substr(assessment_date, 1, 7),
      method_id, count(*) FROM analytics_criteria GROUP BY 1, 2, 3, 4, 5`,
  analytics_pair_months: `SELECT assessor_id, substr(assessment_date, 1, 7), assessor_grade, moderated_grade,
      method_id, count(*) FROM analytics_moderated WHERE moderated_grade IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
  analytics_correction_months: `SELECT assessor_id, substr(assessment_date, 1, 7), current_grade, awarded_grade,
      method_id, count(*) FROM analytics_moderated
      WHERE awarded_grade IS NOT NULL AND awarded_grade <> current_grade GROUP BY 1, 2, 3, 4, 5`,
  analytics_criteria_cohort_months: `SELECT substr(assessment_date, 1, 7), criterion_code, judgement, method_id,
      count(*) FROM analytics_criteria GROUP BY 1, 2, 3, 4`,
  analytics_scope_days: `SELECT plan_id, assessor_id, assessment_date, count(*)
      FROM sampling_plan_scope WHERE plan_id IN (SELECT id FROM sampling_plans WHERE status = 'published')
      GROUP BY 1, 2, 3`,
};

function rollupsMatch(ctx: AppContext, filled = true): void {
  for (const [table, recount] of Object.entries(RECOUNTS)) {
    const order =
      {
        analytics_scope_days: '1, 2, 3',
        analytics_criteria_cohort_months: '1, 2, 3, 4',
      }[table] ?? '1, 2, 3, 4, 5';
    const stored = ctx.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw(true).all();
    const expected = ctx.sqlite.prepare(`${recount} ORDER BY ${order}`).raw(true).all();
    if (filled) expect(stored.length, table).toBeGreaterThan(0);
    expect(stored, table).toEqual(expected);
  }
}

function scan(ctx: AppContext, sql: string, f: FilterSql, from: string, to: string): unknown[][] {
  return ctx.sqlite
    .prepare(sql)
    .raw(true)
    .all(from, to, ...f.paramsNoPeriod) as unknown[][];
}

/** Every count the dashboards read over the period, and the same from one scan of it. */
function scansMatch(ctx: AppContext, filter: AnalyticsFilter): FilterSql['people'] {
  const f = filterSql(ctx, filter);
  const ids = assessorIds(ctx, f);
  const grades = knownGrades(ctx);
  const { from, to } = filter;
  const what = JSON.stringify(filter);
  expect(
    countDecisions(ctx, f, from, to).map((c) => [c.assessorId, c.grade, c.status, c.count]),
    what,
  ).toEqual(scan(ctx, countsSql(f, ids, grades), f, from, to));
  expect(countDecisionsByMonth(ctx, f, from, to), what).toEqual(
    monthsOf(from, to).flatMap((m) =>
      (
        scan(ctx, countsSql(f, ids, grades), f, m.from, m.to) as [number, string, string, number][]
      ).map(([assessorId, grade, status, count]) => ({
        month: m.month,
        assessorId,
        grade,
        status,
        count,
      })),
    ),
  );
  expect(readPairs(ctx, f, ids), what).toEqual(scan(ctx, pairsSql(f, ids), f, from, to));
  expect(readCorrections(ctx, f, ids), what).toEqual(
    scan(ctx, correctionsSql(f, ids), f, from, to),
  );
  expect(readModeratedByAssessor(ctx, f, ids), what).toEqual(
    scan(ctx, moderatedSql(f, ids, true), f, from, to),
  );
  expect(readModerated(ctx, f, ids), what).toBe(
    scan(ctx, moderatedSql(f, ids, false), f, from, to)[0]?.[0],
  );
  const codes = ctx.sqlite
    .prepare('SELECT DISTINCT code FROM grading_criteria')
    .pluck()
    .all() as string[];
  const judgements = new Map<string, [string, string, number]>();
  for (const [code, judgement, n] of scan(ctx, criteriaSql(f, ids, codes), f, from, to) as [
    string,
    string,
    number,
  ][]) {
    const seen = judgements.get(`${code}|${judgement}`);
    if (seen) seen[2] += n;
    else judgements.set(`${code}|${judgement}`, [code, judgement, n]);
  }
  const byKey = (a: [string, string, number], b: [string, string, number]): number =>
    a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  expect(readCriteria(ctx, f, ids, codes), what).toEqual([...judgements.values()].sort(byKey));
  const plans = ctx.sqlite
    .prepare("SELECT id FROM sampling_plans WHERE status = 'published' ORDER BY id")
    .pluck()
    .all() as number[];
  expect(readPlanScope(ctx, plans, filter), what).toEqual(
    ctx.sqlite
      .prepare(
        `SELECT plan_id, assessor_id, count(*) FROM sampling_plan_scope
         WHERE plan_id IN (${plans.join(',') || 'NULL'}) AND assessment_date BETWEEN ? AND ?
         GROUP BY 1, 2`,
      )
      .raw(true)
      .all(from, to),
  );
  if (f.people === 'none' && !filter.assessor && !filter.method && !filter.standard) {
    const months = scan(
      ctx,
      `SELECT substr(assessment_date, 1, 7), count(*) FROM decisions
       WHERE assessment_date BETWEEN ? AND ? GROUP BY 1`,
      f,
      from,
      to,
    );
    expect([...countByMonthUnfiltered(ctx, from, to)], what).toEqual(months);
  }
  return f.people;
}

const PERIODS: AnalyticsFilter[] = [
  { from: '2025-11-21', to: '2026-11-20' },
  { from: '2026-01-01', to: '2026-06-30' },
  { from: '2026-03-05', to: '2026-03-20' },
  { from: '2025-02-01', to: '2026-10-17' },
  { from: '2026-04-10', to: '2026-05-31' },
  { from: '2026-03-20', to: '2026-04-10' },
  { from: '2026-05-10', to: '2026-05-12' },
];

function allFiltersMatch(ctx: AppContext): Set<FilterSql['people']> {
  const provider = ctx.sqlite
    .prepare(
      `SELECT pr.ukprn FROM providers pr JOIN apprentices p ON p.provider_id = pr.id
       GROUP BY pr.id ORDER BY count(*) DESC, pr.id LIMIT 1`,
    )
    .pluck()
    .get() as string;
  const employer = ctx.sqlite
    .prepare(
      `SELECT em.name FROM employers em JOIN apprentices p ON p.employer_id = em.id
       GROUP BY em.id ORDER BY count(*), em.id LIMIT 1`,
    )
    .pluck()
    .get() as string;
  const seen = new Set<FilterSql['people']>();
  for (const period of PERIODS) {
    for (const extra of [
      {},
      { assessor: 'IA002' },
      { method: 'O' },
      { standard: 'ST0071', version: '1.1' },
      { provider },
      { employer },
      { employer, method: 'PD' },
    ])
      seen.add(scansMatch(ctx, { ...period, ...extra }));
  }
  return seen;
}

describe('splitting a period', () => {
  it('reads whole months from the roll-up, and a partial one from the source or whole less the rest', () => {
    expect(splitPeriod('2025-12-03', '2026-12-02')).toEqual({
      months: { from: '2025-12', to: '2026-11' },
      add: [{ from: '2026-12-01', to: '2026-12-02' }],
      subtract: [{ from: '2025-12-01', to: '2025-12-02' }],
    });
    expect(splitPeriod('2024-02-01', '2024-02-29')).toEqual({
      months: { from: '2024-02', to: '2024-02' },
      add: [],
      subtract: [],
    });
    expect(splitPeriod('2026-03-05', '2026-03-20')).toEqual({
      months: { from: '2026-03', to: '2026-03' },
      add: [],
      subtract: [
        { from: '2026-03-01', to: '2026-03-04' },
        { from: '2026-03-21', to: '2026-03-31' },
      ],
    });
    expect(splitPeriod('2026-03-10', '2026-03-12')).toEqual({
      months: null,
      add: [{ from: '2026-03-10', to: '2026-03-12' }],
      subtract: [],
    });
    expect(splitPeriod('2026-03-20', '2026-04-10')).toEqual({
      months: null,
      add: [
        { from: '2026-03-20', to: '2026-03-31' },
        { from: '2026-04-01', to: '2026-04-10' },
      ],
      subtract: [],
    });
    expect(splitPeriod('2026-03-02', '2026-04-30')).toEqual({
      months: { from: '2026-03', to: '2026-04' },
      add: [],
      subtract: [{ from: '2026-03-01', to: '2026-03-01' }],
    });
  });
});

describe('month roll-ups on the demo data', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await openTestApp();
    loadDemoData(app.ctx, { epas: 400, seed: 9 });
  });
  afterAll(() => app.close());

  it('equal a recount, and every count read equals one scan, with every filter', () => {
    rollupsMatch(app.ctx);
    // Both ways of reading a provider or employer's figures are covered.
    expect(allFiltersMatch(app.ctx)).toEqual(new Set(['none', 'few', 'many']));
  });

  it('follow new decisions, grade and status changes, moves, moderation and deletions', () => {
    const ctx = app.ctx;
    const s = ctx.sqlite;
    const added = Number(
      s
        .prepare(
          `INSERT INTO decisions (epa_id, method_id, attempt, assessor_id, assessment_date, grade, status)
           SELECT epa_id, method_id, 9, assessor_id, '2026-03-15', 'Distinction', 'held'
           FROM decisions ORDER BY id LIMIT 1`,
        )
        .run().lastInsertRowid,
    );
    rollupsMatch(ctx);
    const moderated = s
      .prepare('SELECT decision_id FROM moderation_records ORDER BY id LIMIT 1')
      .pluck()
      .get() as number;
    const grade = s.prepare('SELECT grade FROM decisions WHERE id = ?').pluck().get(moderated);
    s.transaction(() => {
      applyGradeChange(ctx, {
        decisionId: moderated,
        grade: grade === 'Pass' ? 'Distinction' : 'Pass',
        reason: 'test',
      });
      setDecisionStatus(ctx, moderated, 'held', 'test');
      setDecisionStatus(ctx, added, 'released', 'test');
    })();
    rollupsMatch(ctx);
    // Moved to another assessor, month and method (which moves its moderation and criteria).
    s.prepare(
      `UPDATE decisions SET assessor_id = assessor_id % 30 + 1, assessment_date = '2026-06-30',
         method_id = (SELECT min(id) FROM assessment_methods), attempt = attempt + 30 WHERE id = ?`,
    ).run(moderated);
    rollupsMatch(ctx);
    const record = Number(
      s
        .prepare(
          `INSERT INTO moderation_records (decision_id, moderator_name, moderation_date, activity,
             original_grade, moderated_grade, outcome, snapshot_json)
           VALUES (?, 'Test', '2026-11-19', 'documentation_review', 'Distinction', 'Pass',
             'grade_changed_borderline', '{}')`,
        )
        .run(added).lastInsertRowid,
    );
    s.prepare(
      `INSERT INTO moderation_criteria (record_id, criterion_code, judgement) VALUES (?, 'O-P1', 'disagree')`,
    ).run(record);
    s.prepare(`UPDATE moderation_criteria SET judgement = 'agree' WHERE record_id = ?`).run(record);
    rollupsMatch(ctx);
    s.prepare('DELETE FROM moderation_records WHERE id = ?').run(record);
    s.prepare('DELETE FROM analytics_moderated WHERE decision_id = ?').run(added);
    s.prepare('DELETE FROM decisions WHERE id = ?').run(added);
    rollupsMatch(ctx);
    expect(allFiltersMatch(ctx).has('none')).toBe(true);
  });

  it('are recounted once after a bulk load that dropped their triggers', () => {
    const ctx = app.ctx;
    ctx.sqlite.transaction(() => {
      const deferred = deferIndexes(ctx);
      expect(deferred.filter((d) => d.type === 'trigger')).toHaveLength(3);
      ctx.sqlite
        .prepare(
          `INSERT INTO decisions (epa_id, method_id, attempt, assessor_id, assessment_date, grade, status)
           SELECT epa_id, method_id, attempt + 20, assessor_id, assessment_date, grade, 'held'
           FROM decisions WHERE id % 3 = 0`,
        )
        .run();
      restoreDeferred(ctx, deferred);
    })();
    rollupsMatch(ctx);
    expect(allFiltersMatch(ctx).has('none')).toBe(true);
  });

  it('give the overview the EPAs at risk and confirmed that a scan gives', () => {
    const s = app.ctx.sqlite;
    const cutoff = atRiskCutoff(app.ctx, confirmationTarget(app.ctx));
    const atRisk = s
      .prepare(
        `SELECT count(*) FROM epas e WHERE e.status = 'awaiting_confirmation'
           AND (SELECT max(d.assessment_date) FROM decisions d WHERE d.epa_id = e.id) <= ?`,
      )
      .pluck()
      .get(cutoff) as number;
    expect(atRisk).toBeGreaterThan(0);
    const [ukprn, providerId] = s
      .prepare(
        `SELECT pr.ukprn, pr.id FROM providers pr JOIN apprentices p ON p.provider_id = pr.id
         GROUP BY pr.id ORDER BY count(*), pr.id LIMIT 1`,
      )
      .raw(true)
      .get() as [string, number];
    const filter = { from: '2025-11-21', to: '2026-11-20', provider: ukprn };
    expect(filterSql(app.ctx, filter).people).toBe('few');
    const confirmed = s
      .prepare(
        `SELECT count(*) FROM epas e JOIN apprentices p ON p.id = e.apprentice_id
         WHERE p.provider_id = ? AND e.status = 'confirmed' AND e.confirmed_at >= ?
           AND e.confirmed_at < date(?, '+1 day')`,
      )
      .pluck()
      .get(providerId, filter.from, filter.to) as number;
    expect(confirmed).toBeGreaterThan(0);
    expect(getAnalyticsOverview(app.ctx, filter).epas).toMatchObject({ atRisk, confirmed });
  });

  it('are read from their keys, in order, without sorting', () => {
    const f = filterSql(app.ctx, { from: '2025-11-21', to: '2026-11-20', method: 'O' });
    const ids = assessorIds(app.ctx, f);
    for (const byMonth of [false, true]) {
      const plan = (
        app.ctx.sqlite
          .prepare(`EXPLAIN QUERY PLAN ${rollupCountsSql(f, ids, knownGrades(app.ctx), byMonth)}`)
          .all('2025-12', '2026-10', ...f.paramsNoPeriod) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' | ');
      expect(plan).toContain(
        'SEARCH d USING INDEX sqlite_autoindex_analytics_decision_months_1 (assessor_id=? AND grade=? AND status=? AND month>? AND month<?)',
      );
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('reads a small provider from its EPAs, not from every decision in the period', () => {
    const ukprn = app.ctx.sqlite
      .prepare(
        `SELECT pr.ukprn FROM providers pr JOIN apprentices p ON p.provider_id = pr.id
         GROUP BY pr.id ORDER BY count(*), pr.id LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const f = filterSql(app.ctx, { from: '2025-11-21', to: '2026-11-20', provider: ukprn });
    const plan = (
      app.ctx.sqlite
        .prepare(
          `EXPLAIN QUERY PLAN ${epaCountsSql(f, assessorIds(app.ctx, f), knownGrades(app.ctx))}`,
        )
        .all('2025-11-21', '2026-11-20', ...f.paramsNoPeriod) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('SEARCH d USING INDEX decisions_epa_method_attempt (epa_id=?)');
    expect(plan).toContain('SEARCH p USING COVERING INDEX apprentices_provider (provider_id=?)');
    expect(plan).not.toMatch(/SCAN (d|p|e)\b/);
  });
});

describe('month roll-ups through imports', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await openTestApp();
    standardise(app.ctx.sqlite);
  });
  afterAll(() => app.close());

  it('follow an import and a re-import that changes grades, dates and assessors', async () => {
    const write = (rows: ReturnType<typeof epaRows>, name: string): string =>
      writeCsv(path.join(app.dir, name), [header('decisions'), ...rows]);
    const first = await importFile(
      app.ctx,
      'decisions',
      write([...epaRows(1), ...epaRows(2), ...epaRows(3, [{ grade: 'Fail' }])], 'a.csv'),
    );
    expect(first.counts.new).toBe(9);
    rollupsMatch(app.ctx, false);
    const again = await importFile(
      app.ctx,
      'decisions',
      write(
        [
          ...epaRows(1, [{ grade: 'Distinction' }]),
          ...epaRows(2, [
            {},
            { assessment_date: '2026-04-01', assessor_ref: 'IA002', assessor_name: 'Sam Lee' },
          ]),
          ...epaRows(3, [{ grade: 'Pass' }]),
          ...epaRows(4),
        ],
        'b.csv',
      ),
    );
    expect(again.counts).toMatchObject({ new: 3, changed: 3 });
    rollupsMatch(app.ctx, false);
    for (const period of PERIODS) scansMatch(app.ctx, period);
  });
});
