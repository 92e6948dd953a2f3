/**
 * Does an independent assessor meet the assessment plan's criteria (ST0071 section 6) on a date,
 * for a standard version? Sector understanding; current occupational competence of 2 years or
 * more; an assessor/verifier qualification held or being worked towards (or equivalent
 * expertise); no direct relationship with the apprentice, employer or provider; and, from the
 * register, active with the EPAO and approved for the standard version.
 *
 * Every reason is either `fails` (the record shows the criterion was not met: the assessor is
 * ineligible and their decisions carry a compliance flag) or `missing` (the register cannot show
 * it either way: the assessor is shown as incomplete until someone records it). Missing records
 * do not flag decisions, so a register imported half-filled does not put every decision into the
 * sample; the register and the compliance view list what is missing instead.
 */
import { approvalActive, type ApprovalPeriod } from './compliance';
import { formatTarget, type StandardTarget } from './coverage';
import { nameKey } from '../imports/values';
import { addCalendarMonths } from '../standards';
import { longDate, monthsText } from './dates';
import type { StandardisationPolicy } from './policy';

export const ASSESSOR_STATUSES = ['active', 'suspended', 'left'] as const;
export type AssessorStatus = (typeof ASSESSOR_STATUSES)[number];

export const QUALIFICATION_STATUSES = ['held', 'working_towards', 'equivalent_expertise'] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

export const QUALIFICATION_LABELS: Record<QualificationStatus, string> = {
  held: 'Held',
  working_towards: 'Working towards',
  equivalent_expertise: 'Equivalent expertise',
};

/** Imported registers write "Working towards", "working_towards", "equivalent expertise"... */
export function normaliseQualification(raw: string | null | undefined): QualificationStatus | null {
  if (!raw) return null;
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (QUALIFICATION_STATUSES as readonly string[]).includes(key)
    ? (key as QualificationStatus)
    : null;
}

export interface StatusChange {
  status: AssessorStatus;
  from: string;
}

export interface RegisterRecord {
  startDate: string | null;
  /** Current status, used when no dated history is recorded. */
  status: AssessorStatus;
  /** Dated status changes, oldest first. */
  statusHistory: readonly StatusChange[];
  competenceSince: string | null;
  /** Evidence recorded for occupational competence (a note or a file). */
  competenceEvidenced: boolean;
  sectorExperience: string | null;
  qualification: {
    status: QualificationStatus | null;
    expectedBy: string | null;
    achievedOn: string | null;
    note: string | null;
  };
  approvals: readonly ApprovalPeriod[];
}

export type EligibilityCriterion =
  'status' | 'approval' | 'competence' | 'qualification' | 'sector' | 'conflict';

export interface EligibilityReason {
  criterion: EligibilityCriterion;
  severity: 'fails' | 'missing';
  message: string;
}

export type EligibilityState = 'eligible' | 'ineligible' | 'incomplete';

export interface Eligibility {
  state: EligibilityState;
  reasons: EligibilityReason[];
}

export const ELIGIBILITY_LABELS: Record<EligibilityState, string> = {
  eligible: 'Meets the criteria',
  ineligible: 'Does not meet the criteria',
  incomplete: 'Record incomplete',
};

/** The status in force on a date: the latest dated change on or before it. */
export function statusOn(
  record: Pick<RegisterRecord, 'status' | 'statusHistory'>,
  date: string,
): {
  status: AssessorStatus;
  since: string | null;
} {
  if (record.statusHistory.length === 0) return { status: record.status, since: null };
  let found: StatusChange | null = null;
  for (const change of record.statusHistory) if (change.from <= date) found = change;
  // Before the first recorded change the assessor was active (they were taken on).
  return found ? { status: found.status, since: found.from } : { status: 'active', since: null };
}

function fails(criterion: EligibilityCriterion, message: string): EligibilityReason {
  return { criterion, severity: 'fails', message };
}

function missing(criterion: EligibilityCriterion, message: string): EligibilityReason {
  return { criterion, severity: 'missing', message };
}

function statusReasons(record: RegisterRecord, date: string): EligibilityReason[] {
  if (record.startDate && date < record.startDate)
    return [fails('status', `not with the EPAO until ${longDate(record.startDate)}`)];
  const { status, since } = statusOn(record, date);
  if (status === 'active') return [];
  const what = status === 'left' ? 'left the EPAO' : 'suspended';
  // An undated status (an imported register) cannot say which decisions came after it, so it
  // marks the record incomplete rather than flagging every decision the assessor ever made.
  if (since === null) return [missing('status', `${what}: date not recorded`)];
  return [fails('status', `${what} ${status === 'left' ? 'on' : 'from'} ${longDate(since)}`)];
}

