import { z } from 'zod';
import { AppealKind, AppealStatus } from './appeals';
import { Empty, Id, IsoDate } from './common';

export const ACTIVITIES = [
  'documentation_review',
  'live_observation',
  'remote_observation',
] as const;
export const OUTCOMES = [
  'agreed',
  'agreed_with_feedback',
  'grade_changed_borderline',
  'grade_changed_criteria_misapplied',
  'procedural_issue',
  'referred_back',
] as const;
export const Activity = z.enum(ACTIVITIES);
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const ACTIVITY_LABELS: Record<(typeof ACTIVITIES)[number], string> = {
  documentation_review: 'Documentation review',
  live_observation: 'Observation of a live assessment',
  remote_observation: 'Remote observation',
};
export const OUTCOME_LABELS: Record<Outcome, string> = {
  agreed: 'Agreed',
  agreed_with_feedback: 'Agreed, with developmental feedback',
  grade_changed_borderline: 'Grade changed (borderline judgement)',
  grade_changed_criteria_misapplied: 'Grade changed (criteria misapplied)',
  procedural_issue: 'Procedural issue',
  referred_back: 'Referred back to the assessor',
};

/**
 * A moderation record's outcome in words. Imported history gives the grades but not why a grade
 * changed, so such a record keeps no outcome (null) rather than a guessed reason; it still counts
 * as moderated, and as a disagreement when the grades differ.
 */
export function outcomeLabel(outcome: string | null, source?: string | null): string {
  if (outcome === null)
    return source === 'import' ? 'Outcome not recorded (imported)' : 'Outcome not recorded';
  return OUTCOME_LABELS[outcome as Outcome] ?? outcome;
}

export const QueueFilter = z
  .object({
    assessorRef: z.string().max(50).optional(),
    method: z.string().max(20).optional(),
    grade: z.string().max(30).optional(),
    reason: z.string().max(100).optional(),
    status: z.enum(['to_do', 'done', 'all']).default('to_do'),
    dueBefore: IsoDate.optional(),
    moderator: z.union([Id, z.literal('unassigned')]).optional(),
    planId: Id.optional(),
  })
  .strict();
export type QueueFilter = z.infer<typeof QueueFilter>;

