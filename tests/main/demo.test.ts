import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { validateUln } from '@shared/identifiers';
import { STANDARDISATION_FLAG_CODES } from '@shared/standardisation';
import { checkDecisionLimits, overallGrade } from '@shared/standards';
import { registerRows } from '../../src/main/assessors/register';
import { loadDemoData } from '../../src/main/demo/generate';
import { createUser } from '../../src/main/users/service';
import { complianceView } from '../../src/main/standardisation/compliance';
import { standardisationReport } from '../../src/main/standardisation/report';
import { versionDefinition } from '../../src/main/standards/load';
import { openTestApp, type TestApp } from '../support/context';

const apps: TestApp[] = [];
async function app(): Promise<TestApp> {
  const a = await openTestApp();
  apps.push(a);
  return a;
}
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
});

function fingerprint(a: TestApp): string {
  const rows = a.ctx.sqlite
    .prepare(
      `SELECT d.decision_ref, p.uln, a.ref, d.assessment_date, d.grade, d.duration_minutes,
              d.questioning_minutes, d.word_count, d.evidence_pieces
       FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       JOIN assessors a ON a.id = d.assessor_id ORDER BY d.id`,
    )
    .raw(true)
    .all();
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

describe('demo data', () => {
  it('is the same for the same seed and different for another', async () => {
    const [a, b, c] = [await app(), await app(), await app()];
    loadDemoData(a.ctx, { epas: 300, seed: 7 });
    loadDemoData(b.ctx, { epas: 300, seed: 7 });
    loadDemoData(c.ctx, { epas: 300, seed: 8 });
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).not.toBe(fingerprint(c));
  });

  it('looks like a real EPAO: valid ULNs, 30 assessors, plausible dates, grades and flags', async () => {
    const a = await app();
    const result = loadDemoData(a.ctx, { epas: 1500, seed: 42 });
    const s = a.ctx.sqlite;
    expect(result.assessors).toBe(30);
    expect(s.prepare('SELECT count(*) FROM epas').pluck().get()).toBe(1500);

    const ulns = s.prepare('SELECT uln FROM apprentices').pluck().all() as string[];
    expect(ulns.every((u) => validateUln(u).ok)).toBe(true);
    const ukprns = s.prepare('SELECT ukprn FROM providers').pluck().all() as string[];
    expect(ukprns.every((u) => /^1\d{7}$/.test(u))).toBe(true);

    // Nothing is assessed in the future or before its gateway.
    const today = a.ctx.clock().toISOString().slice(0, 10);
    expect(s.prepare('SELECT max(assessment_date) FROM decisions').pluck().get()! <= today).toBe(
      true,
    );
    expect(
      s
        .prepare(
          'SELECT count(*) FROM decisions d JOIN epas e ON e.id = d.epa_id WHERE d.assessment_date <= e.gateway_date',
        )
        .pluck()
        .get(),
    ).toBe(0);

    // The last six weeks are still held; before that, monthly plans released or sampled every
    // decision, and every sampled one was moderated.
    const cutoff = new Date(Date.parse(today) - 42 * 86_400_000).toISOString().slice(0, 10);
    expect(
      s
        .prepare("SELECT count(*) FROM decisions WHERE status <> 'held' AND assessment_date >= ?")
        .pluck()
        .get(cutoff),
    ).toBe(0);
    expect(
      s
        .prepare("SELECT count(*) FROM decisions WHERE status = 'held' AND assessment_date < ?")
        .pluck()
        .get(cutoff.slice(0, 7) + '-01'),
    ).toBe(0);
    expect(result.plans).toBeGreaterThan(12);
    expect(result.moderations).toBeGreaterThan(0);
    expect(
      s
        .prepare(
          "SELECT count(*) FROM decisions d WHERE d.status = 'sampled' AND d.assessment_date < ?",
        )
        .pluck()
        .get(cutoff.slice(0, 7) + '-01'),
    ).toBe(0);
    // The lenient assessors' grades were moderated down more often than anyone else's.
    const changedShare = (ref: string) =>
      s
        .prepare(
          `SELECT avg(r.moderated_grade <> r.original_grade) FROM moderation_records r JOIN decisions d ON d.id = r.decision_id
         JOIN assessors a ON a.id = d.assessor_id WHERE a.ref = ?`,
        )
        .pluck()
        .get(ref) as number;
    expect(changedShare('IA004')).toBeGreaterThan(changedShare('IA002'));

    // Grade mix near the cohort the generator aims for, with some re-sits.
    const total = result.decisions;
    const share = (g: string) =>
      (s.prepare('SELECT count(*) FROM decisions WHERE grade = ?').pluck().get(g) as number) /
      total;
    expect(share('Fail')).toBeGreaterThan(0.03);
    expect(share('Fail')).toBeLessThan(0.2);
    expect(share('Distinction')).toBeGreaterThan(0.15);
    expect(share('Distinction')).toBeLessThan(0.45);
    expect(
      s.prepare('SELECT count(*) FROM decisions WHERE attempt = 2').pluck().get(),
    ).toBeGreaterThan(10);

    // Assessor volumes differ, and the lenient ones give more Distinctions than the severe ones.
    const volumes = s
      .prepare('SELECT count(*) FROM decisions GROUP BY assessor_id')
      .pluck()
      .all() as number[];
    expect(Math.max(...volumes)).toBeGreaterThan(3 * Math.min(...volumes));
    const distinctionRate = (ref: string) =>
      s
        .prepare(
          `SELECT avg(d.grade = 'Distinction') FROM decisions d JOIN assessors a ON a.id = d.assessor_id WHERE a.ref = ?`,
        )
        .pluck()
        .get(ref) as number;
    expect(distinctionRate('IA004')).toBeGreaterThan(distinctionRate('IA008'));

    // Limit flags are exactly what the standard's limits say about each decision as the assessor
    // graded it (a later moderation does not rewrite what was flagged). Standardisation's own
    // flags are checked in the next test.
    const decisions = s
      .prepare(
        `SELECT d.id, e.standard_version_id AS v, m.code AS method, d.attempt,
                coalesce((SELECT r.original_grade FROM moderation_records r WHERE r.decision_id = d.id ORDER BY r.id LIMIT 1), d.grade) AS grade,
                d.duration_minutes AS dur, d.questioning_minutes AS q, d.word_count AS w,
                d.evidence_pieces AS p, d.assessment_date AS date, e.gateway_date AS gw,
                d.exceptional_circumstances AS ec
         FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN assessment_methods m ON m.id = d.method_id
         ORDER BY d.id LIMIT 600`,
      )
      .all() as {
      id: number;
      v: number;
      method: string;
      attempt: number;
      grade: string;
      dur: number | null;
      q: number | null;
      w: number | null;
      p: number | null;
      date: string;
      gw: string;
      ec: number;
    }[];
    let flagged = 0;
    for (const d of decisions) {
      const expected = checkDecisionLimits(versionDefinition(a.ctx, d.v).version, {
        method: d.method,
        attempt: d.attempt,
        grade: d.grade,
        durationMinutes: d.dur ?? undefined,
        questioningMinutes: d.q ?? undefined,
        wordCount: d.w ?? undefined,
        evidencePieces: d.p ?? undefined,
        assessmentDate: d.date,
        gatewayDate: d.gw,
        exceptionalCircumstances: d.ec === 1,
      })
        .map((i) => i.code)
        .sort();
      const stored = s
        .prepare(
          'SELECT code FROM compliance_flags WHERE decision_id = ? AND code NOT IN (SELECT value FROM json_each(?)) ORDER BY code',
        )
        .pluck()
        .all(d.id, JSON.stringify(STANDARDISATION_FLAG_CODES)) as string[];
      expect(stored).toEqual(expected);
      if (stored.length) flagged++;
    }
    expect(flagged).toBeGreaterThan(0);
    expect(a.ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(a.ctx.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('has a standardisation history with a realistic mix, and flags only what it should', async () => {
    const a = await app();
    loadDemoData(a.ctx, { epas: 1500, seed: 42 });
    const s = a.ctx.sqlite;
    const view = complianceView(a.ctx, {});
    // Most compliant; three due soon, two overdue and one new starter never standardised.
    expect(view.counts).toEqual({ compliant: 24, due_soon: 3, overdue: 2, never_attended: 1 });
    const status = (ref: string) => view.rows.find((r) => r.ref === ref)?.status;
    expect([status('IA006'), status('IA022')]).toEqual(['overdue', 'overdue']);
    expect([status('IA009'), status('IA013'), status('IA025')]).toEqual([
      'due_soon',
      'due_soon',
      'due_soon',
    ]);
    expect(status('IA030')).toBe('never_attended');
    // Flags exactly where the story puts them: lapsed for the overdue pair, never for the new
    // starter, ineligible for the expired qualification and the declared conflict.
    const flagged = s
      .prepare(
        `SELECT a.ref || ' ' || f.code FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id
         JOIN assessors a ON a.id = d.assessor_id WHERE f.code IN (SELECT value FROM json_each(?))
         GROUP BY a.ref, f.code ORDER BY a.ref, f.code`,
      )
      .pluck()
      .all(JSON.stringify(STANDARDISATION_FLAG_CODES));
    expect(flagged).toEqual([
      'IA006 standardisation_lapsed',
      'IA011 assessor_ineligible',
      'IA017 assessor_ineligible',
      'IA022 standardisation_lapsed',
      'IA030 standardisation_never',
    ]);
    // Nobody else assessed before their first standardisation.
    expect(
      s
        .prepare(
          `SELECT count(*) FROM decisions d JOIN assessors a ON a.id = d.assessor_id
           WHERE a.ref <> 'IA030' AND d.assessment_date < (
             SELECT min(e.event_date) FROM standardisation_attendance t JOIN standardisation_events e ON e.id = t.event_id
             WHERE t.assessor_id = a.id AND t.attendance = 'attended')`,
        )
        .pluck()
        .get(),
    ).toBe(0);
    const register = registerRows(a.ctx).rows;
    expect(register.filter((r) => r.eligibility === 'ineligible').map((r) => r.ref)).toEqual([
      'IA017',
    ]);
    expect(register.every((r) => r.standards.length > 0 && r.cpdHours >= 0)).toBe(true);
    const report = standardisationReport(a.ctx, { standard: 'ST0071', year: 2026 });
    expect(report.exercises.length).toBe(2);
    expect(report.agreement.length).toBeGreaterThan(15);
  });

  it('derives each complete EPA overall grade by the standard rule', async () => {
    const a = await app();
    loadDemoData(a.ctx, { epas: 400, seed: 3 });
    const epas = a.ctx.sqlite
      .prepare(
        "SELECT id, standard_version_id AS v, overall_grade AS g FROM epas WHERE status IN ('awaiting_confirmation', 'confirmed')",
      )
      .all() as { id: number; v: number; g: string }[];
    expect(epas.length).toBeGreaterThan(100);
    for (const e of epas) {
      const latest = a.ctx.sqlite
        .prepare(
          `SELECT m.code, d.grade FROM decisions d JOIN assessment_methods m ON m.id = d.method_id
           WHERE d.epa_id = ? AND d.attempt = (SELECT max(attempt) FROM decisions x WHERE x.epa_id = d.epa_id AND x.method_id = d.method_id)`,
        )
        .raw(true)
        .all(e.id) as [string, string][];
      const result = overallGrade(
        versionDefinition(a.ctx, e.v).version,
        Object.fromEntries(latest),
      );
      expect(result.grade).toBe(e.g);
    }
  });

  it('is recorded as loaded by the signed-in user, as an import is', async () => {
    const a = await app();
    createUser(a.ctx, { name: 'Priya Shah', role: 'iqa_lead' });
    loadDemoData(a.ctx, { epas: 20, seed: 1 });
    expect(
      a.ctx.sqlite
        .prepare("SELECT imported_by FROM import_batches WHERE kind = 'demo'")
        .pluck()
        .get(),
    ).toBe('Priya Shah');
  });

  it('refuses to load into a database that already has decisions', async () => {
    const a = await app();
    loadDemoData(a.ctx, { epas: 20, seed: 1 });
    const before = a.ctx.sqlite.prepare('SELECT count(*) FROM decisions').pluck().get();
    expect(() => loadDemoData(a.ctx, { epas: 20, seed: 1 })).toThrow(/empty database/);
    expect(a.ctx.sqlite.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(before);
  });
});
