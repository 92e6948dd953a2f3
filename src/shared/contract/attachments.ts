import { z } from 'zod';
import { Id } from './common';

export const ATTACHMENT_OWNER_TYPES = ['assessor', 'cpd', 'event', 'exercise_item'] as const;
export const AttachmentOwner = z.enum(ATTACHMENT_OWNER_TYPES);
export type AttachmentOwner = z.infer<typeof AttachmentOwner>;

export const AttachmentDto = z.object({
  id: z.number().int(),
  ownerType: AttachmentOwner,
  ownerId: z.number().int(),
  kind: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  addedBy: z.string(),
  addedAt: z.string(),
});
export type AttachmentDto = z.infer<typeof AttachmentDto>;

/** 20 MB of file is about 26.7 MB of base64. */
export const Base64File = z.string().min(1, 'The file is empty.').max(28_000_000);

export const attachmentsContract = {
  'attachments:list': {
    input: z.object({ ownerType: AttachmentOwner, ownerId: Id }).strict(),
    output: z.array(AttachmentDto),
  },
  'attachments:add': {
    input: z
      .object({
        ownerType: AttachmentOwner,
        ownerId: Id,
        kind: z.string().regex(/^[a-z][a-z_]{0,29}$/, 'a short lower-case kind, e.g. materials'),
        fileName: z.string().trim().min(1).max(255),
        base64: Base64File,
      })
      .strict(),
    output: AttachmentDto,
  },
  'attachments:file': {
    input: z.object({ attachmentId: Id }).strict(),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
  'attachments:remove': {
    input: z.object({ attachmentId: Id }).strict(),
    output: z.object({ removed: z.literal(true) }),
  },
} as const;
