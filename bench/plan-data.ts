/**
 * Bulk data for the sampling benchmarks: N held decisions in one period, spread over assessors,
 * employers and providers like a large EPAO's year. Written straight through positional prepared
 * statements (the fastest path measured in the engineering notes) rather than the demo
 * generator, which simulates far more than sampling needs and would dominate the run time.
 */
import type { AppContext } from '../src/main/core/context';
import { makeUln } from '../src/shared/identifiers';
import { createRng } from '../src/shared/random';
import { allVersions } from '../src/main/standards/load';

export const PERIOD = { from: '2026-01-01', to: '2026-12-31' };

export function loadPlanData(ctx: AppContext, decisions: number): { assessors: number } {
  const s = ctx.sqlite;
  const rng = createRng(42);
  const version = allVersions(ctx).at(-1);
  if (!version) throw new Error('no standard loaded');
  const methods = [...version.methodIds.values()];
  const grades = ['Fail', 'Pass', 'Distinction'];
  const epas = Math.ceil(decisions / methods.length);
  // About 400 decisions per assessor a year, as in a busy EPAO.
  const assessorCount = Math.max(30, Math.round(decisions / 400));
  const employerCount = Math.max(50, Math.round(epas / 25));
  const providerCount = Math.max(10, Math.round(epas / 250));
  s.transaction(() => {
    const insA = s.prepare(
      "INSERT INTO assessors (id, ref, name, status, start_date) VALUES (?, ?, ?, 'active', ?)",
    );
    for (let i = 1; i <= assessorCount; i++)
      insA.run(
        i,
        `IA${String(i).padStart(5, '0')}`,
        `Assessor ${i}`,
        i % 50 === 0 ? '2026-05-01' : '2019-01-01',
      );
    const insE = s.prepare('INSERT INTO employers (id, name) VALUES (?, ?)');
    for (let i = 1; i <= employerCount; i++) insE.run(i, `Employer ${i}`);
    const insP = s.prepare('INSERT INTO providers (id, ukprn, name) VALUES (?, ?, ?)');
    for (let i = 1; i <= providerCount; i++) insP.run(i, String(10_000_000 + i), `Provider ${i}`);
    const insAp = s.prepare(
      'INSERT INTO apprentices (id, uln, given_name, family_name, employer_id, provider_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insEpa = s.prepare(
      "INSERT INTO epas (id, apprentice_id, standard_version_id, gateway_date, status) VALUES (?, ?, ?, '2025-12-01', 'awaiting_confirmation')",
    );
    const insD = s.prepare(
      "INSERT INTO decisions (id, epa_id, decision_ref, method_id, attempt, assessor_id, assessment_date, grade, status) VALUES (?, ?, ?, ?, 1, ?, ?, ?, 'held')",
    );
    const insOld = s.prepare(
      "INSERT INTO decisions (id, epa_id, decision_ref, method_id, attempt, assessor_id, assessment_date, grade, status) VALUES (?, ?, ?, ?, 1, ?, '2019-06-03', 'Pass', 'released')",
    );
    const insF = s.prepare(
      "INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, 'questioning_share', 'questioning_minutes', 'questioning 22% of observation (limit 15%)')",
    );
    let uln = 100_000_000;
    let decisionId = 0;
    // Established assessors: a released decision years back, so nobody is new on the standard
    // (new assessors' first months are sampled at 100%, which would swamp the measurement).
    let e0 = epas;
    for (let a = 1; a <= assessorCount; a++) {
      e0++;
      let u: string | null = null;
      while (u === null) u = makeUln(String(uln++));
      insAp.run(e0, u, 'Ann', 'Example', 1, 1);
      insEpa.run(e0, e0, version.id);
      insOld.run(decisions + a, e0, `OLD-${a}`, methods[0], a);
    }
    // Standardised twice a year, as an EPAO keeps its assessors: all but one in twenty, whose
    // lapse exercises the overdue-standardisation risk without swamping the sample.
    const insEv = s.prepare(
      `INSERT INTO standardisation_events (event_date, title, standards_json, created_by)
       VALUES (?, 'Standardisation', '["ST0071"]', 'bench')`,
    );
    const insAt = s.prepare(
      "INSERT INTO standardisation_attendance (event_id, assessor_id, attendance) VALUES (?, ?, 'attended')",
    );
    for (const date of ['2018-12-03', '2025-09-01', '2026-03-02', '2026-09-07']) {
      const event = insEv.run(date).lastInsertRowid;
      for (let a = 1; a <= assessorCount; a++)
        if (date === '2018-12-03' || a % 20 !== 0) insAt.run(event, a);
    }
    const dayMs = 86_400_000;
    const start = Date.parse(`${PERIOD.from}T00:00:00Z`);
    for (let e = 1; e <= epas && decisionId < decisions; e++) {
      let u: string | null = null;
      while (u === null) u = makeUln(String(uln++));
      const employer = rng.int(1, employerCount);
      insAp.run(e, u, 'Ann', 'Example', employer, ((employer * 7) % providerCount) + 1);
      insEpa.run(e, e, version.id);
      const assessor = rng.int(1, assessorCount);
      const day = rng.int(0, 360);
      for (const method of methods) {
        if (decisionId >= decisions) break;
        decisionId++;
        const date = new Date(start + (day + rng.int(0, 4)) * dayMs).toISOString().slice(0, 10);
        const r = rng.next();
        const grade = grades[r < 0.08 ? 0 : r < 0.7 ? 1 : 2] as string;
        insD.run(decisionId, e, `B-${decisionId}`, method, assessor, date, grade);
        if (rng.chance(0.01)) insF.run(decisionId);
      }
    }
  }).immediate();
  s.pragma('optimize');
  return { assessors: assessorCount };
}