export const QueueSort = z
  .object({
    by: z.enum(['date', 'assessor', 'method', 'grade', 'due', 'status']).default('date'),
    dir: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();

export const QueueRowDto = z.object({
  itemId: z.number().int(),
  planId: z.number().int(),
  decisionId: z.number().int(),
  decisionRef: z.string().nullable(),
  uln: z.string(),
  apprentice: z.string(),
  assessorRef: z.string(),
  method: z.string(),
  attempt: z.number().int(),
  grade: z.string(),
  assessmentDate: IsoDate,
  dueDate: z.string().nullable(),
  reasons: z.array(z.string()),
  moderator: z.string().nullable(),
  moderatorId: z.number().int().nullable(),
  status: z.enum(['to_do', 'done']),
  moderatedGrade: z.string().nullable(),
  /** To do, but an enquiry or appeal about it is still to be decided: nobody may moderate it yet. */
  openAppeal: z.object({ ref: z.string(), kind: AppealKind, status: AppealStatus }).nullable(),
});
export type QueueRowDto = z.infer<typeof QueueRowDto>;

export const CriterionJudgement = z
  .object({
    code: z.string().min(1).max(40),
    judgement: z.enum(['agree', 'disagree']),
    note: z.string().max(2000).optional(),
  })
  .strict();

export const ModerationRecordDto = z.object({
  id: z.number().int(),
  moderatorName: z.string(),
  moderationDate: IsoDate,
  activity: z.string(),
  originalGrade: z.string(),
  moderatedGrade: z.string(),
  outcome: z.string().nullable(),
  feedback: z.string().nullable(),
  source: z.string(),
  /**
   * Set aside by a later grade change (a re-import), or imported as history older than a
   * moderation already recorded (`laterRecordId`, which it does not override): kept as history,
   * no longer settling.
   */
  superseded: z
    .object({ at: z.string(), reason: z.string(), laterRecordId: z.number().int().optional() })
    .nullable(),
  criteria: z.array(
    z.object({ code: z.string(), judgement: z.string(), note: z.string().nullable() }),
  ),
  actions: z.array(
    z.object({
      id: z.number().int(),
      description: z.string(),
      dueDate: z.string().nullable(),
      acknowledgedAt: z.string().nullable(),
      acknowledgedBy: z.string().nullable(),
      acknowledgementNote: z.string().nullable(),
      closedAt: z.string().nullable(),
      closedBy: z.string().nullable(),
      closedNote: z.string().nullable(),
    }),
  ),
  /** What a disagreement on this record added to the assessor's sample. */
  escalation: z.object({ assessorRef: z.string(), added: z.number().int() }).nullable(),
});
export type ModerationRecordDto = z.infer<typeof ModerationRecordDto>;

/** An action for an assessor, with where it came from, for the actions list. */
export const ActionRowDto = z.object({
  id: z.number().int(),
  recordId: z.number().int(),
  decisionId: z.number().int(),
  decisionRef: z.string().nullable(),
  assessorRef: z.string(),
  assessorName: z.string(),
  moderatorName: z.string(),
  description: z.string(),
  dueDate: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedNote: z.string().nullable(),
  status: z.enum(['awaiting_acknowledgement', 'acknowledged', 'closed']),
  overdue: z.boolean(),
});
export type ActionRowDto = z.infer<typeof ActionRowDto>;

export const ModerationContextDto = z.object({
  decision: z.object({
    id: z.number().int(),
    decisionRef: z.string().nullable(),
    uln: z.string(),
    apprentice: z.string(),
    employer: z.string().nullable(),
    provider: z.string().nullable(),
    standard: z.string(),
    version: z.string(),
    method: z.string(),
    methodName: z.string(),
    attempt: z.number().int(),
    assessorRef: z.string(),
    assessorName: z.string(),
    assessmentDate: IsoDate,
    grade: z.string(),
    status: z.string(),
    durationMinutes: z.number().nullable(),
    questioningMinutes: z.number().nullable(),
    wordCount: z.number().nullable(),
    evidencePieces: z.number().nullable(),
    flags: z.array(z.string()),
    epaId: z.number().int(),
    overallGrade: z.string().nullable(),
  }),
  grades: z.array(z.string()),
  criteria: z.array(z.object({ code: z.string(), grade: z.string(), text: z.string() })),
  sampledBecause: z.array(z.string()),
  /** The sample item this decision is moderated under, if it is in a published plan. */
  item: z
    .object({
      itemId: z.number().int(),
      planId: z.number().int(),
      planTitle: z.string(),
      dueDate: z.string().nullable(),
      moderator: z.string().nullable(),
      source: z.string(),
    })
    .nullable(),
  /** The decision as it stood when sampled, and what has changed since. */
  snapshot: z.record(z.string(), z.unknown()).nullable(),
  changedSinceSampled: z.array(
    z.object({ field: z.string(), then: z.string().nullable(), now: z.string().nullable() }),
  ),
  records: z.array(ModerationRecordDto),
  /** Whether a new record can be saved, and if not, why. */
  canModerate: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
  independence: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
});
export type ModerationContextDto = z.infer<typeof ModerationContextDto>;

export const SavedViewDto = z.object({
  name: z.string(),
  filter: QueueFilter,
  sort: QueueSort,
});
export type SavedViewDto = z.infer<typeof SavedViewDto>;

export const moderationContract = {
  'moderation:list-queue': {
    input: z
      .object({
        filter: QueueFilter.default({ status: 'to_do' }),
        sort: QueueSort.default({ by: 'date', dir: 'asc' }),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(2000).default(200),
      })
      .strict(),
    output: z.object({ rows: z.array(QueueRowDto), total: z.number().int() }),
  },
  'moderation:assign': {
    input: z
      .object({ itemIds: z.array(Id).min(1).max(100_000), moderatorId: Id.nullable() })
      .strict(),
    output: z.object({ assigned: z.number().int() }),
  },
  'moderation:assign-matching': {
    input: z
      .object({
        filter: QueueFilter,
        moderatorId: Id.nullable(),
        /** A guard: refuse rather than assign more than this many. */
        max: z.number().int().min(1).max(100_000).default(100_000),
      })
      .strict(),
    output: z.object({ assigned: z.number().int() }),
  },
  'moderation:get-decision': {
    input: z.object({ decisionId: Id }).strict(),
    output: ModerationContextDto,
  },
  'moderation:save-record': {
    input: z
      .object({
        decisionId: Id,
        activity: Activity,
        criteria: z.array(CriterionJudgement).max(200).default([]),
        moderatedGrade: z.string().min(1).max(30),
        outcome: Outcome,
        feedback: z.string().max(10_000).optional(),
        actions: z
          .array(
            z
              .object({
                description: z.string().trim().min(3).max(2000),
                dueDate: IsoDate.optional(),
              })
              .strict(),
          )
          .max(50)
          .default([]),
        moderationDate: IsoDate.optional(),
      })
      .strict(),
    output: z.object({
      recordId: z.number().int(),
      gradeChanged: z.boolean(),
      overallGrade: z.string().nullable(),
      escalation: z
        .object({
          assessorRef: z.string(),
          added: z.number().int(),
          /** Percentage points added to the assessor's rate. */
          points: z.number(),
          /** The sample had already been raised in this plan: nothing more was added. */
          already: z.boolean(),
        })
        .nullable(),
    }),
  },
  'moderation:feedback-pdf': {
    input: z.object({ recordId: Id }).strict(),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
  'moderation:list-actions': {
    input: z
      .object({
        status: z
          .enum(['open', 'awaiting_acknowledgement', 'acknowledged', 'closed', 'all'])
          .default('open'),
        assessorRef: z.string().max(50).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: z.object({ rows: z.array(ActionRowDto), total: z.number().int() }),
  },
  'moderation:acknowledge-action': {
    input: z
      .object({
        actionId: Id,
        acknowledgedOn: IsoDate.optional(),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
    output: ActionRowDto,
  },
  'moderation:close-action': {
    input: z
      .object({
        actionId: Id,
        note: z.string().trim().min(3, 'Say how the action was met').max(2000),
      })
      .strict(),
    output: ActionRowDto,
  },
  'moderation:list-views': { input: Empty, output: z.array(SavedViewDto) },
  'moderation:save-view': { input: SavedViewDto.strict(), output: z.array(SavedViewDto) },
  'moderation:delete-view': {
    input: z.object({ name: z.string() }).strict(),
    output: z.array(SavedViewDto),
  },
  'moderation:list-moderators': {
    input: Empty,
    output: z.array(z.object({ id: z.number().int(), name: z.string(), role: z.string() })),
  },
  'notifications:list': {
    input: Empty,
    output: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        message: z.string(),
        link: z.string().nullable(),
        createdAt: z.string(),
        read: z.boolean(),
      }),
    ),
  },
  'notifications:mark-read': {
    input: z.object({ ids: z.array(Id).min(1) }).strict(),
    output: z.object({ updated: z.number().int() }),
  },
} as const;
