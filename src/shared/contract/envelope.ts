import { z } from 'zod';

/** Why a call failed, in terms the UI can act on. */
export const ERROR_KINDS = [
  'validation', // the request was malformed (bad payload, unknown channel)
  'not_found',
  'conflict', // the request is valid but clashes with what is stored
  'refused', // a rule of the domain forbids it (e.g. confirming before moderation)
  'forbidden', // the signed-in user may not do this
  'unavailable', // the database could not be opened
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ApiErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorDto = z.infer<typeof ApiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorDto };
