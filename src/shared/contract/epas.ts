import { z } from 'zod';
import { Empty, Id, IsoDate } from './common';

export const EpaRowDto = z.object({
  id: z.number().int(),
  uln: z.string(),
  apprentice: z.string(),
  standard: z.string(),
  version: z.string(),
  status: z.string(),
  overallGrade: z.string().nullable(),
  lastAssessmentDate: IsoDate.nullable(),
  dueDate: IsoDate.nullable(),
  workingDaysElapsed: z.number().int().nullable(),
  targetWorkingDays: z.number().int(),
  atRisk: z.boolean(),
  heldDecisions: z.number().int(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  calendarWarning: z.string().nullable(),
});
export type EpaRowDto = z.infer<typeof EpaRowDto>;

export const epasContract = {
  'epas:list': {
    input: z
      .object({
        status: z.enum(['in_progress', 'awaiting_confirmation', 'confirmed']).optional(),
        atRiskOnly: z.boolean().default(false),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: z.object({
      rows: z.array(EpaRowDto),
      total: z.number().int(),
      targetWorkingDays: z.number().int(),
    }),
  },
  'epas:confirm': { input: z.object({ epaId: Id }).strict(), output: EpaRowDto },
  'epas:calendar': {
    input: Empty,
    output: z.object({
      firstYear: z.number().int(),
      lastYear: z.number().int(),
      snapshotTaken: z.string(),
    }),
  },
} as const;
