/**
 * The hot dashboard queries must stay on their covering indexes (EXPLAIN QUERY PLAN), never a
 * scan of decisions or a join of every moderation record to its decision: at 1M decisions that
 * is the difference between tens of milliseconds and seconds (bench/analytics.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilter } from '@shared/contract';
import { filterSql } from '../../../src/main/analytics/filter';
import { backlogSql } from '../../../src/main/analytics/overview';
import {
  assessorIds,
  correctionsSql,
  countsSql,
  criteriaSql,
  knownGrades,
  pairsSql,
  scanParams,
} from '../../../src/main/analytics/scan';
import { loadDemoData } from '../../../src/main/demo/generate';
import { openTestApp, type TestApp } from '../../support/context';

let app: TestApp;
beforeAll(async () => {
  app = await openTestApp();
  loadDemoData(app.ctx, { epas: 300, seed: 2, history: true });
});
afterAll(() => app.close());

function plan(sql: string, params: unknown[]): string {
  return (
    app.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
  )
    .map((r) => r.detail)
    .join(' | ');
}

const YEAR: AnalyticsFilter = { from: '2025-11-21', to: '2026-11-20' };
const FILTERS: [string, AnalyticsFilter][] = [
  ['the period', YEAR],
  ['a method', { ...YEAR, method: 'O' }],
  ['a version', { ...YEAR, standard: 'ST0071', version: '1.1' }],
  ['an assessor', { ...YEAR, assessor: 'IA002' }],
];

describe.each(FILTERS)('query plans for %s', (_name, filter) => {
  const setup = () => {
    const f = filterSql(app.ctx, filter);
    return { f, ids: assessorIds(app.ctx, f) };
  };

  it('counts decisions by range scans of the covering index, without sorting', () => {
    const { f, ids } = setup();
    const p = plan(countsSql(f, ids, knownGrades(app.ctx)), [
      '2025-11-21',
      '2026-11-20',
      ...f.paramsNoPeriod,
    ]);
    expect(p).toContain(
      'SEARCH d USING COVERING INDEX decisions_analytics (assessor_id=? AND grade=? AND status=? AND assessment_date>? AND assessment_date<?)',
    );
    expect(p).not.toContain('TEMP B-TREE');
    expect(p).not.toMatch(/SCAN d\b/);
  });

  it('reads agreement pairs and grade corrections from the derived table only', () => {
    const { f, ids } = setup();
    for (const sql of [pairsSql(f, ids), correctionsSql(f, ids)]) {
      const p = plan(sql, scanParams(f));
      expect(p).toContain(
        'USING COVERING INDEX analytics_moderated_scan (assessor_id=? AND assessment_date>? AND assessment_date<?)',
      );
      expect(p).not.toContain('moderation_records');
      expect(p).not.toMatch(/SEARCH decisions|SCAN d\b/);
    }
  });

  it('counts criterion judgements in index order', () => {
    const { f, ids } = setup();
    const p = plan(criteriaSql(f, ids, ['O-P1', 'O-P2']), scanParams(f));
    expect(p).toContain(
      'USING COVERING INDEX analytics_criteria_scan (assessor_id=? AND criterion_code=?',
    );
    expect(p).not.toContain('TEMP B-TREE');
  });
});

describe('query plans for provider and backlog filters', () => {
  it('starts a provider filter from the provider, not from every decision', () => {
    const ukprn = app.ctx.sqlite
      .prepare('SELECT ukprn FROM providers LIMIT 1')
      .pluck()
      .get() as string;
    const f = filterSql(app.ctx, { ...YEAR, provider: ukprn });
    const p = plan(countsSql(f, assessorIds(app.ctx, f), knownGrades(app.ctx)), scanParams(f));
    expect(p).toContain('SEARCH p USING COVERING INDEX apprentices_provider (provider_id=?)');
    expect(p).not.toMatch(/SCAN (d|p|e)\b/);
  });

  it('finds the backlog from the few sampled decisions', () => {
    const f = filterSql(app.ctx, YEAR);
    const p = plan(backlogSql(f.sqlNoPeriod), ['2026-11-20', ...f.paramsNoPeriod]);
    expect(p).toMatch(/SEARCH d USING (COVERING )?INDEX decisions_status_date \(status=\?\)/);
  });
});
