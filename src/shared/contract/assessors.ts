import { z } from 'zod';
import {
  ASSESSOR_STATUSES,
  COMPLIANCE_STATUSES,
  CONFLICT_PARTIES,
  QUALIFICATION_STATUSES,
} from '../standardisation';
import { AttachmentDto } from './attachments';
import { Empty, Id, IsoDate } from './common';

export const AssessorSummaryDto = z.object({
  id: z.number().int(),
  ref: z.string(),
  name: z.string(),
  status: z.string(),
  startDate: z.string().nullable(),
  qualificationStatus: z.string().nullable(),
  decisions: z.number().int(),
  grades: z.record(z.string(), z.number().int()),
  flagged: z.number().int(),
  lastAssessmentDate: z.string().nullable(),
});
export type AssessorSummaryDto = z.infer<typeof AssessorSummaryDto>;

/** A real calendar date (the plain pattern would let 31 February through). */
export const CalendarDate = IsoDate.refine((d) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}, 'not a real date');

export const AssessorStatus = z.enum(ASSESSOR_STATUSES);
export const QualificationStatus = z.enum(QUALIFICATION_STATUSES);
export const ComplianceStatus = z.enum(COMPLIANCE_STATUSES);
export const EligibilityState = z.enum(['eligible', 'ineligible', 'incomplete']);

export const EligibilityReasonDto = z.object({
  criterion: z.string(),
  severity: z.enum(['fails', 'missing']),
  message: z.string(),
});

export const TargetEligibilityDto = z.object({
  standard: z.string(),
  state: EligibilityState,
  reasons: z.array(EligibilityReasonDto),
});
export type TargetEligibilityDto = z.infer<typeof TargetEligibilityDto>;

export const TargetComplianceDto = z.object({
  standard: z.string(),
  status: ComplianceStatus,
  lastAttended: IsoDate.nullable(),
  dueBy: IsoDate.nullable(),
  daysToDue: z.number().int().nullable(),
  description: z.string(),
});
export type TargetComplianceDto = z.infer<typeof TargetComplianceDto>;

export const ComplianceSummaryDto = z.object({
  /** False for suspended and left assessors: shown, but not chased. */
  required: z.boolean(),
  status: ComplianceStatus,
  lastAttended: IsoDate.nullable(),
  dueBy: IsoDate.nullable(),
  daysToDue: z.number().int().nullable(),
  targets: z.array(TargetComplianceDto),
});
export type ComplianceSummaryDto = z.infer<typeof ComplianceSummaryDto>;

export const RegisterRowDto = z.object({
  id: z.number().int(),
  ref: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  status: AssessorStatus,
  statusSince: IsoDate.nullable(),
  startDate: IsoDate.nullable(),
  standards: z.array(z.string()),
  eligibility: EligibilityState,
  /** Why not, worst first, across the assessor's standard versions. */
  eligibilityReasons: z.array(z.string()),
  compliance: ComplianceSummaryDto,
  decisions: z.number().int(),
  flagged: z.number().int(),
  lastAssessmentDate: IsoDate.nullable(),
  grades: z.record(z.string(), z.number().int()),
  cpdHours: z.number(),
});
export type RegisterRowDto = z.infer<typeof RegisterRowDto>;

export const CpdEntryDto = z.object({
  id: z.number().int(),
  activityDate: IsoDate,
  activity: z.string(),
  hours: z.number(),
  notes: z.string().nullable(),
  attachments: z.array(AttachmentDto),
});
export type CpdEntryDto = z.infer<typeof CpdEntryDto>;

export const ConflictDto = z.object({
  id: z.number().int(),
  partyType: z.enum(CONFLICT_PARTIES),
  partyRef: z.string(),
  declaredOn: IsoDate.nullable(),
  endedOn: IsoDate.nullable(),
  note: z.string().nullable(),
});
export type ConflictDto = z.infer<typeof ConflictDto>;

export const ApprovalDto = z.object({
  standardVersionId: z.number().int(),
  standard: z.string(),
  approvedFrom: IsoDate.nullable(),
  approvedTo: IsoDate.nullable(),
  note: z.string().nullable(),
});
export type ApprovalDto = z.infer<typeof ApprovalDto>;

