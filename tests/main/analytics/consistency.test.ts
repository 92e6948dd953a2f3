/**
 * Consistency analytics on a real database filled by the demo generator (three lenient and two
 * severe assessors, moderated through the real services), checked against plain per-row queries
 * and against the pure statistics, so the SQL aggregates cannot drift from the definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilter } from '@shared/contract';
import { ANALYTICS_SETTINGS_KEY, summariseAgreement } from '@shared/statistics';
import { dispatch } from '../../../src/main/api/dispatch';
import { writeSetting } from '../../../src/main/app/status';
import { getConsistency, getFunnel, getTrends } from '../../../src/main/analytics/consistency';
import { getHeatmap } from '../../../src/main/analytics/heatmap';
import { loadDemoData } from '../../../src/main/demo/generate';
import { openTestApp, type TestApp } from '../../support/context';

let app: TestApp;
const YEAR: AnalyticsFilter = { from: '2025-11-21', to: '2026-11-20' };
const SCALE = ['Fail', 'Pass', 'Distinction'];

beforeAll(async () => {
  app = await openTestApp();
  loadDemoData(app.ctx, { epas: 2500, seed: 11 });
});
afterAll(() => app.close());

/** The grade each decision had before anything changed it, computed row by row in JS. */
function awardedGrades(): Map<number, { assessor: string; grade: string }> {
  const s = app.ctx.sqlite;
  const rows = s
    .prepare(
      `SELECT d.id, a.ref, d.grade FROM decisions d JOIN assessors a ON a.id = d.assessor_id
       WHERE d.assessment_date BETWEEN ? AND ?`,
    )
    .raw(true)
    .all(YEAR.from, YEAR.to) as [number, string, string][];
  const firstChange = new Map<number, string>();
  for (const [decisionId, original, moderated] of s
    .prepare(
      'SELECT decision_id, original_grade, moderated_grade FROM moderation_records ORDER BY id',
    )
    .raw(true)
    .all() as [number, string, string][]) {
    if (original !== moderated && !firstChange.has(decisionId))
      firstChange.set(decisionId, original);
  }
  return new Map(
    rows.map(([id, ref, grade]) => [id, { assessor: ref, grade: firstChange.get(id) ?? grade }]),
  );
}

