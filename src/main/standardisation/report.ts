/**
 * The annual standardisation report for one standard: events held, attendance, assessors who did
 * not attend, compliance at the year's end (or today) and sample-marking agreement, for the
 * screen, a PDF and a CSV. An auditor asks exactly these questions of the assessment plan's
 * "standardisation events that let every assessor attend at least one a year".
 */
import {
  COMPLIANCE_STATUSES,
  assessorCompliance,
  exerciseResults,
  statusOn,
  type ComplianceStatus,
  type ExerciseItem,
  type ExerciseMark,
  type Participant,
} from '@shared/standardisation';
import type { ExerciseDetailDto, ReportDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { assessorStates } from './compliance';
import { listEvents } from './events';
import { loadExercise } from './exercise-results';
import { currentPolicy } from './policy';

function zeroCounts(): Record<ComplianceStatus, number> {
  return Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<
    ComplianceStatus,
    number
  >;
}

/** Exercises on the standard pooled for each assessor's agreement across the year. */
function pooledAgreement(
  exercises: ExerciseDetailDto[],
  policy: ReturnType<typeof currentPolicy>,
): ReportDto['agreement'] {
  if (exercises.length === 0) return [];
  // Pool exercises that share the commonest grade scale (a standard's versions normally do).
  const scales = new Map<string, ExerciseDetailDto[]>();
  for (const x of exercises) {
    const key = JSON.stringify(x.version.grades);
    scales.set(key, [...(scales.get(key) ?? []), x]);
  }
  const pool = [...scales.values()].sort((a, b) => b.length - a.length)[0] as ExerciseDetailDto[];
  const items: ExerciseItem[] = pool.flatMap((x) => x.items);
  const marks: ExerciseMark[] = pool.flatMap((x) => x.marks);
  const people = new Map<number, Participant>();
  for (const x of pool)
    for (const a of x.attendees)
      if (marks.some((m) => m.assessorId === a.assessorId)) people.set(a.assessorId, a);
  const result = exerciseResults(
    (pool[0] as ExerciseDetailDto).version.grades,
    items,
    marks,
    [...people.values()].sort((a, b) => a.ref.localeCompare(b.ref)),
    policy,
  );
  // Across the year an assessor is not expected to have graded every item of every exercise.
  return result.assessors.map((a) => ({
    ...a,
    followUp: a.followUp.filter((r) => !r.startsWith('graded ')),
  }));
}

export function standardisationReport(
  ctx: AppContext,
  input: { standard: string; year: number },
): ReportDto {
  const code = input.standard.trim().toUpperCase();
  const standard = ctx.sqlite
    .prepare('SELECT code, title FROM standards WHERE code = ?')
    .get(code) as { code: string; title: string } | undefined;
  if (!standard) throw new DomainError('not_found', `${code} is not a standard loaded in the app.`);
  const policy = currentPolicy(ctx);
  const from = `${input.year}-01-01`;
  const to = `${input.year}-12-31`;
  const now = today(ctx);
  const at = to < now ? to : now;

  const events = listEvents(ctx, { from, to })
    .events.filter((e) => e.standards.some((s) => s === code || s.startsWith(`${code} `)))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  const eventIds = events.map((e) => e.id);

  const attendance = ctx.sqlite
    .prepare(
      `SELECT assessor_id, attendance FROM standardisation_attendance WHERE event_id IN (SELECT value FROM json_each(?))`,
    )
    .raw(true)
    .all(JSON.stringify(eventIds)) as [number, string][];
  const recordedIds = new Set(attendance.map(([id]) => id));
  const attendedIds = new Set(attendance.filter(([, a]) => a === 'attended').map(([id]) => id));

  const assessedIds = new Set(
    ctx.sqlite
      .prepare(
        `SELECT DISTINCT d.assessor_id FROM decisions d JOIN epas e ON e.id = d.epa_id
         JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id
         WHERE st.code = ? AND d.assessment_date BETWEEN ? AND ?`,
      )
      .pluck()
      .all(code, from, at) as number[],
  );

  const states = assessorStates(ctx, at, 'all');
  const inScope = states.filter((s) => {
    const r = s.facts.record;
    if (r.startDate && r.startDate > at) return false;
    const approved = r.approvals.some(
      (a) =>
        a.code === code && (a.from === null || a.from <= at) && (a.to === null || a.to >= from),
    );
    const active = statusOn(r, at).status === 'active' || statusOn(r, from).status === 'active';
    return active && (approved || assessedIds.has(s.facts.id) || recordedIds.has(s.facts.id));
  });

  /** Status on this standard's versions only; the assessor's overall status if none apply. */
  const statusOnStandard = (s: (typeof states)[number]) => {
    const targets = s.targets.filter((t) => t.code === code);
    return targets.length > 0
      ? assessorCompliance(s.facts.attended, targets, at, policy)
      : s.compliance;
  };

  const lastOnStandard = (s: (typeof states)[number]): string | null => {
    let last: string | null = null;
    for (const e of s.facts.attended)
      if (
        e.date <= at &&
        e.coverage.some((c) => c.code === code) &&
        (last === null || e.date > last)
      )
        last = e.date;
    return last;
  };

  const requiredNow = inScope.filter((s) => s.required);
  const counts = zeroCounts();
  const complianceRows = requiredNow
    .map((s) => {
      const c = statusOnStandard(s);
      counts[c.status]++;
      return {
        ref: s.facts.ref,
        name: s.facts.name,
        status: c.status,
        lastAttended: c.lastAttended,
        dueBy: c.dueBy,
      };
    })
    .sort((a, b) => a.ref.localeCompare(b.ref));

  const exerciseIds = ctx.sqlite
    .prepare(
      `SELECT x.id FROM standardisation_exercises x JOIN standard_versions v ON v.id = x.standard_version_id
       JOIN standards st ON st.id = v.standard_id
       WHERE st.code = ? AND x.event_id IN (SELECT value FROM json_each(?)) ORDER BY x.id`,
    )
    .pluck()
    .all(code, JSON.stringify(eventIds)) as number[];
  const exercises = exerciseIds.map((id) => loadExercise(ctx, id));

  const flagRow = ctx.sqlite
    .prepare(
      `SELECT count(*) AS decisions,
         sum(EXISTS (SELECT 1 FROM compliance_flags f WHERE f.decision_id = d.id AND f.code = 'standardisation_never')) AS never,
         sum(EXISTS (SELECT 1 FROM compliance_flags f WHERE f.decision_id = d.id AND f.code = 'standardisation_lapsed')) AS lapsed,
         sum(EXISTS (SELECT 1 FROM compliance_flags f WHERE f.decision_id = d.id AND f.code = 'assessor_ineligible')) AS ineligible
       FROM decisions d JOIN epas e ON e.id = d.epa_id JOIN standard_versions v ON v.id = e.standard_version_id
       JOIN standards st ON st.id = v.standard_id
       WHERE st.code = ? AND d.assessment_date BETWEEN ? AND ?`,
    )
    .get(code, from, to) as {
    decisions: number;
    never: number | null;
    lapsed: number | null;
    ineligible: number | null;
  };

  const recorded = attendance.length;
  const attendedCount = attendance.filter(([, a]) => a === 'attended').length;
  return {
    standard,
    year: input.year,
    from,
    to,
    at,
    policy,
    events: events.map((e) => {
      const n = e.attended + e.apologies + e.absent;
      return { ...e, recorded: n, rate: n > 0 ? e.attended / n : null };
    }),
    attendance: {
      recorded,
      attended: attendedCount,
      rate: recorded > 0 ? attendedCount / recorded : null,
      assessorsInScope: inScope.length,
      assessorsAttended: inScope.filter((s) => attendedIds.has(s.facts.id)).length,
    },
    neverAttending: inScope
      .filter((s) => !attendedIds.has(s.facts.id))
      .sort((a, b) => a.facts.ref.localeCompare(b.facts.ref))
      .map((s) => ({
        assessorId: s.facts.id,
        ref: s.facts.ref,
        name: s.facts.name,
        lastEver: lastOnStandard(s),
        status: statusOnStandard(s).status,
      })),
    compliance: { counts, rows: complianceRows },
    exercises: exercises.map((x) => ({
      id: x.id,
      eventDate: x.eventDate,
      title: x.title,
      version: x.version.name,
      items: x.items.length,
      participants: x.results.group.participants,
      exact: x.results.group.exact,
      kappa: x.results.group.kappa,
      ac: x.results.group.ac,
      followUp: x.results.group.followUp,
    })),
    agreement: pooledAgreement(exercises, policy),
    flags: {
      decisions: flagRow.decisions,
      standardisation_never: flagRow.never ?? 0,
      standardisation_lapsed: flagRow.lapsed ?? 0,
      assessor_ineligible: flagRow.ineligible ?? 0,
    },
  };
}
