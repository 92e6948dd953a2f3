import { z } from 'zod';

/**
 * The shape of an apprenticeship standard as data. Nothing here is specific to one standard: an
 * EPAO adds another standard by copying a JSON file and editing it, so the schema is strict
 * (a misspelt key is an error, not a silently ignored field) and every rule the app checks
 * reads its numbers from the data. Cross-references (a KSB naming a method, a criterion naming
 * a KSB) are checked by `parseStandardDefinition` in rules.ts, which can name the culprit.
 */

const Text = z.string().trim().min(1);
/** Codes are matched exactly and shown in reports, so no spaces inside them. */
const Code = z.string().regex(/^\S+$/, 'must be a code without spaces');
const Count = z.number().int().min(0);
const Source = Text.optional().describe('Which seed document and section this comes from');

export const RangeSchema = z.strictObject({
  nominal: z.number().positive().optional(),
  min: z.number().min(0),
  max: z.number().positive(),
  /** What the range measures, for messages: 'observation', 'interview', 'report', 'portfolio'. */
  appliesTo: Text.optional(),
});

export const MethodLimitsSchema = z.strictObject({
  durationMinutes: RangeSchema.optional(),
  /** Largest share (0-1) of the duration that may be spent questioning. */
  questioningMaxShare: z.number().gt(0).max(1).optional(),
  wordCount: RangeSchema.extend({ annexesExcluded: z.boolean() }).optional(),
  evidencePieces: RangeSchema.optional(),
  interviewQuestions: Count.optional(),
  noticeWeeks: Count.optional(),
  submissionWeeksBefore: Count.optional(),
  completionMonthsAfterGateway: Count.optional(),
  source: Source,
});

export const CriterionSchema = z.strictObject({
  /** Stable across versions wherever the criterion is unchanged, e.g. 'O-P3', 'PD-D2'. */
  code: Code,
  grade: Text,
  text: Text,
  ksbs: z.array(Code).min(1),
});

export const MethodSchema = z.strictObject({
  code: Code,
  name: Text,
  /** A short noun for messages, e.g. 'observation'. */
  shortName: Text.optional(),
  /** Other names imports may use; matched ignoring case, spaces and punctuation. */
  aliases: z.array(Text),
  limits: MethodLimitsSchema,
  criteria: z.array(CriterionSchema).min(1),
});

export const KsbKindSchema = z.enum(['knowledge', 'skill', 'behaviour']);

export const KsbSchema = z.strictObject({
  code: Code,
  kind: KsbKindSchema,
  /** The heading the standard groups the statement under, e.g. 'Team working'. */
  title: Text,
  statement: Text,
  methods: z.array(Code).min(1),
});

/**
 * `any`: at least one method has exactly this grade. `all`: every method has exactly this grade.
 * `atLeast`: at least `count` methods have this grade or better. `otherwise` always matches.
 */
export const OverallConditionSchema = z.union([
  z.literal('otherwise'),
  z.strictObject({ any: Text }),
  z.strictObject({ all: Text }),
  z.strictObject({ atLeast: z.strictObject({ grade: Text, count: z.number().int().min(1) }) }),
]);

export const OverallRuleSchema = z.strictObject({
  when: OverallConditionSchema,
  grade: Text,
});

export const OverallGradePolicySchema = z.strictObject({
  /** Evaluated in order; the first rule whose condition holds gives the overall grade. */
  rules: z.array(OverallRuleSchema).min(1),
  source: Source,
});

export const ResitPolicySchema = z.strictObject({
  /** Re-sits and re-takes must be completed within this many months. */
  windowMonths: z.number().int().min(1),
  /** Only a failed method may be re-sat: no re-sit to raise a Pass. */
  onlyAfterFail: z.boolean(),
  /** The highest grade a re-sit or re-take may receive. */
  cap: Text,
  capWaivedForExceptionalCircumstances: z.boolean(),
  /** Method code -> months allowed to rework a failed submission. */
  reworkMonths: z.record(Code, z.number().int().min(1)),
  retakeRequiresNewGateway: z.boolean(),
  source: Source,
});

export const EpaPolicySchema = z.strictObject({
  /** Every method must be assessed within this many calendar months of the gateway. */
  periodMonthsAfterGateway: z.number().int().min(1),
  minMonthsOnProgramme: z.number().int().min(0),
  typicalMonthsOnProgramme: z.number().int().min(0),
  source: Source,
});

export const StandardVersionSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+$/, "must look like '1.0'"),
  label: Text,
  /** The document(s) this version's data was taken from. */
  source: Text,
  effectiveFrom: z.iso.date().nullable().optional(),
  /** Ordered worst to best, e.g. ['Fail', 'Pass', 'Distinction']. */
  grades: z.array(Text).min(2),
  /** The lowest passing grade. */
  passGrade: Text,
  methods: z.array(MethodSchema).min(1),
  ksbs: z.array(KsbSchema).min(1),
  overallGrade: OverallGradePolicySchema,
  resits: ResitPolicySchema,
  epa: EpaPolicySchema,
});

export const StandardDefinitionSchema = z.strictObject({
  schemaVersion: z.literal(1),
  code: z.string().regex(/^ST\d{4}$/, "must look like 'ST0071'"),
  title: Text,
  level: z.number().int().min(1).max(8),
  versions: z.array(StandardVersionSchema).min(1),
});

export type Range = z.infer<typeof RangeSchema>;
export type MethodLimits = z.infer<typeof MethodLimitsSchema>;
export type Criterion = z.infer<typeof CriterionSchema>;
export type Method = z.infer<typeof MethodSchema>;
export type KsbKind = z.infer<typeof KsbKindSchema>;
export type Ksb = z.infer<typeof KsbSchema>;
export type OverallCondition = z.infer<typeof OverallConditionSchema>;
export type OverallRule = z.infer<typeof OverallRuleSchema>;
export type OverallGradePolicy = z.infer<typeof OverallGradePolicySchema>;
export type ResitPolicy = z.infer<typeof ResitPolicySchema>;
export type EpaPolicy = z.infer<typeof EpaPolicySchema>;
export type StandardVersion = z.infer<typeof StandardVersionSchema>;
export type StandardDefinition = z.infer<typeof StandardDefinitionSchema>;
