/** The Overview's figures agree with the lists they link to, on a real demo database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAnalyticsOverview } from '../../../src/main/analytics/overview';
import { complianceView } from '../../../src/main/standardisation/compliance';
import { loadDemoData } from '../../../src/main/demo/generate';
import { listEpas } from '../../../src/main/epas/service';
import { listQueue } from '../../../src/main/moderation/queue';
import { generateSamplingPlan, getPlan, publishPlan } from '../../../src/main/sampling/plans';
import { openTestApp, signInLead, type TestApp } from '../../support/context';

let app: TestApp;
const YEAR = { from: '2025-11-21', to: '2026-11-20' };

beforeAll(async () => {
  app = await openTestApp();
  loadDemoData(app.ctx, { epas: 1200, seed: 4 });
  signInLead(app.ctx);
  // The recent held decisions sampled, so there is a backlog.
  const plan = generateSamplingPlan(app.ctx, {
    from: '2026-10-01',
    to: '2026-11-20',
    standards: ['ST0071'],
    seed: 3,
  });
  publishPlan(app.ctx, plan.id);
});
afterAll(() => app.close());

describe('overview', () => {
  it('counts decisions in the period by status, and per month', () => {
    const o = getAnalyticsOverview(app.ctx, YEAR);
    const byStatus = Object.fromEntries(
      app.ctx.sqlite
        .prepare(
          'SELECT status, count(*) FROM decisions WHERE assessment_date BETWEEN ? AND ? GROUP BY status',
        )
        .raw(true)
        .all(YEAR.from, YEAR.to) as [string, number][],
    );
    expect(o.decisions).toEqual({
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      held: byStatus.held ?? 0,
      sampled: byStatus.sampled ?? 0,
      released: byStatus.released ?? 0,
    });
    expect(o.byMonth.reduce((s, m) => s + m.count, 0)).toBe(o.decisions.total);
    expect(o.databaseEmpty).toBe(false);
  });

  it('matches the queue, the EPA list and the plans it links to', () => {
    const o = getAnalyticsOverview(app.ctx, YEAR);
    const queue = listQueue(app.ctx, {
      filter: { status: 'to_do' },
      sort: { by: 'date', dir: 'asc' },
      offset: 0,
      limit: 1,
    });
    expect(o.backlog.toDo).toBe(queue.total);
    expect(o.backlog.toDo).toBeGreaterThan(0);
    expect(o.backlog.bands.reduce((s, b) => s + b.count, 0)).toBe(o.backlog.toDo);
    expect(o.epas.atRisk).toBe(listEpas(app.ctx, { atRiskOnly: true, offset: 0, limit: 1 }).total);
    expect(o.epas.awaitingConfirmation).toBe(
      listEpas(app.ctx, { status: 'awaiting_confirmation', atRiskOnly: false, offset: 0, limit: 1 })
        .total,
    );
    // Coverage of a plan wholly inside the period equals the plan's own figures.
    const plans = app.ctx.sqlite
      .prepare(
        "SELECT id FROM sampling_plans WHERE status = 'published' AND period_from >= '2026-03-01' AND period_to <= '2026-03-31'",
      )
      .pluck()
      .all() as number[];
    expect(plans.length).toBe(1);
    const march = getAnalyticsOverview(app.ctx, { from: '2026-03-01', to: '2026-03-31' });
    const plan = getPlan(app.ctx, plans[0]!);
    for (const a of plan.assessors) {
      const row = march.coverage.find((c) => c.assessorRef === a.assessorRef)!;
      expect(row.inScope).toBe(a.decisions);
      expect(row.sampled).toBe(a.sampled);
      expect(row.targetShare).toBeCloseTo(a.target / a.decisions, 10);
    }
    expect(march.coverage.every((c) => (c.sampledShare ?? 0) >= march.floorRate)).toBe(true);
  });

  it('counts EPAs confirmed in the period, narrowed by provider', () => {
    const ukprn = app.ctx.sqlite
      .prepare('SELECT ukprn FROM providers ORDER BY id LIMIT 1')
      .pluck()
      .get() as string;
    const naive = (provider?: string): number =>
      app.ctx.sqlite
        .prepare(
          `SELECT count(*) FROM epas e JOIN apprentices p ON p.id = e.apprentice_id JOIN providers pr ON pr.id = p.provider_id
           WHERE e.status = 'confirmed' AND substr(e.confirmed_at, 1, 10) BETWEEN ? AND ? AND (? IS NULL OR pr.ukprn = ?)`,
        )
        .pluck()
        .get(YEAR.from, YEAR.to, provider ?? null, provider ?? null) as number;
    expect(getAnalyticsOverview(app.ctx, YEAR).epas.confirmed).toBe(naive());
    const narrowed = getAnalyticsOverview(app.ctx, { ...YEAR, provider: ukprn }).epas.confirmed;
    expect(narrowed).toBe(naive(ukprn));
    expect(narrowed).toBeLessThan(naive());
  });

  it('says when a period has no published plan, and counts standardisation and appeals', () => {
    const o = getAnalyticsOverview(app.ctx, { from: '2015-01-01', to: '2015-12-31' });
    expect(o.coverage).toEqual([]);
    expect(o.decisions.total).toBe(0);
    // The same figures as the Compliance tab, whatever the period: standardisation is judged today.
    const { counts } = complianceView(app.ctx, {});
    expect(o.standardisation).toEqual({
      assessors: counts.compliant + counts.due_soon + counts.overdue + counts.never_attended,
      inDate: counts.compliant,
      dueSoon: counts.due_soon,
      overdue: counts.overdue,
      never: counts.never_attended,
    });
    expect(o.standardisation.assessors).toBeGreaterThan(20);
    expect(o.appeals).toEqual({ open: 0, overdue: 0 });
  });
});
