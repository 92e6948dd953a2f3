/**
 * Reads what the pure rules judge: each assessor's register record, declared conflicts and
 * attended events, and the standard versions they assessed lately. One query per kind of fact
 * for any number of assessors, so recomputing flags for a whole register stays cheap.
 */
// From the files, not the barrel: the import worker loads this module (see core/decision-rules).
import { requiredTargets } from '@shared/standardisation/compliance';
import { readCoverageJson, type StandardTarget } from '@shared/standardisation/coverage';
import { normaliseQualification, type AssessorStatus } from '@shared/standardisation/eligibility';
import type { AssessorForFlags } from '@shared/standardisation/flags';
import { addCalendarMonths } from '@shared/standards';
import type { AppContext } from '../core/context';

export interface AssessorFacts extends AssessorForFlags {
  id: number;
  ref: string;
  name: string;
  email: string | null;
}

/** `all`, or these ids. */
export type AssessorScope = 'all' | readonly number[];

function where(scope: AssessorScope, column: string): [string, unknown[]] {
  return scope === 'all'
    ? ['1 = 1', []]
    : [`${column} IN (SELECT value FROM json_each(?))`, [JSON.stringify(scope)]];
}

function group<T>(rows: readonly [number, T][]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const [id, value] of rows) {
    const list = out.get(id);
    if (list) list.push(value);
    else out.set(id, [value]);
  }
  return out;
}

interface AssessorRow {
  id: number;
  ref: string;
  name: string;
  email: string | null;
  status: AssessorStatus;
  startDate: string | null;
  qualificationStatus: string | null;
  qualificationExpectedBy: string | null;
  qualificationAchievedOn: string | null;
  qualificationNote: string | null;
  competenceSince: string | null;
  competenceEvidence: string | null;
  sectorExperience: string | null;
  competenceFiles: number;
}

export function loadAssessorFacts(
  ctx: AppContext,
  scope: AssessorScope,
): Map<number, AssessorFacts> {
  const s = ctx.sqlite;
  const [w, p] = where(scope, 'a.id');
  const rows = s
    .prepare(
      `SELECT a.id, a.ref, a.name, a.email, a.status, a.start_date AS startDate,
         a.qualification_status AS qualificationStatus, a.qualification_expected_by AS qualificationExpectedBy,
         a.qualification_achieved_on AS qualificationAchievedOn, a.qualification_note AS qualificationNote,
         a.competence_since AS competenceSince, a.competence_evidence AS competenceEvidence,
         a.sector_experience AS sectorExperience,
         (SELECT count(*) FROM attachments f WHERE f.owner_type = 'assessor' AND f.owner_id = a.id
            AND f.kind = 'competence') AS competenceFiles
       FROM assessors a WHERE ${w} ORDER BY a.ref`,
    )
    .all(...p) as AssessorRow[];

  const [ws, ps] = where(scope, 'assessor_id');
  const history = group(
    s
      .prepare(
        `SELECT assessor_id, status, effective_from FROM assessor_status_changes WHERE ${ws}
         ORDER BY assessor_id, effective_from, id`,
      )
      .raw(true)
      .all(...ps)
      .map((r) => {
        const [id, status, from] = r as [number, AssessorStatus, string];
        return [id, { status, from }] as [number, { status: AssessorStatus; from: string }];
      }),
  );
  const approvals = group(
    s
      .prepare(
        `SELECT ap.assessor_id, st.code, v.version, ap.approved_from, ap.approved_to
         FROM assessor_approvals ap JOIN standard_versions v ON v.id = ap.standard_version_id
         JOIN standards st ON st.id = v.standard_id WHERE ${where(scope, 'ap.assessor_id')[0]}`,
      )
      .raw(true)
      .all(...ps)
      .map((r) => {
        const [id, code, version, from, to] = r as [
          number,
          string,
          string,
          string | null,
          string | null,
        ];
        return [id, { code, version, from, to }] as [
          number,
          { code: string; version: string; from: string | null; to: string | null },
        ];
      }),
  );
  const conflicts = group(
    s
      .prepare(
        `SELECT subject_id, party_type, party_ref, declared_on, ended_on FROM conflicts
         WHERE subject_type = 'assessor' AND ${where(scope, 'subject_id')[0]}`,
      )
      .raw(true)
      .all(...ps)
      .map((r) => {
        const [id, partyType, partyRef, declaredOn, endedOn] = r as [
          number,
          'employer' | 'provider' | 'apprentice',
          string,
          string | null,
          string | null,
        ];
        return [id, { partyType, partyRef, declaredOn, endedOn }] as [
          number,
          AssessorFacts['conflicts'][number],
        ];
      }),
  );
  const attended = group(
    s
      .prepare(
        `SELECT a.assessor_id, e.event_date, e.standards_json FROM standardisation_attendance a
         JOIN standardisation_events e ON e.id = a.event_id
         WHERE a.attendance = 'attended' AND ${where(scope, 'a.assessor_id')[0]}
         ORDER BY e.event_date`,
      )
      .raw(true)
      .all(...ps)
      .map((r) => {
        const [id, date, json] = r as [number, string, string];
        return [id, { date, coverage: readCoverageJson(json) }] as [
          number,
          AssessorFacts['attended'][number],
        ];
      }),
  );

  const out = new Map<number, AssessorFacts>();
  for (const a of rows) {
    out.set(a.id, {
      id: a.id,
      ref: a.ref,
      name: a.name,
      email: a.email,
      record: {
        startDate: a.startDate,
        status: a.status,
        statusHistory: history.get(a.id) ?? [],
        competenceSince: a.competenceSince,
        competenceEvidenced: Boolean(a.competenceEvidence?.trim()) || a.competenceFiles > 0,
        sectorExperience: a.sectorExperience,
        qualification: {
          status: normaliseQualification(a.qualificationStatus),
          expectedBy: a.qualificationExpectedBy,
          achievedOn: a.qualificationAchievedOn,
          note: a.qualificationNote,
        },
        approvals: approvals.get(a.id) ?? [],
      },
      attended: attended.get(a.id) ?? [],
      conflicts: conflicts.get(a.id) ?? [],
    });
  }
  return out;
}

