import { z } from 'zod';
import { Empty, IsoDate } from './common';

const Counts = z.record(z.string(), z.number().int());

export const OverviewDto = z.object({
  decisionsByStatus: Counts,
  epasByStatus: Counts,
  gradeCounts: Counts,
  methodCounts: Counts,
  flaggedDecisions: z.number().int(),
  assessorsActive: z.number().int(),
  decisionsByMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
  latestAssessmentDate: IsoDate.nullable(),
  standards: z.array(z.object({ code: z.string(), version: z.string(), epas: z.number().int() })),
});
export type OverviewDto = z.infer<typeof OverviewDto>;

export const dashboardContract = {
  'dashboard:get-overview': { input: Empty, output: OverviewDto },
} as const;
