/**
 * Consistency and overview analytics. Every figure is computed in main from SQL aggregates and
 * the pure statistics in src/shared/statistics, so the screen, the command line and the evidence
 * pack show the same numbers.
 */
import { z } from 'zod';
import { Empty, IsoDate } from './common';

export const AnalyticsFilter = z
  .object({
    from: IsoDate,
    to: IsoDate,
    standard: z.string().min(1).max(20).optional(),
    version: z.string().min(1).max(20).optional(),
    method: z.string().min(1).max(20).optional(),
    /** UKPRN */
    provider: z
      .string()
      .regex(/^1\d{7}$/, 'a UKPRN is 8 digits starting with 1')
      .optional(),
    employer: z.string().min(1).max(200).optional(),
    /** Assessor reference, e.g. IA001. */
    assessor: z.string().min(1).max(50).optional(),
  })
  .strict()
  .refine((f) => f.from <= f.to, { message: 'The period must start on or before its end.' })
  .refine((f) => !f.version || f.standard, {
    message: 'Choose a standard before a version.',
  });
export type AnalyticsFilter = z.infer<typeof AnalyticsFilter>;

const Count = z.number().int().min(0);
const Share = z.number().min(0).max(1);
const Ci = z.tuple([z.number(), z.number()]);
const GradeCounts = z.record(z.string(), Count);

export const FUNNEL_POSITIONS = [
  'within',
  'high_warning',
  'low_warning',
  'high_outlier',
  'low_outlier',
] as const;
export const FunnelPositionDto = z.enum(FUNNEL_POSITIONS);

export const AgreementDto = z.object({
  /** Decisions with a completed moderation (the latest record that was not referred back). */
  moderated: Count,
  /** False below the minimum number of moderated pairs: no figures are shown, only the count. */
  enough: z.boolean(),
  exactAgreement: Share.nullable(),
  kappaQuadratic: z.number().nullable(),
  kappaSe: z.number().nullable(),
  kappaCi95: Ci.nullable(),
  gwetAc1: z.number().nullable(),
  gwetAc2: z.number().nullable(),
  gwetAc2Ci95: Ci.nullable(),
  /** Mean of assessor minus moderated grade, in grade steps: positive is lenient. */
  meanDifference: z.number().nullable(),
  meanDifferenceCi95: Ci.nullable(),
  leaning: z.enum(['lenient', 'severe', 'in_line']).nullable(),
  /** Rows: the assessor's grade; columns: the moderated grade; in grade order. */
  table: z.array(z.array(Count)),
});
export type AgreementDto = z.infer<typeof AgreementDto>;

const RateDto = z.object({
  events: Count,
  rate: Share.nullable(),
  position: FunnelPositionDto,
});

export const AssessorConsistencyDto = z.object({
  assessorId: z.number().int(),
  assessorRef: z.string(),
  assessorName: z.string(),
  decisions: Count,
  /** As the assessor awarded them, before any moderation or appeal changed them. */
  grades: GradeCounts,
  distinction: RateDto,
  fail: RateDto,
  /** Outside the 99.8% funnel on the Distinction or the Fail rate. */
  outlier: z.boolean(),
  agreement: AgreementDto,
});
export type AssessorConsistencyDto = z.infer<typeof AssessorConsistencyDto>;

export const ThresholdsDto = z.object({
  minModeratedPairs: z.number().int(),
  minDecisionsForFunnel: z.number().int(),
});

export const ConsistencyDto = z.object({
  filter: z.record(z.string(), z.string()),
  grades: z.array(z.string()),
  cohort: z.object({
    decisions: Count,
    grades: GradeCounts,
    distinctionRate: Share.nullable(),
    failRate: Share.nullable(),
    agreement: AgreementDto,
  }),
  assessors: z.array(AssessorConsistencyDto),
  thresholds: ThresholdsDto,
});
export type ConsistencyDto = z.infer<typeof ConsistencyDto>;

export const FunnelMeasure = z.enum(['distinction', 'fail']);
export type FunnelMeasure = z.infer<typeof FunnelMeasure>;