export const AssessorProfileDto = z.object({
  id: z.number().int(),
  ref: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  status: AssessorStatus,
  statusSince: IsoDate.nullable(),
  statusHistory: z.array(
    z.object({
      status: AssessorStatus,
      effectiveFrom: IsoDate,
      note: z.string().nullable(),
      recordedBy: z.string(),
    }),
  ),
  startDate: IsoDate.nullable(),
  qualification: z.object({
    status: QualificationStatus.nullable(),
    /** As stored, when it is not one of the known statuses (an import wrote something else). */
    unrecognised: z.string().nullable(),
    name: z.string().nullable(),
    expectedBy: IsoDate.nullable(),
    achievedOn: IsoDate.nullable(),
    note: z.string().nullable(),
  }),
  competenceSince: IsoDate.nullable(),
  competenceEvidence: z.string().nullable(),
  sectorExperience: z.string().nullable(),
  approvals: z.array(ApprovalDto),
  conflicts: z.array(ConflictDto),
  eligibility: z.array(TargetEligibilityDto),
  compliance: ComplianceSummaryDto,
  attendance: z.array(
    z.object({
      eventId: z.number().int(),
      date: IsoDate,
      title: z.string(),
      standards: z.array(z.string()),
      attendance: z.enum(['attended', 'apologies', 'absent']),
    }),
  ),
  exercises: z.array(
    z.object({
      exerciseId: z.number().int(),
      eventId: z.number().int(),
      eventDate: IsoDate,
      title: z.string(),
      items: z.number().int(),
      exact: z.number().nullable(),
      followUp: z.array(z.string()),
    }),
  ),
  cpd: z.object({
    entries: z.array(CpdEntryDto),
    /** Hours in the rolling window ending today. */
    windowHours: z.number(),
    windowMonths: z.number().int(),
    byYear: z.array(z.object({ year: z.number().int(), hours: z.number() })),
  }),
  attachments: z.array(AttachmentDto),
  decisions: z.number().int(),
  flagged: z.number().int(),
});
export type AssessorProfileDto = z.infer<typeof AssessorProfileDto>;

const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null);

export const SaveAssessorInput = z
  .object({
    assessorId: Id.optional(),
    ref: z
      .string()
      .trim()
      .min(1, 'Enter the assessor reference')
      .max(30)
      .regex(/^[A-Za-z0-9._-]+$/, 'References use letters, digits, dots, dashes and underscores'),
    name: z.string().trim().min(2, 'Enter a name of at least 2 characters').max(100),
    email: z
      .union([z.literal(''), z.email('Enter an email address like name@example.org').max(200)])
      .nullable()
      .default(null)
      .transform((s) => (s ? s : null)),
    startDate: CalendarDate.nullable().default(null),
    qualificationStatus: QualificationStatus.nullable().default(null),
    qualificationName: Text(200),
    qualificationExpectedBy: CalendarDate.nullable().default(null),
    qualificationAchievedOn: CalendarDate.nullable().default(null),
    qualificationNote: Text(2000),
    competenceSince: CalendarDate.nullable().default(null),
    competenceEvidence: Text(2000),
    sectorExperience: Text(2000),
  })
  .strict();
export type SaveAssessorInput = z.infer<typeof SaveAssessorInput>;

export const assessorsContract = {
  'assessors:list': { input: Empty, output: z.array(AssessorSummaryDto) },
  'assessors:register': {
    input: Empty,
    output: z.object({ at: IsoDate, rows: z.array(RegisterRowDto) }),
  },
  'assessors:get': {
    input: z.object({ assessorId: Id }).strict(),
    output: AssessorProfileDto,
  },
  'assessors:save': { input: SaveAssessorInput, output: AssessorProfileDto },
  'assessors:set-status': {
    input: z
      .object({
        assessorId: Id,
        status: AssessorStatus,
        effectiveFrom: CalendarDate,
        note: Text(500),
      })
      .strict(),
    output: AssessorProfileDto,
  },
  'assessors:set-approvals': {
    input: z
      .object({
        assessorId: Id,
        approvals: z
          .array(
            z
              .object({
                standardVersionId: Id,
                approvedFrom: CalendarDate.nullable().default(null),
                approvedTo: CalendarDate.nullable().default(null),
                note: Text(500),
              })
              .strict(),
          )
          .max(100),
      })
      .strict(),
    output: AssessorProfileDto,
  },
  'assessors:save-conflict': {
    input: z
      .object({
        assessorId: Id,
        conflictId: Id.optional(),
        partyType: z.enum(CONFLICT_PARTIES),
        partyRef: z.string().trim().min(1, 'Say who the conflict is with').max(200),
        declaredOn: CalendarDate.nullable().default(null),
        endedOn: CalendarDate.nullable().default(null),
        note: Text(1000),
      })
      .strict(),
    output: AssessorProfileDto,
  },
  'assessors:save-cpd': {
    input: z
      .object({
        assessorId: Id,
        cpdId: Id.optional(),
        activityDate: CalendarDate,
        activity: z.string().trim().min(2, 'Describe the activity').max(300),
        hours: z
          .number()
          .positive('Hours must be more than 0')
          .max(1000)
          .refine((h) => Math.round(h * 4) === h * 4, 'Record hours to the quarter hour'),
        notes: Text(2000),
      })
      .strict(),
    output: AssessorProfileDto,
  },
  'assessors:remove-cpd': {
    input: z.object({ cpdId: Id }).strict(),
    output: AssessorProfileDto,
  },
} as const;
