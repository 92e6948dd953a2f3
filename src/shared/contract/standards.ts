import { z } from 'zod';
import { Empty } from './common';

export const StandardVersionSummaryDto = z.object({
  code: z.string(),
  title: z.string(),
  level: z.number().int(),
  version: z.string(),
  label: z.string(),
  methods: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      passCriteria: z.number().int(),
      distinctionCriteria: z.number().int(),
      ksbs: z.number().int(),
    }),
  ),
  ksbs: z.number().int(),
  grades: z.array(z.string()),
});
export type StandardVersionSummaryDto = z.infer<typeof StandardVersionSummaryDto>;

export const standardsContract = {
  'standards:list': { input: Empty, output: z.array(StandardVersionSummaryDto) },
} as const;
