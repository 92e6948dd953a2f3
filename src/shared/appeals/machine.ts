/**
 * The enquiry and appeal state machine, as data. An enquiry about results is a review of marking
 * by another assessor; an appeal runs received → acknowledged → under review (stage 1) →
 * decided, optionally escalated to an independent panel (stage 2) → decided, then closed. Either
 * may be withdrawn while open. Anything not listed here is refused, with the reason.
 */
export const APPEAL_KINDS = ['enquiry', 'appeal'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

export const APPEAL_TYPES = ['result', 'adjustment', 'sanction'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];
export const APPEAL_TYPE_LABELS: Record<AppealType, string> = {
  result: 'Result (EPA outcome)',
  adjustment: 'Reasonable adjustment or special consideration decision',
  sanction: 'Sanction after malpractice or maladministration',
};

export const APPELLANT_KINDS = ['apprentice', 'employer', 'provider'] as const;
export type AppellantKind = (typeof APPELLANT_KINDS)[number];

export const AUTHORISATIONS = [
  'apprentice_consent',
  'employer_support',
  'provider_support',
] as const;
export type Authorisation = (typeof AUTHORISATIONS)[number];
export const AUTHORISATION_LABELS: Record<Authorisation, string> = {
  apprentice_consent: 'Apprentice has consented',
  employer_support: 'Employer supports the appeal',
  provider_support: 'Training provider supports the appeal',
};

export const APPEAL_STATUSES = [
  'received',
  'acknowledged',
  'under_review',
  'escalated',
  'decided',
  'closed',
  'withdrawn',
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export const STATUS_LABELS: Record<AppealStatus, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  under_review: 'Under review (stage 1)',
  escalated: 'Escalated (stage 2 panel)',
  decided: 'Decided',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

export const CLOSED_STATUSES: readonly AppealStatus[] = ['closed', 'withdrawn'];
export function isOpen(status: AppealStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}
/**
 * Open and not yet decided: the grade is for the enquiry or appeal to decide. An appeal escalated
 * after its stage 1 decision is being decided again; a decided one has had its say.
 */
export const DECIDING_STATUSES: readonly AppealStatus[] = [
  'received',
  'acknowledged',
  'under_review',
  'escalated',
];

export const OUTCOMES = [
  'upheld',
  'partially_upheld',
  'reassessment_offered',
  'not_upheld',
  'withdrawn',
  'not_proceeded',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  upheld: 'Upheld',
  partially_upheld: 'Partially upheld',
  reassessment_offered: 'Reassessment offered',
  not_upheld: 'Not upheld',
  withdrawn: 'Withdrawn',
  not_proceeded: 'Not proceeded',
};
/** Outcomes that change or may change grades: they raise the assessor's sampling risk. */
export const UPHELD_OUTCOMES: readonly Outcome[] = ['upheld', 'partially_upheld'];

export const ACTIONS = [
  'acknowledge',
  'start_review',
  'escalate',
  'decide',
  'close',
  'withdraw',
] as const;
export type AppealAction = (typeof ACTIONS)[number];
export const ACTION_LABELS: Record<AppealAction, string> = {
  acknowledge: 'Acknowledge',
  start_review: 'Start review',
  escalate: 'Escalate to stage 2 panel',
  decide: 'Record decision',
  close: 'Close',
  withdraw: 'Withdraw',
};

export interface Transition {
  action: AppealAction;
  from: readonly AppealStatus[];
  to: AppealStatus;
  kinds: readonly AppealKind[];
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'acknowledge', from: ['received'], to: 'acknowledged', kinds: ['appeal'] },
  { action: 'start_review', from: ['received'], to: 'under_review', kinds: ['enquiry'] },
  { action: 'start_review', from: ['acknowledged'], to: 'under_review', kinds: ['appeal'] },
  { action: 'escalate', from: ['under_review', 'decided'], to: 'escalated', kinds: ['appeal'] },
  {
    action: 'decide',
    from: ['under_review', 'escalated'],
    to: 'decided',
    kinds: ['enquiry', 'appeal'],
  },
  { action: 'close', from: ['decided'], to: 'closed', kinds: ['enquiry', 'appeal'] },
  {
    action: 'withdraw',
    from: ['received', 'acknowledged', 'under_review', 'escalated', 'decided'],
    to: 'withdrawn',
    kinds: ['enquiry', 'appeal'],
  },
];

export interface MachineState {
  kind: AppealKind;
  status: AppealStatus;
  /** 0 for an enquiry, 1 or 2 for an appeal's stage; the stage a decision was made at. */
  stage: number;
}

export type TransitionCheck = { ok: true; to: AppealStatus } | { ok: false; reason: string };

const KIND_WORD: Record<AppealKind, string> = {
  enquiry: 'an enquiry about results',
  appeal: 'an appeal',
};

/** An enquiry or appeal named in a sentence: "the appeal", "enquiry about results A-2026-001". */
export const KIND_NOUN: Record<AppealKind, string> = {
  enquiry: 'enquiry about results',
  appeal: 'appeal',
};

/** Whether `action` is allowed now, and if not, why (in words a user reads). */
export function checkTransition(state: MachineState, action: AppealAction): TransitionCheck {
  const forKind = TRANSITIONS.filter((t) => t.action === action && t.kinds.includes(state.kind));
  if (forKind.length === 0) {
    return {
      ok: false,
      reason: `${ACTION_LABELS[action]} does not apply to ${KIND_WORD[state.kind]}.`,
    };
  }
  const match = forKind.find((t) => t.from.includes(state.status));
  if (!match) {
    const from = [...new Set(forKind.flatMap((t) => t.from))].map((s) =>
      STATUS_LABELS[s].toLowerCase(),
    );
    return {
      ok: false,
      reason: `${ACTION_LABELS[action]} is not possible while it is ${STATUS_LABELS[state.status].toLowerCase()}: only when ${from.join(' or ')}.`,
    };
  }
  if (action === 'escalate' && state.status === 'decided' && state.stage >= 2) {
    return {
      ok: false,
      reason: 'The stage 2 panel decision is final: it cannot be escalated again.',
    };
  }
  return { ok: true, to: match.to };
}

/** The actions allowed from this state, in display order. */
export function availableActions(state: MachineState): AppealAction[] {
  return ACTIONS.filter((a) => checkTransition(state, a).ok);
}

/** The stage a reviewer is assigned to now: enquiry 0, otherwise 2 once escalated, else 1. */
export function currentStage(
  kind: AppealKind,
  status: AppealStatus,
  decidedStage: number | null,
): number {
  if (kind === 'enquiry') return 0;
  if (status === 'escalated') return 2;
  if (status === 'decided' || status === 'closed') return decidedStage ?? 1;
  return 1;
}
