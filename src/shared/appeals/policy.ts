/**
 * The appeals policy as data: deadlines per stage (each with its unit), the grounds users pick
 * from, and when a deadline counts as "due soon". Published EPAO policies vary, so this is a
 * setting; every appeal keeps a copy of the version in force when it was logged (rules.md).
 */
import { z } from 'zod';

export const DayUnitSchema = z.enum(['working', 'calendar']);

export const DeadlineSchema = z.strictObject({
  days: z.number().int().min(0).max(366),
  unit: DayUnitSchema,
});
export type Deadline = z.infer<typeof DeadlineSchema>;

export const GroundSchema = z.strictObject({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and underscores')
    .max(40),
  label: z.string().min(1).max(200),
});
export type Ground = z.infer<typeof GroundSchema>;

export const AppealsPolicySchema = z.strictObject({
  /** Bumped on every change; appeals store the version they were logged under. */
  version: z.string().min(1).max(40),
  deadlines: z.strictObject({
    /** Window to lodge an enquiry about results, from the result. */
    enquiryLodge: DeadlineSchema,
    /** Outcome of an enquiry, from its receipt. */
    enquiryDecide: DeadlineSchema,
    /** Window to lodge an appeal, from the result or the enquiry outcome. */
    appealLodge: DeadlineSchema,
    /** Acknowledge an appeal, from its receipt. */
    acknowledge: DeadlineSchema,
    /** Stage 1 decision, from acknowledgement. */
    stage1Decide: DeadlineSchema,
    /** The appellant's window to escalate to stage 2, from the stage 1 decision. */
    escalate: DeadlineSchema,
    /** Stage 2 (independent panel) decision, from escalation. */
    stage2Decide: DeadlineSchema,
  }),
  /** A deadline with this many days or fewer left is "due soon". */
  dueSoonDays: z.number().int().min(0).max(30),
  grounds: z.array(GroundSchema).min(1),
  /** Systemic failure search: other decisions assessed within this many days either side. */
  systemicWindowDays: z.number().int().min(1).max(366),
});
export type AppealsPolicy = z.infer<typeof AppealsPolicySchema>;

export const DEFAULT_GROUNDS: Ground[] = [
  {
    code: 'procedure_not_followed',
    label: 'Procedures not applied consistently, or not followed properly and fairly',
  },
  { code: 'criteria_misapplied', label: 'Grading criteria misapplied' },
  { code: 'bias', label: 'Bias' },
  { code: 'adjustment_not_applied', label: 'Reasonable adjustment not applied' },
  { code: 'extenuating_not_considered', label: 'Extenuating circumstances not considered' },
  { code: 'maladministration', label: 'Maladministration' },
  { code: 'other', label: 'Other' },
];

/** The defaults of rules.md ("Appeals defaults"). The escalation window is this app's default. */
export const DEFAULT_APPEALS_POLICY: AppealsPolicy = {
  version: 'default-1',
  deadlines: {
    enquiryLodge: { days: 10, unit: 'working' },
    enquiryDecide: { days: 10, unit: 'working' },
    appealLodge: { days: 20, unit: 'working' },
    acknowledge: { days: 5, unit: 'working' },
    stage1Decide: { days: 10, unit: 'working' },
    escalate: { days: 10, unit: 'working' },
    stage2Decide: { days: 20, unit: 'working' },
  },
  dueSoonDays: 3,
  grounds: DEFAULT_GROUNDS,
  systemicWindowDays: 90,
};

export const DEADLINE_LABELS: Record<keyof AppealsPolicy['deadlines'], string> = {
  enquiryLodge: 'Lodge an enquiry about results (from the result)',
  enquiryDecide: 'Enquiry outcome (from receipt)',
  appealLodge: 'Lodge an appeal (from the result or enquiry outcome)',
  acknowledge: 'Acknowledge an appeal (from receipt)',
  stage1Decide: 'Stage 1 decision (from acknowledgement)',
  escalate: 'Escalate to stage 2 (from the stage 1 decision)',
  stage2Decide: 'Stage 2 panel decision (from escalation)',
};
