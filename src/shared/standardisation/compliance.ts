/**
 * Is an assessor standardised? The assessment plan asks for standardisation events that let every
 * assessor attend at least one a year; IQA practice adds "before their first assessment on a
 * standard" and "again when the standard's assessment plan version changes". So compliance is
 * judged per standard *version*, against the events the assessor attended that covered it:
 *
 * - never attended: no attended event covering the version on or before the date;
 * - otherwise due by = last such event + the rolling window in calendar months (12 by default),
 *   clamped to the month's end: an event on 29 February 2024 falls due on 28 February 2025, the
 *   earlier reading, so nobody is counted compliant a day too long;
 * - compliant up to and including the due date, overdue from the day after;
 * - due soon when the due date is within `dueSoonDays` (inclusive).
 *
 * Dates only: an event on the day of an assessment counts as before it, because the records do
 * not hold times.
 */
import { covers, formatTarget, type Coverage, type StandardTarget } from './coverage';
import { addCalendarMonths } from '../standards';
import { daysBetween, longDate } from './dates';
import type { StandardisationPolicy } from './policy';

export const COMPLIANCE_STATUSES = ['compliant', 'due_soon', 'overdue', 'never_attended'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const COMPLIANCE_LABELS: Record<ComplianceStatus, string> = {
  compliant: 'Compliant',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  never_attended: 'Never attended',
};

/** Worst first when an assessor has several standard versions. */
const SEVERITY: Record<ComplianceStatus, number> = {
  compliant: 0,
  due_soon: 1,
  overdue: 2,
  never_attended: 3,
};

export interface AttendedEvent {
  date: string;
  coverage: readonly Coverage[];
}

export interface TargetCompliance {
  target: StandardTarget;
  status: ComplianceStatus;
  /** The latest attended event covering this version, on or before the date. */
  lastAttended: string | null;
  dueBy: string | null;
  /** Days from the date to the due date; negative once overdue. */
  daysToDue: number | null;
  /** When never standardised on this version: the latest event on another version of it. */
  otherVersion: { version: string | null; date: string } | null;
}

type Policy = Pick<StandardisationPolicy, 'windowMonths' | 'dueSoonDays'>;

function statusFor(dueBy: string, at: string, policy: Policy): [ComplianceStatus, number] {
  const days = daysBetween(at, dueBy);
  if (days < 0) return ['overdue', days];
  return [days <= policy.dueSoonDays ? 'due_soon' : 'compliant', days];
}

export function targetCompliance(
  attended: readonly AttendedEvent[],
  target: StandardTarget,
  at: string,
  policy: Policy,
): TargetCompliance {
  let last: string | null = null;
  let other: TargetCompliance['otherVersion'] = null;
  for (const e of attended) {
    if (e.date > at) continue;
    if (covers(e.coverage, target)) {
      if (last === null || e.date > last) last = e.date;
    } else {
      const c = e.coverage.find((x) => x.code === target.code);
      if (c && (other === null || e.date > other.date))
        other = { version: c.version, date: e.date };
    }
  }
  if (last === null) {
    return {
      target,
      status: 'never_attended',
      lastAttended: null,
      dueBy: null,
      daysToDue: null,
      otherVersion: other,
    };
  }
  const dueBy = addCalendarMonths(last, policy.windowMonths);
  const [status, days] = statusFor(dueBy, at, policy);
  return { target, status, lastAttended: last, dueBy, daysToDue: days, otherVersion: null };
}

export interface AssessorCompliance {
  status: ComplianceStatus;
  /** The latest attended event of any kind, on or before the date. */
  lastAttended: string | null;
  /** The earliest due date across the assessor's standard versions (null when none is known). */
  dueBy: string | null;
  daysToDue: number | null;
  targets: TargetCompliance[];
}

/**
 * The assessor's status across the standard versions they must be standardised on. With no
 * version to go on (nothing approved, nothing assessed lately) any attended event counts.
 */
export function assessorCompliance(
  attended: readonly AttendedEvent[],
  targets: readonly StandardTarget[],
  at: string,
  policy: Policy,
): AssessorCompliance {
  let lastAny: string | null = null;
  for (const e of attended)
    if (e.date <= at && (lastAny === null || e.date > lastAny)) lastAny = e.date;
  if (targets.length === 0) {
    if (lastAny === null)
      return {
        status: 'never_attended',
        lastAttended: null,
        dueBy: null,
        daysToDue: null,
        targets: [],
      };
    const dueBy = addCalendarMonths(lastAny, policy.windowMonths);
    const [status, days] = statusFor(dueBy, at, policy);
    return { status, lastAttended: lastAny, dueBy, daysToDue: days, targets: [] };
  }
  const per = targets.map((t) => targetCompliance(attended, t, at, policy));
  let worst: ComplianceStatus = 'compliant';
  let dueBy: string | null = null;
  for (const t of per) {
    if (SEVERITY[t.status] > SEVERITY[worst]) worst = t.status;
    if (t.dueBy !== null && (dueBy === null || t.dueBy < dueBy)) dueBy = t.dueBy;
  }
  return {
    status: worst,
    lastAttended: lastAny,
    dueBy,
    daysToDue: dueBy === null ? null : daysBetween(at, dueBy),
    targets: per,
  };
}

export interface ApprovalPeriod extends StandardTarget {
  from: string | null;
  to: string | null;
}

export function approvalActive(a: ApprovalPeriod, date: string): boolean {
  return (a.from === null || a.from <= date) && (a.to === null || a.to >= date);
}

/**
 * Which standard versions an assessor must be standardised on at a date: those they are approved
 * for then; without approvals on record, those they assessed within the window before it.
 */
export function requiredTargets(
  approvals: readonly ApprovalPeriod[],
  recentlyAssessed: readonly StandardTarget[],
  at: string,
): StandardTarget[] {
  const active = approvals.filter((a) => approvalActive(a, at));
  const source = approvals.length > 0 ? active : recentlyAssessed;
  const out: StandardTarget[] = [];
  for (const t of source) {
    if (!out.some((o) => o.code === t.code && o.version === t.version))
      out.push({ code: t.code, version: t.version });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code) || a.version.localeCompare(b.version));
}

/** Plain English for one version's state, for the register and the compliance list. */
export function describeTarget(t: TargetCompliance): string {
  const name = formatTarget(t.target);
  switch (t.status) {
    case 'never_attended':
      return t.otherVersion
        ? `${name}: not yet standardised on this version (last on ${t.otherVersion.version ? `v${t.otherVersion.version}` : 'the standard'}, ${longDate(t.otherVersion.date)})`
        : `${name}: never standardised`;
    case 'overdue':
      return `${name}: overdue, was due by ${longDate(t.dueBy as string)} (last standardised ${longDate(t.lastAttended as string)})`;
    case 'due_soon':
      return `${name}: due by ${longDate(t.dueBy as string)}`;
    default:
      return `${name}: standardised ${longDate(t.lastAttended as string)}, next due by ${longDate(t.dueBy as string)}`;
  }
}
