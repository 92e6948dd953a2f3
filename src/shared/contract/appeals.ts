import { z } from 'zod';
import {
  ACTIONS,
  APPEAL_KINDS,
  APPEAL_STATUSES,
  APPEAL_TYPES,
  APPELLANT_KINDS,
  AUTHORISATIONS,
  AppealsPolicySchema,
  OUTCOMES as APPEAL_OUTCOME_CODES,
} from '../appeals';
import { Empty, Id, IsoDate } from './common';

export const AppealKind = z.enum(APPEAL_KINDS);
export const AppealType = z.enum(APPEAL_TYPES);
export const AppealStatus = z.enum(APPEAL_STATUSES);
export const AppealOutcome = z.enum(APPEAL_OUTCOME_CODES);
export const AppealAction = z.enum(ACTIONS);

export const AppealDeadlineDto = z.object({
  label: z.string(),
  owner: z.enum(['epao', 'appellant']),
  dueDate: IsoDate,
  days: z.number().int(),
  unit: z.enum(['working', 'calendar']),
  daysRemaining: z.number().int(),
  urgency: z.enum(['ok', 'due_soon', 'overdue']),
  /** Set when the due date depends on years the bank-holiday snapshot does not cover. */
  calendarWarning: z.string().nullable(),
});
export type AppealDeadlineDto = z.infer<typeof AppealDeadlineDto>;

export const AppealRowDto = z.object({
  id: z.number().int(),
  ref: z.string(),
  kind: AppealKind,
  type: AppealType,
  status: AppealStatus,
  epaId: z.number().int(),
  uln: z.string(),
  apprentice: z.string(),
  standard: z.string(),
  version: z.string(),
  appellantKind: z.enum(APPELLANT_KINDS),
  appellantName: z.string(),
  receivedDate: IsoDate,
  late: z.boolean(),
  grounds: z.array(z.string()),
  outcome: AppealOutcome.nullable(),
  deadline: AppealDeadlineDto.nullable(),
  certificateReissue: z.boolean(),
});
export type AppealRowDto = z.infer<typeof AppealRowDto>;

export const AppealDecisionDto = z.object({
  decisionId: z.number().int(),
  decisionRef: z.string().nullable(),
  method: z.string(),
  attempt: z.number().int(),
  grade: z.string(),
  assessmentDate: IsoDate,
  assessorRef: z.string(),
  assessorName: z.string(),
});
export type AppealDecisionDto = z.infer<typeof AppealDecisionDto>;

export const AppealHistoryDto = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  summary: z.string(),
});

export const AppealDetailDto = AppealRowDto.extend({
  authorisations: z.array(z.enum(AUTHORISATIONS)),
  resultDate: IsoDate,
  lodgeBy: IsoDate,
  description: z.string(),
  loggedBy: z.string(),
  policyVersion: z.string(),
  stage: z.number().int(),
  acknowledgedOn: IsoDate.nullable(),
  reviewStartedOn: IsoDate.nullable(),
  escalatedOn: IsoDate.nullable(),
  decidedOn: IsoDate.nullable(),
  decidedStage: z.number().int().nullable(),
  closedOn: IsoDate.nullable(),
  withdrawnOn: IsoDate.nullable(),
  outcomeReason: z.string().nullable(),
  systemicFailure: z.boolean(),
  systemicNote: z.string().nullable(),
  epaStatus: z.string(),
  overallGrade: z.string().nullable(),
  grades: z.array(z.string()),
  decisions: z.array(AppealDecisionDto),
  evidence: z.array(
    z.object({
      id: z.number().int(),
      fileName: z.string(),
      sha256: z.string(),
      sizeBytes: z.number().int(),
      addedBy: z.string(),
      addedAt: z.string(),
    }),
  ),
  reviewers: z.array(
    z.object({
      id: z.number().int(),
      stage: z.number().int(),
      userId: z.number().int().nullable(),
      name: z.string(),
      independentOfEpao: z.boolean(),
      competence: z.string().nullable(),
    }),
  ),
  gradeChanges: z.array(
    z.object({
      decisionId: z.number().int(),
      method: z.string(),
      oldGrade: z.string(),
      newGrade: z.string(),
      overallBefore: z.string().nullable(),
      overallAfter: z.string().nullable(),
      changedBy: z.string(),
      changedAt: z.string(),
    }),
  ),
  actions: z.array(AppealAction),
  history: z.array(AppealHistoryDto),
});
export type AppealDetailDto = z.infer<typeof AppealDetailDto>;

export const CalendarCoverageDto = z.object({
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  snapshotTaken: z.string(),
});