export const FunnelDto = z.object({
  measure: FunnelMeasure,
  theta: Share.nullable(),
  points: z.array(
    z.object({
      assessorRef: z.string(),
      assessorName: z.string(),
      n: Count,
      events: Count,
      rate: Share,
      position: FunnelPositionDto,
    }),
  ),
  curve: z.array(
    z.object({
      n: z.number().int(),
      lower95: Share,
      upper95: Share,
      lower998: Share,
      upper998: Share,
    }),
  ),
  minDecisions: z.number().int(),
});
export type FunnelDto = z.infer<typeof FunnelDto>;

export const HeatmapDto = z.object({
  methods: z.array(
    z.object({
      method: z.string(),
      criteria: z.array(
        z.object({
          code: z.string(),
          grade: z.string().nullable(),
          text: z.string().nullable(),
          judged: Count,
          disagreed: Count,
          rate: Share,
        }),
      ),
    }),
  ),
  records: Count,
});
export type HeatmapDto = z.infer<typeof HeatmapDto>;

export const TrendMonthDto = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  decisions: Count,
  grades: GradeCounts,
  distinctionRate: Share.nullable(),
  failRate: Share.nullable(),
  agreement: AgreementDto,
});
export type TrendMonthDto = z.infer<typeof TrendMonthDto>;

export const TrendsDto = z.object({ months: z.array(TrendMonthDto), grades: z.array(z.string()) });
export type TrendsDto = z.infer<typeof TrendsDto>;

export const CoverageRowDto = z.object({
  assessorRef: z.string(),
  assessorName: z.string(),
  /** Decisions in the scope of published sampling plans, in the period. */
  inScope: Count,
  sampled: Count,
  moderated: Count,
  sampledShare: Share.nullable(),
  moderatedShare: Share.nullable(),
  /** The plans' risk-adjusted rate, weighted by scope. */
  targetShare: Share.nullable(),
});
export type CoverageRowDto = z.infer<typeof CoverageRowDto>;

export const AnalyticsOverviewDto = z.object({
  /** No decisions in the database at all (not just in the period). */
  databaseEmpty: z.boolean(),
  decisions: z.object({ total: Count, held: Count, sampled: Count, released: Count }),
  epas: z.object({
    confirmed: Count,
    awaitingConfirmation: Count,
    atRisk: Count,
    targetWorkingDays: z.number().int(),
  }),
  byMonth: z.array(z.object({ month: z.string(), count: Count })),
  floorRate: Share,
  coverage: z.array(CoverageRowDto),
  /** Whether some days of the period have no published plan (coverage counts the others). */
  coverageGaps: z.boolean(),
  backlog: z.object({
    toDo: Count,
    unassigned: Count,
    oldestDays: z.number().int().nullable(),
    /** Calendar days since the assessment, in bands. */
    bands: z.array(
      z.object({
        label: z.string(),
        minDays: z.number().int(),
        maxDays: z.number().int().nullable(),
        count: Count,
      }),
    ),
  }),
  standardisation: z.object({
    assessors: Count,
    inDate: Count,
    dueSoon: Count,
    overdue: Count,
    never: Count,
  }),
  appeals: z.object({ open: Count, overdue: Count }),
});
export type AnalyticsOverviewDto = z.infer<typeof AnalyticsOverviewDto>;

export const FilterOptionsDto = z.object({
  standards: z.array(z.object({ code: z.string(), versions: z.array(z.string()) })),
  methods: z.array(z.string()),
  assessors: z.array(z.object({ ref: z.string(), name: z.string() })),
  providers: z.array(z.object({ ukprn: z.string(), name: z.string() })),
  employers: z.array(z.string()),
  earliest: IsoDate.nullable(),
  latest: IsoDate.nullable(),
});
export type FilterOptionsDto = z.infer<typeof FilterOptionsDto>;

export const analyticsContract = {
  'analytics:filter-options': { input: Empty, output: FilterOptionsDto },
  'analytics:overview': { input: AnalyticsFilter, output: AnalyticsOverviewDto },
  'analytics:consistency': { input: AnalyticsFilter, output: ConsistencyDto },
  'analytics:funnel': {
    input: z.object({ filter: AnalyticsFilter, measure: FunnelMeasure }).strict(),
    output: FunnelDto,
  },
  'analytics:criteria-heatmap': { input: AnalyticsFilter, output: HeatmapDto },
  'analytics:trends': { input: AnalyticsFilter, output: TrendsDto },
  'analytics:evidence-pack': {
    input: AnalyticsFilter,
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
} as const;
