import { z } from 'zod';
import { Empty, Id, IsoDate } from './common';

export const PlanAssessorDto = z.object({
  assessorId: z.number().int(),
  assessorRef: z.string(),
  assessorName: z.string(),
  decisions: z.number().int(),
  floor: z.number().int(),
  target: z.number().int(),
  sampled: z.number().int(),
  rate: z.number(),
  risks: z.array(z.string()),
  reasons: z.record(z.string(), z.number().int()),
});
export type PlanAssessorDto = z.infer<typeof PlanAssessorDto>;

export const PlanSummaryDto = z.object({
  id: z.number().int(),
  title: z.string(),
  from: IsoDate,
  to: IsoDate,
  standards: z.array(z.string()),
  seed: z.number().int(),
  rulesVersion: z.string(),
  status: z.enum(['draft', 'published']),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  totals: z.object({
    decisions: z.number().int(),
    sampled: z.number().int(),
    assessors: z.number().int(),
    moderated: z.number().int(),
  }),
});
export type PlanSummaryDto = z.infer<typeof PlanSummaryDto>;

export const PlanDto = PlanSummaryDto.extend({
  params: z.record(z.string(), z.unknown()),
  assessors: z.array(PlanAssessorDto),
});
export type PlanDto = z.infer<typeof PlanDto>;

/** A decision in a plan's scope but not in its sample: a candidate to add by hand. */
export const ScopeChoiceDto = z.object({
  decisionId: z.number().int(),
  decisionRef: z.string().nullable(),
  uln: z.string(),
  apprentice: z.string(),
  assessorRef: z.string(),
  method: z.string(),
  grade: z.string(),
  attempt: z.number().int(),
  assessmentDate: IsoDate,
  status: z.string(),
  confirmed: z.boolean(),
  flags: z.array(z.string()),
});
export type ScopeChoiceDto = z.infer<typeof ScopeChoiceDto>;

export const PlanItemDto = z.object({
  itemId: z.number().int(),
  decisionId: z.number().int(),
  decisionRef: z.string().nullable(),
  assessorRef: z.string(),
  method: z.string(),
  grade: z.string(),
  attempt: z.number().int(),
  assessmentDate: IsoDate,
  employer: z.string().nullable(),
  reasons: z.array(z.string()),
  source: z.string(),
  removed: z.boolean(),
  removedReason: z.string().nullable(),
  moderated: z.boolean(),
});
export type PlanItemDto = z.infer<typeof PlanItemDto>;

export const VerifyDto = z.object({
  planId: z.number().int(),
  verified: z.boolean(),
  rulesVersion: z.string(),
  seed: z.number().int(),
  generated: z.number().int(),
  regenerated: z.number().int(),
  missing: z.array(z.number().int()),
  unexpected: z.array(z.number().int()),
  adjustments: z.array(
    z.object({
      decisionId: z.number().int(),
      decisionRef: z.string().nullable(),
      change: z.enum(['added', 'removed']),
      source: z.string(),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
    }),
  ),
  floorMet: z.boolean(),
  message: z.string(),
});
export type VerifyDto = z.infer<typeof VerifyDto>;

const Reason = z.string().trim().min(3, 'Give a reason of at least a few words').max(500);
const PlanId = z.object({ planId: Id }).strict();

export const samplingContract = {
  'sampling:get-defaults': {
    input: Empty,
    output: z.object({
      params: z.record(z.string(), z.unknown()),
      help: z.record(z.string(), z.string()),
      rulesVersion: z.string(),
    }),
  },
  'sampling:generate-plan': {
    input: z
      .object({
        from: IsoDate,
        to: IsoDate,
        standards: z.array(z.string().min(1).max(20)).min(1).default(['ST0071']),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .optional(),
        params: z.record(z.string(), z.unknown()).optional(),
        title: z.string().trim().max(200).optional(),
      })
      .strict()
      .refine((v) => v.from <= v.to, {
        message: 'The period must end on or after its start',
        path: ['to'],
      }),
    output: PlanDto,
  },
  'sampling:list-plans': {
    input: z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ rows: z.array(PlanSummaryDto), total: z.number().int() }),
  },
  'sampling:get-plan': { input: PlanId, output: PlanDto },
  'sampling:list-items': {
    input: z
      .object({
        planId: Id,
        assessorId: Id.optional(),
        includeRemoved: z.boolean().default(true),
        limit: z.number().int().min(1).max(5000).default(500),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ rows: z.array(PlanItemDto), total: z.number().int() }),
  },
  'sampling:add-item': {
    input: z
      .object({ planId: Id, decisionRef: z.string().min(1).max(100), reason: Reason })
      .strict(),
    output: PlanDto,
  },
  'sampling:remove-item': {
    input: z.object({ planId: Id, decisionId: Id, reason: Reason }).strict(),
    output: PlanDto,
  },
  'sampling:search-scope': {
    input: z
      .object({
        planId: Id,
        query: z.string().max(100).default(''),
        limit: z.number().int().min(1).max(200).default(25),
      })
      .strict(),
    output: z.array(ScopeChoiceDto),
  },
  'sampling:publish-plan': { input: PlanId, output: PlanDto },
  'sampling:top-up-preview': {
    input: PlanId,
    output: z.object({ decisions: z.number().int() }),
  },
  'sampling:top-up-plan': { input: PlanId, output: PlanDto },
  'sampling:verify-plan': { input: PlanId, output: VerifyDto },
} as const;
