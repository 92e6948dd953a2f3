import { z } from 'zod';
import { StandardisationPolicySchema } from '../standardisation';
import { AttachmentDto } from './attachments';
import { CalendarDate, ComplianceStatus, EligibilityState, TargetComplianceDto } from './assessors';
import { Empty, Id, IsoDate } from './common';

export const ATTENDANCE_VALUES = ['attended', 'apologies', 'absent'] as const;
export const Attendance = z.enum(ATTENDANCE_VALUES);
export type Attendance = z.infer<typeof Attendance>;
/**
 * Attendance as the import template asks for it (attended: yes or no): under that heading a
 * stored "absent" reads as a strange answer to a question the file answered plainly.
 */
export const ATTENDED_ANSWERS: Record<Attendance, string> = {
  attended: 'Yes',
  absent: 'No',
  apologies: 'No (apologies)',
};
export const EventFormat = z.enum(['in_person', 'remote']);
export const Judgement = z.enum(['met', 'not_met']);
export type Judgement = z.infer<typeof Judgement>;

const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null);

export const VersionChoiceDto = z.object({
  standardVersionId: z.number().int(),
  code: z.string(),
  title: z.string(),
  version: z.string(),
  /** "ST0071 v1.1", as events and approvals name it. */
  name: z.string(),
  grades: z.array(z.string()),
  methods: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      criteria: z.array(z.object({ code: z.string(), grade: z.string(), text: z.string() })),
    }),
  ),
});
export type VersionChoiceDto = z.infer<typeof VersionChoiceDto>;

export const EventSummaryDto = z.object({
  id: z.number().int(),
  date: IsoDate,
  title: z.string(),
  standards: z.array(z.string()),
  format: EventFormat.nullable(),
  facilitator: z.string().nullable(),
  attended: z.number().int(),
  apologies: z.number().int(),
  absent: z.number().int(),
  exercises: z.number().int(),
  files: z.number().int(),
});
export type EventSummaryDto = z.infer<typeof EventSummaryDto>;

export const EventDetailDto = EventSummaryDto.extend({
  agenda: z.string().nullable(),
  notes: z.string().nullable(),
  createdBy: z.string(),
  /** The event is after today: attendance other than apologies waits for the day. */
  upcoming: z.boolean(),
  attendance: z.array(
    z.object({
      assessorId: z.number().int(),
      ref: z.string(),
      name: z.string(),
      attendance: Attendance,
      note: z.string().nullable(),
    }),
  ),
  /** Who can be recorded: assessors active on the event date, plus anyone already recorded. */
  candidates: z.array(
    z.object({ assessorId: z.number().int(), ref: z.string(), name: z.string() }),
  ),
  exercises: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      standard: z.string(),
      items: z.number().int(),
      markers: z.number().int(),
      followUp: z.number().int(),
    }),
  ),
  attachments: z.array(AttachmentDto),
});
export type EventDetailDto = z.infer<typeof EventDetailDto>;

/** A statistic with its uncertainty; `enough` is false below the minimum for a verdict. */
export const StatDto = z.object({
  value: z.number().nullable(),
  se: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number().int(),
  enough: z.boolean(),
});
export type StatDto = z.infer<typeof StatDto>;

export const AssessorAgreementDto = z.object({
  assessorId: z.number().int(),
  ref: z.string(),
  name: z.string(),
  items: z.number().int(),
  matches: z.number().int(),
  exact: z.number().nullable(),
  /** One grade away, and two or more away. */
  adjacent: z.number().int(),
  distant: z.number().int(),
  /** Mean of (assessor − agreed) in grade steps: above 0 lenient, below 0 severe. */
  meanDifference: z.number().nullable(),
  kappa: StatDto,
  criteriaJudged: z.number().int(),
  criteriaAgreed: z.number().int(),
  criteriaShare: z.number().nullable(),
  followUp: z.array(z.string()),
});
export type AssessorAgreementDto = z.infer<typeof AssessorAgreementDto>;

export const ItemSpreadDto = z.object({
  itemId: z.number().int(),
  label: z.string(),
  agreedGrade: z.string(),
  counts: z.record(z.string(), z.number().int()),
  marks: z.number().int(),
  exact: z.number().nullable(),
  /** Standard deviation of the grades given, in grade steps. */
  sd: z.number().nullable(),
  lowest: z.string().nullable(),
  highest: z.string().nullable(),
});
export type ItemSpreadDto = z.infer<typeof ItemSpreadDto>;

