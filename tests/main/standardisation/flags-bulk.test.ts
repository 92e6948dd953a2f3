/**
 * Recomputing flags shares one answer between decisions of the same assessor, standard version
 * and date (unless the assessor has declared conflicts, which depend on each decision's parties),
 * and reads consecutive ids as a range. Checked here against the rule itself, applied decision by
 * decision, on a register that raises every kind of flag: lapsed, never standardised, competence
 * short (a message that changes with the date), a suspension, and a conflict with an employer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionFlags } from '@shared/standardisation';
import { saveConflict, setApprovals, setAssessorStatus } from '../../../src/main/assessors/editing';
import { saveEvent, setAttendance } from '../../../src/main/standardisation/events';
import { recomputeFlags } from '../../../src/main/standardisation/flags';
import { currentPolicy, setPolicy } from '../../../src/main/standardisation/policy';
import { loadAssessorFacts } from '../../../src/main/standardisation/records';
import { inPersonEvent, openTestApp, signInLead, type TestApp } from '../../support/context';
import { addDecision, goodAssessor, versionId } from './helpers';

let app: TestApp;
const decisions: number[] = [];
let steadyId = 0;

/** Every decision's standardisation flags, worked out one decision at a time. */
function expected(): string[] {
  const ctx = app.ctx;
  const facts = loadAssessorFacts(ctx, 'all');
  const policy = currentPolicy(ctx);
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.id, d.assessor_id, d.assessment_date, st.code, v.version, p.uln, emp.name, pr.ukprn
       FROM decisions d JOIN epas e ON e.id = d.epa_id
       JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
       JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id LEFT JOIN providers pr ON pr.id = p.provider_id
       ORDER BY d.id`,
    )
    .raw(true)
    .all() as [number, number, string, string, string, string, string | null, string | null][];
  const out: string[] = [];
  for (const [id, assessorId, date, code, version, uln, employer, ukprn] of rows) {
    const assessor = facts.get(assessorId);
    if (!assessor) continue;
    for (const f of decisionFlags(
      { target: { code, version }, date, parties: { uln, employer, providerUkprn: ukprn } },
      assessor,
      policy,
    ))
      out.push(`${id} ${f.code} ${f.message}`);
  }
  return out.sort();
}

function stored(): string[] {
  return (
    app.ctx.sqlite
      .prepare(
        `SELECT decision_id || ' ' || code || ' ' || message FROM compliance_flags
         WHERE code IN ('standardisation_never', 'standardisation_lapsed', 'assessor_ineligible')`,
      )
      .pluck()
      .all() as string[]
  ).sort();
}

function recompute(scope: Parameters<typeof recomputeFlags>[1]) {
  return app.ctx.sqlite.transaction(() => recomputeFlags(app.ctx, scope)).immediate();
}

beforeAll(async () => {
  app = await openTestApp();
  signInLead(app.ctx);
  const ctx = app.ctx;
  const v10 = versionId(ctx, '1.0');
  const v11 = versionId(ctx, '1.1');
  const steady = goodAssessor(ctx, 'IA201').id;
  steadyId = steady;
  const novice = goodAssessor(ctx, 'IA202', { competenceSince: '2024-03-15' }).id;
  const conflicted = goodAssessor(ctx, 'IA203').id;
  const suspended = goodAssessor(ctx, 'IA204').id;
  for (const assessorId of [steady, novice, conflicted, suspended]) {
    setApprovals(ctx, {
      assessorId,
      approvals: [
        { standardVersionId: v11, approvedFrom: '2023-01-02', approvedTo: null, note: null },
        {
          standardVersionId: v10,
          approvedFrom: '2023-01-02',
          approvedTo: '2025-06-30',
          note: null,
        },
      ],
    });
  }
  const attend = (date: string, standards: string[], who: number[]) => {
    const e = saveEvent(ctx, inPersonEvent(date, `Standardisation ${date}`, standards));
    setAttendance(ctx, {
      eventId: e.id,
      entries: who.map((assessorId) => ({ assessorId, attendance: 'attended' as const })),
    });
  };
  attend('2023-02-01', ['ST0071'], [steady, conflicted, suspended]);
  attend('2024-02-29', ['ST0071 v1.1'], [steady, novice, conflicted]);
  attend('2025-09-15', ['ST0071 v1.1'], [steady, suspended]);
  const employers = ['Harbour Retail Ltd', 'Other Ltd', null];
  let day = Date.parse('2023-01-10T00:00:00Z');
  for (let i = 0; day <= Date.parse('2026-11-10T00:00:00Z'); i++, day += 9 * 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    for (const assessorId of [steady, novice, conflicted, suspended]) {
      // Several decisions share each (assessor, version, date), as in a real export.
      for (let k = 0; k < 2; k++) {
        const employer = employers[(i + k + assessorId) % 3];
        decisions.push(
          addDecision(ctx, {
            assessorId,
            date,
            version: (i + k) % 4 === 0 ? '1.0' : '1.1',
            ...(employer ? { employer } : {}),
          }),
        );
      }
    }
  }
  saveConflict(ctx, {
    assessorId: conflicted,
    partyType: 'employer',
    partyRef: 'harbour retail ltd',
    declaredOn: '2024-06-01',
    endedOn: '2025-12-31',
    note: null,
  });
  setAssessorStatus(ctx, {
    assessorId: suspended,
    status: 'suspended',
    effectiveFrom: '2025-03-01',
    note: null,
  });
  setAssessorStatus(ctx, {
    assessorId: suspended,
    status: 'active',
    effectiveFrom: '2025-05-01',
    note: null,
  });
});
afterAll(() => app.close());

describe('recomputing flags in bulk', () => {
  it('stores exactly what the rule gives decision by decision, with every kind of flag', () => {
    const want = expected();
    expect(stored()).toEqual(want);
    const codes = new Set(want.map((f) => f.split(' ')[1]));
    expect([...codes].sort()).toEqual([
      'assessor_ineligible',
      'standardisation_lapsed',
      'standardisation_never',
    ]);
    expect(want.some((f) => f.includes('conflict of interest'))).toBe(true);
    expect(want.some((f) => f.includes('occupational competence'))).toBe(true);
    expect(want.some((f) => f.includes('suspended'))).toBe(true);
  });

  it('changes nothing when recomputed by consecutive ids, scattered ids, assessors or all', () => {
    const before = stored();
    const scattered = decisions.filter((_, i) => i % 3 !== 1).reverse();
    for (const scope of [
      { decisionIds: decisions },
      { decisionIds: scattered },
      { assessorIds: [1, 2, 3, 4] },
      { all: true as const },
    ]) {
      expect(recompute(scope)).toMatchObject({ raised: 0, cleared: 0 });
      expect(stored()).toEqual(before);
    }
  });

  it('passes over a run with nothing to flag, but still clears a stale flag in one', () => {
    // Standardised on 29 February 2024, approved and competent: nothing to flag that summer.
    const run: number[] = [];
    for (let i = 0; i < 40; i++) {
      const date = `2024-06-${String(1 + (i % 28)).padStart(2, '0')}`;
      run.push(addDecision(app.ctx, { assessorId: steadyId, date }));
    }
    expect(stored()).toEqual(expected());
    expect(recompute({ decisionIds: run })).toEqual({
      decisions: 40,
      raised: 0,
      cleared: 0,
      reworded: 0,
    });
    app.ctx.sqlite
      .prepare(
        "INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, 'standardisation_lapsed', 'assessorId', 'stale')",
      )
      .run(run[5]);
    expect(recompute({ decisionIds: run })).toEqual({
      decisions: 40,
      raised: 0,
      cleared: 1,
      reworded: 0,
    });
    expect(stored()).toEqual(expected());
  });

  it('raises and clears the same flags the rule gives when the policy changes', () => {
    setPolicy(app.ctx, { ...currentPolicy(app.ctx), windowMonths: 6, competenceYears: 3 });
    const want = expected();
    expect(stored()).toEqual(want);
    // Removing the flags and recomputing from ids (as an import does) gives them back.
    app.ctx.sqlite.prepare('DELETE FROM compliance_flags').run();
    const result = recompute({ decisionIds: decisions });
    expect(result.raised).toBe(want.length);
    expect(stored()).toEqual(want);
  });

  it('raises the same flags from what an import passes as from the stored decisions', () => {
    const want = expected();
    expect(want.length).toBeGreaterThan(0);
    // What the importer hands the hook: each decision's assessor, version, apprentice and date.
    const facts = app.ctx.sqlite
      .prepare(
        `SELECT d.id, d.assessor_id, e.standard_version_id, e.apprentice_id, d.assessment_date
         FROM decisions d JOIN epas e ON e.id = d.epa_id ORDER BY d.id`,
      )
      .raw(true)
      .all() as [number, number, number, number, string][];
    const ids = facts.map((f) => f[0]);
    const days = [...new Set(facts.map((f) => f[4]))];
    const written = {
      assessorIds: Int32Array.from(facts, (f) => f[1]),
      versionIds: Int32Array.from(facts, (f) => f[2]),
      apprenticeIds: Int32Array.from(facts, (f) => f[3]),
      dayIndex: Int32Array.from(facts, (f) => days.indexOf(f[4])),
      days,
    };
    app.ctx.sqlite.prepare('DELETE FROM compliance_flags').run();
    expect(recompute({ decisionIds: ids, written })).toMatchObject({
      decisions: ids.length,
      raised: want.length,
      cleared: 0,
    });
    expect(stored()).toEqual(want);
    // With this domain's flags already there, recomputing from the same facts changes nothing.
    expect(recompute({ decisionIds: ids, written })).toMatchObject({ raised: 0, cleared: 0 });
    // And a stale flag among them is cleared, not kept.
    app.ctx.sqlite
      .prepare(
        "INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, 'standardisation_lapsed', 'assessorId', 'stale')",
      )
      .run(ids[3]);
    expect(recompute({ decisionIds: ids, written })).toMatchObject({ cleared: 1 });
    expect(stored()).toEqual(want);
  });
});
