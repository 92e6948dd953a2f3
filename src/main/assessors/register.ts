/**
 * The assessor register as the IQA lead reads it: each assessor with their eligibility against
 * the independent-assessor criteria (and why not) and their standardisation status, and the full
 * profile behind each row.
 */
import {
  approvalActive,
  formatCoverage,
  normaliseQualification,
  readCoverageJson,
  statusOn,
} from '@shared/standardisation';
import { addCalendarMonths } from '@shared/standards';
import type { AssessorProfileDto, RegisterRowDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { listAttachments } from '../attachments/service';
import {
  assessorStates,
  complianceSummary,
  type AssessorState,
} from '../standardisation/compliance';
import { loadExercise } from '../standardisation/exercise-results';
import { currentPolicy } from '../standardisation/policy';
import { listAssessors } from './service';

function statusSince(state: AssessorState, at: string): string | null {
  return statusOn(state.facts.record, at).since;
}

/** Versions approved on the date, one entry per standard: "ST0071 v1.0, v1.1". */
function approvedNames(state: AssessorState, at: string): string[] {
  const byCode = new Map<string, string[]>();
  for (const a of state.facts.record.approvals.filter((x) => approvalActive(x, at)))
    byCode.set(a.code, [...(byCode.get(a.code) ?? []), `v${a.version}`]);
  return [...byCode.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([code, versions]) => `${code} ${versions.sort().join(', ')}`);
}

function cpdHours(ctx: AppContext, from: string, to: string): Map<number, number> {
  return new Map(
    ctx.sqlite
      .prepare(
        `SELECT assessor_id, sum(hours) FROM assessor_cpd WHERE activity_date > ? AND activity_date <= ?
         GROUP BY assessor_id`,
      )
      .raw(true)
      .all(from, to) as [number, number][],
  );
}

export function registerRows(ctx: AppContext): { at: string; rows: RegisterRowDto[] } {
  const at = today(ctx);
  const policy = currentPolicy(ctx);
  const volumes = new Map(listAssessors(ctx).map((a) => [a.id, a]));
  const hours = cpdHours(ctx, addCalendarMonths(at, -policy.windowMonths), at);
  const rows = assessorStates(ctx, at, 'all').map((s): RegisterRowDto => {
    const v = volumes.get(s.facts.id);
    return {
      id: s.facts.id,
      ref: s.facts.ref,
      name: s.facts.name,
      email: s.facts.email,
      status: statusOn(s.facts.record, at).status,
      statusSince: statusSince(s, at),
      startDate: s.facts.record.startDate,
      standards: approvedNames(s, at),
      eligibility: s.eligibilityState,
      eligibilityReasons: s.eligibilityReasons,
      compliance: complianceSummary(s),
      decisions: v?.decisions ?? 0,
      flagged: v?.flagged ?? 0,
      lastAssessmentDate: v?.lastAssessmentDate ?? null,
      grades: v?.grades ?? {},
      cpdHours: hours.get(s.facts.id) ?? 0,
    };
  });
  return { at, rows };
}

interface ProfileRow {
  status: 'active' | 'suspended' | 'left';
  startDate: string | null;
  qualificationStatus: string | null;
  qualificationName: string | null;
  qualificationExpectedBy: string | null;
  qualificationAchievedOn: string | null;
  qualificationNote: string | null;
  competenceSince: string | null;
  competenceEvidence: string | null;
  sectorExperience: string | null;
}

export function assessorProfile(ctx: AppContext, assessorId: number): AssessorProfileDto {
  const at = today(ctx);
  const policy = currentPolicy(ctx);
  const state = assessorStates(ctx, at, [assessorId])[0];
  if (!state) throw new DomainError('not_found', `Assessor ${assessorId} does not exist.`);
  const s = ctx.sqlite;
  const row = s
    .prepare(
      `SELECT status, start_date AS startDate, qualification_status AS qualificationStatus,
         qualification_name AS qualificationName, qualification_expected_by AS qualificationExpectedBy,
         qualification_achieved_on AS qualificationAchievedOn, qualification_note AS qualificationNote,
         competence_since AS competenceSince, competence_evidence AS competenceEvidence,
         sector_experience AS sectorExperience
       FROM assessors WHERE id = ?`,
    )
    .get(assessorId) as ProfileRow;
  const qualification = normaliseQualification(row.qualificationStatus);

  const cpdEntries = s
    .prepare(
      `SELECT id, activity_date AS activityDate, activity, hours, notes FROM assessor_cpd
       WHERE assessor_id = ? ORDER BY activity_date DESC, id DESC`,
    )
    .all(assessorId) as Omit<AssessorProfileDto['cpd']['entries'][number], 'attachments'>[];
  const cpdFiles = listAttachments(
    ctx,
    'cpd',
    cpdEntries.map((e) => e.id),
  );
  const windowFrom = addCalendarMonths(at, -policy.windowMonths);
  const byYear = new Map<number, number>();
  for (const e of cpdEntries) {
    const y = Number(e.activityDate.slice(0, 4));
    byYear.set(y, (byYear.get(y) ?? 0) + e.hours);
  }

  const exerciseIds = s
    .prepare(
      `SELECT DISTINCT x.id FROM standardisation_exercises x
       JOIN standardisation_attendance t ON t.event_id = x.event_id AND t.attendance = 'attended'
       JOIN standardisation_events e ON e.id = x.event_id
       WHERE t.assessor_id = ? ORDER BY e.event_date DESC, x.id`,
    )
    .pluck()
    .all(assessorId) as number[];
  const exercises = exerciseIds.map((id) => {
    const x = loadExercise(ctx, id);
    const mine = x.results.assessors.find((a) => a.assessorId === assessorId);
    return {
      exerciseId: id,
      eventId: x.eventId,
      eventDate: x.eventDate,
      title: x.title,
      items: mine?.items ?? 0,
      exact: mine?.exact ?? null,
      followUp: mine?.followUp ?? [],
    };
  });

  const counts = s
    .prepare(
      `SELECT count(*) AS decisions,
         (SELECT count(DISTINCT f.decision_id) FROM compliance_flags f JOIN decisions d2 ON d2.id = f.decision_id
          WHERE d2.assessor_id = ?) AS flagged
       FROM decisions WHERE assessor_id = ?`,
    )
    .get(assessorId, assessorId) as { decisions: number; flagged: number };

  return {
    id: state.facts.id,
    ref: state.facts.ref,
    name: state.facts.name,
    email: state.facts.email,
    status: statusOn(state.facts.record, at).status,
    statusSince: statusSince(state, at),
    statusHistory: s
      .prepare(
        `SELECT status, effective_from AS effectiveFrom, note, recorded_by AS recordedBy
         FROM assessor_status_changes WHERE assessor_id = ? ORDER BY effective_from DESC, id DESC`,
      )
      .all(assessorId) as AssessorProfileDto['statusHistory'],
    startDate: row.startDate,
    qualification: {
      status: qualification,
      unrecognised: qualification === null ? row.qualificationStatus : null,
      name: row.qualificationName,
      expectedBy: row.qualificationExpectedBy,
      achievedOn: row.qualificationAchievedOn,
      note: row.qualificationNote,
    },
    competenceSince: row.competenceSince,
    competenceEvidence: row.competenceEvidence,
    sectorExperience: row.sectorExperience,
    approvals: s
      .prepare(
        `SELECT ap.standard_version_id AS standardVersionId, st.code || ' v' || v.version AS standard,
           ap.approved_from AS approvedFrom, ap.approved_to AS approvedTo, ap.note
         FROM assessor_approvals ap JOIN standard_versions v ON v.id = ap.standard_version_id
         JOIN standards st ON st.id = v.standard_id WHERE ap.assessor_id = ? ORDER BY st.code, v.version`,
      )
      .all(assessorId) as AssessorProfileDto['approvals'],
    conflicts: s
      .prepare(
        `SELECT id, party_type AS partyType, party_ref AS partyRef, declared_on AS declaredOn,
           ended_on AS endedOn, note FROM conflicts
         WHERE subject_type = 'assessor' AND subject_id = ? ORDER BY coalesce(declared_on, created_at) DESC, id DESC`,
      )
      .all(assessorId) as AssessorProfileDto['conflicts'],
    eligibility: state.eligibility,
    compliance: complianceSummary(state),
    attendance: (
      s
        .prepare(
          `SELECT e.id AS eventId, e.event_date AS date, e.title, e.standards_json AS json, t.attendance
           FROM standardisation_attendance t JOIN standardisation_events e ON e.id = t.event_id
           WHERE t.assessor_id = ? ORDER BY e.event_date DESC, e.id DESC`,
        )
        .all(assessorId) as {
        eventId: number;
        date: string;
        title: string;
        json: string;
        attendance: 'attended' | 'apologies' | 'absent';
      }[]
    ).map(({ json, ...r }) => ({ ...r, standards: readCoverageJson(json).map(formatCoverage) })),
    exercises,
    cpd: {
      entries: cpdEntries.map((e) => ({
        ...e,
        attachments: cpdFiles.filter((f) => f.ownerId === e.id),
      })),
      windowHours: cpdEntries
        .filter((e) => e.activityDate > windowFrom && e.activityDate <= at)
        .reduce((sum, e) => sum + e.hours, 0),
      windowMonths: policy.windowMonths,
      byYear: [...byYear.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([year, hours]) => ({ year, hours })),
    },
    attachments: listAttachments(ctx, 'assessor', [assessorId]),
    decisions: counts.decisions,
    flagged: counts.flagged,
  };
}
