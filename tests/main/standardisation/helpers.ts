/**
 * Decisions written the way the importer writes them: rows in a transaction that then runs the
 * decisions-written hooks, so standardisation's flags arrive with the decisions.
 */
import { makeUln } from '@shared/identifiers';
import type { AppContext } from '../../../src/main/core/context';
import { runDecisionsWrittenHooks } from '../../../src/main/decisions/hooks';
import { saveAssessor } from '../../../src/main/assessors/editing';

let next = 100_000_001;

export function versionId(ctx: AppContext, version: string, code = 'ST0071'): number {
  return ctx.sqlite
    .prepare(
      'SELECT v.id FROM standard_versions v JOIN standards s ON s.id = v.standard_id WHERE s.code = ? AND v.version = ?',
    )
    .pluck()
    .get(code, version) as number;
}

export function addDecision(
  ctx: AppContext,
  d: { assessorId: number; date: string; version?: string; employer?: string; method?: string },
): number {
  const s = ctx.sqlite;
  return s
    .transaction(() => {
      let employerId: number | null = null;
      if (d.employer) {
        s.prepare('INSERT OR IGNORE INTO employers (name) VALUES (?)').run(d.employer);
        employerId = s
          .prepare('SELECT id FROM employers WHERE name = ?')
          .pluck()
          .get(d.employer) as number;
      }
      let uln: string | null = null;
      while (uln === null) uln = makeUln(String(next++));
      const apprentice = Number(
        s.prepare('INSERT INTO apprentices (uln, employer_id) VALUES (?, ?)').run(uln, employerId)
          .lastInsertRowid,
      );
      const v = versionId(ctx, d.version ?? '1.1');
      const epa = Number(
        s
          .prepare(
            'INSERT INTO epas (apprentice_id, standard_version_id, gateway_date) VALUES (?, ?, ?)',
          )
          .run(apprentice, v, '2020-01-01').lastInsertRowid,
      );
      const method = s
        .prepare('SELECT id FROM assessment_methods WHERE standard_version_id = ? AND code = ?')
        .pluck()
        .get(v, d.method ?? 'O') as number;
      const id = Number(
        s
          .prepare(
            `INSERT INTO decisions (epa_id, method_id, attempt, assessor_id, assessment_date, grade)
             VALUES (?, ?, 1, ?, ?, 'Pass')`,
          )
          .run(epa, method, d.assessorId, d.date).lastInsertRowid,
      );
      runDecisionsWrittenHooks(ctx, [id]);
      return id;
    })
    .immediate();
}

export function flagsOf(ctx: AppContext, decisionId: number): string[] {
  return ctx.sqlite
    .prepare('SELECT code FROM compliance_flags WHERE decision_id = ? ORDER BY code')
    .pluck()
    .all(decisionId) as string[];
}

export function messagesOf(ctx: AppContext, decisionId: number): string[] {
  return ctx.sqlite
    .prepare('SELECT message FROM compliance_flags WHERE decision_id = ? ORDER BY code')
    .pluck()
    .all(decisionId) as string[];
}

/** An assessor who meets every criterion, approved on ST0071 v1.1 from 2023. */
export function goodAssessor(
  ctx: AppContext,
  ref: string,
  extra: Partial<Parameters<typeof saveAssessor>[1]> = {},
) {
  return saveAssessor(ctx, {
    ref,
    name: `Assessor ${ref}`,
    email: `${ref.toLowerCase()}@example.org`,
    startDate: '2023-01-02',
    qualificationStatus: 'held',
    qualificationName: 'Level 3 Certificate in Assessing Vocational Achievement',
    qualificationExpectedBy: null,
    qualificationAchievedOn: '2020-01-01',
    qualificationNote: null,
    competenceSince: '2012-01-01',
    competenceEvidence: 'CV and reference on file',
    sectorExperience: 'Contact centre manager',
    ...extra,
  });
}
