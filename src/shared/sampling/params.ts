import { z } from 'zod';

/**
 * The sampling rules' version. Bump it whenever generation changes in a way that could select a
 * different sample from the same inputs: published plans keep the version they used, and
 * `sample verify` re-runs a plan with the rules it was generated under.
 */
export const SAMPLING_RULES_VERSION = 'sampling-rules/1';

export const RiskCode = z.enum([
  'disagreement',
  'upheld_appeal',
  'standardisation_overdue',
  'outlier',
]);
export type RiskCode = z.infer<typeof RiskCode>;

const Share = z.number().min(0).max(1);

/** Every default is an IQA practice default from docs/rules.md; the 5% floor is the plan's. */
export const SamplingParams = z
  .object({
    /** The assessment plan's floor: at least this share of each assessor's decisions. */
    floorRate: Share.default(0.05),
    /** New assessors: their first N decisions, or everything in their first M months, at 100%. */
    newAssessorDecisions: z.number().int().min(0).max(1000).default(10),
    newAssessorMonths: z.number().int().min(0).max(60).default(3),
    /** Percentage points added to an assessor's rate for each kind of risk found. */
    uplift: z
      .object({
        disagreement: Share.default(0.1),
        upheld_appeal: Share.default(0.1),
        standardisation_overdue: Share.default(0.1),
        outlier: Share.default(0.1),
      })
      .default({
        disagreement: 0.1,
        upheld_appeal: 0.1,
        standardisation_overdue: 0.1,
        outlier: 0.1,
      }),
    /** Decisions carrying a compliance flag are always sampled. */
    alwaysSampleFlagged: z.boolean().default(true),
    /** Relative chance of being drawn, beyond the spread rules. */
    weights: z
      .object({
        Fail: z.number().min(0).max(100).default(2),
        Pass: z.number().min(0).max(100).default(1),
        Distinction: z.number().min(0).max(100).default(2),
        resit: z.number().min(0).max(100).default(1.5),
      })
      .default({ Fail: 2, Pass: 1, Distinction: 2, resit: 1.5 }),
  })
  .strict();
export type SamplingParams = z.infer<typeof SamplingParams>;

export const DEFAULT_SAMPLING_PARAMS: SamplingParams = SamplingParams.parse({});

/** Plain-English descriptions of the defaults, for the Sampling page. */
export const SAMPLING_PARAM_HELP: Record<string, string> = {
  floorRate:
    'At least this share of every assessor’s decisions is moderated (assessment plan: 5%).',
  newAssessorDecisions: 'A new assessor’s first decisions are all moderated.',
  newAssessorMonths:
    'Everything an assessor decides in their first months with the EPAO is moderated.',
  uplift:
    'Extra share added for an assessor with a disagreement, an upheld appeal, an overdue standardisation or an outlying grade profile.',
  alwaysSampleFlagged: 'Decisions with a compliance flag are always moderated.',
  weights: 'Distinctions, Fails and re-sits are more likely to be drawn than Passes.',
};
