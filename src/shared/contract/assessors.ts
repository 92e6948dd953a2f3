import { z } from 'zod';
import { Empty } from './common';

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

export const assessorsContract = {
  'assessors:list': { input: Empty, output: z.array(AssessorSummaryDto) },
} as const;
