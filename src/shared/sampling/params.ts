import { z } from 'zod';

/**
 * The sampling rules' version. Bump it whenever generation changes in a way that could select a
 * different sample from the same inputs: published plans keep the version they used, and
 * `sample verify` re-runs a plan with the rules it was generated under.
 */
export const SAMPLING_RULES_VERSION = 'sampling-rules/2';

/**
 * Every version this build can re-run. sampling-rules/1 had no "first months on the standard"
 * rule and no re-take weighting; its plans still verify because generation keeps its behaviour
 * behind the version check.
 */
export const KNOWN_RULES_VERSIONS = ['sampling-rules/1', 'sampling-rules/2'] as const;

export const RiskCode = z.enum([
  'disagreement',
  'upheld_appeal',
  'standardisation_overdue',
  'outlier',
  'new_assessor',
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
    /** After the 100% period, a recently new assessor is sampled at a higher rate this long. */
    newAssessorFollowOnMonths: z.number().int().min(0).max(60).default(6),
    /** Percentage points added to an assessor's rate for each kind of risk found. */
    uplift: z
      .object({
        disagreement: Share.default(0.1),
        upheld_appeal: Share.default(0.1),
        standardisation_overdue: Share.default(0.1),
        outlier: Share.default(0.1),
        new_assessor: Share.default(0.1),
      })
      .default({
        disagreement: 0.1,
        upheld_appeal: 0.1,
        standardisation_overdue: 0.1,
        outlier: 0.1,
        new_assessor: 0.1,
      }),
    /** Decisions carrying a compliance flag are always sampled. */
    alwaysSampleFlagged: z.boolean().default(true),
    /** Relative chance of being drawn, beyond the spread rules. */
    weights: z
      .object({
        Fail: z.number().min(0).max(100).default(2),
        Pass: z.number().min(0).max(100).default(1),
        Distinction: z.number().min(0).max(100).default(2),
        /** Re-sits and re-takes alike. */
        resit: z.number().min(0).max(100).default(1.5),
      })
      .default({ Fail: 2, Pass: 1, Distinction: 2, resit: 1.5 }),
  })
  .strict();
export type SamplingParams = z.infer<typeof SamplingParams>;

export const DEFAULT_SAMPLING_PARAMS: SamplingParams = SamplingParams.parse({});

/**
 * Plain-English descriptions of each setting, for the Sampling page. Keys are the settings'
 * paths (`uplift.disagreement`); the page shows each next to its control and default.
 */
export const SAMPLING_PARAM_HELP: Record<string, string> = {
  floorRate:
    'At least this share of every assessor’s decisions is moderated (assessment plan: 5%, which is also the lowest allowed).',
  newAssessorDecisions:
    'A new assessor’s first decisions on a standard are all moderated (default: the first 10).',
  newAssessorMonths:
    'Everything an assessor decides in their first months with the EPAO, or on a standard new to them, is moderated (default: 3 months).',
  newAssessorFollowOnMonths:
    'After that, a recently new assessor keeps a higher rate for this many months (default: 6).',
  'uplift.new_assessor':
    'Extra share for a recently new assessor, after their first months at 100% (default: 10 points).',
  'uplift.disagreement':
    'Extra share for an assessor whose grade a moderator changed in the last two periods (default: 10 points). After two clean periods it falls away.',
  'uplift.upheld_appeal':
    'Extra share for an assessor with an appeal upheld against them in the last two periods (default: 10 points).',
  'uplift.standardisation_overdue':
    'Extra share for an assessor who has not attended standardisation in the last 12 months (default: 10 points).',
  'uplift.outlier':
    'Extra share for an assessor whose Distinction or Fail rate lies outside the 99.8% funnel limits around everyone else’s (default: 10 points).',
  alwaysSampleFlagged:
    'Decisions with a compliance flag (for example questioning over 15% of the observation) are always moderated.',
  'weights.Distinction':
    'How much more likely a Distinction is to be drawn than a Pass (default: twice as likely).',
  'weights.Fail':
    'How much more likely a Fail is to be drawn than a Pass (default: twice as likely).',
  'weights.Pass': 'The baseline chance for a Pass (default: 1).',
  'weights.resit': 'Extra weight for a re-sit or re-take (default: one and a half times).',
};
