/**
 * The demo generator's canonical CSV, imported, gives back the generator's own data: the same
 * decisions, the same compliance flags and the same overall grades. So the import applies the
 * standard's rules exactly as the rest of the app does, and the benchmark file is realistic.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/main/core/context';
import { writeDemoDecisionsCsv } from '../../../src/main/demo/csv';
import { loadDemoData } from '../../../src/main/demo/generate';
import { fixedClock, openTestApp, signInLead, type TestApp } from '../../support/context';
import { STANDARDISATION_FLAG_CODES } from '../../../src/shared/standardisation';
import { importFile } from './helpers';

let generated: TestApp;
let imported: TestApp;
beforeEach(async () => {
  generated = await openTestApp();
  imported = await openTestApp();
});
afterEach(() => {
  generated.close();
  imported.close();
});

function facts(ctx: AppContext): { decisions: unknown[]; flags: unknown[]; epas: unknown[] } {
  const q = (sql: string): unknown[] => ctx.sqlite.prepare(sql).raw(true).all();
  return {
    decisions: q(
      `SELECT d.decision_ref, p.uln, m.code, d.attempt, a.ref, d.assessment_date, d.grade,
         d.duration_minutes, d.questioning_minutes, d.word_count, d.evidence_pieces,
         d.exceptional_circumstances, d.status
       FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       JOIN assessment_methods m ON m.id = d.method_id JOIN assessors a ON a.id = d.assessor_id
       ORDER BY d.decision_ref`,
    ),
    // A decisions file carries no standardisation history, so standardisation's own flags (which
    // the generator's history decides) are not the import's to reproduce.
    flags: q(
      `SELECT d.decision_ref, f.code, f.field, f.message FROM compliance_flags f
       JOIN decisions d ON d.id = f.decision_id
       WHERE f.code NOT IN (${STANDARDISATION_FLAG_CODES.map((c) => `'${c}'`).join(', ')})
       ORDER BY d.decision_ref, f.code`,
    ),
    epas: q(
      `SELECT p.uln, v.version, e.gateway_date, e.overall_grade, e.status FROM epas e
       JOIN apprentices p ON p.id = e.apprentice_id JOIN standard_versions v ON v.id = e.standard_version_id
       WHERE EXISTS (SELECT 1 FROM decisions d WHERE d.epa_id = e.id) ORDER BY p.uln`,
    ),
  };
}

describe('the demo generator as a decisions file', () => {
  it('imports back to exactly what the generator made', async () => {
    loadDemoData(generated.ctx, { epas: 400, seed: 5, history: false });
    const file = path.join(imported.dir, 'demo.csv');
    const written = await writeDemoDecisionsCsv(file, { epas: 400, seed: 5, clock: fixedClock() });
    const result = await importFile(imported.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: written.rows, rejected: 0 });
    const want = facts(generated.ctx);
    const got = facts(imported.ctx);
    expect(want.flags.length).toBeGreaterThan(5);
    expect(got.decisions).toEqual(want.decisions);
    expect(got.flags).toEqual(want.flags);
    expect(got.epas).toEqual(want.epas);
    expect(result.counts.flags).toBe(
      imported.ctx.sqlite.prepare('SELECT count(*) FROM compliance_flags').pluck().get(),
    );
  });

  it('re-imported into the demo database, its moderation history made, changes nothing', async () => {
    // The generator records no source grade (it also builds databases of older versions, before
    // the column): the import works it out from the audit log, and records it.
    signInLead(generated.ctx);
    loadDemoData(generated.ctx, { epas: 300, seed: 4 });
    const s = generated.ctx.sqlite;
    const grades = 'SELECT id, grade FROM decisions ORDER BY id';
    const before = s.prepare(grades).raw(true).all();
    expect(
      s.prepare('SELECT count(*) FROM decisions WHERE source_grade IS NOT NULL').pluck().get(),
    ).toBe(0);
    const file = path.join(generated.dir, 'demo.csv');
    await writeDemoDecisionsCsv(file, { epas: 300, seed: 4, clock: fixedClock() });
    const result = await importFile(generated.ctx, 'decisions', file);
    expect(result.counts).toMatchObject({ new: 0, changed: 0, rejected: 0 });
    expect(result.heldAgain).toEqual([]);
    expect(s.prepare(grades).raw(true).all()).toEqual(before);
    // The grades the history's moderation changed stand beside the source's, now recorded.
    expect(
      s.prepare('SELECT count(*) FROM decisions WHERE source_grade IS NULL').pluck().get(),
    ).toBe(0);
    const regraded = s
      .prepare(
        `SELECT count(*) FROM decisions d WHERE d.grade <> d.source_grade AND EXISTS (
           SELECT 1 FROM audit_log l WHERE l.entity = 'decision' AND l.entity_id = CAST(d.id AS TEXT)
             AND l.action = 'decision.grade-change')`,
      )
      .pluck();
    expect(regraded.get()).toBeGreaterThan(0);
    expect(regraded.get()).toBe(
      s.prepare('SELECT count(*) FROM decisions WHERE grade <> source_grade').pluck().get(),
    );
  });
});
