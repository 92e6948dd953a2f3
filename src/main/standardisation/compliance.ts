/**
 * Who is standardised, who is due and who is overdue, on any date: the Compliance tab, its CSV
 * for invitations, the register's status column, the CLI report and the sampling risk.
 */
import {
  COMPLIANCE_LABELS,
  COMPLIANCE_STATUSES,
  assessorCompliance,
  describeTarget,
  eligibilityOn,
  formatTarget,
  longDate,
  statusOn,
  type AssessorCompliance,
  type ComplianceStatus,
  type Eligibility,
  type EligibilityState,
  type StandardTarget,
} from '@shared/standardisation';
import { csvDocument, csvLine } from '@shared/csv';
import type {
  ComplianceSummaryDto,
  ComplianceViewDto,
  TargetEligibilityDto,
} from '@shared/contract';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import type { RiskProvider } from '../sampling/scope';
import { currentPolicy } from './policy';
import {
  loadAssessorFacts,
  recentlyAssessed,
  targetsFor,
  type AssessorFacts,
  type AssessorScope,
} from './records';

export interface AssessorState {
  facts: AssessorFacts;
  /** Active on the date: only they must be standardised. */
  required: boolean;
  targets: StandardTarget[];
  compliance: AssessorCompliance;
  eligibility: TargetEligibilityDto[];
  eligibilityState: EligibilityState;
  /** Reasons across the assessor's versions, failures first, each once. */
  eligibilityReasons: string[];
}

const ELIGIBILITY_ORDER: Record<EligibilityState, number> = {
  eligible: 0,
  incomplete: 1,
  ineligible: 2,
};

export function isRequired(facts: AssessorFacts, at: string): boolean {
  const started = facts.record.startDate === null || facts.record.startDate <= at;
  return started && statusOn(facts.record, at).status === 'active';
}

export function assessorStates(ctx: AppContext, at: string, scope: AssessorScope): AssessorState[] {
  const policy = currentPolicy(ctx);
  const facts = loadAssessorFacts(ctx, scope);
  // Decisions only matter for assessors with no approvals on record (see requiredTargets).
  const unapproved = [...facts.values()].filter((f) => f.record.approvals.length === 0);
  const recent =
    unapproved.length === facts.size
      ? recentlyAssessed(ctx, at, policy.windowMonths, scope)
      : recentlyAssessed(
          ctx,
          at,
          policy.windowMonths,
          unapproved.map((f) => f.id),
        );
  return [...facts.values()].map((f) => {
    const targets = targetsFor(f, recent, at);
    const results: [string, Eligibility][] =
      targets.length > 0
        ? targets.map((t) => [formatTarget(t), eligibilityOn(f.record, t, at, policy)])
        : [['(any standard)', eligibilityOn(f.record, null, at, policy)]];
    let state: EligibilityState = 'eligible';
    const reasons: { severity: string; message: string }[] = [];
    for (const [, e] of results) {
      if (ELIGIBILITY_ORDER[e.state] > ELIGIBILITY_ORDER[state]) state = e.state;
      for (const r of e.reasons) if (!reasons.some((x) => x.message === r.message)) reasons.push(r);
    }
    reasons.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fails' ? -1 : 1));
    return {
      facts: f,
      required: isRequired(f, at),
      targets,
      compliance: assessorCompliance(f.attended, targets, at, policy),
      eligibility: results.map(([standard, e]) => ({
        standard,
        state: e.state,
        reasons: e.reasons,
      })),
      eligibilityState: state,
      eligibilityReasons: reasons.map((r) => r.message),
    };
  });
}

export function complianceSummary(state: AssessorState): ComplianceSummaryDto {
  const c = state.compliance;
  return {
    required: state.required,
    status: c.status,
    lastAttended: c.lastAttended,
    dueBy: c.dueBy,
    daysToDue: c.daysToDue,
    targets: c.targets.map((t) => ({
      standard: formatTarget(t.target),
      status: t.status,
      lastAttended: t.lastAttended,
      dueBy: t.dueBy,
      daysToDue: t.daysToDue,
      description: describeTarget(t),
    })),
  };
}

