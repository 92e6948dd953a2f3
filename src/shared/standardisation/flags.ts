/**
 * Compliance flags standardisation raises on a decision. The codes are stable (sampling, exports
 * and other domains read them); recomputing replaces only these codes, never another domain's.
 */
import { targetCompliance, type AttendedEvent } from './compliance';
import { formatTarget, type StandardTarget } from './coverage';
import { longDate } from './dates';
import {
  conflictOn,
  eligibilityOn,
  type DecisionParties,
  type DeclaredConflict,
  type RegisterRecord,
} from './eligibility';
import type { StandardisationPolicy } from './policy';

export const STANDARDISATION_FLAG_CODES = [
  'standardisation_never',
  'standardisation_lapsed',
  'assessor_ineligible',
] as const;
export type StandardisationFlagCode = (typeof STANDARDISATION_FLAG_CODES)[number];

export interface FlagSpec {
  code: StandardisationFlagCode;
  /** The decision field the flag is about. */
  field: 'assessorId';
  message: string;
}

export interface DecisionForFlags {
  target: StandardTarget;
  date: string;
  parties: DecisionParties;
}

export interface AssessorForFlags {
  record: RegisterRecord;
  attended: readonly AttendedEvent[];
  conflicts: readonly DeclaredConflict[];
}

/** The flags a decision should carry, judged on its assessment date. */
export function decisionFlags(
  decision: DecisionForFlags,
  assessor: AssessorForFlags,
  policy: StandardisationPolicy,
): FlagSpec[] {
  const out: FlagSpec[] = [];
  const name = formatTarget(decision.target);
  const s = targetCompliance(assessor.attended, decision.target, decision.date, policy);
  if (s.status === 'never_attended') {
    const other = s.otherVersion
      ? ` (last standardised on ${s.otherVersion.version ? `v${s.otherVersion.version}` : 'the standard'} on ${longDate(s.otherVersion.date)})`
      : '';
    out.push({
      code: 'standardisation_never',
      field: 'assessorId',
      message: `assessor not standardised on ${name} before this assessment${other}`,
    });
  } else if (s.status === 'overdue') {
    out.push({
      code: 'standardisation_lapsed',
      field: 'assessorId',
      message: `assessor's standardisation lapsed: last on ${name} on ${longDate(s.lastAttended as string)}, due by ${longDate(s.dueBy as string)}`,
    });
  }
  const eligibility = eligibilityOn(assessor.record, decision.target, decision.date, policy);
  const failing = eligibility.reasons.filter((r) => r.severity === 'fails');
  const conflict = conflictOn(assessor.conflicts, decision.parties, decision.date);
  if (conflict) failing.push(conflict);
  if (failing.length > 0) {
    out.push({
      code: 'assessor_ineligible',
      field: 'assessorId',
      message: `assessor ineligible: ${failing.map((r) => r.message).join('; ')}`,
    });
  }
  return out;
}
