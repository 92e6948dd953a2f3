import { z } from 'zod';

export const AuditEntryDto = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** The record as people know it ("decision DEMO-0000068-WBP-1"), where it has such a name. */
  record: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  /**
   * `before` and `after` as an auditor reads them: each internal id of another record in them
   * replaced by that record's name ("Assessor Isla Singh (IA001)"), or by "#id" where it has gone.
   * Null where they hold no such ids. `before` and `after` stay as the log stored them.
   */
  readable: z.object({ before: z.unknown().nullable(), after: z.unknown().nullable() }).nullable(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

export const auditContract = {
  'audit:list': {
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
    output: z.array(AuditEntryDto),
  },
} as const;
