import { z } from 'zod';
import { IsoDate } from './common';

export const DecisionFilter = z
  .object({
    assessorRef: z.string().max(50).optional(),
    method: z.string().max(20).optional(),
    grade: z.string().max(30).optional(),
    status: z.enum(['held', 'sampled', 'released']).optional(),
    flagged: z.boolean().optional(),
    /** Only decisions no moderation settles (never moderated, or moderated and set aside). */
    unmoderated: z.boolean().optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    /** Standard code, e.g. ST0071; `version` only with a standard. */
    standard: z.string().max(20).optional(),
    version: z.string().max(20).optional(),
    /** Training provider's UKPRN. */
    provider: z.string().max(20).optional(),
    /** Employer name, exactly as recorded. */
    employer: z.string().max(200).optional(),
  })
  .strict();
export type DecisionFilter = z.infer<typeof DecisionFilter>;

export const DecisionRowDto = z.object({
  id: z.number().int(),
  decisionRef: z.string().nullable(),
  uln: z.string(),
  apprentice: z.string(),
  employer: z.string().nullable(),
  provider: z.string().nullable(),
  standard: z.string(),
  version: z.string(),
  method: z.string(),
  attempt: z.number().int(),
  assessorRef: z.string(),
  assessorName: z.string(),
  assessmentDate: IsoDate,
  grade: z.string(),
  status: z.string(),
  flags: z.array(z.string()),
});
export type DecisionRowDto = z.infer<typeof DecisionRowDto>;

export const decisionsContract = {
  'decisions:list': {
    input: z
      .object({
        filter: DecisionFilter.default({}),
        /** Keyset paging: the last (assessmentDate, id) seen, newest first. */
        after: z.object({ assessmentDate: IsoDate, id: z.number().int() }).strict().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: z.object({
      rows: z.array(DecisionRowDto),
      total: z.number().int(),
      next: z.object({ assessmentDate: IsoDate, id: z.number().int() }).nullable(),
    }),
  },
} as const;
