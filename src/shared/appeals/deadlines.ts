/**
 * Deadlines for an enquiry or appeal, from the policy it was logged under and the working-day
 * calendar. "N working days after D" counts from the day after D (rules.md); calendar-day
 * deadlines never consult the bank-holiday list.
 */
import type { AddDaysResult, WorkingDayCalendar } from '../calendar';
import type { AppealKind, AppealStatus } from './machine';
import type { AppealsPolicy, Deadline } from './policy';

export interface LodgeCheck {
  /** The last day to lodge. */
  lodgeBy: string;
  late: boolean;
  beyondCoverage: boolean;
}

/** The lodging window from the result (or enquiry outcome); late appeals are flagged, not refused. */
export function lodgeCheck(
  calendar: WorkingDayCalendar,
  policy: AppealsPolicy,
  kind: AppealKind,
  resultDate: string,
  receivedDate: string,
): LodgeCheck {
  const window = kind === 'enquiry' ? policy.deadlines.enquiryLodge : policy.deadlines.appealLodge;
  const due = calendar.addDays(resultDate, window.days, window.unit);
  return { lodgeBy: due.date, late: receivedDate > due.date, beyondCoverage: due.beyondCoverage };
}

export interface StageDates {
  receivedDate: string;
  acknowledgedOn: string | null;
  escalatedOn: string | null;
  decidedOn: string | null;
  decidedStage: number | null;
}

export interface CurrentDeadline {
  /** What is due: "Acknowledge", "Stage 1 decision"... */
  label: string;
  /** Who must act: the EPAO, or the appellant (escalation window). */
  owner: 'epao' | 'appellant';
  from: string;
  deadline: Deadline;
  dueDate: string;
  beyondCoverage: boolean;
}

function due(
  calendar: WorkingDayCalendar,
  label: string,
  owner: CurrentDeadline['owner'],
  from: string,
  deadline: Deadline,
): CurrentDeadline {
  const r: AddDaysResult = calendar.addDays(from, deadline.days, deadline.unit);
  return { label, owner, from, deadline, dueDate: r.date, beyondCoverage: r.beyondCoverage };
}

/** The deadline running in this state, or null when nothing is due (closed, withdrawn, final). */
export function currentDeadline(
  calendar: WorkingDayCalendar,
  policy: AppealsPolicy,
  kind: AppealKind,
  status: AppealStatus,
  dates: StageDates,
): CurrentDeadline | null {
  const d = policy.deadlines;
  if (kind === 'enquiry') {
    if (status === 'received' || status === 'under_review')
      return due(calendar, 'Enquiry outcome', 'epao', dates.receivedDate, d.enquiryDecide);
    return null;
  }
  switch (status) {
    case 'received':
      return due(calendar, 'Acknowledge', 'epao', dates.receivedDate, d.acknowledge);
    case 'acknowledged':
    case 'under_review':
      return due(
        calendar,
        'Stage 1 decision',
        'epao',
        dates.acknowledgedOn ?? dates.receivedDate,
        d.stage1Decide,
      );
    case 'escalated':
      return due(
        calendar,
        'Stage 2 panel decision',
        'epao',
        dates.escalatedOn ?? dates.receivedDate,
        d.stage2Decide,
      );
    case 'decided':
      if ((dates.decidedStage ?? 1) >= 2 || !dates.decidedOn) return null;
      return due(calendar, 'Escalation window', 'appellant', dates.decidedOn, d.escalate);
    default:
      return null;
  }
}

export type Urgency = 'ok' | 'due_soon' | 'overdue';

/**
 * Days left from `today` to `dueDate` in the deadline's unit: 0 on the due date, negative once
 * past. Working-day deadlines count working days after today up to and including the due date.
 */
export function daysRemaining(
  calendar: WorkingDayCalendar,
  today: string,
  dueDate: string,
  unit: Deadline['unit'],
): number {
  if (unit === 'working') return calendar.workingDaysBetween(today, dueDate);
  return Math.round(
    (Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
}

export function urgency(
  remaining: number,
  dueSoonDays: number,
  dueDate: string,
  today: string,
): Urgency {
  if (today > dueDate) return 'overdue';
  return remaining <= dueSoonDays ? 'due_soon' : 'ok';
}