describe('assessor consistency', () => {
  it('counts grades as the assessor awarded them, before moderation changed any', () => {
    const c = getConsistency(app.ctx, YEAR);
    const naive = new Map<string, Record<string, number>>();
    for (const { assessor, grade } of awardedGrades().values()) {
      const g = naive.get(assessor) ?? {};
      g[grade] = (g[grade] ?? 0) + 1;
      naive.set(assessor, g);
    }
    expect(c.assessors.length).toBe(naive.size);
    for (const a of c.assessors) {
      for (const g of SCALE)
        expect(a.grades[g] ?? 0, `${a.assessorRef} ${g}`).toBe(naive.get(a.assessorRef)?.[g] ?? 0);
    }
    const total = c.assessors.reduce((s, a) => s + a.decisions, 0);
    expect(c.cohort.decisions).toBe(total);
    // Moderation did change grades in the demo history, so the correction is exercised.
    const changed = app.ctx.sqlite
      .prepare('SELECT count(*) FROM moderation_records WHERE original_grade <> moderated_grade')
      .pluck()
      .get() as number;
    expect(changed).toBeGreaterThan(0);
  });

  it('pairs each moderated decision once, from its latest record that was not referred back', () => {
    const c = getConsistency(app.ctx, YEAR);
    const rows = app.ctx.sqlite
      .prepare(
        `SELECT r.decision_id, r.original_grade, r.moderated_grade, r.outcome, a.ref FROM moderation_records r
         JOIN decisions d ON d.id = r.decision_id JOIN assessors a ON a.id = d.assessor_id
         WHERE d.assessment_date BETWEEN ? AND ? ORDER BY r.id`,
      )
      .raw(true)
      .all(YEAR.from, YEAR.to) as [number, string, string, string | null, string][];
    const latest = new Map<number, [string, string, string]>();
    for (const [id, o, m, outcome, ref] of rows)
      if (outcome !== 'referred_back') latest.set(id, [o, m, ref]);
    const table = SCALE.map(() => SCALE.map(() => 0));
    for (const [o, m] of latest.values()) table[SCALE.indexOf(o)]![SCALE.indexOf(m)]! += 1;
    expect(c.cohort.agreement.table).toEqual(table);
    expect(c.cohort.agreement).toEqual(summariseAgreement(table, c.thresholds.minModeratedPairs));
    expect(c.cohort.agreement.enough).toBe(true);
    expect(c.cohort.agreement.kappaQuadratic).not.toBeNull();
  });

  it('finds the lenient and severe demo assessors: outliers, and leaning the right way', () => {
    const c = getConsistency(app.ctx, YEAR);
    const by = new Map(c.assessors.map((a) => [a.assessorRef, a]));
    // Demo assessors 4, 12 and 20 are lenient; 8 and 16 severe (src/main/demo/generate.ts).
    const lenient = by.get('IA004')!;
    expect(lenient.distinction.position).toBe('high_outlier');
    expect(lenient.outlier).toBe(true);
    expect(lenient.agreement.meanDifference).toBeGreaterThan(0);
    expect(lenient.agreement.leaning).toBe('lenient');
    const severe = by.get('IA008')!;
    expect(severe.distinction.position).toBe('low_outlier');
    expect(severe.fail.position).toBe('high_outlier');
    expect(severe.outlier).toBe(true);
    // A typical assessor with plenty of decisions sits inside the funnel.
    expect(by.get('IA001')!.distinction.position).not.toMatch(/outlier/);
  });

  it('shows no agreement figures below the minimum number of moderated pairs, configurably', () => {
    const c = getConsistency(app.ctx, YEAR);
    const few = c.assessors.find((a) => a.agreement.moderated > 0 && !a.agreement.enough);
    expect(few).toBeDefined();
    expect(few!.agreement).toMatchObject({
      exactAgreement: null,
      kappaQuadratic: null,
      kappaCi95: null,
      gwetAc2: null,
      meanDifference: null,
    });
    writeSetting(app.ctx, ANALYTICS_SETTINGS_KEY, {
      minModeratedPairs: 2,
      minDecisionsForFunnel: 10,
    });
    try {
      const again = getConsistency(app.ctx, YEAR).assessors.find(
        (a) => a.assessorRef === few!.assessorRef,
      )!;
      expect(again.agreement.enough).toBe(few!.agreement.moderated >= 2);
      expect(getConsistency(app.ctx, YEAR).thresholds.minModeratedPairs).toBe(2);
    } finally {
      writeSetting(app.ctx, ANALYTICS_SETTINGS_KEY, {});
    }
  });

  it('compares one assessor with the whole cohort, not with themselves', () => {
    const all = getConsistency(app.ctx, YEAR);
    const one = getConsistency(app.ctx, { ...YEAR, assessor: 'IA004' });
    expect(one.assessors.map((a) => a.assessorRef)).toEqual(['IA004']);
    expect(one.cohort.distinctionRate).toBe(all.cohort.distinctionRate);
    expect(one.assessors[0]).toEqual(all.assessors.find((a) => a.assessorRef === 'IA004'));
  });

  it('narrows by method, version and provider', () => {
    const o = getConsistency(app.ctx, { ...YEAR, method: 'O' });
    const oCount = app.ctx.sqlite
      .prepare(
        `SELECT count(*) FROM decisions d JOIN assessment_methods m ON m.id = d.method_id
         WHERE m.code = 'O' AND d.assessment_date BETWEEN ? AND ?`,
      )
      .pluck()
      .get(YEAR.from, YEAR.to) as number;
    expect(o.cohort.decisions).toBe(oCount);
    const ukprn = app.ctx.sqlite
      .prepare('SELECT ukprn FROM providers ORDER BY id LIMIT 1')
      .pluck()
      .get() as string;
    const p = getConsistency(app.ctx, { ...YEAR, provider: ukprn });
    const pCount = app.ctx.sqlite
      .prepare(
        `SELECT count(*) FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices a ON a.id = e.apprentice_id
         JOIN providers pr ON pr.id = a.provider_id WHERE pr.ukprn = ? AND d.assessment_date BETWEEN ? AND ?`,
      )
      .pluck()
      .get(ukprn, YEAR.from, YEAR.to) as number;
    expect(p.cohort.decisions).toBe(pCount);
    expect(p.cohort.decisions).toBeGreaterThan(0);
    const none = getConsistency(app.ctx, { ...YEAR, standard: 'ST9999' });
    expect(none.cohort.decisions).toBe(0);
    expect(none.assessors).toEqual([]);
  });

  it('draws the funnel from the same figures, for Distinction and Fail rates', () => {
    const c = getConsistency(app.ctx, YEAR);
    const f = getFunnel(app.ctx, { filter: YEAR, measure: 'distinction' });
    expect(f.theta).toBe(c.cohort.distinctionRate);
    expect(f.curve.length).toBeGreaterThan(10);
    expect(f.curve.length).toBeLessThanOrEqual(80);
    const ia4 = f.points.find((p) => p.assessorRef === 'IA004')!;
    expect(ia4.rate).toBeGreaterThan(f.curve.find((l) => l.n >= ia4.n)!.upper998);
    const fail = getFunnel(app.ctx, { filter: YEAR, measure: 'fail' });
    expect(fail.theta).toBe(c.cohort.failRate);
  });

  it('gives monthly trends that add up to the period', () => {
    const t = getTrends(app.ctx, YEAR);
    const c = getConsistency(app.ctx, YEAR);
    expect(t.months.reduce((s, m) => s + m.decisions, 0)).toBe(c.cohort.decisions);
    expect(t.months.reduce((s, m) => s + m.agreement.moderated, 0)).toBe(
      c.cohort.agreement.moderated,
    );
    expect(t.months.map((m) => m.month)).toEqual([...t.months.map((m) => m.month)].sort());
  });

  it('counts criterion judgements per method for the heatmap', () => {
    const h = getHeatmap(app.ctx, YEAR);
    const judged = h.methods.flatMap((m) => m.criteria).reduce((s, c) => s + c.judged, 0);
    const naive = app.ctx.sqlite
      .prepare(
        `SELECT count(*) FROM moderation_criteria c JOIN moderation_records r ON r.id = c.record_id
         JOIN decisions d ON d.id = r.decision_id WHERE d.assessment_date BETWEEN ? AND ?`,
      )
      .pluck()
      .get(YEAR.from, YEAR.to) as number;
    expect(judged).toBe(naive);
    expect(h.methods.map((m) => m.method).sort()).toEqual(['O', 'PD', 'WBP']);
    const some = h.methods.flatMap((m) => m.criteria).find((c) => c.disagreed > 0)!;
    expect(some.text).toBeTruthy();
    expect(some.rate).toBeCloseTo(some.disagreed / some.judged, 10);
  });

  it('refuses a malformed filter through the API with words', async () => {
    const r = await dispatch(app.ctx, 'analytics:consistency', {
      from: '2026-12-01',
      to: '2026-01-01',
    });
    expect(r).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(!r.ok && r.error.message).toContain('start on or before');
    const ok = await dispatch(app.ctx, 'analytics:consistency', YEAR);
    expect(ok.ok).toBe(true);
  });
});