export const ExerciseResultDto = z.object({
  grades: z.array(z.string()),
  assessors: z.array(AssessorAgreementDto),
  items: z.array(ItemSpreadDto),
  group: z.object({
    pairs: z.number().int(),
    participants: z.number().int(),
    exact: z.number().nullable(),
    kappa: StatDto,
    ac: StatDto,
    meanDifference: z.number().nullable(),
    followUp: z.number().int(),
  }),
});
export type ExerciseResultDto = z.infer<typeof ExerciseResultDto>;

const CriteriaMap = z.record(z.string().max(40), Judgement);

export const ExerciseDetailDto = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  eventDate: IsoDate,
  eventTitle: z.string(),
  title: z.string(),
  instructions: z.string().nullable(),
  version: VersionChoiceDto,
  items: z.array(
    z.object({
      id: z.number().int(),
      label: z.string(),
      methodCode: z.string().nullable(),
      description: z.string().nullable(),
      agreedGrade: z.string(),
      agreedCriteria: CriteriaMap,
      attachments: z.array(AttachmentDto),
    }),
  ),
  attendees: z.array(z.object({ assessorId: z.number().int(), ref: z.string(), name: z.string() })),
  marks: z.array(
    z.object({
      itemId: z.number().int(),
      assessorId: z.number().int(),
      grade: z.string(),
      criteria: CriteriaMap,
      note: z.string().nullable(),
    }),
  ),
  results: ExerciseResultDto,
});
export type ExerciseDetailDto = z.infer<typeof ExerciseDetailDto>;

export const ComplianceRowDto = z.object({
  assessorId: z.number().int(),
  ref: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  status: ComplianceStatus,
  lastAttended: IsoDate.nullable(),
  dueBy: IsoDate.nullable(),
  daysToDue: z.number().int().nullable(),
  targets: z.array(TargetComplianceDto),
  eligibility: EligibilityState,
});
export type ComplianceRowDto = z.infer<typeof ComplianceRowDto>;

export const ComplianceViewDto = z.object({
  at: IsoDate,
  policy: StandardisationPolicySchema,
  counts: z.record(ComplianceStatus, z.number().int()),
  /** Suspended and left assessors, not chased. */
  notRequired: z.number().int(),
  rows: z.array(ComplianceRowDto),
  nextEvent: z.object({ id: z.number().int(), date: IsoDate, title: z.string() }).nullable(),
});
export type ComplianceViewDto = z.infer<typeof ComplianceViewDto>;

export const ReportDto = z.object({
  standard: z.object({ code: z.string(), title: z.string() }),
  year: z.number().int(),
  from: IsoDate,
  to: IsoDate,
  /** Compliance is shown as at the end of the year, or today for the current year. */
  at: IsoDate,
  policy: StandardisationPolicySchema,
  events: z.array(
    EventSummaryDto.extend({ recorded: z.number().int(), rate: z.number().nullable() }),
  ),
  attendance: z.object({
    recorded: z.number().int(),
    attended: z.number().int(),
    rate: z.number().nullable(),
    assessorsInScope: z.number().int(),
    assessorsAttended: z.number().int(),
  }),
  neverAttending: z.array(
    z.object({
      assessorId: z.number().int(),
      ref: z.string(),
      name: z.string(),
      lastEver: IsoDate.nullable(),
      status: ComplianceStatus,
    }),
  ),
  compliance: z.object({
    counts: z.record(ComplianceStatus, z.number().int()),
    rows: z.array(
      z.object({
        ref: z.string(),
        name: z.string(),
        status: ComplianceStatus,
        lastAttended: IsoDate.nullable(),
        dueBy: IsoDate.nullable(),
      }),
    ),
  }),
  exercises: z.array(
    z.object({
      id: z.number().int(),
      eventDate: IsoDate,
      title: z.string(),
      version: z.string(),
      items: z.number().int(),
      participants: z.number().int(),
      exact: z.number().nullable(),
      kappa: StatDto,
      ac: StatDto,
      followUp: z.number().int(),
    }),
  ),
  agreement: z.array(AssessorAgreementDto),
  flags: z.object({
    decisions: z.number().int(),
    standardisation_never: z.number().int(),
    standardisation_lapsed: z.number().int(),
    assessor_ineligible: z.number().int(),
  }),
});
export type ReportDto = z.infer<typeof ReportDto>;

