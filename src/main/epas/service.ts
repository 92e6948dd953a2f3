/**
 * EPAs and the grade hold: an EPA's overall grade is confirmed only when every method decision
 * has been released (moderated, or not sampled by a published plan). Each EPA is measured in
 * working days from its last assessment against the confirmation target.
 */
import { englandAndWales } from '@shared/calendar';
import type { EpaRowDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { readSetting } from '../app/status';
import { requireEditor } from '../users/service';

export const DEFAULT_CONFIRMATION_TARGET = 10;
/** "At risk" when this many working days or fewer remain before the target. */
const AT_RISK_MARGIN = 3;

export function confirmationTarget(ctx: AppContext): number {
  return readSetting<number>(ctx, 'confirmation.targetWorkingDays') ?? DEFAULT_CONFIRMATION_TARGET;
}

/** The latest last-assessment date that is at risk today: due within the margin, or overdue. */
export function atRiskCutoff(ctx: AppContext, target: number): string {
  // due = last + target working days; at risk when due - margin <= today, i.e. last <= today - (target - margin).
  return englandAndWales.addWorkingDays(today(ctx), -(target - AT_RISK_MARGIN));
}

const SELECT = `SELECT e.id, p.uln, trim(coalesce(p.given_name,'') || ' ' || coalesce(p.family_name,'')) AS apprentice,
    st.code AS standard, v.version, e.status, e.overall_grade AS overallGrade,
    (SELECT max(d.assessment_date) FROM decisions d WHERE d.epa_id = e.id) AS lastAssessmentDate,
    (SELECT count(*) FROM decisions d WHERE d.epa_id = e.id AND d.status <> 'released') AS heldDecisions,
    e.confirmed_at AS confirmedAt, e.confirmed_by AS confirmedBy
  FROM epas e JOIN apprentices p ON p.id = e.apprentice_id
  JOIN standard_versions v ON v.id = e.standard_version_id JOIN standards st ON st.id = v.standard_id`;

type Row = Omit<
  EpaRowDto,
  'dueDate' | 'workingDaysElapsed' | 'targetWorkingDays' | 'atRisk' | 'calendarWarning'
>;

function decorate(ctx: AppContext, row: Row, target: number): EpaRowDto {
  if (!row.lastAssessmentDate) {
    return {
      ...row,
      dueDate: null,
      workingDaysElapsed: null,
      targetWorkingDays: target,
      atRisk: false,
      calendarWarning: null,
    };
  }
  const due = englandAndWales.addDays(row.lastAssessmentDate, target, 'working');
  const end = row.confirmedAt ? row.confirmedAt.slice(0, 10) : today(ctx);
  const elapsed = englandAndWales.workingDaysBetween(row.lastAssessmentDate, end);
  const { lastYear } = englandAndWales.coverage();
  return {
    ...row,
    dueDate: due.date,
    workingDaysElapsed: elapsed,
    targetWorkingDays: target,
    atRisk: row.status !== 'confirmed' && elapsed >= target - AT_RISK_MARGIN,
    calendarWarning: due.beyondCoverage
      ? `The bank holiday list ends in ${lastYear}; this date counts weekends only after that.`
      : null,
  };
}

export function listEpas(
  ctx: AppContext,
  input: { status?: string | undefined; atRiskOnly: boolean; offset: number; limit: number },
): { rows: EpaRowDto[]; total: number; targetWorkingDays: number } {
  const target = confirmationTarget(ctx);
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (input.status) {
    parts.push('e.status = ?');
    params.push(input.status);
  }
  if (input.atRiskOnly) {
    parts.push("e.status = 'awaiting_confirmation'");
    parts.push('(SELECT max(d.assessment_date) FROM decisions d WHERE d.epa_id = e.id) <= ?');
    params.push(atRiskCutoff(ctx, target));
  }
  const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  const total = ctx.sqlite
    .prepare(`SELECT count(*) FROM epas e ${where}`)
    .pluck()
    .get(...params) as number;
  const rows = ctx.sqlite
    .prepare(`${SELECT} ${where} ORDER BY lastAssessmentDate, e.id LIMIT ? OFFSET ?`)
    .all(...params, input.limit, input.offset) as Row[];
  return { rows: rows.map((r) => decorate(ctx, r, target)), total, targetWorkingDays: target };
}

export function getEpa(ctx: AppContext, epaId: number): EpaRowDto {
  const row = ctx.sqlite.prepare(`${SELECT} WHERE e.id = ?`).get(epaId) as Row | undefined;
  if (!row) throw new DomainError('not_found', `EPA ${epaId} does not exist.`);
  return decorate(ctx, row, confirmationTarget(ctx));
}

/** Why this EPA cannot be confirmed now, or null when it can. */
export function confirmationProblem(ctx: AppContext, epaId: number): string | null {
  const epa = getEpa(ctx, epaId);
  if (epa.status === 'confirmed') return 'This EPA is already confirmed.';
  if (epa.status === 'in_progress') return 'Not every assessment method has a decision yet.';
  if (epa.overallGrade === null)
    return 'The overall grade cannot be worked out from the method grades.';
  const held = ctx.sqlite
    .prepare(
      `SELECT coalesce(d.decision_ref, d.id) AS ref, m.code AS method, d.status FROM decisions d
       JOIN assessment_methods m ON m.id = d.method_id WHERE d.epa_id = ? AND d.status <> 'released' ORDER BY d.id`,
    )
    .all(epaId) as { ref: string; method: string; status: string }[];
  if (held.length) {
    const list = held.map(
      (h) =>
        `${h.method} (${h.ref}) is ${h.status === 'sampled' ? 'sampled and not yet moderated' : 'held until a sampling plan is published'}`,
    );
    return `Grades are confirmed only after moderation: ${list.join('; ')}.`;
  }
  for (const hook of confirmationGuards) {
    const problem = hook(ctx, epaId);
    if (problem) return problem;
  }
  return null;
}

/** Other domains (appeals) can forbid confirmation while something is open. */
export type ConfirmationGuard = (ctx: AppContext, epaId: number) => string | null;
const confirmationGuards: ConfirmationGuard[] = [];
export function registerConfirmationGuard(guard: ConfirmationGuard): void {
  if (!confirmationGuards.includes(guard)) confirmationGuards.push(guard);
}

export function confirmEpa(ctx: AppContext, epaId: number): EpaRowDto {
  requireEditor(ctx);
  ctx.sqlite
    .transaction(() => {
      const problem = confirmationProblem(ctx, epaId);
      if (problem) throw new DomainError('refused', problem);
      const actor = currentActor(ctx);
      const at = ctx.clock().toISOString();
      ctx.sqlite
        .prepare(
          "UPDATE epas SET status = 'confirmed', confirmed_at = ?, confirmed_by = ? WHERE id = ?",
        )
        .run(at, actor.name, epaId);
      const epa = getEpa(ctx, epaId);
      writeAudit(
        ctx,
        {
          action: 'epa.confirm',
          entity: 'epa',
          entityId: epaId,
          before: { status: 'awaiting_confirmation' },
          after: {
            status: 'confirmed',
            overallGrade: epa.overallGrade,
            workingDaysElapsed: epa.workingDaysElapsed,
            target: epa.targetWorkingDays,
          },
        },
        actor,
      );
    })
    .immediate();
  return getEpa(ctx, epaId);
}