function approvalReasons(
  record: RegisterRecord,
  target: StandardTarget | null,
  date: string,
): EligibilityReason[] {
  if (record.approvals.length === 0)
    return [missing('approval', 'approved standards: none recorded')];
  if (target === null) return [];
  const same = record.approvals.filter(
    (a) => a.code === target.code && a.version === target.version,
  );
  if (same.some((a) => approvalActive(a, date))) return [];
  const name = formatTarget(target);
  const later = same.find((a) => a.from !== null && a.from > date);
  if (later)
    return [fails('approval', `approved for ${name} only from ${longDate(later.from as string)}`)];
  const ended = same.find((a) => a.to !== null && a.to < date);
  if (ended)
    return [fails('approval', `approval for ${name} ended on ${longDate(ended.to as string)}`)];
  return [fails('approval', `not approved for ${name}`)];
}

function competenceReasons(
  record: RegisterRecord,
  date: string,
  years: number,
): EligibilityReason[] {
  if (!record.competenceSince)
    return [missing('competence', 'occupational competence: not recorded')];
  const out: EligibilityReason[] = [];
  if (addCalendarMonths(record.competenceSince, years * 12) > date) {
    const held =
      record.competenceSince > date ? 'none yet' : monthsText(record.competenceSince, date);
    out.push(
      fails(
        'competence',
        `occupational competence: ${held} on ${longDate(date)}; the plan asks for ${years} year${years === 1 ? '' : 's'} or more`,
      ),
    );
  }
  if (!record.competenceEvidenced)
    out.push(missing('competence', 'occupational competence: no evidence recorded'));
  return out;
}

function qualificationReasons(record: RegisterRecord, date: string): EligibilityReason[] {
  const q = record.qualification;
  const workingTowards = (): EligibilityReason[] => {
    if (!q.expectedBy)
      return [
        missing('qualification', 'qualification: working towards, no expected date recorded'),
      ];
    if (q.expectedBy < date)
      return [
        fails(
          'qualification',
          `qualification: working towards, expected date passed (${longDate(q.expectedBy)})`,
        ),
      ];
    return [];
  };
  switch (q.status) {
    case 'held':
      // Achieved after this date: on the date they were still working towards it.
      if (q.achievedOn && q.achievedOn > date && q.expectedBy && q.expectedBy < date)
        return workingTowards();
      return [];
    case 'working_towards':
      return workingTowards();
    case 'equivalent_expertise':
      return q.note?.trim()
        ? []
        : [
            missing(
              'qualification',
              'qualification: equivalent expertise claimed but not described',
            ),
          ];
    default:
      return [missing('qualification', 'qualification: not recorded')];
  }
}

/**
 * Eligibility for one standard version on one date, with every reason it falls short; with no
 * target, the criteria that do not depend on the standard (for an assessor with none on record).
 */
export function eligibilityOn(
  record: RegisterRecord,
  target: StandardTarget | null,
  date: string,
  policy: Pick<StandardisationPolicy, 'competenceYears'>,
): Eligibility {
  const reasons = [
    ...statusReasons(record, date),
    ...approvalReasons(record, target, date),
    ...competenceReasons(record, date, policy.competenceYears),
    ...qualificationReasons(record, date),
    ...(record.sectorExperience?.trim()
      ? []
      : [missing('sector', 'sector understanding: not recorded')]),
  ];
  const state: EligibilityState = reasons.some((r) => r.severity === 'fails')
    ? 'ineligible'
    : reasons.length > 0
      ? 'incomplete'
      : 'eligible';
  return { state, reasons };
}

export const CONFLICT_PARTIES = ['employer', 'provider', 'apprentice'] as const;
export type ConflictParty = (typeof CONFLICT_PARTIES)[number];

export interface DeclaredConflict {
  partyType: ConflictParty;
  partyRef: string;
  declaredOn: string | null;
  endedOn: string | null;
}

export interface DecisionParties {
  uln: string;
  employer: string | null;
  providerUkprn: string | null;
}

/**
 * A declared conflict with the decision's apprentice, employer or provider, in force on the date.
 * A conflict counts until it ends, whenever it was declared: a relationship declared after an
 * assessment usually existed at the time (moderation independence reads conflicts the same way).
 */
export function conflictOn(
  conflicts: readonly DeclaredConflict[],
  parties: DecisionParties,
  date: string,
): EligibilityReason | null {
  for (const c of conflicts) {
    if (c.endedOn !== null && c.endedOn < date) continue;
    const ref = c.partyRef.trim();
    const hit =
      (c.partyType === 'employer' &&
        parties.employer !== null &&
        nameKey(ref) === nameKey(parties.employer)) ||
      (c.partyType === 'provider' && ref === parties.providerUkprn) ||
      (c.partyType === 'apprentice' && ref === parties.uln);
    if (!hit) continue;
    const what =
      c.partyType === 'provider'
        ? `the training provider (UKPRN ${ref})`
        : c.partyType === 'employer'
          ? `the employer ${ref}`
          : `the apprentice (ULN ${ref})`;
    return fails(
      'conflict',
      `declared a conflict of interest with ${what}${c.declaredOn ? ` on ${longDate(c.declaredOn)}` : ''}`,
    );
  }
  return null;
}