const FileDto = z.object({ fileName: z.string(), base64: z.string() });
const StandardsList = z
  .array(z.string().trim().min(1).max(40))
  .min(1, 'Pick at least one standard the event covers')
  .max(50);

export const standardisationContract = {
  'standardisation:versions': { input: Empty, output: z.array(VersionChoiceDto) },
  'standardisation:list-events': {
    input: z.object({ year: z.number().int().min(2000).max(2100).optional() }).strict(),
    output: z.object({ events: z.array(EventSummaryDto), years: z.array(z.number().int()) }),
  },
  'standardisation:get-event': {
    input: z.object({ eventId: Id }).strict(),
    output: EventDetailDto,
  },
  'standardisation:save-event': {
    input: z
      .object({
        eventId: Id.optional(),
        date: CalendarDate,
        title: z.string().trim().min(3, 'Give the event a title of at least 3 characters').max(200),
        standards: StandardsList,
        format: EventFormat.nullable().default(null),
        facilitator: Text(200),
        agenda: Text(5000),
        notes: Text(5000),
      })
      .strict(),
    output: EventDetailDto,
  },
  'standardisation:delete-event': {
    input: z.object({ eventId: Id }).strict(),
    output: z.object({ deleted: z.literal(true) }),
  },
  'standardisation:set-attendance': {
    input: z
      .object({
        eventId: Id,
        entries: z
          .array(z.object({ assessorId: Id, attendance: Attendance, note: Text(500) }).strict())
          .min(1, 'Choose attendance for at least one assessor')
          .max(5000),
      })
      .strict(),
    output: EventDetailDto,
  },
  'standardisation:remove-attendance': {
    input: z.object({ eventId: Id, assessorId: Id }).strict(),
    output: EventDetailDto,
  },
  'standardisation:get-exercise': {
    input: z.object({ exerciseId: Id }).strict(),
    output: ExerciseDetailDto,
  },
  'standardisation:save-exercise': {
    input: z
      .object({
        eventId: Id,
        exerciseId: Id.optional(),
        title: z.string().trim().min(3, 'Give the exercise a title').max(200),
        standardVersionId: Id,
        instructions: Text(5000),
        items: z
          .array(
            z
              .object({
                id: Id.optional(),
                label: z.string().trim().min(1, 'Give every item a label').max(100),
                methodCode: z.string().trim().max(20).nullable().default(null),
                description: Text(2000),
                agreedGrade: z.string().min(1, 'Every item needs its agreed grade').max(30),
                agreedCriteria: CriteriaMap.default({}),
              })
              .strict(),
          )
          .min(1, 'Add at least one evidence item')
          .max(100),
      })
      .strict(),
    output: ExerciseDetailDto,
  },
  'standardisation:delete-exercise': {
    input: z.object({ exerciseId: Id }).strict(),
    output: EventDetailDto,
  },
  'standardisation:record-marks': {
    input: z
      .object({
        exerciseId: Id,
        assessorId: Id,
        marks: z
          .array(
            z
              .object({
                itemId: Id,
                grade: z.string().min(1).max(30),
                criteria: CriteriaMap.default({}),
                note: Text(1000),
              })
              .strict(),
          )
          .min(1, 'Enter at least one grade')
          .max(100),
      })
      .strict(),
    output: ExerciseDetailDto,
  },
  'standardisation:compliance': {
    input: z
      .object({ at: CalendarDate.optional(), attentionOnly: z.boolean().default(false) })
      .strict(),
    output: ComplianceViewDto,
  },
  'standardisation:export-compliance': {
    input: z
      .object({ at: CalendarDate.optional(), attentionOnly: z.boolean().default(true) })
      .strict(),
    output: FileDto,
  },
  'standardisation:report': {
    input: z
      .object({ standard: z.string().min(1).max(20), year: z.number().int().min(2000).max(2100) })
      .strict(),
    output: ReportDto,
  },
  'standardisation:export-report': {
    input: z
      .object({
        standard: z.string().min(1).max(20),
        year: z.number().int().min(2000).max(2100),
        format: z.enum(['pdf', 'csv']),
      })
      .strict(),
    output: FileDto,
  },
  'standardisation:get-policy': {
    input: Empty,
    output: z.object({ policy: StandardisationPolicySchema }),
  },
  'standardisation:set-policy': {
    input: z.object({ policy: StandardisationPolicySchema }).strict(),
    output: z.object({ policy: StandardisationPolicySchema, flagsChanged: z.number().int() }),
  },
} as const;