export function complianceView(
  ctx: AppContext,
  input: { at?: string; attentionOnly?: boolean },
): ComplianceViewDto {
  const at = input.at ?? today(ctx);
  const states = assessorStates(ctx, at, 'all');
  const required = states.filter((s) => s.required);
  const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((k) => [k, 0])) as Record<
    ComplianceStatus,
    number
  >;
  for (const s of required) counts[s.compliance.status]++;
  const order: Record<ComplianceStatus, number> = {
    never_attended: 0,
    overdue: 1,
    due_soon: 2,
    compliant: 3,
  };
  const rows = required
    .filter((s) => !input.attentionOnly || s.compliance.status !== 'compliant')
    .sort(
      (a, b) =>
        order[a.compliance.status] - order[b.compliance.status] ||
        (a.compliance.dueBy ?? '').localeCompare(b.compliance.dueBy ?? '') ||
        a.facts.ref.localeCompare(b.facts.ref),
    )
    .map((s) => {
      const summary = complianceSummary(s);
      return {
        assessorId: s.facts.id,
        ref: s.facts.ref,
        name: s.facts.name,
        email: s.facts.email,
        status: summary.status,
        lastAttended: summary.lastAttended,
        dueBy: summary.dueBy,
        daysToDue: summary.daysToDue,
        targets: summary.targets,
        eligibility: s.eligibilityState,
      };
    });
  const next = ctx.sqlite
    .prepare(
      'SELECT id, event_date AS date, title FROM standardisation_events WHERE event_date > ? ORDER BY event_date, id LIMIT 1',
    )
    .get(at) as { id: number; date: string; title: string } | undefined;
  return {
    at,
    policy: currentPolicy(ctx),
    counts,
    notRequired: states.length - required.length,
    rows,
    nextEvent: next ?? null,
  };
}

/** The list to send invitations from: one row per assessor, their email and what is due. */
export function complianceCsv(view: ComplianceViewDto): string {
  const lines = [
    csvLine([
      'Reference',
      'Name',
      'Email',
      'Status',
      'Last standardised',
      'Due by',
      'Days to due date',
      'Standard versions needing standardisation',
      'Detail',
    ]),
    ...view.rows.map((r) =>
      csvLine([
        r.ref,
        r.name,
        r.email,
        COMPLIANCE_LABELS[r.status],
        r.lastAttended,
        r.dueBy,
        r.daysToDue,
        r.targets
          .filter((t) => t.status !== 'compliant')
          .map((t) => t.standard)
          .join('; '),
        r.targets.map((t) => t.description).join('; '),
      ]),
    ),
  ];
  return csvDocument(lines);
}

export function exportCompliance(
  ctx: AppContext,
  input: { at?: string; attentionOnly?: boolean },
): { fileName: string; base64: string } {
  const view = complianceView(ctx, input);
  return {
    fileName: `standardisation-${input.attentionOnly === false ? 'all' : 'due'}-${view.at}.csv`,
    base64: Buffer.from(complianceCsv(view), 'utf8').toString('base64'),
  };
}

/**
 * Sampling risk: an assessor overdue (or never standardised) at the end of the plan's period, or
 * one who made decisions while lapsed in this period or the last, has their sampling rate raised.
 */
export const standardisationRisk: RiskProvider = (ctx, period, assessorIds) => {
  const out: ReturnType<RiskProvider> = new Map();
  if (assessorIds.length === 0) return out;
  const states = assessorStates(ctx, period.to, assessorIds);
  const lapsed = new Map(
    (
      ctx.sqlite
        .prepare(
          // From the flags (few) to their decisions: the other way round read every decision
          // of every assessor in the look-back (0.3-0.45 s at a million, against 0.02 s).
          `SELECT d.assessor_id, count(DISTINCT d.id), max(d.assessment_date) FROM compliance_flags f
           CROSS JOIN decisions d ON d.id = f.decision_id
           WHERE f.code IN ('standardisation_lapsed', 'standardisation_never')
             AND d.assessment_date >= ? AND d.assessment_date <= ?
             AND d.assessor_id IN (SELECT value FROM json_each(?))
           GROUP BY d.assessor_id`,
        )
        .raw(true)
        .all(period.previousFrom, period.to, JSON.stringify(assessorIds)) as [
        number,
        number,
        string,
      ][]
    ).map(([id, n, last]) => [id, { n, last }]),
  );
  for (const s of states) {
    const parts: string[] = [];
    const c = s.compliance;
    if (s.required && (c.status === 'overdue' || c.status === 'never_attended')) {
      const behind = c.targets.filter(
        (t) => t.status === 'overdue' || t.status === 'never_attended',
      );
      parts.push(
        behind.length > 0
          ? behind.map(describeTarget).join('; ')
          : c.status === 'never_attended'
            ? 'never standardised'
            : `standardisation overdue, was due by ${longDate(c.dueBy as string)}`,
      );
    }
    const l = lapsed.get(s.facts.id);
    if (l) parts.push(`${l.n} decision(s) made while not standardised, latest ${l.last}`);
    if (parts.length > 0)
      out.set(s.facts.id, [{ code: 'standardisation_overdue', detail: parts.join('; ') }]);
  }
  return out;
};

export interface CliComplianceRow {
  assessor_ref: string;
  status: ComplianceStatus;
  last_attended: string | null;
  due_by: string | null;
}

/** The published CLI shape: active assessors on the date, by reference. */
export function complianceForCli(ctx: AppContext, at: string): CliComplianceRow[] {
  return assessorStates(ctx, at, 'all')
    .filter((s) => s.required)
    .sort((a, b) => a.facts.ref.localeCompare(b.facts.ref))
    .map((s) => ({
      assessor_ref: s.facts.ref,
      status: s.compliance.status,
      last_attended: s.compliance.lastAttended,
      due_by: s.compliance.dueBy,
    }));
}
