/** `report consistency`: the published JSON keys, and exactly the dashboard's figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';
import { getConsistency } from '../../../src/main/analytics/consistency';
import { loadDemoData } from '../../../src/main/demo/generate';
import { openTestApp, type TestApp } from '../../support/context';

let app: TestApp;
let db: string;

const cli = runCliCaptured;

beforeAll(async () => {
  app = await openTestApp();
  loadDemoData(app.ctx, { epas: 1500, seed: 5 });
  db = app.dbPath;
  app.ctx.store.close();
});
afterAll(() => app.close());

describe('npm run iqa -- report consistency', () => {
  it('prints per assessor the published keys, and the cohort', async () => {
    const r = await cli([
      'report',
      'consistency',
      '--from',
      '2025-11-21',
      '--to',
      '2026-11-20',
      '--json',
      '--db',
      db,
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      assessors: Record<string, unknown>[];
      cohort: Record<string, unknown>;
    };
    expect(json.assessors.length).toBe(30);
    for (const a of json.assessors) {
      expect(Object.keys(a)).toEqual([
        'assessor_ref',
        'decisions',
        'grades',
        'moderated',
        'exact_agreement',
        'kappa_quadratic',
        'kappa_ci95',
        'gwet_ac2',
        'mean_difference',
        'outlier',
      ]);
      expect(Object.keys(a.grades as object)).toEqual(
        expect.arrayContaining(['Fail', 'Pass', 'Distinction']),
      );
    }
    expect(json.cohort).toMatchObject({
      decisions: expect.any(Number),
      kappa_quadratic: expect.any(Number),
    });
    expect(json.cohort.kappa_ci95).toHaveLength(2);

    // The same numbers as the service behind the dashboard.
    const reopened = await openTestApp({ dbPath: db });
    try {
      const c = getConsistency(reopened.ctx, { from: '2025-11-21', to: '2026-11-20' });
      for (const a of c.assessors) {
        const printed = json.assessors.find((x) => x.assessor_ref === a.assessorRef)!;
        expect(printed).toEqual({
          assessor_ref: a.assessorRef,
          decisions: a.decisions,
          grades: a.grades,
          moderated: a.agreement.moderated,
          exact_agreement: a.agreement.exactAgreement,
          kappa_quadratic: a.agreement.kappaQuadratic,
          kappa_ci95: a.agreement.kappaCi95,
          gwet_ac2: a.agreement.gwetAc2,
          mean_difference: a.agreement.meanDifference,
          outlier: a.outlier,
        });
      }
      expect(json.cohort.kappa_quadratic).toBe(c.cohort.agreement.kappaQuadratic);
    } finally {
      reopened.ctx.store.close();
    }
  });

  it('prints a readable table, with "too few to judge" rather than figures for small samples', async () => {
    const r = await cli([
      'report',
      'consistency',
      '--from',
      '2025-11-21',
      '--to',
      '2026-11-20',
      '--db',
      db,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Assessor consistency, 2025-11-21 to 2026-11-20');
    expect(r.out).toContain('too few to judge');
    expect(r.out).toContain('OUTLIER');
    expect(r.out).toMatch(/Cohort: [\d,]+ decisions/);
  });

  it('refuses a missing or malformed period with usage help', async () => {
    const missing = await cli(['report', 'consistency', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--from DATE --to DATE');
    const backwards = await cli([
      'report',
      'consistency',
      '--from',
      '2026-12-01',
      '--to',
      '2026-01-01',
      '--db',
      db,
    ]);
    expect(backwards.code).toBe(2);
    expect(backwards.err).toContain('start on or before');
    const unknown = await cli(['report', 'nonsense', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('There is no report called "nonsense"');
  });
});