export const EpaChoiceDto = z.object({
  epaId: z.number().int(),
  uln: z.string(),
  apprentice: z.string(),
  standard: z.string(),
  version: z.string(),
  status: z.string(),
  overallGrade: z.string().nullable(),
  openAppealRef: z.string().nullable(),
  lastAssessmentDate: IsoDate.nullable(),
  decisions: z.array(AppealDecisionDto),
});
export type EpaChoiceDto = z.infer<typeof EpaChoiceDto>;

export const SystemicDto = z.object({
  appealId: z.number().int(),
  systemicFailure: z.boolean(),
  candidates: z.array(
    AppealDecisionDto.extend({
      uln: z.string(),
      why: z.array(z.string()),
      onList: z.boolean(),
    }),
  ),
  remediation: z.array(
    z.object({
      id: z.number().int(),
      decisionId: z.number().int(),
      decisionRef: z.string().nullable(),
      uln: z.string(),
      method: z.string(),
      action: z.string(),
      status: z.enum(['open', 'done']),
      note: z.string().nullable(),
      addedBy: z.string(),
      doneAt: z.string().nullable(),
    }),
  ),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export type SystemicDto = z.infer<typeof SystemicDto>;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const LogAppealInput = z
  .object({
    epaId: Id,
    kind: AppealKind,
    type: AppealType,
    appellantKind: z.enum(APPELLANT_KINDS),
    appellantName: Text(200),
    authorisations: z.array(z.enum(AUTHORISATIONS)).default([]),
    receivedDate: IsoDate,
    /** Defaults to the EPA's confirmation date, or its last assessment. */
    resultDate: IsoDate.optional(),
    grounds: z.array(z.string().max(40)).min(1, 'Pick at least one ground.'),
    description: Text(5000),
    decisionIds: z.array(Id).default([]),
  })
  .strict();

export const appealsContract = {
  'appeals:list': {
    input: z
      .object({ openOnly: z.boolean().default(false), year: z.number().int().optional() })
      .strict(),
    output: z.object({ rows: z.array(AppealRowDto), coverage: CalendarCoverageDto }),
  },
  'appeals:get': { input: z.object({ appealId: Id }).strict(), output: AppealDetailDto },
  'appeals:search-epas': {
    input: z.object({ query: z.string().trim().min(1).max(100) }).strict(),
    output: z.array(EpaChoiceDto),
  },
  'appeals:log': { input: LogAppealInput, output: AppealDetailDto },
  'appeals:transition': {
    input: z
      .object({
        appealId: Id,
        action: z.enum(['acknowledge', 'start_review', 'escalate', 'close', 'withdraw']),
        on: IsoDate.optional(),
        note: z.string().max(2000).optional(),
      })
      .strict(),
    output: AppealDetailDto,
  },
  'appeals:assign-reviewer': {
    input: z
      .object({
        appealId: Id,
        userId: Id.optional(),
        /** For someone outside the app, e.g. an external panel member. */
        name: z.string().trim().min(1).max(200).optional(),
        independentOfEpao: z.boolean().default(false),
        competence: z.string().max(500).optional(),
      })
      .strict(),
    output: AppealDetailDto,
  },
  'appeals:decide': {
    input: z
      .object({
        appealId: Id,
        outcome: AppealOutcome,
        reason: Text(5000),
        gradeChanges: z
          .array(z.object({ decisionId: Id, grade: z.string().min(1).max(30) }))
          .default([]),
        systemicFailure: z.boolean().default(false),
        systemicNote: z.string().max(2000).optional(),
        on: IsoDate.optional(),
      })
      .strict(),
    output: AppealDetailDto,
  },
  'appeals:add-evidence': {
    input: z
      .object({
        appealId: Id,
        fileName: Text(200),
        base64: z.string().max(28_000_000),
      })
      .strict(),
    output: AppealDetailDto,
  },
  'appeals:evidence-file': {
    input: z.object({ evidenceId: Id }).strict(),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
  'appeals:systemic': { input: z.object({ appealId: Id }).strict(), output: SystemicDto },
  'appeals:add-remediation': {
    input: z.object({ appealId: Id, decisionIds: z.array(Id).min(1), action: Text(1000) }).strict(),
    output: SystemicDto,
  },
  'appeals:update-remediation': {
    input: z
      .object({
        remediationId: Id,
        status: z.enum(['open', 'done']),
        note: z.string().max(2000).optional(),
      })
      .strict(),
    output: SystemicDto,
  },
  'appeals:export': {
    input: z
      .object({ year: z.number().int().min(2000).max(2100), format: z.enum(['csv', 'pdf']) })
      .strict(),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
  'appeals:get-policy': {
    input: Empty,
    output: z.object({ policy: AppealsPolicySchema, coverage: CalendarCoverageDto }),
  },
  'appeals:set-policy': {
    input: z.object({ policy: AppealsPolicySchema.omit({ version: true }) }).strict(),
    output: z.object({ policy: AppealsPolicySchema, coverage: CalendarCoverageDto }),
  },
} as const;