/**
 * Standard versions each assessor assessed in the window ending on `at` (inclusive). Decisions
 * are read from the covering index decisions_analytics and reduced to distinct (assessor,
 * method) pairs; a method belongs to one standard version, so no EPA is read. At a million
 * decisions in the window the planner's own choice (a table row per decision, then the versions
 * and standards per row) took 9.5 s for all assessors; through each decision's EPA, 1.0 s; this
 * way, see the commit that made it.
 */
export function recentlyAssessed(
  ctx: AppContext,
  at: string,
  windowMonths: number,
  scope: AssessorScope,
): Map<number, StandardTarget[]> {
  const [w, p] = where(scope, 'd.assessor_id');
  const rows = ctx.sqlite
    .prepare(
      `SELECT g.assessor_id, st.code, v.version FROM (
         SELECT DISTINCT d.assessor_id, d.method_id
         FROM decisions d INDEXED BY decisions_analytics
         WHERE d.assessment_date > ? AND d.assessment_date <= ? AND ${w}) g
       CROSS JOIN assessment_methods m ON m.id = g.method_id
       JOIN standard_versions v ON v.id = m.standard_version_id JOIN standards st ON st.id = v.standard_id
       GROUP BY g.assessor_id, st.code, v.version ORDER BY g.assessor_id, st.code, v.version`,
    )
    .raw(true)
    .all(addCalendarMonths(at, -windowMonths), at, ...p) as [number, string, string][];
  return group(rows.map(([id, code, version]) => [id, { code, version }]));
}

/** The versions an assessor must be standardised on at `at` (see requiredTargets). */
export function targetsFor(
  facts: AssessorFacts,
  recent: ReadonlyMap<number, StandardTarget[]>,
  at: string,
): StandardTarget[] {
  return requiredTargets(facts.record.approvals, recent.get(facts.id) ?? [], at);
}
